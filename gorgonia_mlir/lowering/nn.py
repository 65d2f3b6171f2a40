"""Lowering of the nn family to linalg named ops and generics.

* ``conv2d``: channels-last, ``linalg.conv_2d_nhwc_hwcf`` (strides, dilations) on the transposed,
  padded image and the HWCF-gathered filter, transposed back to NCHW; with one input channel or output
  rows of at most ``NARROW_ROW``, an unfolding generic (im2col) + a contraction instead.
* ``conv_transpose2d``: the cotangent spread onto a stride-dilated, padded grid (``insert_slice`` into
  zeros), then a stride-1 convolution (chosen as for ``conv2d``) with the flipped, channel-swapped filter.
* ``max_pool2d`` / ``avg_pool2d``: ``tensor.pad`` (-inf / 0) + ``linalg.pooling_nchw_max`` / ``_sum``;
  the average multiplies by a constant 1/count map (padded cells do not count).
* ``im2col``: one copying ``linalg.generic`` whose input map reads the strided, dilated window.
* adjoints of windowed ops (``col2im``, ``avg_pool2d_backward``, ``max_pool2d_backward``): one generic
  over the image with a reduction over the kernel taps, gathering from each output that read the pixel;
  ``max_pool2d_backward`` of windows that tile the image (kernel == stride, no pad) needs no gather:
  windows-last transposes, contiguous reductions and an elementwise routing.
* max positions: a min-reduction of the tap index over cells equal to the window max, so ties pick
  the first tap in row-major order whatever order IREE reduces in.
* ``softmax`` / ``log_softmax``: max-shifted reductions, log_softmax through log1p of the sum without the
  maximum's term (``reductions.sum_below_max``); ``sparsemax``: a sort-free O(n²) support test
  (z_j is in the support iff 1 + Σ_{z_i ≥ z_j} (z_j - z_i) > 0).
"""

from __future__ import annotations

import numpy as np
from iree.compiler import ir
from iree.compiler.dialects import arith, linalg, tensor
from iree.compiler.dialects import math as mmath

from .. import dtypes as dt
from ..dialect.nn import window_out
from ..dialect.spec import DENSE, TType
from ..irtools import ttype
from . import libm
from . import linalg_ir as lir
from .reductions import finite, sum_below_max
from .to_linalg import LOWERINGS

INDEX = ir.IndexType


def _pad(x: ir.Value, pad, value, hw_axes=(2, 3)) -> ir.Value:
    """``tensor.pad`` of the two image axes ``hw_axes`` (NCHW: 2, 3; NHWC: 1, 2) by (top, bottom, left, right)
    with the constant ``value``."""
    top, bottom, left, right = pad
    if not any(pad):
        return x
    shape, lo, hi = list(lir.shape_of(x)), [0] * 4, [0] * 4
    (ah, aw) = hw_axes
    lo[ah], hi[ah], lo[aw], hi[aw] = top, bottom, left, right
    et = lir.elem_type(x)
    result = ir.RankedTensorType.get([d + lo[i] + hi[i] for i, d in enumerate(shape)], et)
    op = tensor.PadOp(result, x, [], [], lo, hi)
    block = op.regions[0].blocks.append(*[INDEX.get()] * 4)
    with ir.InsertionPoint(block):
        tensor.YieldOp(lir.scalar_const(et, value))
    return op.result


def _map(exprs, rank: int) -> ir.AffineMapAttr:
    return ir.AffineMapAttr.get(ir.AffineMap.get(rank, 0, list(exprs)))


def _d(i: int) -> ir.AffineExpr:
    return ir.AffineDimExpr.get(i)


def _idx(v) -> ir.Value:
    return arith.constant(INDEX.get(), int(v))


NARROW_ROW = 4  # output rows this wide or narrower are convolved unfolded (see _conv)


