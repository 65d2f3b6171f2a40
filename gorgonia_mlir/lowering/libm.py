"""Our own scalar math kernels, where IREE 3.13's lowering of a ``math`` op is wrong or inexact.

Why each kernel is here (the measured errors, before and after, are in docs/accuracy.md):

- f64 ``log1p``/``expm1``: IREE expands them as ``log(1+x)`` / ``exp(x)-1``, which lose everything near
  0; here Kahan's corrected forms, exact for tiny x and keeping the sign of -0.
- ``tanh``: IREE has no f64 tanh and its f32 approximation is a few ulp off; here Cephes' polynomial
  (f32) or rational function (f64) below 0.625 and ``1 - 2/(e^{2|x|}+1)`` above.
- f32 ``exp``/``expm1`` for x > 87, where IREE's f32 exp loses a few ulp: the argument is shifted by
  an exact constant.
- ``sin``/``cos``: IREE's f32 sin is wrong for small negative x and large |x|, and its f64 ones do not
  lower; here fdlibm's kernels after an exact reduction by π/2 (f32 computed in f64 with Payne–Hanek and
  rounded once; f64 by three-part Cody–Waite below 2^20, Payne–Hanek above).
- ``pow``: ``math.powf`` is NaN for every negative base; here ``np.power``'s semantics, f32 through f64
  ``exp(y·log|x|)``, f64 with a double-double logarithm.
- ``copysign``: by integer ops, since vmvx cannot lower ``math.copysign``.

Every function builds scalar IR at the current insertion point, e.g. inside a ``linalg.generic`` body:
``libm.log1p(x)`` returns the ``ir.Value`` of log(1 + x) for an f32 or f64 scalar ``x``.
"""

from __future__ import annotations

import numpy as np
from iree.compiler import ir
from iree.compiler.dialects import arith, tensor
from iree.compiler.dialects import math as mmath

from .linalg_ir import const_like as _c

_F = arith.CmpFPredicate

# fdlibm's __kernel_sin / __kernel_cos minimax coefficients (S1..S6, C1..C6)
_S = (
    -1.66666666666666324348e-01,
    8.33333333332248946124e-03,
    -1.98412698298579493134e-04,
    2.75573137070700676789e-06,
    -2.50507602534068634195e-08,
    1.58969099521155010221e-10,
)
_C = (
    4.16666666666666019037e-02,
    -1.38888888888741095749e-03,
    2.48015872894767294178e-05,
    -2.75573143513906633035e-07,
    2.08757232129817482790e-09,
    -1.13596475577881948265e-11,
)
# FreeBSD's k_sinf.c / k_cosf.c (double coefficients for float results)
_SF = tuple(
    float.fromhex(h)
    for h in ("-0x15555554cbac77p-55", "0x111110896efbb2p-59", "-0x1a00f9e2cae774p-65", "0x16cd878c3b46a7p-71")
)
_CF = tuple(
    float.fromhex(h)
    for h in ("-0x1ffffffd0c5e81p-54", "0x155553e1053a42p-57", "-0x16c087e80f1e27p-62", "0x199342e0ee5069p-68")
)
_INVPIO2 = 6.36619772367581382433e-01
# π/2 in three 33-bit parts and a tail (fdlibm's __ieee754_rem_pio2): k·part is exact for k < 2^20
_PIO2 = (1.57079632673412561417e00, 6.07710050630396597660e-11, 2.02226624871116645580e-21)
_PIO2_3T = 8.47842766036889956997e-32
_PIO2_DD = (1.5707963267948966, 6.123233995736766e-17)  # π/2 = hi + lo
# 2/π in 24-bit chunks, c_j·2^-24(j+1) (fdlibm's ipio2; 1200 bits reach past f64's largest exponent)
_TWO_OVER_PI = (
    0xA2F983,
    0x6E4E44,
    0x1529FC,
    0x2757D1,
    0xF534DD,
    0xC0DB62,
    0x95993C,
    0x439041,
    0xFE5163,
    0xABDEBB,
    0xC561B7,
    0x246E3A,
    0x424DD2,
    0xE00649,
    0x2EEA09,
    0xD1921C,
    0xFE1DEB,
    0x1CB129,
    0xA73EE8,
    0x8235F5,
    0x2EBB44,
    0x84E99C,
    0x7026B4,
    0x5F7E41,
    0x3991D6,
    0x398353,
    0x39F49C,
    0x845F8B,
    0xBDF928,
    0x3B1FF8,
    0x97FFDE,
    0x05980F,
    0xEF2F11,
    0x8B5A0A,
    0x6D1F6D,
    0x367ECF,
    0x27CB09,
    0xB74F46,
    0x3F669E,
    0x5FEA2D,
    0x7527BA,
    0xC7EBE5,
    0xF17B3D,
    0x0739F7,
    0x8A5292,
    0xEA6BFB,
    0x5FB11F,
    0x8D5D08,
    0x560330,
    0x46FC7B,
)

