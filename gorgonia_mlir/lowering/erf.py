"""Scalar kernels of ``erf``, ``erfc`` and ``ndtr``: fdlibm's ``s_erf.c`` rational approximations, branch-free.

IREE 3.13 cannot lower f64 ``math.erf`` for llvm-cpu (a libm call the device code cannot link), and its
f32 ``math.erf`` returns +0 for -0 and 0 near the smallest normal. So both dtypes use fdlibm's
(Sun, 1993, freely redistributable) coefficients on |x|, every interval evaluated and the right one
selected (vector code has no branches), the sign restored at the end:

- |x| < 0.84375: x + x·P(x²)/Q(x²);
- 0.84375 ≤ |x| < 1.25: erx + P(s)/Q(s), s = |x| - 1;
- 1.25 ≤ |x| < 6: 1 - exp(-z² - 0.5625)·exp((z - x)(z + x) + R(1/x²)/S(1/x²)) / x, z = x with the low
  half of its mantissa bits cleared (so z² is exact);
- |x| ≥ 6: 1.

f32 runs the same kernel in f32 (fdlibm's ``s_erff.c``: the coefficients rounded, z keeps 10 mantissa
bits). The measured errors are in docs/accuracy.md.
"""

from __future__ import annotations

from iree.compiler import ir
from iree.compiler.dialects import arith
from iree.compiler.dialects import math as mmath

from . import libm
from .linalg_ir import const_like as _c

_ERX = 8.45062911510467529297e-01  # erf(1) rounded to 24 bits
_EFX8 = 1.02703333676410069053e00  # 8·(2/√π - 1)
_PP = (
    1.28379167095512558561e-01,
    -3.25042107247001499370e-01,
    -2.84817495755985104766e-02,
    -5.77027029648944159157e-03,
    -2.37630166566501626084e-05,
)
_QQ = (
    1.0,
    3.97917223959155352819e-01,
    6.50222499887672944485e-02,
    5.08130628187576562776e-03,
    1.32494738004321644526e-04,
    -3.96022827877536812320e-06,
)
_PA = (
    -2.36211856075265944077e-03,
    4.14856118683748331666e-01,
    -3.72207876035701323847e-01,
    3.18346619901161753674e-01,
    -1.10894694282396677476e-01,
    3.54783043256182359371e-02,
    -2.16637559486879084300e-03,
)
_QA = (
    1.0,
    1.06420880400844228286e-01,
    5.40397917702171048937e-01,
    7.18286544141962662868e-02,
    1.26171219808761642112e-01,
    1.36370839120290507362e-02,
    1.19844998467991074170e-02,
)
# erfc on [1.25, 1/0.35) (R_A/S_A) and [1/0.35, 6) (R_B/S_B), padded with zeros to the same degrees
_RA = (
    -9.86494403484714822705e-03,
    -6.93858572707181764372e-01,
    -1.05586262253232909814e01,
    -6.23753324503260060396e01,
    -1.62396669462573470355e02,
    -1.84605092906711035994e02,
    -8.12874355063065934246e01,
    -9.81432934416914548592e00,
)
_SA = (
    1.0,
    1.96512716674392571292e01,
    1.37657754143519042600e02,
    4.34565877475229228821e02,
    6.45387271733267880336e02,
    4.29008140027567833386e02,
    1.08635005541779435134e02,
    6.57024977031928170135e00,
    -6.04244152148580987438e-02,
)
_RB = (
    -9.86494292470009928597e-03,
    -7.99283237680523006574e-01,
    -1.77579549177547519889e01,
    -1.60636384855821916062e02,
    -6.37566443368389627722e02,
    -1.02509513161107724954e03,
    -4.83519191608651397019e02,
    0.0,
)
_SB = (
    1.0,
    3.03380607434824582924e01,
    3.25792512996573918826e02,
    1.53672958608443695994e03,
    3.19985821950859553908e03,
    2.55305040643316442583e03,
    4.74528541206955367215e02,
    -2.24409524465858183362e01,
    0.0,
)


def _poly_select(pick_a: ir.Value, coeffs_a, coeffs_b, z: ir.Value) -> ir.Value:
    """Horner's rule with each coefficient chosen per element (one polynomial evaluation, not two)."""

    def coeff(i):
        return arith.select(pick_a, _c(z, coeffs_a[i]), _c(z, coeffs_b[i]))

    acc = coeff(len(coeffs_a) - 1)
    for i in reversed(range(len(coeffs_a) - 1)):
        acc = arith.addf(arith.mulf(acc, z), coeff(i))
    return acc


def _below(a: ir.Value, bound: float) -> ir.Value:
    return arith.cmpf(arith.CmpFPredicate.OLT, a, _c(a, bound))


