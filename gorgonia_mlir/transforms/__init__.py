"""Python-defined MLIR passes on the ``gorgonia`` dialect, and the pass registry."""

from .registry import PASSES, register, run_pipeline

__all__ = ["PASSES", "register", "run_pipeline"]