# Cephes tanhf: tanh x = x + x·z·P(z), z = x², for |x| < 0.625
_TANHF_P = (-3.33332819422e-1, 1.33314422036e-1, -5.37397155531e-2, 2.06390887954e-2, -5.70498872745e-3)

# Cephes tanh (double): tanh x = x + x·z·P(z)/Q(z) for |x| < 0.625, highest degree first
_TANH_P = (-9.64399179425052238628e-1, -9.92877231001918586564e1, -1.61468768441708447952e3)
_TANH_Q = (1.0, 1.12811678491632931402e2, 2.23548839060100448583e3, 4.84406305325125486048e3)

# exp(x) = exp(x - c)·e^c for f32 x > 87: c is a multiple of 2^-17 (so x - c is exact) whose e^c is
# an f32 to within 1e-7 ulp
_EXP_SHIFT = 265575 / 2**17
_EXP_SHIFT_E = 7.585029125213623


def is_f64(x: ir.Value) -> bool:
    """Whether the scalar ``x`` is f64 (else f32): ``libm.is_f64(x)``"""
    return str(x.type) == "f64"


def _f64(x: ir.Value) -> ir.Value:
    return x if is_f64(x) else arith.extf(ir.F64Type.get(), x)


def _back(x: ir.Value, like: ir.Value) -> ir.Value:
    return x if x.type == like.type else arith.truncf(like.type, x)


def horner(coeffs, z: ir.Value) -> ir.Value:
    """coeffs[0] + z·(coeffs[1] + z·(...)) by Horner's rule: ``libm.horner((1.0, 0.5), z)`` is 1 + z/2."""
    acc = _c(z, coeffs[-1])
    for c in reversed(coeffs[:-1]):
        acc = arith.addf(arith.mulf(acc, z), _c(z, c))
    return acc


# --- exp, expm1 -----------------------------------------------------------------------------------


def _shifted_f32(x: ir.Value, fn) -> ir.Value:
    # IREE's f32 exp loses 5 ulp on (87, 88.72]: evaluate there at x - c and scale by e^c
    big = arith.cmpf(_F.OGT, x, _c(x, 87.0))
    y = fn(arith.select(big, arith.subf(x, _c(x, _EXP_SHIFT)), x))
    return arith.select(big, arith.mulf(y, _c(x, _EXP_SHIFT_E)), y)


def exp(x: ir.Value) -> ir.Value:
    """e**x: IREE's own, with the f32 overflow edge fixed. ``libm.exp(x)``"""
    return mmath.exp(x) if is_f64(x) else _shifted_f32(x, mmath.exp)


def expm1(x: ir.Value) -> ir.Value:
    """e**x - 1, accurate near 0. ``libm.expm1(x)``

    f64 (Kahan): u = e^x; x if u == 1, u - 1 if u - 1 == -1, else (u - 1)·x / log u.
    """
    if not is_f64(x):
        return _shifted_f32(x, mmath.expm1)
    u = mmath.exp(x)
    um1 = arith.subf(u, _c(x, 1.0))
    corrected = arith.mulf(um1, arith.divf(x, mmath.log(u)))  # x/log u ≈ 1: no overflow
    out = arith.select(arith.cmpf(_F.OEQ, um1, _c(x, -1.0)), um1, corrected)
    out = arith.select(arith.cmpf(_F.OEQ, u, _c(x, float("inf"))), u, out)
    return arith.select(arith.cmpf(_F.OEQ, u, _c(x, 1.0)), x, out)


