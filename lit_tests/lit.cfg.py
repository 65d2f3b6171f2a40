"""lit configuration: FileCheck tests of the gorgonia dialect (IRDL) and of each gorgonia-opt pass.

Run with ``lit -v lit_tests`` from the virtualenv: iree-opt, gorgonia-opt and filecheck (the PyPI
port of FileCheck) are looked up next to the running Python first, then on PATH.
``%irdl`` is the generated IRDL definition of the dialect (gorgonia_mlir/dialect/gorgonia.irdl.mlir).
"""

# ruff: noqa: F821  (lit injects `config` and `lit_config`)

import os
import shutil
import sys

import lit.formats

config.name = "gorgonia-mlir"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(os.path.abspath(__file__))
config.test_exec_root = os.path.join(config.test_source_root, "Output")

_REPO = os.path.dirname(config.test_source_root)
_BIN = os.path.dirname(sys.executable)
_IRDL = os.path.join(_REPO, "gorgonia_mlir", "dialect", "gorgonia.irdl.mlir")


def _find(tool: str) -> str:
    here = os.path.join(_BIN, tool)
    found = here if os.access(here, os.X_OK) else shutil.which(tool)
    if not found:
        lit_config.fatal(f"{tool} not found next to {sys.executable} nor on PATH (pip install -e '.[dev]')")
    return found


for _tool in ("iree-opt", "gorgonia-opt", "filecheck"):
    _dir = os.path.dirname(_find(_tool))
    if _dir not in config.environment.get("PATH", "").split(os.pathsep):
        config.environment["PATH"] = os.pathsep.join([_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])

if not os.path.exists(_IRDL):
    lit_config.fatal(f"{_IRDL} is missing: generate it with `python -m gorgonia_mlir.dialect.irdl`")
config.substitutions.append(("%irdl", _IRDL))
