"""Reductions family: max/min/prod/log_sum_exp over axes, argmax/argmin, batched matmul, tensordot.

``max``, ``min``, ``prod`` and ``log_sum_exp`` share ``sum``'s attributes (``along``, ``keepdims``),
so a rewrite such as ``log(sum(exp x)) → log_sum_exp(x)`` keeps them as they are. ``argmax`` /
``argmin`` return Int64 indices along one axis (first index on ties) and have no derivative.
``batched_matmul`` multiplies rank-3 stacks of matrices, transposing either operand's last two axes
through its indexing (``trans_a`` / ``trans_b``); ``tensordot`` contracts ``a_axes`` of x with
``b_axes`` of y (Gorgonia's ``Tensordot``): free axes of x, then free axes of y.
"""

from __future__ import annotations

from .. import dtypes as dt
from .spec import BOOL, I64, I64_ARRAY, Operand, OpSpec, ShapeError, TType
from .table import arity, need_float, need_numeric, normalize_axes, reduce_infer, reduced_shape, register_op, same_dtype

X = (Operand("x"),)
XY = (Operand("x"), Operand("y"))
REDUCE_ATTRS = {"along": I64_ARRAY, "keepdims": BOOL}


def _nonempty(t: TType, along) -> None:
    """max/min/argmax have no value over an empty axis (there is no identity to return)."""
    for a in along:
        if t.shape[a] == 0:
            raise ShapeError(f"cannot reduce the empty axis {a} of shape {t.shape}")


def _extremum(ts, attrs):
    (out,) = reduce_infer(ts, attrs)
    _nonempty(ts[0], normalize_axes(attrs["along"], len(ts[0].shape)))
    return [out]


def _log_sum_exp(ts, attrs):
    arity(ts, 1)
    need_float(ts[0])
    return _extremum(ts, attrs)


def _arg(ts, attrs):
    arity(ts, 1)
    need_numeric(ts[0])
    x = ts[0]
    if not x.shape:
        raise ShapeError("cannot take an index along an axis of a scalar")
    along = normalize_axes([attrs["axis"]], len(x.shape))
    _nonempty(x, along)
    return [TType(reduced_shape(x.shape, along, attrs.get("keepdims", False)), dt.Int64)]


def _batched_matmul(ts, attrs):
    arity(ts, 2)
    same_dtype(ts)
    need_numeric(ts[0])
    a, b = ts
    if len(a.shape) != 3 or len(b.shape) != 3:
        raise ShapeError(f"expects two rank-3 (batch, rows, cols) operands, got shapes {a.shape} and {b.shape}")
    if a.shape[0] != b.shape[0]:
        raise ShapeError(f"batch sizes differ: {a.shape[0]} (shape {a.shape}) and {b.shape[0]} (shape {b.shape})")
    m, ka = (a.shape[2], a.shape[1]) if attrs.get("trans_a", False) else (a.shape[1], a.shape[2])
    kb, n = (b.shape[2], b.shape[1]) if attrs.get("trans_b", False) else (b.shape[1], b.shape[2])
    if ka != kb:
        ta = "ᵀ" if attrs.get("trans_a", False) else ""
        tb = "ᵀ" if attrs.get("trans_b", False) else ""
        raise ShapeError(f"shapes {a.shape}{ta} and {b.shape}{tb} are not aligned: inner sizes {ka} != {kb}")
    return [TType((a.shape[0], m, n), a.dtype)]


def tensordot_axes(x: TType, y: TType, attrs) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """``a_axes`` / ``b_axes`` made non-negative and checked (equal counts, equal sizes); ShapeError."""
    a_axes = normalize_axes(attrs["a_axes"], len(x.shape))
    b_axes = normalize_axes(attrs["b_axes"], len(y.shape))
    if len(a_axes) != len(b_axes):
        raise ShapeError(f"contracts {len(a_axes)} axes {a_axes} of x with {len(b_axes)} axes {b_axes} of y")
    for i, j in zip(a_axes, b_axes, strict=True):
        if x.shape[i] != y.shape[j]:
            raise ShapeError(
                f"axis {i} of {x.shape} (size {x.shape[i]}) and axis {j} of {y.shape} (size {y.shape[j]}) "
                "differ in size"
            )
    return a_axes, b_axes


def _tensordot(ts, attrs):
    arity(ts, 2)
    same_dtype(ts)
    need_numeric(ts[0])
    x, y = ts
    a_axes, b_axes = tensordot_axes(x, y, attrs)
    free_a = tuple(d for i, d in enumerate(x.shape) if i not in a_axes)
    free_b = tuple(d for i, d in enumerate(y.shape) if i not in b_axes)
    return [TType(free_a + free_b, x.dtype)]


for _name, _infer, _summary in [
    ("max", _extremum, "maximum over the axes `along` (NaN propagates)"),
    ("min", _extremum, "minimum over the axes `along` (NaN propagates)"),
    ("prod", reduce_infer, "product over the axes `along`"),
    ("log_sum_exp", _log_sum_exp, "log(sum(exp(x))) over the axes `along`, max-shifted (stable)"),
]:
    register_op(OpSpec(_name, X, dict(REDUCE_ATTRS), _infer, _summary, "reduction"))

for _name, _summary in [("argmax", "index of the maximum"), ("argmin", "index of the minimum")]:
    register_op(
        OpSpec(
            _name,
            X,
            {"axis": I64, "keepdims": BOOL},
            _arg,
            f"Int64 {_summary} along `axis` (first on ties; a NaN counts as the extremum)",
            "reduction",
            differentiable=False,
        )
    )

register_op(
    OpSpec(
        "batched_matmul",
        XY,
        {"trans_a": BOOL, "trans_b": BOOL},
        _batched_matmul,
        "a batch of matrix products x[i] @ y[i] (rank 3), either operand optionally transposed",
        "contraction",
    )
)
register_op(
    OpSpec(
        "tensordot",
        XY,
        {"a_axes": I64_ARRAY, "b_axes": I64_ARRAY},
        _tensordot,
        "sum of x * y over the paired axes a_axes / b_axes: x's free axes, then y's",
        "contraction",
    )
)
