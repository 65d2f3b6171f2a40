"""The ``gorgonia`` MLIR dialect: its op table and the IRDL definition generated from it."""

from .table import FAMILY, OPS, broadcast_shapes
from .spec import OpSpec, ShapeError, TType

__all__ = ["FAMILY", "OPS", "OpSpec", "ShapeError", "TType", "broadcast_shapes"]


from . import core, elementwise  # noqa: F401,E402
from . import random, state  # noqa: F401,E402
from . import shape  # noqa: F401,E402
from . import reductions  # noqa: F401,E402
from . import nn  # noqa: F401,E402
