"""NN family: convolutions, im2col, pooling, softmax-like normalisations (NCHW images).

Conventions shared by every windowed op: images are ``(N, C, H, W)``, filters ``(Cout, Cin, kh, kw)``;
``pad`` is ``(top, bottom, left, right)``, ``stride`` and ``dilation`` are ``(h, w)``; an output has
``(H + top + bottom - dilation·(k-1) - 1) // stride + 1`` rows (Gorgonia's formula).

Adjoint pairs (each op's VJP is the other one, so every derivative is again an op with rules):
``conv2d`` ↔ ``conv_transpose2d`` (w.r.t. the image), ``im2col`` ↔ ``col2im``,
``avg_pool2d`` ↔ ``avg_pool2d_backward``, ``max_pool2d_select`` ↔ ``max_pool2d_backward`` (linear in
their second operand; the first one, the pooled image, only picks the max positions).
"""

from __future__ import annotations

from .spec import I64, I64_ARRAY, Operand, OpSpec, ShapeError, TType
from .table import arity, need_float, normalize_axes, register_op, same_dtype

X = (Operand("x"),)
X_W = (Operand("x"), Operand("filter"))
X_G = (Operand("x"), Operand("g"))


def _pairs(name: str, values, n: int, positive: bool) -> tuple[int, ...]:
    values = tuple(values)
    if len(values) != n:
        raise ShapeError(f"{name} {values} must have {n} entries")
    if any(v < 1 if positive else v < 0 for v in values):
        raise ShapeError(f"{name} {values} must be {'positive' if positive else 'non-negative'}")
    return values


def out_size(n: int, k: int, lo: int, hi: int, s: int, d: int) -> int:
    """Rows of a windowed op's output: (n + lo + hi - d·(k-1) - 1) // s + 1 (may be < 1: no window fits)."""
    return (n + lo + hi - d * (k - 1) - 1) // s + 1


def _image(t: TType, what: str = "image") -> None:
    need_float(t)
    if len(t.shape) != 4:
        raise ShapeError(f"expects a 4-d (N, C, H, W) {what}, got shape {t.shape}")


def window_out(shape, kernel, attrs, dilation=(1, 1)) -> tuple[int, int]:
    """(H', W') of a window of ``kernel`` slid over ``shape``'s last two axes with attrs pad/stride."""
    kernel = _pairs("kernel", kernel, 2, True)
    pad = _pairs("pad", attrs["pad"], 4, False)
    stride = _pairs("stride", attrs["stride"], 2, True)
    dilation = _pairs("dilation", dilation, 2, True)
    out = []
    for ax, (n, k, lo, hi, s, d) in enumerate(
        zip(shape[2:], kernel, pad[0::2], pad[1::2], stride, dilation, strict=True)
    ):
        o = out_size(n, k, lo, hi, s, d)
        if o < 1:
            raise ShapeError(
                f"a window of {k} (dilation {d}) does not fit axis {ax + 2} of size {n} padded by ({lo}, {hi})"
            )
        out.append(o)
    return tuple(out)


def _conv2d(ts, attrs):
    arity(ts, 2)
    same_dtype(ts)
    x, w = ts
    _image(x)
    _image(w, "filter")
    if w.shape[1] != x.shape[1]:
        raise ShapeError(f"filter {w.shape} expects {w.shape[1]} input channels, the image {x.shape} has {x.shape[1]}")
    h, wd = window_out(x.shape, w.shape[2:], attrs, attrs["dilation"])
    return [TType((x.shape[0], w.shape[0], h, wd), x.dtype)]


def transposed_size(n: int, k: int, lo: int, hi: int, s: int, d: int, extra: int) -> int:
    """Rows of conv_transpose2d's output: (n-1)·s + d·(k-1) + 1 - lo - hi + extra (output_padding)."""
    return (n - 1) * s + d * (k - 1) + 1 - lo - hi + extra


def _conv_transpose2d(ts, attrs):
    arity(ts, 2)
    same_dtype(ts)
    x, w = ts
    _image(x)
    _image(w, "filter")
    if w.shape[0] != x.shape[1]:
        raise ShapeError(f"filter {w.shape} expects {w.shape[0]} input channels, the image {x.shape} has {x.shape[1]}")
    pad = _pairs("pad", attrs["pad"], 4, False)
    stride = _pairs("stride", attrs["stride"], 2, True)
    dilation = _pairs("dilation", attrs["dilation"], 2, True)
    extra = _pairs("output_padding", attrs["output_padding"], 2, False)
    out = []
    for n, k, lo, hi, s, d, e in zip(
        x.shape[2:], w.shape[2:], pad[0::2], pad[1::2], stride, dilation, extra, strict=True
    ):
        if e >= s:
            raise ShapeError(f"output_padding {extra} must be smaller than the stride {stride}")
        o = transposed_size(n, k, lo, hi, s, d, e)
        if o < 1:
            raise ShapeError(f"padding {pad} crops the whole {x.shape} output")
        out.append(o)
    return [TType((x.shape[0], w.shape[1], *out), x.dtype)]


def _im2col(ts, attrs):
    arity(ts, 1)
    x = ts[0]
    _image(x)
    kh, kw = _pairs("kernel", attrs["kernel"], 2, True)
    h, w = window_out(x.shape, (kh, kw), attrs, attrs["dilation"])
    return [TType((x.shape[0], h, w, x.shape[1] * kh * kw), x.dtype)]


def _image_shape(attrs) -> tuple[int, ...]:
    return _pairs("shape", attrs["shape"], 4, True)


