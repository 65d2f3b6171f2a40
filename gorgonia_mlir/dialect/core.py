"""The core family: constants and learnables, contractions, ``sum``, reshapes, and the autodiff requests.

``grad``/``vjp``/``jvp`` are requests: ``gorgonia-autodiff`` replaces them by derivative ops before lowering.
"""

from __future__ import annotations

from .. import dtypes as dt
from .spec import BOOL, DENSE, I32_ARRAY, I64_ARRAY, STR, Operand, OpSpec, ShapeError, TType
from .table import (
    XY,
    X,
    arity,
    broadcast_shapes,
    need_float,
    need_numeric,
    reduce_infer,
    register_op,
    same_dtype,
    size_of,
    split_segments,
)


def _segments_of(ts, attrs, names):
    sizes = tuple(attrs["operandSegmentSizes"])
    if len(sizes) != len(names) or sum(sizes) != len(ts) or any(n < 0 for n in sizes):
        raise ShapeError(f"operandSegmentSizes {sizes} does not split {len(ts)} operands into {', '.join(names)}")
    return split_segments(ts, sizes)


def _contraction(rank_a: int, rank_b: int, out):
    def infer(ts, attrs):
        arity(ts, 2)
        same_dtype(ts)
        need_numeric(ts[0])
        a, b = ts
        if len(a.shape) != rank_a or len(b.shape) != rank_b:
            raise ShapeError(f"expects operands of rank {rank_a} and {rank_b}, got shapes {a.shape} and {b.shape}")
        return [TType(out(a.shape, b.shape), a.dtype)]

    return infer


def _inner(a, b, i, j):
    if a[i] != b[j]:
        raise ShapeError(f"shapes {tuple(a)} and {tuple(b)} are not aligned: {a[i]} (dim {i}) != {b[j]} (dim {j})")


def _mm(a, b):
    _inner(a, b, 1, 0)
    return (a[0], b[1])


def _mv(a, b):
    _inner(a, b, 1, 0)
    return (a[0],)


def _dot(a, b):
    _inner(a, b, 0, 0)
    return ()


def _reshape(ts, attrs):
    arity(ts, 1)
    shape = tuple(attrs["shape"])
    if any(d < 0 for d in shape):
        raise ShapeError(f"negative dimension in shape {shape}")
    n_in, n_out = size_of(ts[0].shape), size_of(shape)
    if n_in != n_out:
        raise ShapeError(f"cannot reshape {ts[0].shape} ({n_in} elements) to {shape} ({n_out} elements)")
    return [TType(shape, ts[0].dtype)]


def _transpose(ts, attrs):
    arity(ts, 1)
    perm = tuple(attrs["perm"])
    rank = len(ts[0].shape)
    if sorted(perm) != list(range(rank)):
        raise ShapeError(f"{perm} is not a permutation of the {rank} axes of shape {ts[0].shape}")
    return [TType(tuple(ts[0].shape[p] for p in perm), ts[0].dtype)]


def _broadcast_to(ts, attrs):
    arity(ts, 1)
    shape = tuple(attrs["shape"])
    if broadcast_shapes(ts[0].shape, shape) != shape:
        raise ShapeError(f"cannot broadcast {ts[0].shape} to {shape}")
    return [TType(shape, ts[0].dtype)]


def _source(ts, attrs, result: TType | None = None):
    arity(ts, 0)
    return [result] if result is not None else []


def _constant(ts, attrs):
    arity(ts, 0)
    v = attrs["value"]
    return [TType(tuple(v.shape), dt.from_numpy(v.dtype))]



# ---- the table -----------------------------------------------------------------------------------

register_op(OpSpec("constant", (), {"value": DENSE}, _constant, "a constant tensor", "source", differentiable=False))
register_op(
    OpSpec(
        "learnable",
        (),
        {"name": STR, "shape": I64_ARRAY, "dtype": STR},
        lambda ts, attrs: _learnable(attrs),
        "a named learnable (a parameter); lowered to a mutable util.global",
        "source",
        differentiable=False,
    )
)


