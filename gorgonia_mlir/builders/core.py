"""Core builders: constants as operands, contractions (``mul``, ``outer_prod``), ``sum``/``mean`` and the
layout ops ``reshape``/``transpose``/``broadcast_to``. Gorgonia's names in snake_case, same argument order.

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

from ..arguments import as_axes, as_int_list, need_node
from ..dialect import ShapeError
from ..dialect.table import normalize_axes
from ..errors import GraphError
from ..graph import Node
from ..location import user_location

__all__ = ["broadcast_to", "mean", "mul", "outer_prod", "reshape", "sum", "transpose"]


def coerce(op: str, a, b) -> tuple[Node, Node]:
    """Two operands as nodes of one graph; a Python/numpy constant takes the other node's dtype."""
    if isinstance(a, Node) and isinstance(b, Node):
        return a, b
    if isinstance(a, Node):
        return a, constant_like(op, b, a)
    if isinstance(b, Node):
        return constant_like(op, a, b), b
    raise GraphError(
        f"{op}: at least one operand must be a graph node, got {type(a).__name__} and "
        f"{type(b).__name__} [at {user_location()}]"
    )


def constant_like(op: str, value, like: Node) -> Node:
    """``value`` (a Python/numpy number or array) as a constant node of ``like``'s dtype; a GraphError when
    it is not a number, not exact (a fraction for an int node) or out of the dtype's range."""
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


def mul(a, b, name: str | None = None) -> Node:
    """Gorgonia's overloaded Mul: scalar×any, vector·vector, matrix×vector, matrix×matrix.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph()
    >>> w = G.matrix(g, G.Float32, shape=(3, 2), name="w"); x = G.matrix(g, G.Float32, shape=(4, 3), name="x")
    >>> G.mul(x, w).shape
    (4, 2)
    """
    a, b = coerce("mul", a, b)
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


def outer_prod(a, b, name: str | None = None) -> Node:
    """Outer product of two vectors. ``G.outer_prod(u, v)`` has shape (len(u), len(v))."""
    a, b = coerce("outer_prod", a, b)
    return a.graph.apply1("outer_prod", [a, b], name=name)


def sum(x: Node, *along: int, keepdims: bool = False, name: str | None = None) -> Node:  # noqa: A001
    """Sum over the axes ``along`` (all axes when none are given), Gorgonia's ``Sum(a, along...)``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Float64, shape=(2, 3), name="x")
    >>> G.sum(x).shape, G.sum(x, 0).shape, G.sum(x, 1, keepdims=True).shape
    ((), (3,), (2, 1))
    """
    need_node("sum", x)
    return x.graph.apply1("sum", [x], {"along": as_axes("sum", x, along), "keepdims": keepdims}, name=name)


def mean(x: Node, *along: int, keepdims: bool = False, name: str | None = None) -> Node:
    """Mean over the axes ``along`` (all axes when none are given), Gorgonia's ``Mean``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.vector(g, G.Float64, shape=(4,), name="x")
    >>> G.mean(x).shape
    ()
    """
    need_node("mean", x)
    if not x.dtype.is_float:
        raise GraphError(f"mean: expects a float operand, got {x.dtype} (node {x.name!r}) [at {user_location()}]")
    try:
        axes = normalize_axes(as_axes("mean", x, along), x.ndim)
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
    need_node("reshape", x)
    shape = as_int_list("reshape", shape, "the shape's dimensions", x)
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
    need_node("transpose", x)
    if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
        axes = tuple(axes[0])
    perm = as_int_list("transpose", axes, "axes", x) if axes else tuple(reversed(range(x.ndim)))
    return x.graph.apply1("transpose", [x], {"perm": perm}, name=name)


def broadcast_to(x: Node, shape, name: str | None = None) -> Node:
    """numpy ``broadcast_to``: repeat size-1 / missing leading axes up to ``shape``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); b = G.vector(g, G.Float32, shape=(3,), name="b")
    >>> G.broadcast_to(b, (2, 3)).shape
    (2, 3)
    """
    need_node("broadcast_to", x)
    shape = as_int_list("broadcast_to", shape, "the shape's dimensions", x)
    if any(d <= 0 for d in shape):  # as the node constructors: no empty tensors
        raise GraphError(
            f"broadcast_to: dimensions must be positive, got {shape} (node {x.name!r}) [at {user_location()}]"
        )
    return x.graph.apply1("broadcast_to", [x], {"shape": shape}, name=name)