def log1p(x: ir.Value) -> ir.Value:
    """log(1 + x), accurate near 0. ``libm.log1p(x)``

    f64 (Kahan): u = 1 + x; x if u == 1, else log(u)·x / (u - 1) (the quotient undoes u's rounding).
    """
    if not is_f64(x):
        return mmath.log1p(x)
    u = arith.addf(x, _c(x, 1.0))
    out = arith.mulf(mmath.log(u), arith.divf(x, arith.subf(u, _c(x, 1.0))))
    out = arith.select(arith.cmpf(_F.OEQ, x, _c(x, float("inf"))), x, out)
    return arith.select(arith.cmpf(_F.OEQ, u, _c(x, 1.0)), x, out)


def copysign(v: ir.Value, x: ir.Value) -> ir.Value:
    """|v| with the sign bit of x, by integer ops: vmvx cannot lower ``math.copysign``. ``libm.copysign(v, x)``"""
    bits = 64 if is_f64(x) else 32
    int_t = ir.IntegerType.get_signless(bits)
    sign_bit = arith.constant(int_t, -(1 << (bits - 1)))
    magnitude = arith.andi(arith.bitcast(int_t, v), arith.constant(int_t, (1 << (bits - 1)) - 1))
    sign = arith.andi(arith.bitcast(int_t, x), sign_bit)
    return arith.bitcast(x.type, arith.ori(magnitude, sign))


# --- tanh, sigmoid, softplus ----------------------------------------------------------------------


def tanh(x: ir.Value) -> ir.Value:
    """Hyperbolic tangent, ±1 at ±inf, keeps -0. ``libm.tanh(x)``

    Cephes: an odd polynomial (f32) or rational function (f64) of x below 0.625, ``1 - 2/(e^{2|x|}+1)``
    above (e^{2|x|} = inf past 44 or 354 gives exactly 1).
    """
    a = mmath.absf(x)
    z = arith.mulf(x, x)
    if is_f64(x):
        ratio = arith.divf(horner(_TANH_P[::-1], z), horner(_TANH_Q[::-1], z))
    else:
        ratio = horner(_TANHF_P, z)
    small = arith.addf(x, arith.mulf(arith.mulf(x, z), ratio))
    e = mmath.exp(arith.mulf(_c(x, 2.0), a))
    large = arith.subf(_c(x, 1.0), arith.divf(_c(x, 2.0), arith.addf(e, _c(x, 1.0))))
    return copysign(arith.select(arith.cmpf(_F.OLT, a, _c(x, 0.625)), small, large), x)


def sigmoid(x: ir.Value) -> ir.Value:
    """1 / (1 + e^-x): exp overflows to inf for x << 0 and the quotient is then exactly 0."""
    one = _c(x, 1.0)
    return arith.divf(one, arith.addf(one, exp(arith.negf(x))))


def softplus(x: ir.Value) -> ir.Value:
    """log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow for large x, no loss for very negative x."""
    return arith.addf(arith.maximumf(x, _c(x, 0.0)), log1p(exp(arith.negf(mmath.absf(x)))))


# --- sin, cos -------------------------------------------------------------------------------------


def _two_sum(a, b):
    # Knuth's two-sum: s + e == a + b exactly
    s = arith.addf(a, b)
    bb = arith.subf(s, a)
    return s, arith.addf(arith.subf(a, arith.subf(s, bb)), arith.subf(b, bb))


def _mod4(t):
    # t - 4·floor(t/4): exact for any float t (the result needs no more bits than t has)
    return arith.subf(t, arith.mulf(mmath.floor(arith.mulf(t, _c(t, 0.25))), _c(t, 4.0)))


