"""Derivatives of the nn family.

Convolutions are bilinear: the image cotangent is a transposed convolution, the filter cotangent a
convolution of the (channel/batch-swapped) image with the cotangent, stride and dilation swapped.
``conv_transpose2d`` is conv2d's adjoint, so its rules are conv2d's read backwards. Pooling and im2col
ops are linear (max-pooling in its routed operand; the pooled image only picks positions, a
piecewise-constant choice with zero derivative): each VJP applies the op's adjoint partner.
"""

from __future__ import annotations

from ..irtools import ttype
from .rules import defbilinear, deflinear, defrules, defselfadjoint

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


def _conv2d_vjp(e, g, ins, attrs):
    # y = x ⋆ w: dx = conv_transpose(ḡ, w), dw = filter_grad(x, ḡ)
    x, w = ins
    kernel = ttype(w).shape[2:]
    extra = _lost_rows(ttype(x).shape, kernel, attrs)
    dx = e.conv_transpose2d(g, w, **attrs, output_padding=extra)
    return [dx, filter_grad(e, x, g, attrs, kernel)]


def _conv_transpose2d_vjp(e, g, ins, attrs):
    # y = convᵀ(x, w): dx = conv2d(ȳ, w), dw = filter_grad(ȳ, x) (⟨convᵀ(x, w), ȳ⟩ = ⟨x, conv(ȳ, w)⟩)
    x, w = ins
    conv = {k: attrs[k] for k in ("pad", "stride", "dilation")}
    return [e.conv2d(g, w, **conv), filter_grad(e, g, x, conv, ttype(w).shape[2:])]


def _windows(attrs, *keys):
    return {k: attrs[k] for k in ("kernel", "pad", "stride", *keys)}


defbilinear("conv2d", _conv2d_vjp)
defbilinear("conv_transpose2d", _conv_transpose2d_vjp)

deflinear("im2col", lambda e, g, ins, attrs: e.col2im(g, **attrs, shape=ttype(ins[0]).shape))
deflinear("col2im", lambda e, g, ins, attrs: e.im2col(g, **_windows(attrs, "dilation")))
deflinear("avg_pool2d", lambda e, g, ins, attrs: e.avg_pool2d_backward(g, **attrs, shape=ttype(ins[0]).shape))
deflinear("avg_pool2d_backward", lambda e, g, ins, attrs: e.avg_pool2d(g, **_windows(attrs)))
# linear in the routed operand 1; operand 0, the pooled image, only chooses positions
deflinear("max_pool2d_backward", lambda e, g, ins, attrs: e.max_pool2d_select(ins[0], g, **attrs), operand=1)
deflinear("max_pool2d_select", lambda e, g, ins, attrs: e.max_pool2d_backward(ins[0], g, **attrs), operand=1)
# route ḡ to each window's first maximum (the lowering is elementwise for tiling windows); the tangent
# is read from the same positions
defrules(
    "max_pool2d",
    lambda e, ins, outs, cts, attrs: [e.max_pool2d_backward(ins[0], cts[0], **attrs)],
    lambda e, ins, outs, ts, attrs: [e.max_pool2d_select(ins[0], ts[0], **attrs)],
)


def _softmax_apply(e, v, ins, y, attrs):
    # J = diag(y) - y yᵀ: J·v = y ⊙ (v - Σ_axis v ⊙ y)
    return e.hadamard_prod(y, e.sub(v, e.sum(e.hadamard_prod(v, y), along=(attrs["axis"],), keepdims=True)))


def _sparsemax_apply(e, v, ins, y, attrs):
    # J·v = s ⊙ (v - Σ_axis s ⊙ v / |S|), s = [y > 0] the support
    axis = attrs["axis"]
    s = e.gt(y, e.const(0, y), ret_same=True)
    size = e.sum(s, along=(axis,), keepdims=True)
    return e.hadamard_prod(
        s, e.sub(v, e.hadamard_div(e.sum(e.hadamard_prod(s, v), along=(axis,), keepdims=True), size))
    )


defselfadjoint("softmax", _softmax_apply)
defselfadjoint("sparsemax", _sparsemax_apply)


def _log_softmax_vjp(e, ins, outs, cts, attrs):
    # J = I - 1·softmaxᵀ is not symmetric: x̄ = ȳ - exp(y) ⊙ Σ_axis ȳ
    (g,), (y,) = cts, outs
    return [e.sub(g, e.hadamard_prod(e.exp(y), e.sum(g, along=(attrs["axis"],), keepdims=True)))]


def _log_softmax_jvp(e, ins, outs, ts, attrs):
    # ẏ = ẋ - Σ_axis exp(y) ⊙ ẋ
    (t,), (y,) = ts, outs
    return [e.sub(t, e.sum(e.hadamard_prod(e.exp(y), t), along=(attrs["axis"],), keepdims=True))]


defrules("log_softmax", _log_softmax_vjp, _log_softmax_jvp)
