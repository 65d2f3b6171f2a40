"""The elementwise family: unary and binary math (numpy broadcasting) and comparisons.

Composites (log2, cube, mish, gelu, elu, selu, swish, ...) are built from these by the public builders
(``builders/activations.py``). An op is primitive here when a composite would lose accuracy or a rewrite
targets it: log1p/expm1/softplus are stabilisation targets, erf/ndtr/sin/cos need their own kernels.
"""

from __future__ import annotations

from .. import dtypes as dt
from .spec import BOOL, OpSpec, ShapeError, TType
from .table import XY, X, arity, binary, broadcast_shapes, need_float, need_numeric, register_op, same_dtype, unary


def _signed(t: TType) -> None:
    if not (t.dtype.is_float or t.dtype.is_int):
        raise ShapeError(f"expects numeric (float or int) operands, got {t.dtype}")


# name, operand check, summary, differentiable
for _name, _check, _summary, _diff in [
    ("neg", need_numeric, "-x", True),
    ("square", need_numeric, "x*x", True),
    ("rectify", need_numeric, "max(x, 0) (relu)", True),
    ("exp", need_float, "e**x", True),
    ("log", need_float, "natural logarithm", True),
    ("tanh", need_float, "hyperbolic tangent", True),
    ("sigmoid", need_float, "1/(1+exp(-x)), computed stably", True),
    ("sqrt", need_float, "square root", True),
    ("abs", need_numeric, "|x|", True),
    ("sign", _signed, "-1, 0 or 1 by the sign of x (NaN stays NaN)", False),
    ("ceil", need_float, "smallest integer ≥ x", False),
    ("floor", need_float, "largest integer ≤ x", False),
    ("sin", need_float, "sine", True),
    ("cos", need_float, "cosine", True),
    ("log1p", need_float, "log(1 + x), accurate near 0", True),
    ("expm1", need_float, "exp(x) - 1, accurate near 0", True),
    ("erf", need_float, "the error function 2/√π ∫₀ˣ e^(-t²) dt", True),
    ("erfc", need_float, "1 - erf(x) without its cancellation: erfc(10) = 2.1e-45 where 1 - erf(10) = 0", True),
    ("ndtr", need_float, "the standard normal CDF Φ(x) = erfc(-x/√2)/2, accurate in the tails", True),
    ("softplus", need_float, "log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|))", True),
]:
    register_op(OpSpec(_name, X, {}, unary(_check), _summary, "unary", differentiable=_diff))

for _name, _check, _summary in [
    ("add", need_numeric, "x + y, numpy broadcasting"),
    ("sub", need_numeric, "x - y, numpy broadcasting"),
    ("hadamard_prod", need_numeric, "x * y elementwise, numpy broadcasting"),
    ("hadamard_div", need_numeric, "x / y elementwise, numpy broadcasting"),
    ("pow", need_float, "x ** y elementwise, numpy broadcasting"),
    ("min_between", need_numeric, "elementwise minimum, numpy broadcasting (NaN propagates)"),
    ("max_between", need_numeric, "elementwise maximum, numpy broadcasting (NaN propagates)"),
]:
    register_op(OpSpec(_name, XY, {}, binary(_check), _summary, "binary"))


def _compare(ts, attrs):
    arity(ts, 2)
    same_dtype(ts)
    shape = broadcast_shapes(ts[0].shape, ts[1].shape)
    if attrs.get("ret_same", False):
        need_numeric(ts[0])
        return [TType(shape, ts[0].dtype)]
    return [TType(shape, dt.Bool)]


for _name, _summary in [
    ("lt", "x < y"),
    ("gt", "x > y"),
    ("lte", "x <= y"),
    ("gte", "x >= y"),
    ("eq", "x == y"),
    ("ne", "x != y"),
]:
    register_op(
        OpSpec(
            _name,
            XY,
            {"ret_same": BOOL},
            _compare,
            f"{_summary} elementwise: Bool, or 1/0 in the operands' dtype with ret_same",
            "compare",
            differentiable=False,
        )
    )
