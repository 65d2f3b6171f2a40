"""Shape ops of the public API: slicing, concatenation, indexing, casts, upsampling.

Gorgonia's names in snake_case with Go's argument order: ``slice(a, S(1, 3), None)``,
``concat(axis, a, b)``, ``unconcat(a, along, n)``, ``by_indices(a, indices, axis)``.

Constant indices (Python lists, numpy arrays, constant nodes) are checked when the graph is built;
indices computed at run time are clamped into range by the lowering (an out-of-range index reads the
nearest valid slice), never read out of bounds.

>>> import gorgonia_mlir as G
>>> g = G.Graph(); x = G.matrix(g, G.Float32, shape=(4, 6), name="x")
>>> G.slice(x, G.S(1, 3), G.S(0, 6, 2)).shape, G.slice(x, G.S(2)).shape
((2, 3), (6,))
"""

from __future__ import annotations

import builtins
import numbers
from dataclasses import dataclass

import numpy as np

from .. import dtypes as dt
from ..arguments import as_int, need_node, node_context
from ..dialect.spec import DENSE
from ..errors import GraphError
from ..graph import Node
from ..location import user_location

__all__ = [
    "S",
    "at",
    "by_indices",
    "concat",
    "conv_type",
    "diag_flat",
    "embedding",
    "ravel",
    "slice",
    "unconcat",
    "upsample2d",
]


@dataclass(frozen=True)
class S:
    """Gorgonia's ``S(start, end, step)``: one axis of a ``slice``.

    ``S(i)`` picks index ``i`` and drops the axis (numpy's ``x[i]``); ``S(start, end, step)`` keeps it
    (numpy's ``x[start:end:step]``, also when ``end - start == 1``). Negative indices count from the end;
    ``step`` must be positive.

    >>> S(1), S(0, -1, 2)
    (S(start=1, end=None, step=1), S(start=0, end=-1, step=2))
    """

    start: int
    end: int | None = None
    step: int = 1


