"""The rule tables ``VJPS`` / ``JVPS`` and the definers that fill both from one description of an op.

``VJPS[op](e, ins, outs, cts, attrs)`` returns a cotangent (or None, a symbolic zero) per operand; it may
be in the result's broadcast shape, the pass sums it back to the operand's. ``JVPS[op](e, ins, outs,
tangents, attrs)`` returns a tangent (or None) per result, in the result's shape. Rules emit only
differentiable gorgonia ops, so derivatives can be differentiated again.

The definers (after JAX's ``defjvp`` / ``deflinear`` / ``defbilinear``) derive both rules where the algebra
allows, so an op's name and its derivative are written once.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from iree.compiler import ir

from ..dialect import OPS
from ..emitter import Emitter
from ..irtools import EFFECTS, ttype

__all__ = [
    "JVPS",
    "VJPS",
    "defbilinear",
    "deflinear",
    "defpartials",
    "defrules",
    "defselfadjoint",
    "defunary",
    "sum_terms",
]

Rule = Callable[[Emitter, list[ir.Value], list[ir.Value], list, dict], list]

VJPS: dict[str, Rule] = {}
JVPS: dict[str, Rule] = {}


def sum_terms(e: Emitter, out: ir.Value, terms: list) -> ir.Value | None:
    """Σ of the non-None terms, broadcast to ``out``'s shape (None when all are zero: no op emitted)."""
    terms = [t for t in terms if t is not None]
    if not terms:
        return None
    total = terms[0]
    for t in terms[1:]:
        total = e.add(total, t)
    return e.broadcast_to(total, ttype(out).shape)


def defrules(name: str, vjp: Rule, jvp: Rule) -> None:
    """Register hand-written rules, for ops whose two modes share no structure the definers capture."""
    assert name in OPS, f"rules for {name!r}, which is not an op of the dialect"
    assert name not in VJPS and name not in JVPS, f"rules for {name!r} defined twice"
    VJPS[name], JVPS[name] = vjp, jvp


def _frozen(value):
    """A hashable stand-in for an attribute value (a numpy constant by its dtype, shape and bytes)."""
    if isinstance(value, np.ndarray):
        return (value.dtype.str, value.shape, value.tobytes())
    return tuple(map(_frozen, value)) if isinstance(value, list | tuple) else value


class _Reusing(Emitter):
    """Hands a partial the ops earlier partials of the same rule already built (same op, operands and
    attributes), so partials written independently share ``ḡ/y`` or min/max's mask as a hand-written
    rule would, and reverse-over-reverse differentiates the same IR. A partial's own repeats stay."""

    def __init__(self, e: Emitter):
        super().__init__(e.loc)
        self._earlier: dict = {}
        self._current: dict = {}

    def next_partial(self) -> None:
        self._earlier.update(self._current)
        self._current = {}

    def op(self, name: str, *operands: ir.Value, **attrs) -> ir.Value:
        if f"gorgonia.{name}" in EFFECTS:
            return super().op(name, *operands, **attrs)
        key = (name, operands, _frozen(sorted(attrs.items())))
        if key in self._earlier:
            return self._earlier[key]
        self._current[key] = value = super().op(name, *operands, **attrs)
        return value


def _each_partial(e: Emitter, partials, vs, ins, out) -> list:
    """``partial_i(v_i)`` for each operand (None where the partial or the vector is zero)."""
    shared, results = _Reusing(e), []
    for p, v in zip(partials, vs, strict=True):
        results.append(None if p is None or v is None else p(shared, v, ins, out))
        shared.next_partial()
    return results


def defpartials(name: str, *partials) -> None:
    """An elementwise op from its partials: ``partial_i(e, v, ins, out) = v ⊙ ∂out/∂x_i`` (None: zero).

    The Jacobians are diagonal, so one map serves both modes: VJP ``partial_i(ḡ)`` per operand, JVP
    ``Σ_i partial_i(ẋ_i)`` broadcast to the result. Taking ``v`` lets a partial divide by y or pass v
    through (add) instead of multiplying by a computed 1/y or 1, which would add ops and roundings.
    """

    def vjp(e, ins, outs, cts, attrs):
        return _each_partial(e, partials, [cts[0]] * len(partials), ins, outs[0])

    def jvp(e, ins, outs, ts, attrs):
        return [sum_terms(e, outs[0], _each_partial(e, partials, ts, ins, outs[0]))]

    defrules(name, vjp, jvp)


def defunary(name: str, deriv: Callable[[Emitter, ir.Value, ir.Value], ir.Value]) -> None:
    """A unary elementwise op from ``deriv(e, x, out) = d out/dx``: VJP ``ḡ ⊙ deriv``, JVP ``ẋ ⊙ deriv``."""
    defpartials(name, lambda e, v, ins, out: e.hadamard_prod(v, deriv(e, ins[0], out)))


def deflinear(name: str, transpose: Callable, operand: int = 0) -> None:
    """An op linear in operand ``operand`` (the others, indices or a routing image, held fixed).

    JVP: the op itself applied to the tangent, with the op's attributes. VJP: ``transpose(e, ḡ, ins,
    attrs)``, the adjoint map, giving that operand's cotangent; the other operands get none.
    """

    def vjp(e, ins, outs, cts, attrs):
        return [transpose(e, cts[0], ins, attrs) if i == operand else None for i in range(len(ins))]

    def jvp(e, ins, outs, ts, attrs):
        if ts[operand] is None:
            return [None]
        operands = list(ins)
        operands[operand] = ts[operand]
        return [e.op(name, *operands, **attrs)]

    defrules(name, vjp, jvp)


def defbilinear(name: str, vjp: Callable) -> None:
    """A product ``x ∘ y`` (with attributes): JVP by the product rule ``ẋ∘y + x∘ẏ``; VJP ``vjp(e, ḡ, ins,
    attrs) -> [x̄, ȳ]``, the adjoints of the two partial maps."""

    def jvp(e, ins, outs, ts, attrs):
        (x, y), (tx, ty) = ins, ts
        return [sum_terms(e, outs[0], [tx and e.op(name, tx, y, **attrs), ty and e.op(name, x, ty, **attrs)])]

    defrules(name, lambda e, ins, outs, cts, attrs: vjp(e, cts[0], ins, attrs), jvp)


def defselfadjoint(name: str, apply: Callable) -> None:
    """A unary op whose Jacobian is symmetric: ``apply(e, v, ins, out, attrs) = J·v`` is both the VJP
    (v = ḡ) and the JVP (v = ẋ), e.g. softmax's ``y ⊙ (v - Σ v ⊙ y)``."""

    def rule(e, ins, outs, vs, attrs):
        return [apply(e, vs[0], ins, outs[0], attrs)]

    defrules(name, rule, rule)
