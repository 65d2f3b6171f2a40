"""Neural-network ops of the public API: convolutions, im2col, pooling, softmax-like ops and losses.

Gorgonia's names in snake_case with Go's argument order. Images are NCHW ``(N, C, H, W)`` (1-d ops take
``(N, C, W)``), filters ``(Cout, Cin, kh, kw)``. ``pad`` is ``(h, w)`` (the same on both sides, as Go)
or ``(top, bottom, left, right)``; an axis of size ``n`` gives ``(n + pads - dilation·(k-1) - 1) // stride + 1``
outputs.

>>> import gorgonia_mlir as G
>>> g = G.Graph()
>>> x = G.tensor(g, G.Float32, shape=(8, 3, 28, 28), name="x")
>>> w = G.tensor(g, G.Float32, shape=(16, 3, 3, 3), name="w")
>>> h = G.max_pool2d(G.rectify(G.conv2d(x, w, (3, 3), (1, 1), (1, 1), (1, 1))), (2, 2), (0, 0), (2, 2))
>>> G.softmax(G.reshape(h, (8, -1))).shape
(8, 3136)
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

from ..arguments import is_i64, node_context
from ..errors import GraphError
from ..graph import Node
from ..location import user_location
from . import core
from . import elementwise as ew
from .core import constant_like, reshape
from .shape import conv_type

__all__ = [
    "average_pool1d",
    "average_pool2d",
    "avg_pool1d",
    "avg_pool2d",
    "binary_xent",
    "conv1d",
    "conv2d",
    "conv_transpose2d",
    "cross_entropy",
    "global_average_pool2d",
    "im2col",
    "log_softmax",
    "max_pool1d",
    "max_pool2d",
    "softmax",
    "sparsemax",
]


def _node(op: str, x, rank: int | None = None, floats: bool = True) -> Node:
    if not isinstance(x, Node):
        raise GraphError(f"{op}: operand must be a graph node, got {type(x).__name__} [at {user_location()}]")
    if floats and not x.dtype.is_float:
        raise GraphError(f"{op}: expects a Float32/Float64 operand {node_context(x)}")
    if rank is not None and x.ndim != rank:
        raise GraphError(f"{op}: expects a rank-{rank} operand, got shape {x.shape} {node_context(x)}")
    return x


def _ints(op: str, x: Node, what: str, values, sizes: Sequence[int]) -> tuple[int, ...]:
    if isinstance(values, (numbers.Integral, np.integer)) and not isinstance(values, bool):
        values = (values,)
    try:
        out = tuple(values)
    except TypeError:
        out = None
    ok = out is not None and len(out) in sizes and all(is_i64(v) for v in out)
    if not ok:
        want = " or ".join(str(n) for n in sizes)
        raise GraphError(f"{op}: {what} must be {want} integers, got {values!r} {node_context(x)}")
    return tuple(int(v) for v in out)


def _pad4(op: str, x: Node, pad) -> tuple[int, int, int, int]:
    """(h, w) → (h, h, w, w); (top, bottom, left, right) as given."""
    p = _ints(op, x, "pad", (0, 0) if pad is None else pad, (2, 4))
    return (p[0], p[0], p[1], p[1]) if len(p) == 2 else p


def _pair(op, x, what, values, default) -> tuple[int, int]:
    return _ints(op, x, what, default if values is None else values, (2,))


def _conv_attrs(op: str, x: Node, filter: Node, kernel_shape, pad, stride, dilation) -> dict:  # noqa: A002
    """pad/stride/dilation of a convolution, checked; ``kernel_shape`` must be the filter's own."""
    _node(op, x)
    _node(op, filter)
    if filter.ndim == 4 and _pair(op, filter, "kernel_shape", kernel_shape, None) != filter.shape[2:]:
        raise GraphError(
            f"{op}: kernel_shape {tuple(kernel_shape)} differs from the filter's {filter.shape[2:]} "
            f"{node_context(filter)}"
        )
    return {
        "pad": _pad4(op, x, pad),
        "stride": _pair(op, x, "stride", stride, (1, 1)),
        "dilation": _pair(op, x, "dilation", dilation, (1, 1)),
    }


