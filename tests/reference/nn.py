"""numpy reference of the nn family: loops over the kernel window, written for clarity, not speed."""

from __future__ import annotations

import numpy as np

from gorgonia_mlir.dialect.nn import window_out

from . import REFERENCE


def _padded(x, pad, value=0.0):
    top, bottom, left, right = pad
    return np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)), constant_values=value)


def _taps(shape, kernel, attrs, dilation=(1, 1)):
    """(i, j, rows, cols): for each kernel tap, the slices of the padded image it reads for every output."""
    h, w = window_out(shape, kernel, attrs, dilation)
    (sh, sw), (dh, dw) = attrs["stride"], dilation
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            yield i, j, slice(i * dh, i * dh + (h - 1) * sh + 1, sh), slice(j * dw, j * dw + (w - 1) * sw + 1, sw)


def conv2d(x, w, attrs):
    xp = _padded(x, attrs["pad"])
    h, wd = window_out(x.shape, w.shape[2:], attrs, attrs["dilation"])
    out = np.zeros((x.shape[0], w.shape[0], h, wd), dtype=np.float64)
    for i, j, rows, cols in _taps(x.shape, w.shape[2:], attrs, attrs["dilation"]):
        out += np.einsum("nchw,oc->nohw", xp[:, :, rows, cols], w[:, :, i, j])
    return out.astype(x.dtype)


def conv_transpose2d(g, w, attrs):
    # The adjoint of conv2d: every output pixel's contribution scattered back through each tap.
    top, bottom, left, right = attrs["pad"]
    (sh, sw), (dh, dw), (eh, ew) = attrs["stride"], attrs["dilation"], attrs["output_padding"]
    kh, kw = w.shape[2:]
    hp = (g.shape[2] - 1) * sh + dh * (kh - 1) + 1 + eh
    wp = (g.shape[3] - 1) * sw + dw * (kw - 1) + 1 + ew
    out = np.zeros((g.shape[0], w.shape[1], hp, wp), dtype=np.float64)
    for i in range(kh):
        for j in range(kw):
            rows = slice(i * dh, i * dh + (g.shape[2] - 1) * sh + 1, sh)
            cols = slice(j * dw, j * dw + (g.shape[3] - 1) * sw + 1, sw)
            out[:, :, rows, cols] += np.einsum("nohw,oc->nchw", g, w[:, :, i, j])
    return out[:, :, top : hp - bottom, left : wp - right].astype(g.dtype)


def im2col(x, attrs):
    xp = _padded(x, attrs["pad"])
    kernel = attrs["kernel"]
    taps = [xp[:, :, rows, cols] for _, _, rows, cols in _taps(x.shape, kernel, attrs, attrs["dilation"])]
    cols = np.stack(taps, axis=2)  # (N, C, kh·kw, H', W')
    n, c, _, h, w = cols.shape
    return cols.reshape(n, c * kernel[0] * kernel[1], h, w).transpose(0, 2, 3, 1).copy()


def col2im(g, attrs):
    shape, kernel = attrs["shape"], attrs["kernel"]
    n, c, hh, ww = shape
    top, bottom, left, right = attrs["pad"]
    cols = g.transpose(0, 3, 1, 2).reshape(n, c, kernel[0] * kernel[1], g.shape[1], g.shape[2])
    out = np.zeros((n, c, hh + top + bottom, ww + left + right), dtype=np.float64)
    for k, (_, _, rows, cs) in enumerate(_taps(shape, kernel, attrs, attrs["dilation"])):
        out[:, :, rows, cs] += cols[:, :, k]
    return out[:, :, top : top + hh, left : left + ww].astype(g.dtype)


def _windows(x, attrs, value):
    """(N, C, kh·kw, H', W'): every window of the padded image, taps in row-major order."""
    xp = _padded(x, attrs["pad"], value)
    return np.stack([xp[:, :, rows, cols] for _, _, rows, cols in _taps(x.shape, attrs["kernel"], attrs)], axis=2)