def _conv(x: ir.Value, pad, w: ir.Value, out: TType, stride, dilation, flipped: bool = False) -> ir.Value:
    """The stride/dilation convolution of the NCHW image ``x``, padded by ``pad``, by the FCHW filter ``w``
    (``flipped``: by ``_flip_swap(w)``, the filter of the transposed convolution).

    IREE's CPU convolutions vectorize along the innermost output axis, so it is channels-last (``_conv_nhwc``);
    one input channel or output rows of at most ``NARROW_ROW`` leave too little there and are unfolded
    (im2col) and contracted instead. Timings: docs/performance-notes.md."""
    o, c, kh, kw = lir.shape_of(w)
    if flipped:
        o, c = c, o
    if c != 1 and out.shape[3] > NARROW_ROW:
        return _conv_nhwc(x, pad, w, out, stride, dilation, flipped)
    xp = _pad(x, pad, 0.0)
    w = _flip_swap(w) if flipped else w
    (sh, sw), (dh, dw) = stride, dilation
    n, _, oh, ow = out.shape
    # cols[n, (c, i, j), (oh, ow)] = xp[n, c, oh·sh + i·dh, ow·sw + j·dw]
    src = _map([_d(0), _d(1), _d(4) * sh + _d(2) * dh, _d(5) * sw + _d(3) * dw], 6)
    six = TType((n, c, kh, kw, oh, ow), out.dtype)
    cols = lir.generic([xp], [src, lir.affine_map(range(6), 6)], lir.empty(six), [lir.PARALLEL] * 6, lambda a: a[0])
    cols = lir.reshape(cols, (n, c * kh * kw, oh * ow))
    flat = TType((n, o, oh * ow), out.dtype)
    # out[n, o, p] = Σ_k w[o, k] · cols[n, k, p] (loops n, o, p, k)
    maps = [lir.affine_map([1, 3], 4), lir.affine_map([0, 3, 2], 4), lir.affine_map([0, 1, 2], 4)]
    iters = [lir.PARALLEL] * 3 + [lir.REDUCTION]
    prod = lir.generic(
        [lir.reshape(w, (o, c * kh * kw)), cols],
        maps,
        lir.as_value(lir.filled(flat, 0)),
        iters,
        lambda a: arith.addf(a[2], arith.mulf(a[0], a[1])),
    )
    return lir.reshape(prod, out.shape)


def _conv_nhwc(x: ir.Value, pad, w: ir.Value, out: TType, stride, dilation, flipped: bool) -> ir.Value:
    """``linalg.conv_2d_nhwc_hwcf`` between transposes: the image is transposed before padding, which IREE
    folds into the producer of ``x``; the filter is gathered (``_hwcf``)."""
    n, o, oh, ow = out.shape
    xp = _pad(lir.transpose(x, (0, 2, 3, 1)), pad, 0.0, hw_axes=(1, 2))
    nhwc = TType((n, oh, ow, o), out.dtype)
    res = linalg.conv_2d_nhwc_hwcf(
        xp, _hwcf(w, flipped), outs=[lir.filled(nhwc, 0)], strides=list(stride), dilations=list(dilation)
    )
    return lir.transpose(res, (0, 3, 1, 2))


def _hwcf(w: ir.Value, flipped: bool) -> ir.Value:
    """The (kh, kw, C, F) filter: w[f, c, i, j], or (``flipped``) _flip_swap(w)[f, c, i, j] =
    w[c, f, kh-1-i, kw-1-j]. A gather from the flattened filter: IREE raises a gather at plain indices
    back into a transpose, and folds that into the convolution."""
    f0, c0, kh, kw = lir.shape_of(w)
    f, c = (c0, f0) if flipped else (f0, c0)
    flat = lir.reshape(w, (f0 * c0 * kh * kw,))

    def body(a):
        i, j, ci, fi = (linalg.IndexOp(d).result for d in range(4))
        if flipped:
            fi, ci = ci, fi
            i, j = arith.subi(_idx(kh - 1), i), arith.subi(_idx(kw - 1), j)
        k = fi
        for index, size in ((ci, c0), (i, kh), (j, kw)):  # row-major ((f·C + c)·kh + i)·kw + j
            k = arith.addi(arith.muli(k, _idx(size)), index)
        return tensor.extract(flat, [k])

    hwcf = TType((kh, kw, c, f), dt.from_mlir(lir.elem_type(w)))
    return lir.generic([], [lir.affine_map(range(4), 4)], lir.empty(hwcf), [lir.PARALLEL] * 4, body)


def _conv2d(ins, attrs, outs):
    x, w = ins
    return [_conv(x, attrs["pad"], w, outs[0], attrs["stride"], attrs["dilation"])]