def conv2d(
    im: Node,
    filter: Node,
    kernel_shape,
    pad=None,
    stride=None,
    dilation=None,
    name: str | None = None,  # noqa: A002
) -> Node:
    """2-d convolution (cross-correlation, as Gorgonia's ``Conv2d``) of NCHW images by (Cout, Cin, kh, kw)
    filters, zero padded; ``pad``, ``stride``, ``dilation`` default to 0, 1, 1.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph()
    >>> x = G.tensor(g, G.Float64, shape=(2, 3, 5, 5), name="x")
    >>> w = G.tensor(g, G.Float64, shape=(4, 3, 3, 3), name="w")
    >>> G.conv2d(x, w, (3, 3), (1, 1), (2, 2), (1, 1)).shape
    (2, 4, 3, 3)
    """
    attrs = _conv_attrs("conv2d", im, filter, kernel_shape, pad, stride, dilation)
    return im.graph.apply1("conv2d", [im, filter], attrs, name=name)


def conv1d(
    in_: Node,
    filter: Node,
    kernel: int,
    pad: int = 0,
    stride: int = 1,
    dilation: int = 1,
    name: str | None = None,  # noqa: A002
) -> Node:
    """1-d convolution of (N, C, W) signals by (Cout, Cin, k) filters (Gorgonia's ``Conv1d``, which runs
    conv2d on a height-1 image: so does this).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph()
    >>> x = G.tensor(g, G.Float32, shape=(2, 3, 10), name="x"); w = G.tensor(g, G.Float32, shape=(5, 3, 3), name="w")
    >>> G.conv1d(x, w, 3, 1, 2).shape
    (2, 5, 5)
    """
    _node("conv1d", in_, 3)
    _node("conv1d", filter, 3)
    k, p, s, d = (
        _ints("conv1d", in_, what, v, (1,))[0]
        for what, v in (("kernel", kernel), ("pad", pad), ("stride", stride), ("dilation", dilation))
    )
    x4 = reshape(in_, (in_.shape[0], in_.shape[1], 1, in_.shape[2]))
    w4 = reshape(filter, (*filter.shape[:2], 1, filter.shape[2]))
    y = conv2d(x4, w4, (1, k), (0, 0, p, p), (1, s), (1, d))
    return reshape(y, (y.shape[0], y.shape[1], y.shape[3]), name=name)


def conv_transpose2d(
    x: Node,
    filter: Node,
    kernel_shape,
    pad=None,
    stride=None,
    dilation=None,
    output_padding=None,  # noqa: A002
    name: str | None = None,
) -> Node:
    """Transposed convolution: the adjoint of ``conv2d(·, filter, kernel_shape, pad, stride, dilation)``
    w.r.t. its image. ``x`` has ``filter.shape[0]`` channels, the result ``filter.shape[1]``; an axis of
    size n gives ``(n-1)·stride + dilation·(k-1) + 1 - pads + output_padding`` (output_padding < stride
    adds rows/columns at the bottom/right, recovering sizes conv2d's floor division dropped).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph()
    >>> y = G.tensor(g, G.Float32, shape=(1, 4, 3, 3), name="y")
    >>> w = G.tensor(g, G.Float32, shape=(4, 2, 3, 3), name="w")
    >>> G.conv_transpose2d(y, w, (3, 3), (1, 1), (2, 2), (1, 1), (1, 1)).shape
    (1, 2, 6, 6)
    """
    attrs = _conv_attrs("conv_transpose2d", x, filter, kernel_shape, pad, stride, dilation)
    attrs["output_padding"] = _pair("conv_transpose2d", x, "output_padding", output_padding, (0, 0))
    return x.graph.apply1("conv_transpose2d", [x, filter], attrs, name=name)


def im2col(x: Node, kernel, pad, stride, dilation=(1, 1), name: str | None = None) -> Node:
    """Image patches as columns, Gorgonia's ``Im2Col`` layout: (N, C, H, W) → (N, H', W', C·kh·kw) where
    ``out[n, oh, ow, c·kh·kw + i·kw + j] = xp[n, c, oh·sh + i·dh, ow·sw + j·dw]`` (xp: x zero padded).
    ``conv2d(x, w)`` is ``im2col(x) @ reshape(w, (Cout, -1))ᵀ`` transposed back to NCHW.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.tensor(g, G.Float32, shape=(1, 2, 4, 4), name="x")
    >>> G.im2col(x, (3, 3), (1, 1), (1, 1)).shape
    (1, 4, 4, 18)
    """
    _node("im2col", x)
    attrs = {
        "kernel": _pair("im2col", x, "kernel", kernel, None),
        "pad": _pad4("im2col", x, pad),
        "stride": _pair("im2col", x, "stride", stride, None),
        "dilation": _pair("im2col", x, "dilation", dilation, None),
    }
    return x.graph.apply1("im2col", [x], attrs, name=name)


