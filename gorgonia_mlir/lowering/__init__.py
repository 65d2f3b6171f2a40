"""Lowering of the ``gorgonia`` dialect to upstream MLIR (linalg, tensor, arith, math, util)."""

from .to_linalg import LOWERINGS, MODULE_LEVEL, SCALAR, global_symbol

__all__ = ["LOWERINGS", "MODULE_LEVEL", "SCALAR", "global_symbol"]
