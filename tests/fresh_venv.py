"""Fresh virtual environments for the install tests: what a user gets from ``python3 -m venv`` + ``pip install``.

>>> env = make_venv(tmp_path / "env")                 # doctest: +SKIP
>>> pip_install(env, "./runtime")                     # doctest: +SKIP
>>> run(env / "bin" / "gorgonia-run", "--help")       # doctest: +SKIP
"""

from __future__ import annotations

import os
import shutil
import subprocess
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The venv's own interpreter, run outside the repo, sees nothing of the development environment.
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
# Build outputs and environments that must not travel with a copy of the source tree.
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.egg-info", "build", "dist", "Output", ".*_cache", ".hypothesis", "*.vmfb"
)


def copy_source(src: Path, dst: Path) -> Path:
    """A copy of a source tree without build outputs, so that building it leaves the repository untouched."""
    shutil.copytree(src, dst, ignore=NOT_SOURCE)
    return dst


def make_venv(env_dir: Path) -> Path:
    """A new virtual environment with the interpreter's bundled pip (not the development venv's)."""
    venv.create(env_dir, with_pip=True)
    return env_dir


def pip_install(env_dir: Path, *args: str | Path) -> None:
    """``pip install ARGS`` in ``env_dir``; fails the test with pip's own message."""
    # --no-compile: byte-compiling sympy & co (IREE's compiler pulls them) costs seconds of CPU and tests nothing.
    pip = [env_dir / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile"]
    cmd = [*pip, *args]
    out = run(*cmd, check=False)
    assert out.returncode == 0, (
        f"pip install {' '.join(map(str, args))} failed (needs PyPI or pip's cache):\n" + (out.stderr[-3000:])
    )


def run(*cmd: str | Path, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Runs a command of a fresh venv with the development environment's variables removed."""
    out = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd, env=ENV)
    if check:
        assert out.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}"
    return out


def site_packages(env_dir: Path) -> Path:
    """The one ``site-packages`` folder of a venv."""
    (found,) = env_dir.glob("lib/python3*/site-packages")
    return found
