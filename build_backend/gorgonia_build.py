"""PEP 517 backend of gorgonia-mlir: setuptools, told how the wheel should require gorgonia-runtime.

gorgonia-runtime lives in ``runtime/`` of the same repository and no index serves it, so the
requirement that ``setup.py`` writes depends on the build:

- a wheel built from a clone (``pip install .``): ``gorgonia-runtime @ file:///<clone>/runtime``, so pip
  builds the runtime from the clone too, with no extra flag (pip accepts such a direct reference from a
  local project, never from a wheel downloaded off PyPI);
- an editable build (``pip install -e runtime -e .``), a build without ``runtime/`` beside it (an sdist),
  or ``-C runtime=pin`` (``make wheels``): the portable ``gorgonia-runtime==<version>``, which the runtime
  wheel next to it satisfies (``pip install dist/*.whl``, or ``--find-links dist``). pip rejects a direct
  reference to a folder that the same command installs editable (``-e runtime``), hence the pin there.

>>> # pip wheel --no-deps -C runtime=pin --wheel-dir dist .    # the portable wheel
"""

from __future__ import annotations

import os

from setuptools import build_meta
from setuptools.build_meta import build_sdist, get_requires_for_build_sdist  # noqa: F401

MODE = "GORGONIA_MLIR_RUNTIME_REQUIREMENT"  # read by setup.py: "path" or "pin"


def _settings(config_settings: dict | None, default: str) -> dict | None:
    """Sets the mode for setup.py from ``-C runtime=...`` and hands setuptools the other settings."""
    rest = dict(config_settings or {})
    mode = rest.pop("runtime", default)
    if mode not in ("path", "pin"):
        raise ValueError(f"-C runtime={mode!r}: expected 'path' (the clone's runtime/) or 'pin' (==version)")
    os.environ[MODE] = mode
    return rest or None


def get_requires_for_build_wheel(config_settings=None):
    return build_meta.get_requires_for_build_wheel(_settings(config_settings, "path"))


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    return build_meta.prepare_metadata_for_build_wheel(metadata_directory, _settings(config_settings, "path"))


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return build_meta.build_wheel(wheel_directory, _settings(config_settings, "path"), metadata_directory)


def get_requires_for_build_editable(config_settings=None):
    return build_meta.get_requires_for_build_editable(_settings(config_settings, "pin"))


def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):
    return build_meta.prepare_metadata_for_build_editable(metadata_directory, _settings(config_settings, "pin"))


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    return build_meta.build_editable(wheel_directory, _settings(config_settings, "pin"), metadata_directory)
