"""Forward-mode rules: ``JVPS[op](e, ins, outs, tangents, attrs) -> [tangent or None per result]``.

``tangents`` holds each operand's tangent (None: symbolic zero). Results must have the result's shape.
"""

from __future__ import annotations

from collections.abc import Callable

from iree.compiler import ir

from ..emitter import Emitter, ttype
from .vjp import UNARY_DERIVATIVES

JVPRule = Callable[[Emitter, list[ir.Value], list[ir.Value], list, dict], list]


def _unary(name: str) -> JVPRule:
    deriv = UNARY_DERIVATIVES[name]
    return lambda e, ins, outs, ts, attrs: [e.hadamard_prod(ts[0], deriv(e, ins[0], outs[0]))]


def _linear(name: str) -> JVPRule:
    """Linear in its single operand: the tangent goes through the op itself."""
    return lambda e, ins, outs, ts, attrs: [e.op(name, ts[0], **attrs)]


def _sum_terms(e: Emitter, out: ir.Value, terms: list) -> ir.Value | None:
    terms = [t for t in terms if t is not None]
    if not terms:
        return None
    total = terms[0]
    for t in terms[1:]:
        total = e.add(total, t)
    return e.broadcast_to(total, ttype(out).shape)


def _bilinear(name: str) -> JVPRule:
    """Bilinear ops (products): d(x∘y) = dx∘y + x∘dy."""

    def rule(e, ins, outs, ts, attrs):
        (x, y), (tx, ty) = ins, ts
        return [_sum_terms(e, outs[0], [tx and e.op(name, tx, y), ty and e.op(name, x, ty)])]

    return rule


def _add(sign: bool):
    def rule(e, ins, outs, ts, attrs):
        tx, ty = ts
        if ty is not None and sign:
            ty = e.neg(ty)
        return [_sum_terms(e, outs[0], [tx, ty])]

    return rule


def _div(e, ins, outs, ts, attrs):
    # d(x/y) = dx/y - (x/y)·dy/y
    (_, y), (tx, ty), (out,) = ins, ts, outs
    return [
        _sum_terms(e, out, [tx and e.hadamard_div(tx, y), ty and e.neg(e.hadamard_div(e.hadamard_prod(out, ty), y))])
    ]


def _pow(e, ins, outs, ts, attrs):
    # d(x^y) = y·x^(y-1)·dx + x^y·log(x)·dy
    (x, y), (tx, ty), (out,) = ins, ts, outs
    dx = tx and e.hadamard_prod(tx, e.hadamard_prod(y, e.pow(x, e.sub(y, e.const(1, y)))))
    dy = ty and e.hadamard_prod(ty, e.hadamard_prod(out, e.log(x)))
    return [_sum_terms(e, out, [dx, dy])]


JVPS: dict[str, JVPRule] = {
    **{name: _unary(name) for name in UNARY_DERIVATIVES},
    **{name: _linear(name) for name in ("neg", "sum", "reshape", "transpose", "broadcast_to")},
    **{name: _bilinear(name) for name in ("hadamard_prod", "matmul", "matvec", "dot", "outer_prod")},
    "add": _add(False),
    "sub": _add(True),
    "hadamard_div": _div,
    "pow": _pow,
}