def _flip_swap(w: ir.Value) -> ir.Value:
    """w'[c, o, i, j] = w[o, c, kh-1-i, kw-1-j]: the filter of the transposed convolution."""
    o, c, kh, kw = lir.shape_of(w)
    out = TType((c, o, kh, kw), dt.from_mlir(lir.elem_type(w)))

    def body(a):
        # a gather: linalg's verifier rejects the reversed affine map (kh-1-i) as an input map
        ci, oi, i, j = (linalg.IndexOp(d).result for d in range(4))
        return tensor.extract(w, [oi, ci, arith.subi(_idx(kh - 1), i), arith.subi(_idx(kw - 1), j)])

    return lir.generic([], [lir.affine_map(range(4), 4)], lir.empty(out), [lir.PARALLEL] * 4, body)


def _spread(g: ir.Value, size, lo, stride) -> ir.Value:
    """out[n, o, p, q] = g[n, o, (p - lo0) / s0, (q - lo1) / s1] where that divides and lies inside, else 0:
    g spread onto a stride-dilated grid with ``lo`` leading rows/columns (negative: cropped). A gather
    generic: IREE rejects a strided insert_slice whose source is another insert_slice in one dispatch."""
    n, o, h, w = lir.shape_of(g)
    et = lir.elem_type(g)

    def axis(p, start, s, limit):
        q = arith.subi(p, _idx(start))
        ok = arith.cmpi(arith.CmpIPredicate.sge, q, _idx(0))
        q = arith.select(ok, q, _idx(0))
        ok = arith.andi(ok, arith.cmpi(arith.CmpIPredicate.eq, arith.remsi(q, _idx(s)), _idx(0)))
        r = arith.divsi(q, _idx(s))
        ok = arith.andi(ok, arith.cmpi(arith.CmpIPredicate.slt, r, _idx(limit)))
        return ok, arith.minsi(r, _idx(limit - 1))

    def body(a):
        ni, oi, p, q = (linalg.IndexOp(d).result for d in range(4))
        ok_p, r = axis(p, lo[0], stride[0], h)
        ok_q, c = axis(q, lo[1], stride[1], w)
        return arith.select(arith.andi(ok_p, ok_q), tensor.extract(g, [ni, oi, r, c]), lir.scalar_const(et, 0.0))

    out = TType((n, o, *size), dt.from_mlir(et))
    return lir.generic([], [lir.affine_map(range(4), 4)], lir.empty(out), [lir.PARALLEL] * 4, body)


def _conv_transpose2d(ins, attrs, outs):
    # conv_transpose(g) = conv(stride-dilate(g) padded by d·(k-1) - pad, flip(w)ᵀ) at stride 1.
    g, w = ins
    n, o, h, wd = lir.shape_of(g)
    kh, kw = lir.shape_of(w)[2:]
    (sh, sw), (dh, dw), (eh, ew) = attrs["stride"], attrs["dilation"], attrs["output_padding"]
    top, bottom, left, right = attrs["pad"]
    lo = [dh * (kh - 1) - top, dw * (kw - 1) - left]
    hi = [dh * (kh - 1) - bottom + eh, dw * (kw - 1) - right + ew]
    size = [(h - 1) * sh + 1 + lo[0] + hi[0], (wd - 1) * sw + 1 + lo[1] + hi[1]]
    if (sh, sw) == (1, 1) and min(*lo, *hi) >= 0:
        spread, pad = g, (lo[0], hi[0], lo[1], hi[1])  # nothing to spread: a plain pad (vectorises)
    else:
        spread, pad = _spread(g, size, lo, (sh, sw)), (0, 0, 0, 0)
    return [_conv(spread, pad, w, outs[0], (1, 1), (dh, dw), flipped=True)]


def _im2col(ins, attrs, outs):
    # out6[n, oh, ow, c, i, j] = xp[n, c, oh·sh + i·dh, ow·sw + j·dw], then (n, oh, ow, c·kh·kw).
    x = ins[0]
    n, c = lir.shape_of(x)[:2]
    (kh, kw), (sh, sw), (dh, dw) = attrs["kernel"], attrs["stride"], attrs["dilation"]
    oh, ow = outs[0].shape[1:3]
    xp = _pad(x, attrs["pad"], 0.0)
    src = _map([_d(0), _d(3), _d(1) * sh + _d(4) * dh, _d(2) * sw + _d(5) * dw], 6)
    six = TType((n, oh, ow, c, kh, kw), outs[0].dtype)
    cols = lir.generic([xp], [src, lir.affine_map(range(6), 6)], lir.empty(six), [lir.PARALLEL] * 6, lambda a: a[0])
    return [lir.reshape(cols, outs[0].shape)]


