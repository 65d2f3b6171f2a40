"""Automatic differentiation as a pass on the ``gorgonia`` dialect.

``api`` adds derivative requests to a graph; the ``gorgonia-autodiff`` pass (``transforms/autodiff.py``)
expands them with the rule tables ``VJPS`` (reverse mode) and ``JVPS`` (forward mode) filled here.
"""

from .jvp import JVPS
from .vjp import VJPS
from .api import backprop, grad, jvp  # after the rule modules: ``jvp`` is the function, not the module

__all__ = ["JVPS", "VJPS", "backprop", "grad", "jvp"]

from . import state  # noqa: F401,E402
from . import shape  # noqa: F401,E402
from . import reductions  # noqa: F401,E402
from . import nn  # noqa: F401,E402
from . import activations  # noqa: F401,E402
