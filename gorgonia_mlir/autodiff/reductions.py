"""Derivatives of the reductions family.

Each reduction ``r = R(x)`` over ``along`` has a weight ``w = ∂r/∂x`` of x's shape, so its VJP is the
cotangent broadcast back over the reduced axes times ``w`` and its JVP is ``Σ_along t ⊙ w``:

- max / min: ``w = [x == r] / #{x == r}``: ties split the cotangent evenly (as JAX); the mask is a
  comparison (zero derivative), so the rule differentiates again.
- prod: ``w_i = Π_{j≠i} x_j``, computed as ``Π(nonzero x) / x_i`` masked to 0 when another entry is
  zero: exact first derivatives also at zeros. Second derivatives are exact away from zeros (at a
  zero, cross terms through the masks are missing).
- log_sum_exp: ``w = exp(x - r)`` (the softmax).

``batched_matmul`` and ``tensordot`` are bilinear: their adjoints are the same ops with transposed
indexing (``trans_a``/``trans_b`` flipped, or swapped axes and one transpose for tensordot).
"""

from __future__ import annotations

from ..irtools import ttype
from .rules import defbilinear, defrules


def _along(x, attrs) -> tuple[int, ...]:
    rank = len(ttype(x).shape)
    return tuple(sorted(a % rank for a in attrs["along"])) if rank else ()


def _kept(x, along) -> tuple[int, ...]:
    return tuple(1 if i in along else d for i, d in enumerate(ttype(x).shape))


def _extremum_weight(e, x, out, along):
    # [x == r] / #{x == r}: the cotangent split evenly among the positions of the extremum
    hit = e.eq(x, e.reshape_to(out, _kept(x, along)), ret_same=True)
    return e.hadamard_div(hit, e.sum(hit, along=along, keepdims=True))


def _prod_weight(e, x, out, along):
    # Π_{j≠i} x_j = Π(x with zeros as 1) / x_i, kept only where no *other* entry is zero
    zero = e.const(0, x)
    is_zero = e.eq(x, zero, ret_same=True)
    x1 = e.add(x, is_zero)
    others = e.hadamard_div(e.prod(x1, along=along, keepdims=True), x1)
    zeros_elsewhere = e.sub(e.sum(is_zero, along=along, keepdims=True), is_zero)
    return e.hadamard_prod(others, e.eq(zeros_elsewhere, zero, ret_same=True))


def _lse_weight(e, x, out, along):
    # ∂ lse / ∂x = exp(x - lse) (the softmax)
    return e.exp(e.sub(x, e.reshape_to(out, _kept(x, along))))


def _defreduction(name: str, weight) -> None:
    """A reduction from its weight ``w = ∂r/∂x``: VJP ``ḡ`` broadcast back times ``w``, JVP ``Σ_along ẋ ⊙ w``."""

    def vjp(e, ins, outs, cts, attrs):
        (g,), (x,), (out,) = cts, ins, outs
        along = _along(x, attrs)
        return [e.hadamard_prod(e.reshape_to(g, _kept(x, along)), weight(e, x, out, along))]

    def jvp(e, ins, outs, ts, attrs):
        (t,), (x,), (out,) = ts, ins, outs
        along = _along(x, attrs)
        return [e.sum(e.hadamard_prod(t, weight(e, x, out, along)), along=along, keepdims=attrs["keepdims"])]

    defrules(name, vjp, jvp)


_defreduction("max", _extremum_weight)
_defreduction("min", _extremum_weight)
_defreduction("prod", _prod_weight)
_defreduction("log_sum_exp", _lse_weight)


def _batched_matmul_vjp(e, g, ins, attrs):
    # C = op(A) op(B); for C = AB: dA = G Bᵀ, dB = Aᵀ G, and the transposed variants likewise
    a, b = ins
    ta, tb = attrs["trans_a"], attrs["trans_b"]

    def bmm(x, y, tx, ty):
        return e.batched_matmul(x, y, trans_a=tx, trans_b=ty)

    if not ta and not tb:
        return [bmm(g, b, False, True), bmm(a, g, True, False)]
    if ta and not tb:  # C = Aᵀ B: dA = B Gᵀ, dB = A G
        return [bmm(b, g, False, True), bmm(a, g, False, False)]
    if not ta and tb:  # C = A Bᵀ: dA = G B, dB = Gᵀ A
        return [bmm(g, b, False, False), bmm(g, a, True, False)]
    # C = Aᵀ Bᵀ: dA = Bᵀ Gᵀ, dB = Gᵀ Aᵀ
    return [bmm(b, g, True, True), bmm(g, a, True, True)]


def _inverse_of(order: list[int]) -> tuple[int, ...]:
    """The transpose taking axes listed in ``order`` (original axis numbers) back to 0, 1, 2, ..."""
    return tuple(order.index(i) for i in range(len(order)))


def _transposed(e, v, perm):
    return v if perm == tuple(range(len(perm))) else e.transpose(v, perm=perm)


def _tensordot_vjp(e, g, ins, attrs):
    # out[fa, fb] = Σ_k x[fa, k] y[k, fb]: dx = G·y over fb, dy = x·G over fa, each moved back to its axes
    x, y = ins
    rx, ry = len(ttype(x).shape), len(ttype(y).shape)
    a_axes = tuple(a % rx for a in attrs["a_axes"])
    b_axes = tuple(a % ry for a in attrs["b_axes"])
    free_a = [i for i in range(rx) if i not in a_axes]
    free_b = [i for i in range(ry) if i not in b_axes]
    na, nb = len(free_a), len(free_b)
    dx = e.tensordot(g, y, a_axes=tuple(range(na, na + nb)), b_axes=tuple(free_b))
    dx_order = free_a + [a_axes[b_axes.index(j)] for j in sorted(b_axes)]
    dy = e.tensordot(x, g, a_axes=tuple(free_a), b_axes=tuple(range(na)))
    dy_order = [b_axes[a_axes.index(i)] for i in sorted(a_axes)] + free_b
    return [_transposed(e, dx, _inverse_of(dx_order)), _transposed(e, dy, _inverse_of(dy_order))]


defbilinear("batched_matmul", _batched_matmul_vjp)
defbilinear("tensordot", _tensordot_vjp)