def _pool_attrs(op: str, x: Node, kernel, pad, stride) -> dict:
    kernel = _pair(op, x, "kernel", kernel, None)
    return {"kernel": kernel, "pad": _pad4(op, x, pad), "stride": _pair(op, x, "stride", stride, kernel)}


def max_pool2d(x: Node, kernel, pad=None, stride=None, name: str | None = None) -> Node:
    """Max over each kh×kw window of an NCHW image (Gorgonia's ``MaxPool2D``). ``pad`` is (h, w) or
    (top, bottom, left, right), each smaller than the kernel; padded cells never win. ``stride`` defaults
    to the kernel. The gradient goes to the first maximum of each window in row-major order (ties).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.tensor(g, G.Float32, shape=(1, 3, 5, 5), name="x")
    >>> G.max_pool2d(x, (2, 2), (0, 1, 0, 1), (2, 2)).shape
    (1, 3, 3, 3)
    """
    _node("max_pool2d", x)
    return x.graph.apply1("max_pool2d", [x], _pool_attrs("max_pool2d", x, kernel, pad, stride), name=name)


def avg_pool2d(x: Node, kernel, pad=None, stride=None, name: str | None = None) -> Node:
    """Mean over each kh×kw window of an NCHW image. Padded cells do not count: each window divides by
    the number of real cells it covers (TensorFlow's SAME padding, PyTorch's ``count_include_pad=False``;
    Gorgonia's own ``AveragePool2D`` also skips them, but divides by the image width). ``pad`` is (h, w)
    or (top, bottom, left, right), each smaller than the kernel; ``stride`` defaults to the kernel.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.tensor(g, G.Float32, shape=(1, 3, 4, 4), name="x")
    >>> G.avg_pool2d(x, (3, 3), (1, 1), (1, 1)).shape
    (1, 3, 4, 4)
    """
    _node("avg_pool2d", x)
    return x.graph.apply1("avg_pool2d", [x], _pool_attrs("avg_pool2d", x, kernel, pad, stride), name=name)


def _pool1d(op: str, pool2d, x: Node, kernel: int, pad, stride, name) -> Node:
    _node(op, x, 3)
    k = _ints(op, x, "kernel", kernel, (1,))[0]
    p = _ints(op, x, "pad", pad, (1, 2))
    s = _ints(op, x, "stride", k if stride is None else stride, (1,))[0]
    left, right = (p[0], p[0]) if len(p) == 1 else p
    y = pool2d(reshape(x, (x.shape[0], x.shape[1], 1, x.shape[2])), (1, k), (0, 0, left, right), (1, s))
    return reshape(y, (y.shape[0], y.shape[1], y.shape[3]), name=name)


def max_pool1d(x: Node, kernel: int, pad=0, stride: int | None = None, name: str | None = None) -> Node:
    """Max pooling of (N, C, W) signals (Gorgonia's ``MaxPool1D``); ``pad`` is one value or (left, right).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.tensor(g, G.Float32, shape=(2, 3, 9), name="x")
    >>> G.max_pool1d(x, 3, 1, 2).shape
    (2, 3, 5)
    """
    return _pool1d("max_pool1d", max_pool2d, x, kernel, pad, stride, name)


def avg_pool1d(x: Node, kernel: int, pad=0, stride: int | None = None, name: str | None = None) -> Node:
    """Average pooling of (N, C, W) signals; padded cells do not count (see ``avg_pool2d``).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.tensor(g, G.Float32, shape=(2, 3, 9), name="x")
    >>> G.avg_pool1d(x, 3).shape
    (2, 3, 3)
    """
    return _pool1d("avg_pool1d", avg_pool2d, x, kernel, pad, stride, name)


average_pool2d = avg_pool2d  # Gorgonia's AveragePool2D
average_pool1d = avg_pool1d


def global_average_pool2d(x: Node, name: str | None = None) -> Node:
    """The mean of each channel of an NCHW image, shape (N, C, 1, 1) (Gorgonia's ``GlobalAveragePool2D``).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.tensor(g, G.Float32, shape=(2, 3, 4, 5), name="x")
    >>> G.global_average_pool2d(x).shape
    (2, 3, 1, 1)
    """
    _node("global_average_pool2d", x, 4)
    return ew.hadamard_div(core.sum(x, 2, 3, keepdims=True), float(x.shape[2] * x.shape[3]), name=name)


def _along(op: str, x, axis, name) -> Node:
    _node(op, x)
    if x.ndim == 0:
        raise GraphError(f"{op}: expects an operand of rank >= 1 {node_context(x)}")
    axis = _ints(op, x, "axis", axis, (1,))[0]
    if not -x.ndim <= axis < x.ndim:
        raise GraphError(f"{op}: axis {axis} is out of range for shape {x.shape} {node_context(x)}")
    return x.graph.apply1(op, [x], {"axis": axis}, name=name)