def _window_adjoint(out: TType, kernel, pad, stride, dilation, pooled_hw, value) -> ir.Value:
    """out[n, c, h, w] = Σ_{i,j} value(n, c, oh, ow, i, j) over the taps (i, j) whose window (oh, ow) read
    pixel (h, w): h + top = oh·sh + i·dh (and likewise for w). The gather form of a scatter-add."""
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    et = out.dtype.mlir_type()
    taps = lir.empty(TType((kh, kw), out.dtype))

    def axis_pos(p, tap, lo, s, d, size):
        # (valid, clamped output index) of pixel p seen through tap `tap`
        q = arith.subi(arith.addi(p, _idx(lo)), arith.muli(tap, _idx(d)))
        ok = arith.cmpi(arith.CmpIPredicate.sge, q, _idx(0))
        safe = arith.select(ok, q, _idx(0))
        o = arith.divsi(safe, _idx(s))
        ok = arith.andi(ok, arith.cmpi(arith.CmpIPredicate.eq, arith.remsi(safe, _idx(s)), _idx(0)))
        ok = arith.andi(ok, arith.cmpi(arith.CmpIPredicate.slt, o, _idx(size)))
        return ok, arith.minsi(o, _idx(size - 1))

    def body(a):
        n, c, h, w, i, j = (linalg.IndexOp(k).result for k in range(6))
        ok_h, oh = axis_pos(h, i, pad[0], sh, dh, pooled_hw[0])
        ok_w, ow = axis_pos(w, j, pad[2], sw, dw, pooled_hw[1])
        v = value(n, c, oh, ow, i, j)
        ok = arith.andi(ok_h, ok_w)
        return arith.addf(a[1], arith.select(ok, v, lir.scalar_const(et, 0.0)))

    maps = [lir.affine_map([4, 5], 6), lir.affine_map(range(4), 6)]
    iters = [lir.PARALLEL] * 4 + [lir.REDUCTION] * 2
    return lir.generic([taps], maps, lir.as_value(lir.filled(out, 0)), iters, body)


def _col2im(ins, attrs, outs):
    g = ins[0]
    (kh, kw) = attrs["kernel"]
    out = outs[0]

    def value(n, c, oh, ow, i, j):
        k = arith.addi(arith.muli(c, _idx(kh * kw)), arith.addi(arith.muli(i, _idx(kw)), j))
        return tensor.extract(g, [n, oh, ow, k])

    hw = lir.shape_of(g)[1:3]
    return [_window_adjoint(out, attrs["kernel"], attrs["pad"], attrs["stride"], attrs["dilation"], hw, value)]


def _max_pool2d(ins, attrs, outs):
    xp = _pad(ins[0], attrs["pad"], float("-inf"))
    window = lir.empty(TType(tuple(attrs["kernel"]), outs[0].dtype))
    init = lir.filled(outs[0], float("-inf"))
    return [linalg.pooling_nchw_max(xp, window, outs=[init], strides=list(attrs["stride"]), dilations=[1, 1])]


def _first_max_tap(x: ir.Value, attrs) -> ir.Value:
    """(N, C, H', W') i64: the row-major index of the first tap of each window equal to the window's max
    (kh·kw when none is: a NaN window)."""
    (kh, kw), (sh, sw) = attrs["kernel"], attrs["stride"]
    pooled = ttype(x)
    pooled = TType((*pooled.shape[:2], *window_out(pooled.shape, (kh, kw), attrs)), pooled.dtype)
    m = lir.as_value(_max_pool2d([x], attrs, [pooled])[0])
    xp = _pad(x, attrs["pad"], float("-inf"))
    i64 = ir.IntegerType.get_signless(64)
    taps = lir.empty(TType((kh, kw), pooled.dtype))
    src = _map([_d(0), _d(1), _d(2) * sh + _d(4), _d(3) * sw + _d(5)], 6)

    def body(a):
        v, mx, _, acc = a
        tap = arith.index_cast(
            i64, arith.addi(arith.muli(linalg.IndexOp(4).result, _idx(kw)), linalg.IndexOp(5).result)
        )
        hit = arith.cmpf(arith.CmpFPredicate.OEQ, v, mx)
        return arith.minsi(acc, arith.select(hit, tap, lir.scalar_const(i64, kh * kw)))

    init = lir.as_value(lir.filled(TType(pooled.shape, dt.Int64), kh * kw))
    maps = [src, lir.affine_map(range(4), 6), lir.affine_map([4, 5], 6), lir.affine_map(range(4), 6)]
    iters = [lir.PARALLEL] * 4 + [lir.REDUCTION] * 2
    return lir.generic([xp, m, taps], maps, init, iters, body)