def _reduce_cody_waite(x):
    """x = k·π/2 + (y0 + y1) with π/2 in three 33-bit parts: exact k·part while |k| < 2^20."""
    k = mmath.roundeven(arith.mulf(x, _c(x, _INVPIO2)))
    r, lost = x, _c(x, 0.0)
    for part in _PIO2:  # each k·part is exact; the rounding of each subtraction is carried in `lost`
        t, p = r, arith.mulf(k, _c(x, part))
        r = arith.subf(t, p)
        lost = arith.addf(lost, arith.subf(arith.subf(t, r), p))
    w = arith.subf(arith.mulf(k, _c(x, _PIO2_3T)), lost)
    y0 = arith.subf(r, w)
    return y0, arith.subf(arith.subf(r, y0), w), k


def _reduce_payne_hanek(x, f32_input: bool):
    """For x >= 0: x·2/π mod 4 = k + f, summed exactly from products of x with 24-bit chunks of 2/π's bits.

    Each product x·c_j·2^-24(j+1) is exact (x has at most 29 significant bits per part) and is reduced
    mod 4 exactly, so no bit of 2/π is lost at any |x|. f32 inputs take the nine chunks that any f32
    needs; f64 inputs (split into two 26/27-bit halves) gather the eight chunks their exponent needs.
    Returns (y0, y1, k) with y0 + y1 = f·π/2.
    """
    i64 = ir.IntegerType.get_signless(64)
    if f32_input:
        # x < 2^128: chunk j's product is below 2^(128-24j), under 4 from j = 6 on; chunk 9 on is < 2^-88
        terms = [arith.mulf(x, _c(x, c * 2.0 ** (-24 * (j + 1)))) for j, c in enumerate(_TWO_OVER_PI[:9])]
        big, small = terms[:6], terms[6:]
    else:
        # scale x by 2^-24·j0 (exact) so that chunks j < j0 (x·chunk ≡ 0 mod 4) are skipped
        bits = arith.bitcast(i64, x)  # x >= 0
        e = arith.subi(arith.shrui(bits, arith.constant(i64, 52)), arith.constant(i64, 1023))
        j0 = arith.maxsi(
            arith.divsi(arith.subi(e, arith.constant(i64, 54)), arith.constant(i64, 24)), arith.constant(i64, 0)
        )
        scale = arith.bitcast(
            x.type,
            arith.shli(
                arith.subi(arith.constant(i64, 1023), arith.muli(j0, arith.constant(i64, 24))), arith.constant(i64, 52)
            ),
        )
        xs = arith.mulf(x, scale)
        hi = arith.bitcast(x.type, arith.andi(arith.bitcast(i64, xs), arith.constant(i64, -(1 << 27))))
        lo = arith.subf(xs, hi)
        table_t = ir.RankedTensorType.get([len(_TWO_OVER_PI)], x.type)
        table = arith.constant(
            table_t, ir.DenseElementsAttr.get(np.array(_TWO_OVER_PI, dtype=np.float64), type=table_t)
        )
        terms = []
        for i in range(8):
            idx = arith.index_cast(ir.IndexType.get(), arith.addi(j0, arith.constant(i64, i)))
            chunk = arith.mulf(tensor.extract(table, [idx]), _c(x, 2.0 ** (-24 * (i + 1))))
            terms += [arith.mulf(hi, chunk), arith.mulf(lo, chunk)]
        big, small = terms[:8], terms[8:]  # xs < 2^78: from chunk 4 on the products are below 2^-18
    # big terms reduced mod 4 and summed error-free; the small ones error-free (f64) or plainly (f32:
    # their sum is below 2^-15, so its rounding stays under 2^-68)
    s, err = _c(x, 0.0), _c(x, 0.0)
    for t in big:
        s, e = _two_sum(s, _mod4(t))
        err = arith.addf(err, e)
    if f32_input:
        tail = small[0]
        for t in small[1:]:
            tail = arith.addf(tail, t)
        small = [tail]
    for t in small:
        s, e = _two_sum(s, t)
        err = arith.addf(err, e)
    s = _mod4(s)
    k = mmath.roundeven(s)
    fh, fl = _two_sum(arith.subf(s, k), err)
    # (fh + fl)·π/2 in double-double
    rh = arith.mulf(fh, _c(x, _PIO2_DD[0]))
    rl = arith.addf(
        mmath.fma(fh, _c(x, _PIO2_DD[0]), arith.negf(rh)),
        arith.addf(arith.mulf(fh, _c(x, _PIO2_DD[1])), arith.mulf(fl, _c(x, _PIO2_DD[0]))),
    )
    y0 = arith.addf(rh, rl)
    return y0, arith.subf(rl, arith.subf(y0, rh)), k


