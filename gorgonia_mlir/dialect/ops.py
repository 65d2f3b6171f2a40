"""The op table of the ``gorgonia`` dialect: the single source of truth for every op.

Builders (``graph.py``), the ``gorgonia-verify`` pass and the generated IRDL file all read ``OPS``.
Lowering, autodiff and numpy-reference tables are keyed by the same names.
"""

from __future__ import annotations

from .spec import BOOL, DENSE, I32_ARRAY, I64_ARRAY, STR, Operand, OpSpec, ShapeError, TType

OPS: dict[str, OpSpec] = {}


def register_op(spec: OpSpec) -> OpSpec:
    """Add ``spec`` to the table (family modules call this at import)."""
    assert spec.name not in OPS, spec.name
    OPS[spec.name] = spec
    return spec


# ---- inference helpers ---------------------------------------------------------------------------


def broadcast_shapes(*shapes: tuple[int, ...]) -> tuple[int, ...]:
    """numpy broadcasting of shapes; raises ShapeError when they do not broadcast.

    >>> broadcast_shapes((2, 1), (3,))
    (2, 3)
    """
    rank = max((len(s) for s in shapes), default=0)
    out = []
    for i in range(rank):
        dims = {s[len(s) - rank + i] for s in shapes if len(s) - rank + i >= 0}
        dims.discard(1)
        if len(dims) > 1:
            raise ShapeError(f"shapes {' and '.join(str(tuple(s)) for s in shapes)} do not broadcast")
        out.append(dims.pop() if dims else 1)
    return tuple(out)


def _need(t: TType, what: str, ok: bool) -> None:
    if not ok:
        raise ShapeError(f"expects {what} operands, got {t.dtype}")


def _float(t: TType) -> None:
    _need(t, "float (Float32/Float64)", t.dtype.is_float)


def _numeric(t: TType) -> None:
    _need(t, "numeric (float or int)", t.dtype.is_float or t.dtype.is_int)


def _same_dtype(ts: list[TType]) -> None:
    if len({t.dtype for t in ts}) > 1:
        raise ShapeError(f"operand dtypes differ: {', '.join(str(t.dtype) for t in ts)}")


def _arity(ts: list[TType], n: int) -> None:
    if len(ts) != n:
        raise ShapeError(f"expects {n} operands, got {len(ts)}")


def unary(check):
    def infer(ts, attrs):
        _arity(ts, 1)
        check(ts[0])
        return [ts[0]]

    return infer


def binary(check):
    def infer(ts, attrs):
        _arity(ts, 2)
        _same_dtype(ts)
        check(ts[0])
        return [TType(broadcast_shapes(ts[0].shape, ts[1].shape), ts[0].dtype)]

    return infer


def normalize_axes(axes, rank: int) -> tuple[int, ...]:
    """Axes made non-negative and checked against ``rank``; raises ShapeError."""
    out = []
    for a in axes:
        if not -rank <= a < rank:
            raise ShapeError(f"axis {a} is out of range for rank {rank}")
        out.append(a % rank if rank else a)
    if len(set(out)) != len(out):
        raise ShapeError(f"repeated axis in {tuple(axes)}")
    return tuple(out)


def reduced_shape(shape, along, keepdims: bool) -> tuple[int, ...]:
    if keepdims:
        return tuple(1 if i in along else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in along)


def _reduce(ts, attrs):
    _arity(ts, 1)
    _numeric(ts[0])
    along = normalize_axes(attrs["along"], len(ts[0].shape))
    return [TType(reduced_shape(ts[0].shape, along, attrs.get("keepdims", False)), ts[0].dtype)]


def _contraction(rank_a: int, rank_b: int, out):
    def infer(ts, attrs):
        _arity(ts, 2)
        _same_dtype(ts)
        _numeric(ts[0])
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
    _arity(ts, 1)
    shape = tuple(attrs["shape"])
    if any(d < 0 for d in shape):
        raise ShapeError(f"negative dimension in shape {shape}")
    n_in, n_out = _size(ts[0].shape), _size(shape)
    if n_in != n_out:
        raise ShapeError(f"cannot reshape {ts[0].shape} ({n_in} elements) to {shape} ({n_out} elements)")
    return [TType(shape, ts[0].dtype)]


def _size(shape) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _transpose(ts, attrs):
    _arity(ts, 1)
    perm = tuple(attrs["perm"])
    rank = len(ts[0].shape)
    if sorted(perm) != list(range(rank)):
        raise ShapeError(f"{perm} is not a permutation of the {rank} axes of shape {ts[0].shape}")
    return [TType(tuple(ts[0].shape[p] for p in perm), ts[0].dtype)]