def _max_pool2d_select(ins, attrs, outs):
    # out[n, c, oh, ow] = tp[n, c, oh·sh + k / kw, ow·sw + k % kw] with k the first max tap (0 if none)
    x, t = ins
    (kh, kw), (sh, sw) = attrs["kernel"], attrs["stride"]
    idx = _first_max_tap(x, attrs)
    tp = _pad(t, attrs["pad"], 0.0)
    et = outs[0].dtype.mlir_type()

    def body(a):
        k = arith.index_cast(INDEX.get(), a[0])
        found = arith.cmpi(arith.CmpIPredicate.slt, k, _idx(kh * kw))
        k = arith.minsi(k, _idx(kh * kw - 1))
        n, c, oh, ow = (linalg.IndexOp(d).result for d in range(4))
        r = arith.addi(arith.muli(oh, _idx(sh)), arith.divsi(k, _idx(kw)))
        col = arith.addi(arith.muli(ow, _idx(sw)), arith.remsi(k, _idx(kw)))
        return arith.select(found, tensor.extract(tp, [n, c, r, col]), lir.scalar_const(et, 0.0))

    ident = lir.affine_map(range(4), 4)
    return [lir.generic([idx], [ident, ident], lir.empty(outs[0]), [lir.PARALLEL] * 4, body)]


def _tiled_pool_backward(x: ir.Value, g: ir.Value, attrs, out: TType) -> ir.Value:
    """Windows that do not overlap and are not padded (kernel == stride): every pixel has at most one
    window, so no gather is needed. The image (cropped to the rows/columns the windows cover) is
    transposed to windows-last, (n, c, oh, ow, kh·kw); the first max tap is two contiguous reductions;
    ḡ is routed to it elementwise and transposed back, then zero-padded to the image. Every step has
    projected-permutation maps, which IREE's CPU codegen needs to vectorize (a one-generic form with
    strided or per-tap maps runs scalar; docs/performance-notes.md)."""
    n, c, oh, ow = lir.shape_of(g)
    kh, kw = attrs["kernel"]
    k = kh * kw
    et = lir.elem_type(x)
    h, w = out.shape[2:]
    if (h, w) != (oh * kh, ow * kw):  # the rows/columns no window reads
        crop = ir.RankedTensorType.get([n, c, oh * kh, ow * kw], et)
        x = tensor.ExtractSliceOp(crop, x, [], [], [], [0] * 4, [n, c, oh * kh, ow * kw], [1] * 4).result
    swap = lir.affine_map([0, 1, 2, 4, 3, 5], 6)  # (oh, i, ow, j) ↔ (oh, ow, i, j): its own inverse
    ident6, ident5, pooled = lir.affine_map(range(6), 6), lir.affine_map(range(5), 5), lir.affine_map(range(4), 5)
    copy = [lir.PARALLEL] * 6
    blocks = lir.generic(
        [lir.reshape(x, (n, c, oh, kh, ow, kw))],
        [swap, ident6],
        lir.empty(TType((n, c, oh, ow, kh, kw), out.dtype)),
        copy,
        lambda a: a[0],
    )
    blocks = lir.reshape(blocks, (n, c, oh, ow, k))
    top = lir.reduce(blocks, [4], TType((n, c, oh, ow), out.dtype), float("-inf"), arith.maximumf)
    i32 = ir.IntegerType.get_signless(32)

    def first(a):  # the first tap equal to the max (k when none is: a NaN window routes nothing)
        tap = arith.index_cast(i32, linalg.IndexOp(4).result)
        hit = arith.cmpf(arith.CmpFPredicate.OEQ, a[0], a[1])
        return arith.minsi(a[2], arith.select(hit, tap, lir.scalar_const(i32, k)))

    iters = [lir.PARALLEL] * 4 + [lir.REDUCTION]
    init = lir.as_value(lir.filled(TType((n, c, oh, ow), dt.Int32), k))
    idx = lir.generic([blocks, top], [ident5, pooled, pooled], init, iters, first)
    zero = lir.scalar_const(lir.elem_type(g), 0.0)

    def route(a):
        tap = arith.index_cast(i32, linalg.IndexOp(0).result)
        return arith.select(arith.cmpi(arith.CmpIPredicate.eq, a[0], tap), a[1], zero)

    # taps outermost, (k, n, c, oh, ow): IREE fuses this into ḡ's producer (a convolution's image
    # gradient) and with the taps innermost that fused consumer dictated a slow tiling of the
    # convolution (docs/performance-notes.md)
    by_tap = lir.affine_map([1, 2, 3, 4], 5)
    routed_t = lir.empty(TType((k, n, c, oh, ow), out.dtype))
    routed = lir.generic([idx, g], [by_tap, by_tap, ident5], routed_t, [lir.PARALLEL] * 5, route)
    routed = lir.reshape(routed, (kh, kw, n, c, oh, ow))
    back = lir.affine_map([3, 5, 0, 1, 2, 4], 6)  # dx6[n, c, oh, i, ow, j] = routed[i, j, n, c, oh, ow]
    dx = lir.generic(
        [routed], [back, ident6], lir.empty(TType((n, c, oh, kh, ow, kw), out.dtype)), copy, lambda a: a[0]
    )
    dx = lir.reshape(dx, (n, c, oh * kh, ow * kw))
    return _pad(dx, (0, h - oh * kh, 0, w - ow * kw), 0.0)