def _kernels_f64(y0, y1, z):
    """fdlibm's __kernel_sin and __kernel_cos of the double-double y0 + y1 (|y0| <= π/4), z = y0²."""
    x = y0
    # __kernel_sin(y0, y1) = y0 - ((z·(y1/2 - v·R) - y1) - v·S1), v = z·y0, R = S2 + z·S3 + ...
    v = arith.mulf(z, y0)
    rr = horner(_S[1:], z)
    inner = arith.subf(arith.mulf(z, arith.subf(arith.mulf(_c(x, 0.5), y1), arith.mulf(v, rr))), y1)
    sin_r = arith.subf(y0, arith.subf(inner, arith.mulf(v, _c(x, _S[0]))))
    # __kernel_cos(y0, y1) = w + (((1 - w) - hz) + (z²·C(z) - y0·y1)), hz = z/2, w = 1 - hz
    hz = arith.mulf(_c(x, 0.5), z)
    wc = arith.subf(_c(x, 1.0), hz)
    tail_c = arith.subf(arith.mulf(arith.mulf(z, z), horner(_C, z)), arith.mulf(y0, y1))
    cos_r = arith.addf(wc, arith.addf(arith.subf(arith.subf(_c(x, 1.0), wc), hz), tail_c))
    return sin_r, cos_r


def _kernels_f32(y, z):
    """FreeBSD's __kernel_sindf / __kernel_cosdf (in f64, errors below 2^-34 for |y| <= π/4): enough for
    a result rounded to f32, half the terms of the f64 kernels."""
    w = arith.mulf(z, z)
    s = arith.mulf(z, y)
    sin_r = arith.addf(
        arith.addf(y, arith.mulf(s, arith.addf(_c(y, _SF[0]), arith.mulf(z, _c(y, _SF[1]))))),
        arith.mulf(arith.mulf(s, w), arith.addf(_c(y, _SF[2]), arith.mulf(z, _c(y, _SF[3])))),
    )
    cos_r = arith.addf(
        arith.addf(arith.addf(_c(y, 1.0), arith.mulf(z, _c(y, _CF[0]))), arith.mulf(w, _c(y, _CF[1]))),
        arith.mulf(arith.mulf(w, z), arith.addf(_c(y, _CF[2]), arith.mulf(z, _c(y, _CF[3])))),
    )
    return sin_r, cos_r


def _sin_cos_f64(x: ir.Value, want_cos: bool, f32_input: bool) -> ir.Value:
    # x = k·π/2 + (y0 + y1); then fdlibm's kernels on the double-double y0 + y1, k's quadrant picks
    # reduce |x| (sin is odd, cos even): a negative product reduced mod 4 would lose its small bits
    ax = mmath.absf(x)
    if f32_input:
        y0, y1, k = _reduce_payne_hanek(ax, True)
    else:
        small = arith.cmpf(_F.OLT, ax, _c(x, 2.0**20))
        cw, ph = _reduce_cody_waite(ax), _reduce_payne_hanek(ax, False)
        y0, y1, k = (arith.select(small, a, b) for a, b in zip(cw, ph, strict=True))
    z = arith.mulf(y0, y0)
    sin_r, cos_r = _kernels_f32(y0, z) if f32_input else _kernels_f64(y0, y1, z)
    i64 = ir.IntegerType.get_signless(64)
    q = arith.andi(arith.fptosi(i64, k), arith.constant(i64, 3))
    if want_cos:  # cos(r + qπ/2): cos, -sin, -cos, sin
        q = arith.andi(arith.addi(q, arith.constant(i64, 1)), arith.constant(i64, 3))
    odd = arith.cmpi(arith.CmpIPredicate.eq, arith.andi(q, arith.constant(i64, 1)), arith.constant(i64, 1))
    value = arith.select(odd, cos_r, sin_r)
    negative = arith.cmpi(arith.CmpIPredicate.uge, q, arith.constant(i64, 2))
    value = arith.select(negative, arith.negf(value), value)
    if want_cos:
        return value
    value = arith.select(arith.cmpf(_F.OLT, x, _c(x, 0.0)), arith.negf(value), value)
    return arith.select(arith.cmpf(_F.OEQ, x, _c(x, 0.0)), x, value)  # sin(-0) = -0