def _broadcast_to(ts, attrs):
    _arity(ts, 1)
    shape = tuple(attrs["shape"])
    if broadcast_shapes(ts[0].shape, shape) != shape:
        raise ShapeError(f"cannot broadcast {ts[0].shape} to {shape}")
    return [TType(shape, ts[0].dtype)]


def _source(ts, attrs, result: TType | None = None):
    _arity(ts, 0)
    return [result] if result is not None else []


def _constant(ts, attrs):
    _arity(ts, 0)
    from .. import dtypes as dt

    v = attrs["value"]
    return [TType(tuple(v.shape), dt.from_numpy(v.dtype))]


# ---- the table -----------------------------------------------------------------------------------

X = (Operand("x"),)
XY = (Operand("x"), Operand("y"))

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
    from .. import dtypes as dt

    by_name = {d.mlir_name: d for d in dt.ALL}
    if attrs["dtype"] not in by_name:
        raise ShapeError(f"unknown dtype {attrs['dtype']!r}")
    return [TType(tuple(attrs["shape"]), by_name[attrs["dtype"]])]


for _name, _check, _summary in [
    ("neg", _numeric, "-x"),
    ("square", _numeric, "x*x"),
    ("rectify", _numeric, "max(x, 0) (relu)"),
    ("exp", _float, "e**x"),
    ("log", _float, "natural logarithm"),
    ("tanh", _float, "hyperbolic tangent"),
    ("sigmoid", _float, "1/(1+exp(-x)), computed stably"),
    ("sqrt", _float, "square root"),
]:
    register_op(OpSpec(_name, X, {}, unary(_check), _summary, "unary"))

for _name, _check, _summary in [
    ("add", _numeric, "x + y, numpy broadcasting"),
    ("sub", _numeric, "x - y, numpy broadcasting"),
    ("hadamard_prod", _numeric, "x * y elementwise, numpy broadcasting"),
    ("hadamard_div", _numeric, "x / y elementwise, numpy broadcasting"),
    ("pow", _float, "x ** y elementwise, numpy broadcasting"),
]:
    register_op(OpSpec(_name, XY, {}, binary(_check), _summary, "binary"))

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
        _reduce,
        "sum over the axes `along`",
        "reduction",
    )
)
register_op(OpSpec("reshape", X, {"shape": I64_ARRAY}, _reshape, "same elements, new shape", "shape"))
register_op(OpSpec("transpose", X, {"perm": I64_ARRAY}, _transpose, "permute axes", "shape"))
register_op(OpSpec("broadcast_to", X, {"shape": I64_ARRAY}, _broadcast_to, "numpy broadcast to a shape", "shape"))


def _compare(ts, attrs):
    from .. import dtypes as dt

    _arity(ts, 2)
    _same_dtype(ts)
    shape = broadcast_shapes(ts[0].shape, ts[1].shape)
    if attrs.get("ret_same", False):
        _numeric(ts[0])
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


def _grad(ts, attrs):
    _arity(ts, 2)
    cost, wrt = ts
    if cost.shape != () or not cost.dtype.is_float:
        raise ShapeError(f"the cost must be a float scalar, got {cost}")
    _float(wrt)
    return [wrt]


def _segments(ts, attrs, names):
    sizes = tuple(attrs["operandSegmentSizes"])
    if len(sizes) != len(names) or sum(sizes) != len(ts) or any(n < 0 for n in sizes):
        raise ShapeError(f"operandSegmentSizes {sizes} does not split {len(ts)} operands into {', '.join(names)}")
    out, i = [], 0
    for n in sizes:
        out.append(ts[i : i + n])
        i += n
    return out


def _vjp(ts, attrs):
    outputs, seeds, wrt = _segments(ts, attrs, ("outputs", "seeds", "wrt"))
    if len(outputs) != len(seeds) or not wrt:
        raise ShapeError(f"needs one seed per output ({len(outputs)} outputs, {len(seeds)} seeds) and some wrt")
    for o, s in zip(outputs, seeds, strict=True):
        if o != s:
            raise ShapeError(f"seed {s} does not match its output {o}")
    for t in [*outputs, *wrt]:
        _float(t)
    return list(wrt)


def _jvp(ts, attrs):
    outputs, wrt, tangents = _segments(ts, attrs, ("outputs", "wrt", "tangents"))
    if len(wrt) != len(tangents) or not outputs:
        raise ShapeError(f"needs one tangent per wrt ({len(wrt)} wrt, {len(tangents)} tangents) and some outputs")
    for w, t in zip(wrt, tangents, strict=True):
        if w != t:
            raise ShapeError(f"tangent {t} does not match its wrt {w}")
    for t in [*outputs, *wrt]:
        _float(t)
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