def _max_pool2d_backward(ins, attrs, outs):
    x, g = ins
    kh, kw = attrs["kernel"]
    if (kh, kw) == tuple(attrs["stride"]) and not any(attrs["pad"]):
        return [_tiled_pool_backward(x, g, attrs, outs[0])]
    idx = _first_max_tap(x, attrs)
    i64 = ir.IntegerType.get_signless(64)

    def value(n, c, oh, ow, i, j):
        tap = arith.index_cast(i64, arith.addi(arith.muli(i, _idx(kw)), j))
        hit = arith.cmpi(arith.CmpIPredicate.eq, tensor.extract(idx, [n, c, oh, ow]), tap)
        return arith.select(hit, tensor.extract(g, [n, c, oh, ow]), lir.scalar_const(lir.elem_type(g), 0.0))

    hw = lir.shape_of(g)[2:]
    return [_window_adjoint(outs[0], attrs["kernel"], attrs["pad"], attrs["stride"], (1, 1), hw, value)]


def _pool_counts(shape, attrs) -> np.ndarray:
    """(H', W') float64: how many real (unpadded) cells each window of the pool covers."""
    per_axis = []
    for n, k, lo, s, o in zip(
        shape[2:],
        attrs["kernel"],
        attrs["pad"][0::2],
        attrs["stride"],
        window_out(shape, attrs["kernel"], attrs),
        strict=True,
    ):
        start = np.arange(o) * s - lo
        per_axis.append((np.minimum(start + k, n) - np.maximum(start, 0)).astype(np.float64))
    return np.outer(*per_axis)


def _inverse_counts(shape, attrs, dtype) -> ir.Value:
    """A constant (H', W') map of 1 / (real cells per window): padded cells do not count."""
    inv = (1.0 / _pool_counts(shape, attrs)).astype(dtype.np)
    t = TType(inv.shape, dtype)
    return arith.constant(t.to_mlir(), DENSE.to_mlir(inv))


def _avg_pool2d(ins, attrs, outs):
    x = ins[0]
    xp = _pad(x, attrs["pad"], 0.0)
    window = lir.empty(TType(tuple(attrs["kernel"]), outs[0].dtype))
    sums = linalg.pooling_nchw_sum(
        xp, window, outs=[lir.filled(outs[0], 0)], strides=list(attrs["stride"]), dilations=[1, 1]
    )
    inv = _inverse_counts(lir.shape_of(x), attrs, outs[0].dtype)
    return [lir.elementwise([lir.as_value(sums), inv], outs[0], arith.mulf)]