def _learnable(attrs):
    by_name = {d.mlir_name: d for d in dt.ALL}
    if attrs["dtype"] not in by_name:
        raise ShapeError(f"unknown dtype {attrs['dtype']!r}")
    return [TType(tuple(attrs["shape"]), by_name[attrs["dtype"]])]


register_op(OpSpec("matmul", XY, {}, _contraction(2, 2, _mm), "matrix × matrix", "contraction"))
register_op(OpSpec("matvec", XY, {}, _contraction(2, 1, _mv), "matrix × vector", "contraction"))
register_op(OpSpec("dot", XY, {}, _contraction(1, 1, _dot), "vector · vector → scalar", "contraction"))
register_op(
    OpSpec(
        "outer_prod", XY, {}, _contraction(1, 1, lambda a, b: (a[0], b[0])), "outer product of vectors", "contraction"
    )
)
register_op(
    OpSpec(
        "sum",
        X,
        {"along": I64_ARRAY, "keepdims": BOOL},
        reduce_infer,
        "sum over the axes `along`",
        "reduction",
    )
)
register_op(OpSpec("reshape", X, {"shape": I64_ARRAY}, _reshape, "same elements, new shape", "shape"))
register_op(OpSpec("transpose", X, {"perm": I64_ARRAY}, _transpose, "permute axes", "shape"))
register_op(OpSpec("broadcast_to", X, {"shape": I64_ARRAY}, _broadcast_to, "numpy broadcast to a shape", "shape"))


def _grad(ts, attrs):
    arity(ts, 2)
    cost, wrt = ts
    if cost.shape != () or not cost.dtype.is_float:
        raise ShapeError(f"the cost must be a float scalar, got {cost}")
    need_float(wrt)
    return [wrt]


def _paired(want, got, one_want: str, one_got: str, need: list, what: str) -> None:
    """A vjp/jvp request pairs ``got`` (seeds, tangents) one-for-one and type-for-type with ``want``."""
    if len(want) != len(got) or not need:
        counts = f"{len(want)} {one_want if one_want == 'wrt' else one_want + 's'}, {len(got)} {one_got}s"
        raise ShapeError(f"needs one {one_got} per {one_want} ({counts}) and some {what}")
    for a, b in zip(want, got, strict=True):
        if a != b:
            raise ShapeError(f"{one_got} {b} does not match its {one_want} {a}")


def _vjp(ts, attrs):
    outputs, seeds, wrt = _segments_of(ts, attrs, ("outputs", "seeds", "wrt"))
    _paired(outputs, seeds, "output", "seed", wrt, "wrt")
    for t in [*outputs, *wrt]:
        need_float(t)
    return list(wrt)


def _jvp(ts, attrs):
    outputs, wrt, tangents = _segments_of(ts, attrs, ("outputs", "wrt", "tangents"))
    _paired(wrt, tangents, "wrt", "tangent", outputs, "outputs")
    for t in [*outputs, *wrt]:
        need_float(t)
    return list(outputs)


register_op(
    OpSpec(
        "grad",
        (Operand("cost"), Operand("wrt")),
        {},
        _grad,
        "d cost / d wrt (reverse mode); the requests on one cost share one reverse sweep of gorgonia-autodiff",
        "autodiff",
    )
)
register_op(
    OpSpec(
        "vjp",
        (Operand("outputs", variadic=True), Operand("seeds", variadic=True), Operand("wrt", variadic=True)),
        {"operandSegmentSizes": I32_ARRAY},
        _vjp,
        "vector-Jacobian product sum_i seeds_i · d outputs_i / d wrt (Gorgonia's Backpropagate)",
        "autodiff",
        num_results=-1,
    )
)
register_op(
    OpSpec(
        "jvp",
        (Operand("outputs", variadic=True), Operand("wrt", variadic=True), Operand("tangents", variadic=True)),
        {"operandSegmentSizes": I32_ARRAY},
        _jvp,
        "Jacobian-vector product (forward mode): d outputs / d wrt · tangents",
        "autodiff",
        num_results=-1,
    )
)
