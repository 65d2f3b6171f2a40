"""Building ``gorgonia.*`` ops inside a pass: what autodiff rules and rewrite rules write their IR with.

Derivative rules are made only of ops of the dialect, so every derivative is itself differentiable
(higher order), and every later pass (canonicalize, stabilize, lowering) applies to gradients too.
"""

from __future__ import annotations

import numpy as np
from iree.compiler import ir

from .dialect import OPS
from .irtools import create_op, ttype

__all__ = ["Emitter", "ttype"]


class Emitter:
    """Creates gorgonia ops at the current insertion point, at location ``loc``.

    ``e.exp(x)``, ``e.add(x, y)``, ``e.sum(x, along=(0,), keepdims=False)``: any op of the table by name.
    """

    def __init__(self, loc: ir.Location):
        self.loc = loc

    def op(self, name: str, *operands: ir.Value, **attrs) -> ir.Value:
        return create_op(name, operands, attrs, self.loc).results[0]

    def __getattr__(self, name: str):
        if name in OPS:
            return lambda *operands, **attrs: self.op(name, *operands, **attrs)
        raise AttributeError(name)

    # ---- constants and shapes ----------------------------------------------------------------
    def const(self, value, like: ir.Value, shape=()) -> ir.Value:
        """A constant of ``like``'s dtype (a scalar by default: it broadcasts)."""
        return self.op("constant", value=np.full(shape, value, dtype=ttype(like).dtype.np))

    def zeros_like(self, v: ir.Value) -> ir.Value:
        t = ttype(v)
        return self.op("constant", value=np.zeros(t.shape, dtype=t.dtype.np))

    def sum_to(self, g: ir.Value, shape: tuple[int, ...]) -> ir.Value:
        """Un-broadcast: sum ``g`` over the axes numpy broadcasting added or stretched to reach ``shape``."""
        gshape = ttype(g).shape
        if gshape == tuple(shape):
            return g
        lead = len(gshape) - len(shape)
        axes = list(range(lead)) + [lead + i for i, d in enumerate(shape) if d == 1 and gshape[lead + i] != 1]
        if axes:
            g = self.op("sum", g, along=tuple(axes), keepdims=False)
        return self.reshape_to(g, shape)

    def reshape_to(self, v: ir.Value, shape) -> ir.Value:
        return v if ttype(v).shape == tuple(shape) else self.op("reshape", v, shape=tuple(shape))

    def broadcast_to(self, v: ir.Value, shape) -> ir.Value:
        return v if ttype(v).shape == tuple(shape) else self.op("broadcast_to", v, shape=tuple(shape))
