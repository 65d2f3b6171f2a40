"""Automatic differentiation as a pass on the ``gorgonia`` dialect.

``api`` adds derivative requests to a graph; the ``gorgonia-autodiff`` pass (``transforms/autodiff.py``)
expands them with the rule tables ``VJPS`` (reverse mode) and ``JVPS`` (forward mode) of ``rules``,
which each family module (``core``, ``elementwise``, ``nn``, ``reductions``, ``shape``, ``state``) fills
at import, as the dialect's family modules fill its op table.
"""

from . import core, elementwise, nn, reductions, shape, state  # noqa: F401  (fill the tables)
from .api import backprop, grad, jvp
from .rules import JVPS, VJPS

__all__ = ["JVPS", "VJPS", "backprop", "grad", "jvp"]
