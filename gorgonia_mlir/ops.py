"""The public op functions: Gorgonia's names in snake_case, same argument order.

Each function appends one ``gorgonia.*`` op (or a short composite of them) to the operands' graph.

>>> import gorgonia_mlir as G
>>> g = G.Graph()
>>> x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
>>> G.sum(G.tanh(x), 1).shape
(2,)
"""

from __future__ import annotations

import numbers

import numpy as np

from .dialect import ShapeError
from .dialect.table import normalize_axes
from .errors import GraphError
from .graph import Node
from .location import user_location


def _coerce(op: str, a, b) -> tuple[Node, Node]:
    """Two operands as nodes of one graph; a Python/numpy constant takes the other node's dtype."""
    if isinstance(a, Node) and isinstance(b, Node):
        return a, b
    if isinstance(a, Node):
        return a, _constant_like(op, b, a)
    if isinstance(b, Node):
        return _constant_like(op, a, b), b
    raise GraphError(
        f"{op}: at least one operand must be a graph node, got {type(a).__name__} and "
        f"{type(b).__name__} [at {user_location()}]"
    )


def _constant_like(op: str, value, like: Node) -> Node:
    if not isinstance(value, (numbers.Number, np.ndarray, np.generic, list, tuple)):
        raise GraphError(f"{op}: cannot use {type(value).__name__} as an operand [at {user_location()}]")
    try:
        arr = np.asarray(value)
    except ValueError as exc:  # ragged nested lists
        raise GraphError(f"{op}: cannot use {value!r} as an operand: {exc} [at {user_location()}]") from None
    if arr.dtype.kind not in "biuf":
        raise GraphError(
            f"{op}: the constant {value!r} ({arr.dtype}) is not a number of {like.dtype} (node {like.name!r}) "
            f"[at {user_location()}]"
        )
    if like.dtype.is_int and arr.dtype.kind == "f" and not np.all(arr == np.round(arr)):
        raise GraphError(
            f"{op}: the constant {value!r} is not exact in {like.dtype} (node {like.name!r}) [at {user_location()}]"
        )
    if not _representable(arr, like.dtype.np):
        raise GraphError(
            f"{op}: the constant {value!r} is out of the range of {like.dtype} (node {like.name!r}) "
            f"[at {user_location()}]"
        )
    return like.graph.constant(arr, like.dtype)


def _representable(arr: np.ndarray, dtype: np.dtype) -> bool:
    """Whether casting ``arr`` to ``dtype`` keeps its values (no integer wrap-around, no overflow to inf)."""
    if arr.size == 0 or dtype.kind == "b" or arr.dtype.kind == "b":
        return True
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return bool(np.nanmin(arr) >= info.min and np.nanmax(arr) <= info.max)
    finite = np.isfinite(arr)
    return bool(np.all(np.abs(arr[finite]) <= np.finfo(dtype).max))


def _is_integer(v) -> bool:
    return isinstance(v, (numbers.Integral, np.integer)) and not isinstance(v, bool)


def is_i64(v) -> bool:
    """Whether ``v`` is an integer (not a bool) that an MLIR i64 attribute holds."""
    return _is_integer(v) and -(2**63) <= v < 2**63


def _int_list(op: str, values, what: str, x: Node | None = None) -> tuple[int, ...]:
    """``values`` (an int or a sequence of 64-bit ints) as a tuple of ints, or a GraphError naming the op."""
    items = (values,) if isinstance(values, (numbers.Integral, np.integer)) else values
    try:
        items = tuple(items)
    except TypeError:
        items = None
    if items is None or not all(is_i64(v) for v in items):
        node = f" (node {x.name!r}: {x.ttype})" if x is not None else ""
        size = " (of 64 bits)" if items is not None and all(_is_integer(v) for v in items) else ""
        got = items if items is not None else values
        raise GraphError(f"{op}: {what} must be integers{size}, got {got!r}{node} [at {user_location()}]")
    return tuple(int(v) for v in items)


def _int(op: str, value, what: str, x: Node | None = None) -> int:
    """``value`` as an int (64-bit; not a bool, float or string), or a GraphError naming the op (and node ``x``)."""
    if not is_i64(value):
        size = " of 64 bits" if _is_integer(value) else ""
        node = f" (node {x.name!r}: {x.ttype})" if x is not None else ""
        raise GraphError(f"{op}: {what} must be an integer{size}, got {value!r}{node} [at {user_location()}]")
    return int(value)


