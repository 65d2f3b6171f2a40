"""Shape family: slicing, concatenation, gathers by index and dtype casts.

``slice`` / ``insert_slice`` are each other's adjoint (strided window out of / into zeros), so are
``concat`` / ``unconcat`` (equal parts) and ``by_indices`` / ``scatter_add`` (gather / scatter-add
along an axis). Index operands of ``by_indices`` and ``scatter_add`` are clamped into range by the
lowering; constant indices are checked when the graph is built (``builders/shape.py``).
"""

from __future__ import annotations

from .. import dtypes as dt
from .spec import I64, I64_ARRAY, STR, Operand, OpSpec, ShapeError, TType
from .table import arity, need_numeric, normalize_axes, register_op, same_dtype

X = (Operand("x"),)
X_INDICES = (Operand("x"), Operand("indices"))


def _full_rank(name: str, values, rank: int) -> tuple[int, ...]:
    values = tuple(values)
    if len(values) != rank:
        raise ShapeError(f"{name} {values} must have one entry per axis (rank {rank})")
    return values


def _window(shape, offsets, sizes, strides) -> None:
    """Checks that the strided window ``offsets/sizes/strides`` lies inside ``shape``."""
    rank = len(shape)
    offsets = _full_rank("offsets", offsets, rank)
    sizes = _full_rank("sizes", sizes, rank)
    strides = _full_rank("strides", strides, rank)
    for ax, (d, o, n, s) in enumerate(zip(shape, offsets, sizes, strides, strict=True)):
        if s < 1:
            raise ShapeError(f"stride {s} on axis {ax} must be positive")
        if n < 1:
            raise ShapeError(f"size {n} on axis {ax} selects no elements")
        if o < 0 or o + (n - 1) * s >= d:
            raise ShapeError(
                f"window offset {o}, size {n}, stride {s} on axis {ax} reaches past its dimension {d} "
                f"(shape {tuple(shape)})"
            )


def _slice(ts, attrs):
    arity(ts, 1)
    _window(ts[0].shape, attrs["offsets"], attrs["sizes"], attrs["strides"])
    return [TType(tuple(attrs["sizes"]), ts[0].dtype)]


def _insert_slice(ts, attrs):
    arity(ts, 1)
    shape = tuple(attrs["shape"])
    if len(shape) != len(ts[0].shape):
        raise ShapeError(f"cannot insert a rank-{len(ts[0].shape)} operand into shape {shape}")
    _window(shape, attrs["offsets"], ts[0].shape, attrs["strides"])
    return [TType(shape, ts[0].dtype)]


def _concat(ts, attrs):
    if not ts:
        raise ShapeError("expects at least one operand")
    same_dtype(ts)
    rank = len(ts[0].shape)
    if rank == 0:
        raise ShapeError("cannot concatenate scalars")
    (axis,) = normalize_axes([attrs["axis"]], rank)
    for t in ts[1:]:
        same = len(t.shape) == rank and all(
            a == b for i, (a, b) in enumerate(zip(t.shape, ts[0].shape, strict=True)) if i != axis
        )
        if not same:
            raise ShapeError(
                f"shapes {', '.join(str(t.shape) for t in ts)} differ outside the concatenation axis {axis}"
            )
    shape = list(ts[0].shape)
    shape[axis] = sum(t.shape[axis] for t in ts)
    return [TType(tuple(shape), ts[0].dtype)]


def _unconcat(ts, attrs):
    arity(ts, 1)
    shape = ts[0].shape
    if not shape:
        raise ShapeError("cannot split a scalar")
    (axis,) = normalize_axes([attrs["axis"]], len(shape))
    n = attrs["n"]
    if n < 1 or shape[axis] % n:
        raise ShapeError(f"cannot split axis {axis} of shape {shape} into {n} equal parts")
    part = list(shape)
    part[axis] = shape[axis] // n
    return [TType(tuple(part), ts[0].dtype)] * n


def _index_vector(t: TType) -> None:
    if not t.dtype.is_int or len(t.shape) != 1:
        raise ShapeError(f"indices must be an Int32/Int64 vector, got {t}")