def sin(x: ir.Value) -> ir.Value:
    """Sine (f32 evaluated in f64 and rounded once). ``libm.sin(x)``"""
    return _back(_sin_cos_f64(_f64(x), False, not is_f64(x)), x)


def cos(x: ir.Value) -> ir.Value:
    """Cosine (f32 evaluated in f64 and rounded once). ``libm.cos(x)``"""
    return _back(_sin_cos_f64(_f64(x), True, not is_f64(x)), x)


# --- pow ------------------------------------------------------------------------------------------

_LN2_HI = 6.93147180369123816490e-01  # 32 bits: e·_LN2_HI is exact for |e| < 2^21
_LN2_LO = 1.90821492927058770002e-10
_ATANH_TAIL = tuple(1.0 / (2 * k + 5) for k in range(12))  # s⁵·Σ z^k/(2k+5): log m's tail below 2^-66


def _log_dd(ax: ir.Value) -> tuple[ir.Value, ir.Value]:
    """log(ax) as hi + lo (about 2^-66 relative) for a positive finite normal f64 ``ax``."""
    i64 = ir.IntegerType.get_signless(64)
    bits = arith.bitcast(i64, ax)
    e = arith.subi(arith.shrui(bits, arith.constant(i64, 52)), arith.constant(i64, 1023))
    mbits = arith.ori(arith.andi(bits, arith.constant(i64, (1 << 52) - 1)), arith.constant(i64, 1023 << 52))
    m = arith.bitcast(ax.type, mbits)
    big = arith.cmpf(_F.OGT, m, _c(ax, 2**0.5))  # m in [√½, √2): s = (m-1)/(m+1) stays below 0.1716
    m = arith.select(big, arith.mulf(m, _c(ax, 0.5)), m)
    ef = arith.sitofp(ax.type, arith.select(big, arith.addi(e, arith.constant(i64, 1)), e))
    one = _c(ax, 1.0)
    num = arith.subf(m, one)  # exact (Sterbenz)
    den = arith.addf(m, one)
    den_lo = arith.subf(m, arith.subf(den, one))
    s = arith.divf(num, den)
    s_lo = arith.divf(arith.subf(mmath.fma(arith.negf(s), den, num), arith.mulf(s, den_lo)), den)
    # log m = 2·atanh s = 2(s + s³/3 + s⁵·tail): s³/3 in double-double, the tail in f64
    z = arith.mulf(s, s)
    z_lo = mmath.fma(s, s, arith.negf(z))
    cube = arith.mulf(z, s)
    cube_lo = arith.addf(mmath.fma(z, s, arith.negf(cube)), arith.mulf(z_lo, s))
    third = arith.divf(cube, _c(ax, 3.0))
    third_lo = arith.divf(arith.addf(mmath.fma(arith.negf(third), _c(ax, 3.0), cube), cube_lo), _c(ax, 3.0))
    tail = arith.mulf(arith.mulf(cube, z), horner(_ATANH_TAIL, z))
    hi = arith.addf(s, third)
    lo = arith.subf(third, arith.subf(hi, s))
    lo = arith.addf(lo, arith.addf(arith.addf(s_lo, arith.mulf(z, s_lo)), arith.addf(third_lo, tail)))
    hi, lo = arith.mulf(hi, _c(ax, 2.0)), arith.mulf(lo, _c(ax, 2.0))
    # + e·ln2 (two-sum: either part may dominate)
    sh, err = _two_sum(arith.mulf(ef, _c(ax, _LN2_HI)), hi)
    sl = arith.addf(err, arith.addf(arith.mulf(ef, _c(ax, _LN2_LO)), lo))
    h = arith.addf(sh, sl)
    return h, arith.subf(sl, arith.subf(h, sh))