def _col2im(ts, attrs):
    arity(ts, 1)
    g = ts[0]
    need_float(g)
    shape = _image_shape(attrs)
    want = _im2col([TType(shape, g.dtype)], attrs)[0].shape
    if g.shape != want:
        raise ShapeError(f"columns {g.shape} are not im2col's output {want} for an image of shape {shape}")
    return [TType(shape, g.dtype)]


def _pool_window(shape, attrs) -> tuple[int, int]:
    kernel = _pairs("kernel", attrs["kernel"], 2, True)
    pad = _pairs("pad", attrs["pad"], 4, False)
    for p, k in zip(pad, (kernel[0], kernel[0], kernel[1], kernel[1]), strict=True):
        if p >= k:
            raise ShapeError(f"padding {pad} must be smaller than the kernel {kernel} (a window of padding only)")
    return window_out(shape, kernel, attrs)


def _pool(ts, attrs):
    arity(ts, 1)
    _image(ts[0])
    x = ts[0]
    return [TType((*x.shape[:2], *_pool_window(x.shape, attrs)), x.dtype)]


def _pool_backward(ts, attrs):
    # (g,) → image: the adjoint of avg_pool2d
    arity(ts, 1)
    g = ts[0]
    _image(g, "cotangent")
    shape = _image_shape(attrs)
    want = (*shape[:2], *_pool_window(shape, attrs))
    if g.shape != want:
        raise ShapeError(f"cotangent {g.shape} is not the pooled shape {want} of an image of shape {shape}")
    return [TType(shape, g.dtype)]


def _max_pool_backward(ts, attrs):
    # (x, g) → x's shape: g routed to the max positions of x's windows
    arity(ts, 2)
    same_dtype(ts)
    x, g = ts
    _image(x)
    want = (*x.shape[:2], *_pool_window(x.shape, attrs))
    if g.shape != want:
        raise ShapeError(f"cotangent {g.shape} is not the pooled shape {want} of {x.shape}")
    return [x]


def _max_pool_select(ts, attrs):
    # (x, t) → pooled shape: t read at the max positions of x's windows
    arity(ts, 2)
    same_dtype(ts)
    x, t = ts
    _image(x)
    if t.shape != x.shape:
        raise ShapeError(f"expects operands of one shape, got {x.shape} and {t.shape}")
    return _pool([x], attrs)


def _along_axis(ts, attrs):
    arity(ts, 1)
    x = ts[0]
    need_float(x)
    if not x.shape:
        raise ShapeError("expects an operand of rank >= 1, got a scalar")
    normalize_axes([attrs["axis"]], len(x.shape))
    return [x]


CONV = {"pad": I64_ARRAY, "stride": I64_ARRAY, "dilation": I64_ARRAY}
WINDOW = {"kernel": I64_ARRAY, "pad": I64_ARRAY, "stride": I64_ARRAY}

register_op(
    OpSpec(
        "conv2d",
        X_W,
        CONV,
        _conv2d,
        "2-d cross-correlation of (N,Cin,H,W) images with (Cout,Cin,kh,kw) filters; zero padding "
        "(top, bottom, left, right), strides, dilations",
        "contraction",
    )
)
register_op(
    OpSpec(
        "conv_transpose2d",
        X_W,
        {**CONV, "output_padding": I64_ARRAY},
        _conv_transpose2d,
        "the adjoint of conv2d w.r.t. its image: (N,Cout,H',W') with (Cout,Cin,kh,kw) filters → (N,Cin,H,W); "
        "output_padding (< stride) extra rows/columns at the bottom/right",
        "contraction",
    )
)
register_op(
    OpSpec(
        "im2col",
        X,
        {**WINDOW, "dilation": I64_ARRAY},
        _im2col,
        "image patches as columns (Gorgonia's layout): (N,C,H,W) → (N,H',W',C·kh·kw), patch index c·kh·kw + i·kw + j",
        "shape",
    )
)
register_op(
    OpSpec(
        "col2im",
        X,
        {**WINDOW, "dilation": I64_ARRAY, "shape": I64_ARRAY},
        _col2im,
        "the adjoint of im2col: each column entry added back to the image pixel it was read from",
        "shape",
    )
)
register_op(
    OpSpec(
        "max_pool2d",
        X,
        WINDOW,
        _pool,
        "max over each kh×kw window (padding never wins: it is -inf)",
        "reduction",
    )
)
register_op(
    OpSpec(
        "max_pool2d_backward",
        X_G,
        WINDOW,
        _max_pool_backward,
        "max_pool2d's VJP: g[n,c,oh,ow] added at the first max of window (oh,ow) of x (row-major); linear in g",
        "reduction",
    )
)
register_op(
    OpSpec(
        "max_pool2d_select",
        X_G,
        WINDOW,
        _max_pool_select,
        "max_pool2d's JVP: t read at the first max of each window of x (row-major); linear in t",
        "reduction",
    )
)
register_op(
    OpSpec(
        "avg_pool2d",
        X,
        WINDOW,
        _pool,
        "mean over each kh×kw window; padded cells do not count (each window divides by its real cells)",
        "reduction",
    )
)
register_op(
    OpSpec(
        "avg_pool2d_backward",
        X,
        {**WINDOW, "shape": I64_ARRAY},
        _pool_backward,
        "the adjoint of avg_pool2d: g[n,c,oh,ow] / count spread over the real cells of window (oh,ow)",
        "reduction",
    )
)
for _name, _summary in [
    ("softmax", "exp(x - max) / sum(exp(x - max)) along `axis`"),
    ("log_softmax", "x - max - log(sum(exp(x - max))) along `axis`"),
    ("sparsemax", "Euclidean projection of x onto the simplex along `axis` (Martins & Astudillo 2016)"),
]:
    register_op(OpSpec(_name, X, {"axis": I64}, _along_axis, _summary, "unary"))
