"""VJP and JVP rules of the nn family.

Convolutions are bilinear: the image cotangent is a transposed convolution, the filter cotangent a
convolution of the (channel/batch-swapped) image with the cotangent, stride and dilation swapped.
``conv_transpose2d`` is conv2d's adjoint, so its rules are conv2d's read backwards. Pooling and im2col
ops are linear (max-pooling in its routed operand; the pooled image only picks positions, a
piecewise-constant choice with zero derivative): each rule applies the op's adjoint partner.
"""

from __future__ import annotations

from ..emitter import ttype
from .jvp import JVPS, _linear, _sum_terms
from .vjp import VJPS

_NCHW_SWAP = (1, 0, 2, 3)


def filter_grad(e, x, g, attrs, kernel):
    """dW[o,c,i,j] = Σ_{n,oh,ow} g[n,o,oh,ow] · xp[n,c,oh·s + i·d, ow·s + j·d]: one matmul of the
    cotangent, (O, N·H'·W'), by the image's patches, im2col(x) as (N·H'·W', C·kh·kw)."""
    n, c = ttype(x).shape[:2]
    o, oh, ow = ttype(g).shape[1:]
    cols = e.im2col(x, kernel=tuple(kernel), pad=attrs["pad"], stride=attrs["stride"], dilation=attrs["dilation"])
    patches = e.reshape(cols, shape=(n * oh * ow, c * kernel[0] * kernel[1]))
    gt = e.reshape(e.transpose(g, perm=_NCHW_SWAP), shape=(o, n * oh * ow))
    return e.reshape(e.matmul(gt, patches), shape=(o, c, *kernel))


def _lost_rows(x_shape, kernel, attrs):
    """conv2d's floor drops (H + pads - d·(k-1) - 1) mod s rows: the adjoint's output_padding."""
    pad, stride, dilation = attrs["pad"], attrs["stride"], attrs["dilation"]
    return tuple(
        (n + pad[2 * a] + pad[2 * a + 1] - dilation[a] * (kernel[a] - 1) - 1) % stride[a]
        for a, n in enumerate(x_shape[2:])
    )


def _conv2d_vjp(e, ins, outs, cts, attrs):
    # y = x ⋆ w: dx = conv_transpose(ḡ, w), dw = filter_grad(x, ḡ)
    (g,), (x, w) = cts, ins
    kernel = ttype(w).shape[2:]
    extra = _lost_rows(ttype(x).shape, kernel, attrs)
    dx = e.conv_transpose2d(g, w, **attrs, output_padding=extra)
    return [dx, filter_grad(e, x, g, attrs, kernel)]


def _conv_transpose2d_vjp(e, ins, outs, cts, attrs):
    # y = convᵀ(x, w): dx = conv2d(ȳ, w), dw = filter_grad(ȳ, x) (⟨convᵀ(x, w), ȳ⟩ = ⟨x, conv(ȳ, w)⟩)
    (g,), (x, w) = cts, ins
    conv = {k: attrs[k] for k in ("pad", "stride", "dilation")}
    return [e.conv2d(g, w, **conv), filter_grad(e, g, x, conv, ttype(w).shape[2:])]


def _windows(attrs, *keys):
    return {k: attrs[k] for k in ("kernel", "pad", "stride", *keys)}


def _softmax_vjp(e, ins, outs, cts, attrs):
    # y = softmax(x): x̄ = y ⊙ (ȳ - Σ_axis ȳ ⊙ y)
    (g,), (y,) = cts, outs
    return [e.hadamard_prod(y, e.sub(g, e.sum(e.hadamard_prod(g, y), along=(attrs["axis"],), keepdims=True)))]


def _log_softmax_vjp(e, ins, outs, cts, attrs):
    # y = log_softmax(x): x̄ = ȳ - exp(y) ⊙ Σ_axis ȳ
    (g,), (y,) = cts, outs
    return [e.sub(g, e.hadamard_prod(e.exp(y), e.sum(g, along=(attrs["axis"],), keepdims=True)))]


