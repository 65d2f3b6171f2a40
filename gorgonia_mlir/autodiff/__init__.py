"""Automatic differentiation as a pass on the ``gorgonia`` dialect.

``api`` adds derivative requests to a graph; ``transform`` is the ``gorgonia-autodiff`` pass that
expands them with the rule tables ``vjp.VJPS`` (reverse mode) and ``jvp.JVPS`` (forward mode).
"""

from . import transform  # noqa: F401 - registers gorgonia-autodiff
from .api import backprop, grad, jvp
from .jvp import JVPS
from .vjp import VJPS

__all__ = ["JVPS", "VJPS", "backprop", "grad", "jvp"]

from . import state  # noqa: F401,E402
from . import shape  # noqa: F401,E402
from . import reductions  # noqa: F401,E402
from . import nn  # noqa: F401,E402
from . import activations  # noqa: F401,E402
