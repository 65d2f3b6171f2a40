"""Lowering of the ``gorgonia`` dialect to upstream MLIR (linalg, tensor, arith, math, util)."""

from .to_linalg import LOWERINGS, MODULE_HANDLERS, MODULE_LEVEL, SCALAR, module_level
from .state import global_symbol  # noqa: E402

__all__ = ["LOWERINGS", "MODULE_HANDLERS", "MODULE_LEVEL", "SCALAR", "global_symbol", "module_level"]

from . import random  # noqa: F401,E402
from . import shape  # noqa: F401,E402
from . import reductions  # noqa: F401,E402
from . import nn  # noqa: F401,E402
from . import activations  # noqa: F401,E402
from . import erf  # noqa: F401,E402