def _pow_magnitude(ax: ir.Value, y: ir.Value) -> ir.Value:
    """|x|**y for f64 ``ax`` = |x| > 0 finite: exp of y·log|x| carried in double-double."""
    lh, ll = _log_dd(ax)
    p = arith.mulf(y, lh)
    p_lo = arith.addf(mmath.fma(y, lh, arith.negf(p)), arith.mulf(y, ll))
    ep = mmath.exp(p)
    # overflowed (or |p| past 750, where p_lo may be inf): the uncorrected 0 or inf, not fma's NaN
    ok = arith.andi(arith.cmpf(_F.OLT, ep, _c(ax, float("inf"))), arith.cmpf(_F.OLT, mmath.absf(p), _c(ax, 750.0)))
    return arith.select(ok, mmath.fma(ep, p_lo, ep), ep)


def pow(x: ir.Value, y: ir.Value) -> ir.Value:  # noqa: A001 - the op's name
    """x**y with numpy's ``np.power`` semantics. ``libm.pow(x, y)``

    pow(x, 0) = pow(1, y) = 1 (even NaN); a negative base needs an integer exponent (odd keeps the
    sign) else NaN; pow(±0, y<0) = inf (±inf for odd y); ±inf bases and exponents as C99's pow.
    """
    X, Y = _f64(x), _f64(y)  # noqa: N806
    ax = mmath.absf(X)
    if is_f64(x):
        r = _pow_magnitude(ax, Y)
    else:  # f32: f64 exp(y·log|x|) is correctly rounded after truncation but for 1 case in 2^20
        r = mmath.exp(arith.mulf(Y, mmath.log(ax)))
    zero, one, inf = _c(X, 0.0), _c(X, 1.0), _c(X, float("inf"))
    y_neg, y_pos = arith.cmpf(_F.OLT, Y, zero), arith.cmpf(_F.OGT, Y, zero)
    ax_zero, ax_inf = arith.cmpf(_F.OEQ, ax, zero), arith.cmpf(_F.OEQ, ax, inf)
    r = arith.select(arith.andi(ax_zero, y_neg), inf, arith.select(arith.andi(ax_zero, y_pos), zero, r))
    r = arith.select(arith.andi(ax_inf, y_neg), zero, arith.select(arith.andi(ax_inf, y_pos), inf, r))
    y_inf = arith.cmpf(_F.OEQ, mmath.absf(Y), inf)
    grows = arith.xori(arith.cmpf(_F.OGT, ax, one), y_neg)  # |x| > 1 with y = +inf, or |x| < 1 with y = -inf
    r = arith.select(y_inf, arith.select(grows, inf, zero), r)
    is_int = arith.cmpf(_F.OEQ, mmath.floor(Y), Y)
    half = arith.mulf(Y, _c(X, 0.5))
    odd = arith.andi(is_int, arith.cmpf(_F.UNE, mmath.floor(half), half))
    negative = arith.cmpf(_F.OLT, copysign(one, X), zero)  # sign bit: -0 and -inf too
    r = arith.select(arith.andi(negative, odd), arith.negf(r), r)
    finite_neg = arith.andi(arith.cmpf(_F.OLT, X, zero), arith.cmpf(_F.OGT, X, arith.negf(inf)))
    not_int = arith.xori(is_int, arith.constant(ir.IntegerType.get_signless(1), 1))
    r = arith.select(arith.andi(finite_neg, not_int), _c(X, float("nan")), r)
    r = arith.select(arith.cmpf(_F.UNO, X, X), X, r)
    unit = arith.ori(arith.cmpf(_F.OEQ, X, one), arith.andi(arith.cmpf(_F.OEQ, ax, one), y_inf))  # pow(-1, ±inf) = 1
    r = arith.select(arith.ori(arith.cmpf(_F.OEQ, Y, zero), unit), one, r)
    return _back(r, x)