def _by_indices(ts, attrs):
    arity(ts, 2)
    x, idx = ts
    _index_vector(idx)
    if not x.shape:
        raise ShapeError("cannot index a scalar")
    (axis,) = normalize_axes([attrs["axis"]], len(x.shape))
    shape = list(x.shape)
    shape[axis] = idx.shape[0]
    return [TType(tuple(shape), x.dtype)]


def _scatter_add(ts, attrs):
    arity(ts, 2)
    g, idx = ts
    need_numeric(g)
    _index_vector(idx)
    if not g.shape:
        raise ShapeError("cannot scatter a scalar")
    (axis,) = normalize_axes([attrs["axis"]], len(g.shape))
    if g.shape[axis] != idx.shape[0]:
        raise ShapeError(f"axis {axis} of {g.shape} must have one entry per index ({idx.shape[0]} indices)")
    if attrs["size"] < 1:
        raise ShapeError(f"size {attrs['size']} must be positive")
    shape = list(g.shape)
    shape[axis] = attrs["size"]
    return [TType(tuple(shape), g.dtype)]


def dtype_named(mlir_name: str) -> dt.Dtype:
    """The Dtype whose MLIR name is ``mlir_name`` (ShapeError for unknown names)."""
    by_name = {d.mlir_name: d for d in dt.ALL}
    if mlir_name not in by_name:
        raise ShapeError(f"unknown dtype {mlir_name!r} (one of {', '.join(sorted(by_name))})")
    return by_name[mlir_name]


def _cast(ts, attrs, floats: bool):
    arity(ts, 1)
    src, to = ts[0].dtype, dtype_named(attrs["dtype"])
    if floats != (src.is_float and to.is_float):
        other = "conv_type" if floats else "conv_float"
        raise ShapeError(f"casts {src} to {to}, which is {other}'s job")
    if to.is_bool and not src.is_bool:
        raise ShapeError(f"cannot cast {src} to Bool (compare with G.ne(x, 0) instead)")
    return [TType(ts[0].shape, to)]


register_op(
    OpSpec(
        "slice",
        X,
        {"offsets": I64_ARRAY, "sizes": I64_ARRAY, "strides": I64_ARRAY},
        _slice,
        "the strided window x[offsets : offsets + sizes*strides : strides] (same rank)",
        "shape",
    )
)
register_op(
    OpSpec(
        "insert_slice",
        X,
        {"shape": I64_ARRAY, "offsets": I64_ARRAY, "strides": I64_ARRAY},
        _insert_slice,
        "zeros of `shape` with x written into the strided window (the adjoint of slice)",
        "shape",
    )
)
register_op(
    OpSpec("concat", (Operand("xs", variadic=True),), {"axis": I64}, _concat, "join tensors along an axis", "shape")
)
register_op(
    OpSpec(
        "unconcat",
        X,
        {"axis": I64, "n": I64},
        _unconcat,
        "split x along an axis into n equal parts (n results)",
        "shape",
        num_results=-1,
    )
)
register_op(
    OpSpec(
        "by_indices",
        X_INDICES,
        {"axis": I64},
        _by_indices,
        "gather: x's slices along `axis` picked by an integer index vector (indices clamped into range)",
        "shape",
    )
)
register_op(
    OpSpec(
        "scatter_add",
        X_INDICES,
        {"axis": I64, "size": I64},
        _scatter_add,
        "zeros with `size` entries along `axis`, slice i of x added at indices[i] (the adjoint of by_indices)",
        "shape",
    )
)
register_op(
    OpSpec(
        "conv_float",
        X,
        {"dtype": STR},
        lambda ts, attrs: _cast(ts, attrs, floats=True),
        "float → float cast (Float32 ↔ Float64)",
        "unary",
    )
)
register_op(
    OpSpec(
        "conv_type",
        X,
        {"dtype": STR},
        lambda ts, attrs: _cast(ts, attrs, floats=False),
        "cast to or from an integer or Bool (float→int truncates toward zero, saturating; NaN → 0); "
        "piecewise constant, so not differentiable",
        "unary",
        differentiable=False,
    )
)