def _avg_pool2d_backward(ins, attrs, outs):
    g = ins[0]
    inv = _inverse_counts(tuple(attrs["shape"]), attrs, outs[0].dtype)

    def value(n, c, oh, ow, i, j):
        return arith.mulf(tensor.extract(g, [n, c, oh, ow]), tensor.extract(inv, [oh, ow]))

    hw = lir.shape_of(g)[2:]
    return [_window_adjoint(outs[0], attrs["kernel"], attrs["pad"], attrs["stride"], (1, 1), hw, value)]


def _axis_reduce(x: ir.Value, axis: int, init, combine) -> ir.Value:
    t = ttype(x)
    kept = TType(tuple(1 if i == axis else d for i, d in enumerate(t.shape)), t.dtype)
    return lir.reduce(x, [axis], kept, init, combine)


def _softmax(ins, attrs, outs):
    x, out = ins[0], outs[0]
    axis = attrs["axis"] % len(out.shape)
    m = _axis_reduce(x, axis, float("-inf"), arith.maximumf)
    shifted = lir.elementwise([x, m], out, arith.subf)
    total = _axis_reduce(lir.elementwise([shifted], out, mmath.exp), axis, 0.0, arith.addf)
    return [lir.elementwise([shifted, total], out, lambda s, z: arith.divf(mmath.exp(s), z))]


def _log_softmax(ins, attrs, outs):
    # (x - m) - log1p(s) (reductions.sum_below_max): the max's entry keeps a tiny -s; a row whose max
    # is not finite is NaN throughout, as numpy's x - max - log Σ exp(x - max)
    x, out = ins[0], outs[0]
    axis = attrs["axis"] % len(out.shape)
    row = TType(tuple(d for i, d in enumerate(out.shape) if i != axis), out.dtype)
    m = lir.reduce(x, [axis], row, float("-inf"), arith.maximumf)
    nan = lir.scalar_const(lir.elem_type(m), float("nan"))

    def log_total(below, ties, mx):
        return arith.select(finite(mx), libm.log1p(arith.addf(below, ties)), nan)

    lt = lir.elementwise([*sum_below_max(x, m, [axis]), m], row, log_total)
    keep = tuple(1 if i == axis else d for i, d in enumerate(out.shape))
    m, lt = lir.reshape(m, keep), lir.reshape(lt, keep)
    return [lir.elementwise([x, m, lt], out, lambda v, mx, lt: arith.subf(arith.subf(v, mx), lt))]


def _sparsemax(ins, attrs, outs):
    x, out = ins[0], outs[0]
    rank = len(out.shape)
    axis = attrs["axis"] % rank
    et = out.dtype.mlir_type()
    zero, one = lir.scalar_const(et, 0.0), lir.scalar_const(et, 1.0)
    # slack[j] = 1 + Σ_i [z_i ≥ z_j] (z_j - z_i): positive exactly on the support
    own = lir.affine_map(range(rank), rank + 1)
    other = lir.affine_map([rank if d == axis else d for d in range(rank)], rank + 1)

    def pair(a):
        zj, zi, acc = a
        ge = arith.cmpf(arith.CmpFPredicate.OGE, zi, zj)
        return arith.addf(acc, arith.select(ge, arith.subf(zj, zi), zero))

    iters = [lir.PARALLEL] * rank + [lir.REDUCTION]
    slack = lir.generic([x, x], [own, other, own], lir.as_value(lir.filled(out, 1.0)), iters, pair)
    support = lir.elementwise(
        [slack], out, lambda s: arith.select(arith.cmpf(arith.CmpFPredicate.OGT, s, zero), one, zero)
    )
    k = _axis_reduce(support, axis, 0.0, arith.addf)
    total = _axis_reduce(lir.elementwise([support, x], out, arith.mulf), axis, 0.0, arith.addf)

    def project(z, kk, ss):
        tau = arith.divf(arith.subf(ss, one), kk)
        return arith.maximumf(arith.subf(z, tau), zero)

    return [lir.elementwise([x, k, total], out, project)]


LOWERINGS.update(
    {
        "conv2d": _conv2d,
        "conv_transpose2d": _conv_transpose2d,
        "im2col": _im2col,
        "col2im": _col2im,
        "max_pool2d": _max_pool2d,
        "max_pool2d_select": _max_pool2d_select,
        "max_pool2d_backward": _max_pool2d_backward,
        "avg_pool2d": _avg_pool2d,
        "avg_pool2d_backward": _avg_pool2d_backward,
        "softmax": _softmax,
        "log_softmax": _log_softmax,
        "sparsemax": _sparsemax,
    }
)