def _sparsemax_project(e, y, v, axis):
    """J·v = s ⊙ (v - Σ_axis s ⊙ v / |S|), s = [y > 0] the support (J is symmetric: also the VJP)."""
    s = e.gt(y, e.const(0, y), ret_same=True)
    size = e.sum(s, along=(axis,), keepdims=True)
    return e.hadamard_prod(
        s, e.sub(v, e.hadamard_div(e.sum(e.hadamard_prod(s, v), along=(axis,), keepdims=True), size))
    )


VJPS.update(
    {
        "conv2d": _conv2d_vjp,
        "conv_transpose2d": _conv_transpose2d_vjp,
        "im2col": lambda e, ins, outs, cts, attrs: [e.col2im(cts[0], **attrs, shape=ttype(ins[0]).shape)],
        "col2im": lambda e, ins, outs, cts, attrs: [e.im2col(cts[0], **_windows(attrs, "dilation"))],
        # route ḡ to each window's first maximum (the lowering is elementwise for tiling windows)
        "max_pool2d": lambda e, ins, outs, cts, attrs: [e.max_pool2d_backward(ins[0], cts[0], **attrs)],
        "max_pool2d_backward": lambda e, ins, outs, cts, attrs: [None, e.max_pool2d_select(ins[0], cts[0], **attrs)],
        "max_pool2d_select": lambda e, ins, outs, cts, attrs: [None, e.max_pool2d_backward(ins[0], cts[0], **attrs)],
        "avg_pool2d": lambda e, ins, outs, cts, attrs: [
            e.avg_pool2d_backward(cts[0], **attrs, shape=ttype(ins[0]).shape)
        ],
        "avg_pool2d_backward": lambda e, ins, outs, cts, attrs: [e.avg_pool2d(cts[0], **_windows(attrs))],
        "softmax": _softmax_vjp,
        "log_softmax": _log_softmax_vjp,
        "sparsemax": lambda e, ins, outs, cts, attrs: [_sparsemax_project(e, outs[0], cts[0], attrs["axis"])],
    }
)


def _in_second(name: str):
    """Linear in operand 1 with operand 0 (the pooled image) only choosing positions."""
    return lambda e, ins, outs, ts, attrs: [None if ts[1] is None else e.op(name, ins[0], ts[1], **attrs)]


def _bilinear(name: str):
    """d(x ⋆ w) = dx ⋆ w + x ⋆ dw, with the op's attributes."""

    def rule(e, ins, outs, ts, attrs):
        (x, w), (tx, tw) = ins, ts
        return [_sum_terms(e, outs[0], [tx and e.op(name, tx, w, **attrs), tw and e.op(name, x, tw, **attrs)])]

    return rule


def _softmax_jvp(e, ins, outs, ts, attrs):
    # ẏ = y ⊙ (ẋ - Σ_axis ẋ ⊙ y)
    (t,), (y,) = ts, outs
    return [e.hadamard_prod(y, e.sub(t, e.sum(e.hadamard_prod(t, y), along=(attrs["axis"],), keepdims=True)))]


def _log_softmax_jvp(e, ins, outs, ts, attrs):
    # ẏ = ẋ - Σ_axis exp(y) ⊙ ẋ
    (t,), (y,) = ts, outs
    return [e.sub(t, e.sum(e.hadamard_prod(e.exp(y), t), along=(attrs["axis"],), keepdims=True))]


JVPS.update(
    {
        **{name: _bilinear(name) for name in ("conv2d", "conv_transpose2d")},
        **{name: _linear(name) for name in ("im2col", "col2im", "avg_pool2d", "avg_pool2d_backward")},
        "max_pool2d": lambda e, ins, outs, ts, attrs: [e.max_pool2d_select(ins[0], ts[0], **attrs)],
        "max_pool2d_backward": _in_second("max_pool2d_backward"),
        "max_pool2d_select": _in_second("max_pool2d_select"),
        "softmax": _softmax_jvp,
        "log_softmax": _log_softmax_jvp,
        "sparsemax": lambda e, ins, outs, ts, attrs: [_sparsemax_project(e, outs[0], ts[0], attrs["axis"])],
    }
)
