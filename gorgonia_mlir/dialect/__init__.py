"""The ``gorgonia`` MLIR dialect: its op table and the IRDL definition generated from it."""

from .ops import OPS, broadcast_shapes
from .spec import OpSpec, ShapeError, TType

__all__ = ["OPS", "OpSpec", "ShapeError", "TType", "broadcast_shapes", "lookup"]


def lookup(full_name: str) -> OpSpec | None:
    """The spec of ``gorgonia.<name>``, or None for ops of other dialects."""
    if not full_name.startswith("gorgonia."):
        return None
    return OPS.get(full_name[len("gorgonia.") :])


from . import random, state  # noqa: F401,E402
from . import shape  # noqa: F401,E402
from . import reductions  # noqa: F401,E402
from . import nn  # noqa: F401,E402
from . import activations  # noqa: F401,E402