def _axis_window(op: str, x: Node, axis: int, spec) -> tuple[int, int, int, bool]:
    """(offset, size, stride, drop) of one axis of a slice; GraphError when out of range or empty."""
    d = x.shape[axis]
    if spec is None:
        return 0, d, 1, False
    if isinstance(spec, (numbers.Integral, np.integer)) and not isinstance(spec, bool):
        spec = S(int(spec))
    if isinstance(spec, S) and spec.end is None:
        i = as_int(op, spec.start, f"index on axis {axis}", x)
        if not -d <= i < d:
            raise GraphError(f"{op}: index {i} is out of range for axis {axis} of size {d} {node_context(x)}")
        return i % d, 1, 1, True
    if isinstance(spec, S):
        start, end, step = spec.start, spec.end, spec.step
    elif isinstance(spec, builtins.slice):
        start, end, step = spec.start or 0, d if spec.stop is None else spec.stop, 1 if spec.step is None else spec.step
    else:
        raise GraphError(
            f"{op}: axis {axis} takes G.S(...), a Python slice, an int or None, got {spec!r} {node_context(x)}"
        )
    start, end = as_int(op, start, "start", x), as_int(op, end, "end", x)
    step = as_int(op, step, "step", x)
    if step < 1:
        raise GraphError(f"{op}: step {step} on axis {axis} must be positive {node_context(x)}")
    if not -d <= start < d or not -d <= end <= d:
        raise GraphError(f"{op}: range {start}:{end} is out of range for axis {axis} of size {d} {node_context(x)}")
    lo, hi = start % d, end % d if end < 0 else end
    if hi <= lo:
        raise GraphError(f"{op}: range {start}:{end} selects nothing on axis {axis} of size {d} {node_context(x)}")
    return lo, -(-(hi - lo) // step), step, False


def slice(a: Node, *slices, name: str | None = None) -> Node:  # noqa: A001 - Gorgonia's name
    """``a`` sliced axis by axis, Gorgonia's ``Slice(a, slices...)``; missing trailing axes are kept whole.

    Each axis takes ``G.S(i)`` or an int (pick index i, drop the axis), ``G.S(start, end, step)`` or a
    Python ``slice`` (a strided range), or ``None`` (the whole axis).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.tensor(g, G.Float32, shape=(4, 5, 6), name="x")
    >>> G.slice(x, None, G.S(1, -1), G.S(0, 6, 3)).shape, G.slice(x, 2, G.S(-1)).shape
    ((4, 3, 2), (6,))
    """
    need_node("slice", a)
    if len(slices) > a.ndim:
        raise GraphError(f"slice: {len(slices)} slices for a rank-{a.ndim} operand {node_context(a)}")
    windows = [_axis_window("slice", a, ax, slices[ax] if ax < len(slices) else None) for ax in range(a.ndim)]
    offsets, sizes, strides, drop = zip(*windows, strict=True) if windows else ((), (), (), ())
    attrs = {"offsets": offsets, "sizes": sizes, "strides": strides}
    if not any(drop):
        return a.graph.apply1("slice", [a], attrs, name=name)
    out = a.graph.apply1("slice", [a], attrs)
    kept = tuple(n for n, dropped in zip(sizes, drop, strict=True) if not dropped)
    return a.graph.apply1("reshape", [out], {"shape": kept}, name=name)


def at(a: Node, *coords: int, name: str | None = None) -> Node:
    """The scalar element of ``a`` at ``coords`` (negative ones count from the end), Gorgonia's ``At``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Float64, shape=(2, 3), name="x")
    >>> G.at(x, 1, -1).shape
    ()
    """
    need_node("at", a)
    if len(coords) != a.ndim:
        raise GraphError(f"at: {len(coords)} coordinates for a rank-{a.ndim} operand {node_context(a)}")
    coords = tuple(as_int("at", c, "a coordinate", a) for c in coords)
    for axis, (c, d) in enumerate(zip(coords, a.shape, strict=True)):
        if not -d <= c < d:
            raise GraphError(f"at: coordinate {c} is out of range for axis {axis} of size {d} {node_context(a)}")
    return slice(a, *[S(c) for c in coords], name=name)


def ravel(a: Node, name: str | None = None) -> Node:
    """``a`` flattened to a vector (row-major), Gorgonia's ``Ravel``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
    >>> G.ravel(x).shape
    (6,)
    """
    need_node("ravel", a)
    return a.graph.apply1("reshape", [a], {"shape": (int(np.prod(a.shape)),)}, name=name)


def concat(axis: int, *nodes: Node, name: str | None = None) -> Node:
    """``nodes`` joined along ``axis``, Gorgonia's ``Concat(axis, nodes...)`` (a list works too).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph()
    >>> a = G.matrix(g, G.Float32, shape=(2, 3), name="a"); b = G.matrix(g, G.Float32, shape=(2, 5), name="b")
    >>> G.concat(1, a, b).shape
    (2, 8)
    """
    if isinstance(axis, Node):
        raise GraphError(f"concat: the axis comes first, Gorgonia's Concat(axis, nodes...) [at {user_location()}]")
    if len(nodes) == 1 and isinstance(nodes[0], (list, tuple)):
        nodes = tuple(nodes[0])
    if not nodes:
        raise GraphError(f"concat: needs at least one node [at {user_location()}]")
    for n in nodes:
        need_node("concat", n)
    axis = as_int("concat", axis, "axis", nodes[0])
    return nodes[0].graph.apply1("concat", list(nodes), {"axis": axis}, name=name)


def unconcat(a: Node, along: int, n: int, name: str | None = None) -> list[Node]:
    """``a`` split into ``n`` equal parts along ``along``, Gorgonia's ``Unconcat(a, along, n)``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Float32, shape=(4, 6), name="x")
    >>> [p.shape for p in G.unconcat(x, 1, 3)]
    [(4, 2), (4, 2), (4, 2)]
    """
    need_node("unconcat", a)
    along, n = as_int("unconcat", along, "along", a), as_int("unconcat", n, "n", a)
    return a.graph.apply("unconcat", [a], {"axis": along, "n": n}, name=name)


def _constant_value(x: Node) -> np.ndarray | None:
    if x.kind != "constant":
        return None
    with x.graph.ctx:
        return DENSE.from_mlir(x.record.op.attributes["value"])


def _index_node(op: str, like: Node, indices, n: int, axis: int) -> Node:
    """``indices`` as an integer node; constant ones checked against [0, n)."""
    if not isinstance(indices, Node):
        try:
            arr = np.asarray(indices)
        except ValueError as exc:  # ragged nested lists
            raise GraphError(f"{op}: cannot use {indices!r} as indices: {exc} {node_context(like)}") from None
        if arr.size and arr.dtype.kind not in "iu":
            raise GraphError(f"{op}: indices must be integers, got {arr.dtype} values {node_context(like)}")
        indices = like.graph.constant(arr.astype(np.int64), dt.Int64)
    if not indices.dtype.is_int:
        raise GraphError(
            f"{op}: indices must be Int32/Int64, got {indices.ttype} (node {indices.name!r}) {node_context(like)}"
        )
    values = _constant_value(indices)
    if values is not None and values.size and (values.min() < 0 or values.max() >= n):
        bad = values[(values < 0) | (values >= n)].flat[0]
        raise GraphError(f"{op}: index {bad} is out of range [0, {n}) for axis {axis} {node_context(like)}")
    return indices


def by_indices(a: Node, indices, axis: int, name: str | None = None) -> Node:
    """The slices of ``a`` along ``axis`` at ``indices`` (an Int32/Int64 vector), Gorgonia's ``ByIndices``.

    Run-time indices outside ``[0, a.shape[axis])`` are clamped into range.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Float32, shape=(4, 3), name="x")
    >>> G.by_indices(x, [3, 0, 0, 1, 2], 0).shape
    (5, 3)
    """
    need_node("by_indices", a)
    axis = as_int("by_indices", axis, "axis", a)
    if not -a.ndim <= axis < a.ndim:
        raise GraphError(f"by_indices: axis {axis} is out of range for rank {a.ndim} {node_context(a)}")
    indices = _index_node("by_indices", a, indices, a.shape[axis], axis % a.ndim)
    return a.graph.apply1("by_indices", [a, indices], {"axis": axis}, name=name)


def embedding(weights: Node, ids, name: str | None = None) -> Node:
    """Rows of the ``(vocab, dim)`` matrix ``weights`` for integer ``ids`` of any shape: ``ids.shape + (dim,)``.

    Built on ``by_indices`` (run-time ids outside ``[0, vocab)`` are clamped); its gradient scatter-adds
    into the rows that were read.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); w = G.matrix(g, G.Float32, shape=(10, 4), name="w")
    >>> ids = G.matrix(g, G.Int32, shape=(2, 3), name="ids")
    >>> G.embedding(w, ids).shape
    (2, 3, 4)
    """
    need_node("embedding", weights)
    if weights.ndim != 2:
        raise GraphError(f"embedding: weights must be a (vocab, dim) matrix {node_context(weights)}")
    ids = _index_node("embedding", weights, ids, weights.shape[0], 0)
    g = weights.graph
    if ids.ndim == 1:
        return g.apply1("by_indices", [weights, ids], {"axis": 0}, name=name)
    flat = g.apply1("reshape", [ids], {"shape": (int(np.prod(ids.shape)),)})
    rows = g.apply1("by_indices", [weights, flat], {"axis": 0})
    return g.apply1("reshape", [rows], {"shape": (*ids.shape, weights.shape[1])}, name=name)


def diag_flat(a: Node, name: str | None = None) -> Node:
    """The ``(n, n)`` matrix with ``a``'s ``n`` elements (flattened) on its diagonal, Gorgonia's ``DiagFlat``.

    Built as a strided ``insert_slice`` of the elements into the flattened zero matrix (stride n + 1).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); v = G.vector(g, G.Float32, shape=(3,), name="v")
    >>> G.diag_flat(v).shape
    (3, 3)
    """
    need_node("diag_flat", a)
    n = int(np.prod(a.shape))
    flat = a if a.shape == (n,) else a.graph.apply1("reshape", [a], {"shape": (n,)})
    spread = a.graph.apply1("insert_slice", [flat], {"shape": (n * n,), "offsets": (0,), "strides": (n + 1,)})
    return a.graph.apply1("reshape", [spread], {"shape": (n, n)}, name=name)


def conv_type(a: Node, dtype: dt.Dtype, name: str | None = None) -> Node:
    """``a`` cast to ``dtype`` elementwise: float↔float, int↔float, int↔int, Bool→number (as 0/1).

    Float→int truncates toward zero and saturates at the integer's range (NaN → 0). Float↔float casts
    (op ``conv_float``) are differentiable; casts to or from integers/Bool (op ``conv_type``) are not:
    they contribute zero to a gradient, and a gradient that needs one raises SymDiffError.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.vector(g, G.Float64, shape=(3,), name="x")
    >>> G.conv_type(x, G.Int32).dtype
    Int32
    """
    need_node("conv_type", a)
    if not isinstance(dtype, dt.Dtype):
        raise GraphError(
            f"conv_type: dtype must be one of G.Float32/Float64/Int32/Int64/Bool, got {dtype!r} {node_context(a)}"
        )
    op = "conv_float" if a.dtype.is_float and dtype.is_float else "conv_type"
    return a.graph.apply1(op, [a], {"dtype": dtype.mlir_name}, name=name)


def upsample2d(x: Node, scale: int, name: str | None = None) -> Node:
    """Nearest-neighbour upsampling of an NCHW tensor by ``scale``, Gorgonia's ``Upsample2D``.

    Built from reshape and broadcast_to: (N, C, H, W) → (N, C, H·scale, W·scale); the gradient sums
    each scale×scale block.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.tensor(g, G.Float32, shape=(1, 2, 3, 4), name="x")
    >>> G.upsample2d(x, 2).shape
    (1, 2, 6, 8)
    """
    need_node("upsample2d", x)
    scale = as_int("upsample2d", scale, "scale", x)
    if x.ndim != 4:
        raise GraphError(f"upsample2d: expects an NCHW tensor of rank 4 {node_context(x)}")
    if scale < 1:
        raise GraphError(f"upsample2d: scale {scale} must be at least 1 {node_context(x)}")
    n, c, h, w = x.shape
    g = x.graph
    cells = g.apply1("reshape", [x], {"shape": (n, c, h, 1, w, 1)})
    blocks = g.apply1("broadcast_to", [cells], {"shape": (n, c, h, scale, w, scale)})
    return g.apply1("reshape", [blocks], {"shape": (n, c, h * scale, w * scale)}, name=name)
