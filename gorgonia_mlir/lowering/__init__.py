"""Lowering of the ``gorgonia`` dialect to upstream MLIR (linalg, tensor, arith, math, util).

One module per op family, as in ``dialect/``; each fills the tables of ``to_linalg``.
"""

from .state import global_symbol
from .to_linalg import LOWERINGS, MODULE_HANDLERS, MODULE_LEVEL, SCALAR, module_level

__all__ = ["LOWERINGS", "MODULE_HANDLERS", "MODULE_LEVEL", "SCALAR", "global_symbol", "module_level"]

from . import core  # noqa: F401,E402
from . import elementwise  # noqa: F401,E402
from . import random  # noqa: F401,E402
from . import shape  # noqa: F401,E402
from . import reductions  # noqa: F401,E402
from . import nn  # noqa: F401,E402

from .linalg_ir import elementwise_rule  # noqa: E402

# An elementwise op is named once, in SCALAR: its rule is derived after every family has registered.
LOWERINGS.update({name: elementwise_rule(body) for name, body in SCALAR.items() if name not in LOWERINGS})
