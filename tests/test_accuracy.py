"""The accuracy contract (docs/accuracy.md): every elementwise float op, the whole float range, both dtypes.

Each op is compiled once per dtype through ``G.function`` and run on its sweep (log-spaced magnitudes
from the smallest normal to the overflow threshold, both signs, dense values near the origin, ±0, ±inf,
NaN, op-specific hard cases); ``accuracy_cases`` holds the cases, the mpmath/numpy references, the
error measure and the ``BOUNDS`` table (an elementwise op's from its record in examples_elementwise.py;
tests/test_meta.py requires one for every float-valued elementwise op). Two tests per op and dtype:

* ``test_error_within_bound``: every ordinary result within ``BOUNDS[op][dtype]`` ulp;
* ``test_special_values_follow_numpy``: NaN exactly where numpy gives NaN, and the ±0/±inf results of
  special operands equal to numpy's (same infinity, same sign of zero).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from accuracy_cases import BOUNDS, DTYPES, OPS, measure, sweep, ulp_error

# (test, op, dtype) -> why it fails today. strict: once fixed the case XPASSes, fails, and is deleted here.
KNOWN_WRONG: dict[tuple[str, str, str], str] = {}


def _cases(test: str):
    for name in OPS:
        for dtype in DTYPES:
            reason = KNOWN_WRONG.get((test, name, dtype))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(name, dtype, id=f"{name}-{dtype}", marks=marks)


@pytest.mark.parametrize(("name", "dtype"), list(_cases("values")))
def test_error_within_bound(name, dtype):
    m = measure(name, dtype)
    bound = BOUNDS[name][dtype]
    worst = m.worst("values")
    assert worst <= bound, f"{name} [{dtype}]: worst {worst:.3g} ulp > {bound} ulp:\n" + "\n".join(
        m.failures(bound, "values")
    )


@pytest.mark.parametrize(("name", "dtype"), list(_cases("specials")))
def test_special_values_follow_numpy(name, dtype):
    m = measure(name, dtype)
    assert m.special.any(), f"{name} [{dtype}]: the sweep has no special values"
    wrong = m.failures(0, "specials")
    assert not wrong, f"{name} [{dtype}]: special values differ from numpy's:\n" + "\n".join(wrong)


@pytest.mark.parametrize("dtype", list(DTYPES))
def test_the_sweep_spans_the_float_range_with_both_signs_and_specials(dtype):
    dt = DTYPES[dtype][1]
    fi = np.finfo(dt)
    s = sweep(dt)
    assert s.dtype == dt
    finite = s[np.isfinite(s) & (s != 0)]
    assert np.abs(finite).min() == fi.tiny and np.abs(finite).max() == fi.max
    assert (finite < 0).sum() > 1000 and (finite > 0).sum() > 1000
    decades = np.log10(np.abs(finite))
    assert np.all(np.histogram(decades, bins=np.arange(np.floor(decades.min()), decades.max() + 1))[0] > 0)
    assert np.isnan(s).any() and np.isposinf(s).any() and np.isneginf(s).any()
    assert ((s == 0) & np.signbit(s)).any() and ((s == 0) & ~np.signbit(s)).any()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_ulp_error_counts_representable_steps(dtype):
    fi = np.finfo(dtype)
    one = dtype(1)
    ref = np.array([one, one, fi.max, fi.max, fi.tiny / 4, fi.tiny / 4, 2.0, np.inf], dtype)
    got = np.array(
        [np.nextafter(one, dtype(2)), np.nextafter(one, dtype(0)), np.inf, fi.max, 0.0, -fi.tiny / 4, np.nan, np.inf],
        dtype,
    )
    err = ulp_error(got, ref, dtype)
    # one step up, one (half-size) step down, inf one ulp past max, a flushed subnormal, a wrong sign, NaN
    assert list(err[:4]) == [1.0, 0.5, 1.0, 0.0]
    assert err[4] == 0.0 and err[5] > 0 and err[6] == np.inf and err[7] == 0.0


def test_row_references_hold_where_the_row_maximum_dominates():
    import mpmath
    from accuracy_cases import PREC, condition_scale

    # Σ exp(x - max) = 1 + e^-400: 1 + e^-400 is 1 at PREC bits, log1p of e^-400 is not
    with mpmath.workprec(PREC):
        at_max = float(OPS["log_softmax"].mp_fn([0.0, -400.0])[0])
        lse = float(OPS["log_sum_exp"].mp_fn([1e-200, -400.0])[0])
    assert at_max == -math.exp(-400.0)
    assert lse == pytest.approx(1e-200 + math.exp(-400.0), rel=1e-15)
    # κ of the maximum's entry: 400·e^-400 (1 - s_max and Σ s|x| - s_max|x_max| cancel to 0 in float64)
    kappa = condition_scale("log_softmax", np.array([[0.0, -400.0]]))
    assert kappa[0, 0] == pytest.approx(400 * math.exp(-400.0), rel=1e-12)
