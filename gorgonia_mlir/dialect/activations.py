"""Elementwise math ops beyond the core set: abs, sign, ceil, floor, sin, cos, log1p, expm1, erf, ndtr,
softplus, min_between, max_between. Composites (log2, cube, mish, gelu, elu, selu, swish, ...) are built from
these in ``activation_ops.py``; log1p/expm1/softplus are ops so that the stabilisation pass can target them.
"""

from __future__ import annotations

from .ops import XY, X, _float, _numeric, binary, register_op, unary
from .spec import OpSpec, ShapeError, TType


def _signed(t: TType) -> None:
    if not (t.dtype.is_float or t.dtype.is_int):
        raise ShapeError(f"expects numeric (float or int) operands, got {t.dtype}")


for _name, _check, _summary, _diff in [
    ("abs", _numeric, "|x|", True),
    ("sign", _signed, "-1, 0 or 1 by the sign of x (NaN stays NaN)", False),
    ("ceil", _float, "smallest integer ≥ x", False),
    ("floor", _float, "largest integer ≤ x", False),
    ("sin", _float, "sine", True),
    ("cos", _float, "cosine", True),
    ("log1p", _float, "log(1 + x), accurate near 0", True),
    ("expm1", _float, "exp(x) - 1, accurate near 0", True),
    ("erf", _float, "the error function 2/√π ∫₀ˣ e^(-t²) dt", True),
    ("ndtr", _float, "the standard normal CDF Φ(x) = erfc(-x/√2)/2, accurate in the tails", True),
    ("softplus", _float, "log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|))", True),
]:
    register_op(OpSpec(_name, X, {}, unary(_check), _summary, "unary", differentiable=_diff))

for _name, _summary in [
    ("min_between", "elementwise minimum, numpy broadcasting (NaN propagates)"),
    ("max_between", "elementwise maximum, numpy broadcasting (NaN propagates)"),
]:
    register_op(OpSpec(_name, XY, {}, binary(_numeric), _summary, "binary"))