def softmax(x: Node, axis: int = -1, name: str | None = None) -> Node:
    """exp(x) / Σ exp(x) along ``axis``, computed max-shifted (no overflow), Gorgonia's ``SoftMax``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Float32, shape=(4, 10), name="x")
    >>> G.softmax(x).shape
    (4, 10)
    """
    return _along("softmax", x, axis, name)


def log_softmax(x: Node, axis: int = -1, name: str | None = None) -> Node:
    """log(softmax(x)) along ``axis`` as x - max - log Σ exp(x - max): finite wherever x is.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Float64, shape=(4, 10), name="x")
    >>> G.log_softmax(x, 0).shape
    (4, 10)
    """
    return _along("log_softmax", x, axis, name)


def sparsemax(x: Node, axis: int = -1, name: str | None = None) -> Node:
    """The Euclidean projection of x onto the probability simplex along ``axis`` (Martins & Astudillo
    2016): like softmax but with exact zeros. Its gradient lives on the support {y > 0}:
    x̄ = s ⊙ (ȳ - Σ s⊙ȳ / |s|). Gorgonia's ``Sparsemax``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Float32, shape=(4, 10), name="x")
    >>> G.sparsemax(x).shape
    (4, 10)
    """
    return _along("sparsemax", x, axis, name)


def binary_xent(output: Node, target, name: str | None = None) -> Node:
    """Elementwise binary cross-entropy −(t·log o + (1−t)·log(1−o)) of probabilities ``output`` against
    ``target`` (Gorgonia's ``BinaryXent``; no reduction, numpy broadcasting).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph()
    >>> o = G.vector(g, G.Float64, shape=(3,), name="o"); t = G.vector(g, G.Float64, shape=(3,), name="t")
    >>> G.binary_xent(o, t).shape
    (3,)
    """
    _node("binary_xent", output)
    if not isinstance(target, Node):
        target = constant_like("binary_xent", target, output)
    _node("binary_xent", target)
    both = ew.add(
        ew.hadamard_prod(target, ew.log(output)),
        ew.hadamard_prod(ew.sub(1.0, target), ew.log(ew.sub(1.0, output))),
    )
    return ew.neg(both, name=name)


def cross_entropy(logits: Node, targets, name: str | None = None) -> Node:
    """Categorical cross-entropy from unnormalised ``logits`` (classes on the last axis), computed stably
    through ``log_softmax``: ``mean_batch(−Σ_class targets · log_softmax(logits))``, a scalar.

    ``targets`` are probabilities/one-hot rows of the logits' shape, or integer class ids of shape
    ``logits.shape[:-1]``. The mean runs over every leading (batch) axis; rank-1 logits are one example.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph()
    >>> z = G.matrix(g, G.Float32, shape=(8, 5), name="z"); y = G.vector(g, G.Int32, shape=(8,), name="y")
    >>> G.cross_entropy(z, y).shape
    ()
    """
    _node("cross_entropy", logits)
    if logits.ndim == 0:
        raise GraphError(f"cross_entropy: logits need a class axis {node_context(logits)}")
    if not isinstance(targets, Node):
        try:
            targets = logits.graph.constant(np.asarray(targets))
        except ValueError as exc:  # ragged nested lists
            raise GraphError(
                f"cross_entropy: cannot use {targets!r} as targets: {exc} {node_context(logits)}"
            ) from None
    if targets.dtype.is_int:
        if targets.shape != logits.shape[:-1]:
            raise GraphError(
                f"cross_entropy: class ids {targets.shape} must have the logits' batch shape {logits.shape[:-1]} "
                f"{node_context(targets)}"
            )
        classes = logits.graph.constant(np.arange(logits.shape[-1]), targets.dtype)
        hit = ew.eq(reshape(targets, (*targets.shape, 1)), classes, ret_same=True)
        targets = conv_type(hit, logits.dtype)
    elif targets.dtype != logits.dtype or targets.shape != logits.shape:
        raise GraphError(
            f"cross_entropy: targets {targets.ttype} must be class ids or {logits.ttype} probabilities "
            f"{node_context(targets)}"
        )
    single = logits.ndim == 1
    total = core.sum(ew.hadamard_prod(targets, log_softmax(logits)), logits.ndim - 1)
    per_example = ew.neg(total, name=name if single else None)
    return per_example if single else core.mean(per_example, name=name)
