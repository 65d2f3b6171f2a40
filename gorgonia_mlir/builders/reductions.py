"""Reductions and contractions of the public API: Gorgonia's ``Max``, ``Min``, ``Prod``, ``Norm``,
``LogSumExp``, ``Argmax``/``Argmin``, ``BatchedMatMul`` and ``Tensordot`` in snake_case, Go's argument
order (``tensordot(a_axes, b_axes, a, b)``), with numpy's ``keepdims``.

Semantics worth knowing:

- ``max`` / ``min``: NaN propagates (as ``numpy.max``); the gradient is split evenly among tied
  maxima (as JAX), e.g. d max(x, x) / dx = 1/2 each.
- ``prod``: exact first derivatives also where entries are zero (∂/∂x_i = Π_{j≠i} x_j).
- ``log_sum_exp``: log Σ exp computed max-shifted, so it neither overflows nor underflows; all -inf
  gives -inf. A stabilisation pass may turn ``log(sum(exp(x)))`` into it.
- ``argmax`` / ``argmin``: Int64 indices, the first one on ties, a NaN counts as the extremum (numpy).
- ``norm``: built from other ops (p = 2: sqrt Σ x², p = 1: Σ|x|, p = inf: max |x|, else (Σ|x|^p)^(1/p);
  ``p="fro"`` is the Frobenius norm of a matrix). |x| has derivative sign(x), 0 at 0; the gradient of
  a p ≤ 2 norm at the zero vector is not finite (as in numpy-based frameworks).

>>> import gorgonia_mlir as G
>>> g = G.Graph(); x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
>>> G.max(x, 1).shape, G.argmax(x, 0).dtype, G.norm(x, 1, p=1).shape
((2,), Int64, (2,))
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ..arguments import as_axes, as_int_list, need_node, node_context
from ..dialect import ShapeError
from ..dialect.table import normalize_axes
from ..errors import GraphError
from ..graph import Node
from ..location import user_location
from . import core
from . import elementwise as ew

__all__ = ["argmax", "argmin", "batched_matmul", "log_sum_exp", "max", "min", "norm", "prod", "tensordot"]


def _reduction(op: str, doc: str):
    def fn(a: Node, *along: int, keepdims: bool = False, name: str | None = None) -> Node:
        need_node(op, a)
        attrs = {"along": as_axes(op, a, along), "keepdims": bool(keepdims)}
        return a.graph.apply1(op, [a], attrs, name=name)

    fn.__name__ = fn.__qualname__ = op
    fn.__doc__ = doc
    return fn


max = _reduction(  # noqa: A001 - Gorgonia's name
    "max",
    """Maximum over the axes ``along`` (all when none are given), Gorgonia's ``Max(a, along...)``.

    NaN propagates; the gradient is split evenly among positions that tie for the maximum.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
    >>> G.max(x).shape, G.max(x, 1).shape, G.max(x, 0, keepdims=True).shape
    ((), (2,), (1, 3))
    """,
)
min = _reduction(  # noqa: A001 - Gorgonia's name
    "min",
    """Minimum over the axes ``along`` (all when none are given), Gorgonia's ``Min(a, along...)``.

    NaN propagates; the gradient is split evenly among positions that tie for the minimum.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Int32, shape=(2, 3), name="x")
    >>> G.min(x, 0).shape
    (3,)
    """,
)
prod = _reduction(
    "prod",
    """Product over the axes ``along`` (all when none are given), Gorgonia's ``Prod``.

    The gradient Π_{j≠i} x_j is exact also where entries are zero.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.tensor(g, G.Float64, shape=(2, 3, 4), name="x")
    >>> G.prod(x, 0, 2).shape
    (3,)
    """,
)
log_sum_exp = _reduction(
    "log_sum_exp",
    """log(Σ exp(a)) over the axes ``along`` (all when none are given), computed max-shifted so that it
    neither overflows nor underflows; Gorgonia's ``LogSumExp(a, axis)``. Floats only.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Float32, shape=(4, 10), name="logits")
    >>> G.log_sum_exp(x, 1).shape, G.log_sum_exp(x, 1, keepdims=True).shape
    ((4,), (4, 1))
    """,
)


def _arg(op: str, what: str):
    def fn(a: Node, axis: int, keepdims: bool = False, name: str | None = None) -> Node:
        need_node(op, a)
        if isinstance(axis, bool) or not isinstance(axis, (numbers.Integral, np.integer)):
            raise GraphError(f"{op}: axis must be an integer, got {axis!r} {node_context(a)}")
        return a.graph.apply1(op, [a], {"axis": int(axis), "keepdims": bool(keepdims)}, name=name)

    fn.__name__ = fn.__qualname__ = op
    fn.__doc__ = (
        f"Int64 index of the {what} along ``axis`` (the first one on ties; a NaN counts as the {what}), "
        f"Gorgonia's ``{op.capitalize()}(a, axis)``. Not differentiable.\n\n"
        f"    >>> import gorgonia_mlir as G\n"
        f"    >>> g = G.Graph(); x = G.matrix(g, G.Float32, shape=(4, 10), name='x')\n"
        f"    >>> G.{op}(x, 1).shape, G.{op}(x, 1).dtype, G.{op}(x, 0, keepdims=True).shape\n"
        f"    ((4,), Int64, (1, 10))\n"
    )
    return fn


argmax = _arg("argmax", "maximum")
argmin = _arg("argmin", "minimum")


def _abs(x: Node) -> Node:
    # |x| = x · sign(x), sign from comparisons (zero derivative): d|x| = sign(x), 0 at 0
    sign = ew.sub(ew.gt(x, 0, ret_same=True), ew.lt(x, 0, ret_same=True))
    return ew.hadamard_prod(x, sign)


def norm(a: Node, axis=None, p=2, keepdims: bool = False, name: str | None = None) -> Node:
    """The p-norm over ``axis`` (an int, a tuple, or None for all axes), Gorgonia's ``Norm(a, axis, p)``.

    ``p`` is 2 (default: sqrt Σ x²), 1 (Σ|x|), ``math.inf`` (max |x|), any other p > 0 ((Σ|x|^p)^(1/p)),
    or ``"fro"``: the Frobenius norm over two axes (a matrix's by default). Floats only.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Float64, shape=(3, 4), name="x")
    >>> G.norm(x).shape, G.norm(x, 1).shape, G.norm(x, 0, p=1, keepdims=True).shape, G.norm(x, p="fro").shape
    ((), (3,), (1, 4), ())
    """
    need_node("norm", a)
    if not a.dtype.is_float:
        raise GraphError(f"norm: expects a float operand, got {a.dtype} {node_context(a)}")
    axes = as_axes("norm", a, () if axis is None else (axis,))
    try:
        axes = normalize_axes(axes, a.ndim)
    except ShapeError as exc:
        raise GraphError(f"norm: {exc} {node_context(a)}") from None
    if isinstance(p, str):
        if p != "fro":
            raise GraphError(f"norm: p must be a positive number, math.inf or 'fro', got {p!r} {node_context(a)}")
        if len(axes) != 2:
            raise GraphError(f"norm: the Frobenius norm needs 2 axes, got axes {axes} {node_context(a)}")
        p = 2
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not p > 0:
        raise GraphError(f"norm: p must be a positive number, math.inf or 'fro', got {p!r} {node_context(a)}")
    kw = {"keepdims": keepdims}
    if p == 2:
        return ew.sqrt(core.sum(ew.square(a), *axes, **kw), name=name)
    if p == 1:
        return core.sum(_abs(a), *axes, keepdims=keepdims, name=name)
    if math.isinf(p):
        return max(_abs(a), *axes, keepdims=keepdims, name=name)
    total = core.sum(ew.pow(_abs(a), float(p)), *axes, **kw)
    return ew.pow(total, 1.0 / float(p), name=name)


def batched_matmul(a: Node, b: Node, trans_a: bool = False, trans_b: bool = False, name: str | None = None) -> Node:
    """Gorgonia's ``BatchedMatMul(a, b, transA, transB)``: ``a[i] @ b[i]`` for every leading index.

    Both operands have the same rank (≥ 3) and the same leading (batch) axes; ``trans_a`` / ``trans_b``
    transpose the last two axes of an operand without materialising the transpose.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph()
    >>> q = G.tensor(g, G.Float32, shape=(8, 5, 16), name="q"); k = G.tensor(g, G.Float32, shape=(8, 7, 16), name="k")
    >>> G.batched_matmul(q, k, trans_b=True).shape
    (8, 5, 7)
    """
    a, b = core.coerce("batched_matmul", a, b)
    if a.ndim != b.ndim or a.ndim < 3 or a.shape[:-2] != b.shape[:-2]:
        raise GraphError(
            f"batched_matmul: expects operands of equal rank ≥ 3 with the same batch axes, got shapes {a.shape} "
            f"and {b.shape} (nodes {a.name!r}, {b.name!r}) [at {user_location()}]"
        )
    attrs = {"trans_a": bool(trans_a), "trans_b": bool(trans_b)}
    if a.ndim == 3:
        return a.graph.apply1("batched_matmul", [a, b], attrs, name=name)
    # more batch axes: flattened into one, multiplied, restored
    batch = a.shape[:-2]
    flat = [core.reshape(v, (-1, *v.shape[-2:])) for v in (a, b)]
    out = a.graph.apply1("batched_matmul", flat, attrs)
    return core.reshape(out, (*batch, *out.shape[1:]), name=name)


def tensordot(a_axes, b_axes, a: Node, b: Node, name: str | None = None) -> Node:
    """Gorgonia's ``Tensordot(aAxes, bAxes, a, b)``: Σ a·b over the axes ``a_axes`` of a paired with the
    axes ``b_axes`` of b; the result has a's remaining axes, then b's (``numpy.tensordot``).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph()
    >>> a = G.tensor(g, G.Float32, shape=(3, 4, 5), name="a"); b = G.tensor(g, G.Float32, shape=(5, 3, 2), name="b")
    >>> G.tensordot([0, 2], [1, 0], a, b).shape, G.tensordot(2, 0, a, b).shape
    ((4, 2), (3, 4, 3, 2))
    """
    a, b = core.coerce("tensordot", a, b)
    axes = []
    for what, v in (("a_axes", a_axes), ("b_axes", b_axes)):
        axes.append(as_int_list("tensordot", v, what))
    return a.graph.apply1("tensordot", [a, b], {"a_axes": axes[0], "b_axes": axes[1]}, name=name)