def _real(op: str, value, what: str) -> float:
    """``value`` as a float (an int or float, not a bool or string), or a GraphError naming the op."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise GraphError(f"{op}: {what} must be a real number, got {value!r} [at {user_location()}]")
    return float(value)


def _unary(op):
    def fn(x: Node, name: str | None = None) -> Node:
        if not isinstance(x, Node):
            raise GraphError(f"{op}: operand must be a graph node, got {type(x).__name__} [at {user_location()}]")
        return x.graph.apply1(op, [x], name=name)

    fn.__name__ = fn.__qualname__ = op
    return fn


def _binary(op):
    def fn(a, b, name: str | None = None) -> Node:
        a, b = _coerce(op, a, b)
        return a.graph.apply1(op, [a, b], name=name)

    fn.__name__ = fn.__qualname__ = op
    return fn


neg = _unary("neg")
exp = _unary("exp")
log = _unary("log")
tanh = _unary("tanh")
sigmoid = _unary("sigmoid")
rectify = _unary("rectify")
relu = rectify
square = _unary("square")
sqrt = _unary("sqrt")

add = _binary("add")
sub = _binary("sub")
hadamard_prod = _binary("hadamard_prod")
hadamard_div = _binary("hadamard_div")
pow = _binary("pow")  # noqa: A001 - Gorgonia's name
outer_prod = _binary("outer_prod")

neg.__doc__ = "-x elementwise. ``G.neg(x)`` or ``-x``."
exp.__doc__ = "e**x elementwise. ``G.exp(x)``."
log.__doc__ = "Natural log elementwise. ``G.log(x)``."
tanh.__doc__ = "tanh elementwise. ``G.tanh(x)``."
sigmoid.__doc__ = "1/(1+e**-x) elementwise, stable for large |x|. ``G.sigmoid(x)``."
rectify.__doc__ = "max(x, 0) elementwise (relu). ``G.rectify(x)``."
square.__doc__ = "x*x elementwise. ``G.square(x)``."
sqrt.__doc__ = "Square root elementwise. ``G.sqrt(x)``."
add.__doc__ = "a + b with numpy broadcasting. ``G.add(x, y)`` or ``x + y``."
sub.__doc__ = "a - b with numpy broadcasting. ``G.sub(x, y)`` or ``x - y``."
hadamard_prod.__doc__ = "a * b elementwise, numpy broadcasting. ``G.hadamard_prod(x, y)`` or ``x * y``."
hadamard_div.__doc__ = "a / b elementwise, numpy broadcasting. ``G.hadamard_div(x, y)`` or ``x / y``."
pow.__doc__ = "a ** b elementwise (floats), numpy broadcasting. ``G.pow(x, 2.0)`` or ``x ** 2.0``."
outer_prod.__doc__ = "Outer product of two vectors. ``G.outer_prod(u, v)`` has shape (len(u), len(v))."


def mul(a, b, name: str | None = None) -> Node:
    """Gorgonia's overloaded Mul: scalar×any, vector·vector, matrix×vector, matrix×matrix.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph()
    >>> w = G.matrix(g, G.Float32, shape=(3, 2), name="w"); x = G.matrix(g, G.Float32, shape=(4, 3), name="x")
    >>> G.mul(x, w).shape
    (4, 2)
    """
    a, b = _coerce("mul", a, b)
    ra, rb = a.ndim, b.ndim
    if ra == 0 or rb == 0:
        op = "hadamard_prod"
    else:
        op = {(1, 1): "dot", (2, 1): "matvec", (2, 2): "matmul"}.get((ra, rb))
    if op is None:
        raise GraphError(
            f"mul: no overload for shapes {a.shape} and {b.shape} (nodes {a.name!r}, {b.name!r}); "
            f"supported: scalar×any, vector·vector, matrix×vector, matrix×matrix [at {user_location()}]"
        )
    return a.graph.apply1(op, [a, b], name=name)


def _axes(x: Node, along, op: str) -> tuple[int, ...]:
    if len(along) == 1 and isinstance(along[0], (tuple, list)):
        along = tuple(along[0])
    if not along:
        return tuple(range(x.ndim))
    for a in along:
        if isinstance(a, bool) or not isinstance(a, (int, np.integer)):
            raise GraphError(f"{op}: axes must be integers, got {a!r} [at {user_location()}]")
    return tuple(int(a) for a in along)


def sum(x: Node, *along: int, keepdims: bool = False, name: str | None = None) -> Node:  # noqa: A001
    """Sum over the axes ``along`` (all axes when none are given), Gorgonia's ``Sum(a, along...)``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Float64, shape=(2, 3), name="x")
    >>> G.sum(x).shape, G.sum(x, 0).shape, G.sum(x, 1, keepdims=True).shape
    ((), (3,), (2, 1))
    """
    _node("sum", x)
    return x.graph.apply1("sum", [x], {"along": _axes(x, along, "sum"), "keepdims": keepdims}, name=name)


def mean(x: Node, *along: int, keepdims: bool = False, name: str | None = None) -> Node:
    """Mean over the axes ``along`` (all axes when none are given), Gorgonia's ``Mean``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.vector(g, G.Float64, shape=(4,), name="x")
    >>> G.mean(x).shape
    ()
    """
    _node("mean", x)
    if not x.dtype.is_float:
        raise GraphError(f"mean: expects a float operand, got {x.dtype} (node {x.name!r}) [at {user_location()}]")
    try:
        axes = normalize_axes(_axes(x, along, "mean"), x.ndim)
    except ShapeError as exc:
        raise GraphError(f"mean: {exc} (node {x.name!r}: {x.ttype}) [at {user_location()}]") from None
    total = sum(x, *axes, keepdims=keepdims)
    count = int(np.prod([x.shape[a] for a in axes]))
    return x.graph.apply1("hadamard_div", [total, x.graph.constant(count, x.dtype)], name=name)


def reshape(x: Node, shape, name: str | None = None) -> Node:
    """Same elements, new shape; one dimension may be -1 (inferred). Gorgonia's ``Reshape``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Float32, shape=(2, 6), name="x")
    >>> G.reshape(x, (3, -1)).shape
    (3, 4)
    """
    _node("reshape", x)
    shape = _int_list("reshape", shape, "the shape's dimensions", x)
    if shape.count(-1) > 1:
        raise GraphError(f"reshape: at most one -1 allowed, got {shape} (node {x.name!r}) [at {user_location()}]")
    if -1 in shape:
        known = int(np.prod([d for d in shape if d != -1]))
        total = int(np.prod(x.shape))
        if known == 0 or total % known:
            raise GraphError(f"reshape: cannot reshape {x.shape} to {shape} (node {x.name!r}) [at {user_location()}]")
        shape = tuple(total // known if d == -1 else d for d in shape)
    return x.graph.apply1("reshape", [x], {"shape": shape}, name=name)


def transpose(x: Node, *axes: int, name: str | None = None) -> Node:
    """Permute axes (reverse them when none are given), Gorgonia's ``Transpose(n, axes...)``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.tensor(g, G.Float32, shape=(2, 3, 4), name="x")
    >>> G.transpose(x).shape, G.transpose(x, 0, 2, 1).shape
    ((4, 3, 2), (2, 4, 3))
    """
    _node("transpose", x)
    if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
        axes = tuple(axes[0])
    perm = _int_list("transpose", axes, "axes", x) if axes else tuple(reversed(range(x.ndim)))
    return x.graph.apply1("transpose", [x], {"perm": perm}, name=name)


def broadcast_to(x: Node, shape, name: str | None = None) -> Node:
    """numpy ``broadcast_to``: repeat size-1 / missing leading axes up to ``shape``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); b = G.vector(g, G.Float32, shape=(3,), name="b")
    >>> G.broadcast_to(b, (2, 3)).shape
    (2, 3)
    """
    _node("broadcast_to", x)
    shape = _int_list("broadcast_to", shape, "the shape's dimensions", x)
    if any(d <= 0 for d in shape):  # as the node constructors: no empty tensors
        raise GraphError(
            f"broadcast_to: dimensions must be positive, got {shape} (node {x.name!r}) [at {user_location()}]"
        )
    return x.graph.apply1("broadcast_to", [x], {"shape": shape}, name=name)


def _node(op: str, x) -> None:
    if not isinstance(x, Node):
        raise GraphError(f"{op}: operand must be a graph node, got {type(x).__name__} [at {user_location()}]")


def _comparison(op: str, symbol: str):
    def fn(a, b, ret_same: bool = False, name: str | None = None) -> Node:
        a, b = _coerce(op, a, b)
        return a.graph.apply1(op, [a, b], {"ret_same": bool(ret_same)}, name=name)

    fn.__name__ = fn.__qualname__ = op
    fn.__doc__ = (
        f"a {symbol} b elementwise with numpy broadcasting: a Bool node, or 1/0 in the operands' dtype when "
        f"``ret_same=True`` (Gorgonia's ``retSame``). Not differentiable.\n\n"
        f"    >>> import gorgonia_mlir as G\n"
        f"    >>> g = G.Graph(); x = G.vector(g, G.Float32, shape=(3,), name='x')\n"
        f"    >>> G.{op}(x, 0.0).dtype, G.{op}(x, 0.0, ret_same=True).dtype\n"
        f"    (Bool, Float32)\n"
    )
    return fn


lt = _comparison("lt", "<")
gt = _comparison("gt", ">")
lte = _comparison("lte", "<=")
gte = _comparison("gte", ">=")
eq = _comparison("eq", "==")
ne = _comparison("ne", "!=")