def first_argmax(x, attrs):
    """The row-major tap index of the first maximum of each window (ties: the earliest tap wins)."""
    return np.argmax(_windows(x, attrs, -np.inf), axis=2)


def max_pool2d(x, attrs):
    return _windows(x, attrs, -np.inf).max(axis=2).astype(x.dtype)


def max_pool2d_select(x, t, attrs):
    idx = first_argmax(x, attrs)
    return np.take_along_axis(_windows(t, attrs, 0.0), idx[:, :, None], axis=2)[:, :, 0].astype(x.dtype)


def _spread(per_tap, shape, attrs):
    """Adjoint of _windows: (N, C, kh·kw, H', W') added back to the (unpadded) image of ``shape``."""
    top, bottom, left, right = attrs["pad"]
    n, c, hh, ww = shape
    out = np.zeros((n, c, hh + top + bottom, ww + left + right))
    for k, (_, _, rows, cols) in enumerate(_taps(shape, attrs["kernel"], attrs)):
        out[:, :, rows, cols] += per_tap[:, :, k]
    return out[:, :, top : top + hh, left : left + ww]


def max_pool2d_backward(x, g, attrs):
    idx = first_argmax(x, attrs)
    taps = np.arange(attrs["kernel"][0] * attrs["kernel"][1])[None, None, :, None, None]
    return _spread((taps == idx[:, :, None]) * g[:, :, None], x.shape, attrs).astype(x.dtype)


def pool_counts(shape, attrs):
    """(H', W'): how many real (unpadded) cells each window covers."""
    return _windows(np.ones((1, 1, *shape[2:])), attrs, 0.0).sum(axis=2)[0, 0]


def avg_pool2d(x, attrs):
    return (_windows(x, attrs, 0.0).sum(axis=2) / pool_counts(x.shape, attrs)).astype(x.dtype)


def avg_pool2d_backward(g, attrs):
    shape = attrs["shape"]
    per_tap = np.broadcast_to(
        (g / pool_counts(shape, attrs))[:, :, None],
        (*g.shape[:2], attrs["kernel"][0] * attrs["kernel"][1], *g.shape[2:]),
    )
    return _spread(per_tap, shape, attrs).astype(g.dtype)


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(x, axis):
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def sparsemax(x, axis):
    """Martins & Astudillo (2016), Algorithm 1: sort, find the support size k, threshold tau."""
    z = np.moveaxis(x, axis, -1)
    s = -np.sort(-z, axis=-1)
    k = np.arange(1, z.shape[-1] + 1)
    cum = np.cumsum(s, axis=-1)
    support = 1 + k * s > cum
    kz = support.sum(axis=-1, keepdims=True)
    tau = (np.take_along_axis(cum, kz - 1, axis=-1) - 1) / kz
    return np.moveaxis(np.maximum(z - tau, 0), -1, axis)


REFERENCE.update(
    {
        "conv2d": lambda ins, attrs: [conv2d(*ins, attrs)],
        "conv_transpose2d": lambda ins, attrs: [conv_transpose2d(*ins, attrs)],
        "im2col": lambda ins, attrs: [im2col(ins[0], attrs)],
        "col2im": lambda ins, attrs: [col2im(ins[0], attrs)],
        "max_pool2d": lambda ins, attrs: [max_pool2d(ins[0], attrs)],
        "max_pool2d_backward": lambda ins, attrs: [max_pool2d_backward(*ins, attrs)],
        "max_pool2d_select": lambda ins, attrs: [max_pool2d_select(*ins, attrs)],
        "avg_pool2d": lambda ins, attrs: [avg_pool2d(ins[0], attrs)],
        "avg_pool2d_backward": lambda ins, attrs: [avg_pool2d_backward(ins[0], attrs)],
        "softmax": lambda ins, attrs: [softmax(ins[0], attrs["axis"]).astype(ins[0].dtype)],
        "log_softmax": lambda ins, attrs: [log_softmax(ins[0], attrs["axis"]).astype(ins[0].dtype)],
        "sparsemax": lambda ins, attrs: [sparsemax(ins[0], attrs["axis"]).astype(ins[0].dtype)],
    }
)