def _parts(a: ir.Value):
    """fdlibm's pieces on a = |x| ≥ 0: y of the small interval (erf = a + a·y), P/Q of the middle one
    (s = a - 1) and erfc(a) of the tail (1.25 ≤ a < 28, from two exps)."""
    one = _c(a, 1.0)
    z = arith.mulf(a, a)
    y = arith.divf(libm.horner(_PP, z), libm.horner(_QQ, z))
    s = arith.subf(a, one)
    pq = arith.divf(libm.horner(_PA, s), libm.horner(_QA, s))
    # erfc(x) = exp(-x²-0.5625 + R/S) / x, x² split as hi² + (hi-x)(hi+x) with hi² exact
    inv = arith.divf(one, z)
    near = _below(a, 1.0 / 0.35)
    ratio = arith.divf(_poly_select(near, _RA, _RB, inv), _poly_select(near, _SA, _SB, inv))
    bits, keep = (64, -(1 << 32)) if libm.is_f64(a) else (32, -(1 << 13))
    int_t = ir.IntegerType.get_signless(bits)
    hi = arith.bitcast(a.type, arith.andi(arith.bitcast(int_t, a), arith.constant(int_t, keep)))
    e1 = mmath.exp(arith.subf(arith.negf(arith.mulf(hi, hi)), _c(a, 0.5625)))
    e2 = mmath.exp(arith.addf(arith.mulf(arith.subf(hi, a), arith.addf(hi, a)), ratio))
    tail = arith.divf(arith.mulf(e1, e2), a)
    return y, pq, tail


def erf(x: ir.Value) -> ir.Value:
    """erf(x) for an f32 or f64 scalar ``x``: ``erf.erf(x)``."""
    a = mmath.absf(x)
    y, pq, tail = _parts(a)
    small = arith.addf(a, arith.mulf(a, y))
    # below 2^-28 a·y would underflow for subnormal a: a·(1 + efx) written as 0.125·(8a + efx8·a)
    tiny = arith.mulf(_c(a, 0.125), arith.addf(arith.mulf(_c(a, 8.0), a), arith.mulf(_c(a, _EFX8), a)))
    mid = arith.addf(_c(a, _ERX), pq)
    one = _c(a, 1.0)
    value = arith.select(
        _below(a, 0.84375),
        arith.select(_below(a, 2.0**-28), tiny, small),
        arith.select(_below(a, 1.25), mid, arith.select(_below(a, 6.0), arith.subf(one, tail), one)),
    )
    nan = arith.cmpf(arith.CmpFPredicate.UNO, x, x)
    return arith.select(nan, x, libm.copysign(value, x))  # erf is odd: keeps -0, ±inf → ±1


def erfc(x: ir.Value) -> ir.Value:
    """erfc(x) = 1 - erf(x) without cancellation: the tail formula for x ≥ 1.25, 2 - erfc(-x) below."""
    a = mmath.absf(x)
    y, pq, tail = _parts(a)
    one, half, two = _c(a, 1.0), _c(a, 0.5), _c(a, 2.0)
    negative = arith.cmpf(arith.CmpFPredicate.OLT, x, _c(a, 0.0))
    xy = arith.mulf(x, y)
    small = arith.select(
        _below(x, 0.25),
        arith.subf(one, arith.addf(x, xy)),
        arith.subf(half, arith.addf(arith.subf(x, half), xy)),  # 1/4 ≤ x: 0.5 - (x - 0.5 + x·y) is exact-er
    )
    mid = arith.select(negative, arith.addf(one, arith.addf(_c(a, _ERX), pq)), arith.subf(_c(a, 1.0 - _ERX), pq))
    far = arith.select(_below(a, 28.0), tail, _c(a, 0.0))
    big = arith.select(negative, arith.subf(two, far), far)
    value = arith.select(_below(a, 0.84375), small, arith.select(_below(a, 1.25), mid, big))
    nan = arith.cmpf(arith.CmpFPredicate.UNO, x, x)
    return arith.select(nan, x, value)


# 1/√2 as a sum of two numbers of each type (the low part from a 50-digit value)
_INV_SQRT2 = {"f64": (0.7071067811865476, -4.833646656726457e-17), "f32": (0.7071067690849304, 1.2101617485882343e-08)}
_TWO_OVER_SQRT_PI = 1.1283791670955126


def ndtr(x: ir.Value) -> ir.Value:
    """Φ(x) = erfc(-x/√2)/2 with -x/√2 carried as hi + lo: erfc(hi + lo) ≈ erfc(hi) - lo·2/√π·e^(-hi²).

    Rounding -x/√2 to one number would cost ~(x²/2) ulp of Φ in the tail, where erfc is steep.
    """
    c_hi, c_lo = _INV_SQRT2["f64" if libm.is_f64(x) else "f32"]
    p_hi = arith.mulf(x, _c(x, c_hi))
    p_lo = arith.addf(mmath.fma(x, _c(x, c_hi), arith.negf(p_hi)), arith.mulf(x, _c(x, c_lo)))
    hi, lo = arith.negf(p_hi), arith.negf(p_lo)
    slope = arith.mulf(_c(x, _TWO_OVER_SQRT_PI), mmath.exp(arith.negf(arith.mulf(hi, hi))))
    finite = _below(mmath.absf(hi), 28.0)  # past it erfc is 0 or 2 and lo may be inf - inf
    # one fma: lo·slope alone is subnormal deep in the tail, and the runtime flushes subnormals to zero
    corrected = mmath.fma(arith.negf(arith.select(finite, lo, _c(x, 0.0))), slope, erfc(hi))
    return arith.mulf(_c(x, 0.5), corrected)
