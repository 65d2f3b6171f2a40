"""gorgonia-mlir's version and dependencies, computed (setuptools reads the rest from pyproject.toml).

The version is gorgonia-runtime's (``runtime/gorgonia_runtime/__init__.py``): both are released together.
How gorgonia-runtime is required (a path into this clone, or ``==version``) is chosen by the build backend
(``build_backend/gorgonia_build.py`` explains when each applies).
"""

import os
import pathlib
import re

from setuptools import setup

HERE = pathlib.Path(__file__).resolve().parent
RUNTIME = HERE / "runtime"
VERSION = re.search(r'^__version__ = "(.+)"$', (RUNTIME / "gorgonia_runtime" / "__init__.py").read_text(), re.M)[1]
REQUIRES = [
    "iree-base-compiler==3.13.*",
    "iree-base-runtime==3.13.*",
    "numpy>=1.26,<3",
    "tqdm>=4.66",
    "safetensors>=0.4",
]


def runtime_requirement() -> str:
    """``gorgonia-runtime @ file:///<clone>/runtime`` from a clone, else ``gorgonia-runtime==<version>``."""
    mode = os.environ.get("GORGONIA_MLIR_RUNTIME_REQUIREMENT", "pin")
    if mode == "path" and (RUNTIME / "pyproject.toml").is_file():
        return f"gorgonia-runtime @ {RUNTIME.as_uri()}"
    return f"gorgonia-runtime=={VERSION}"


setup(version=VERSION, install_requires=[*REQUIRES, runtime_requirement()])
