"""gorgonia-canonicalize's rewrites of ``x ** c`` for a constant c (1, 2, 3, -1) on real numbers: the
accuracy sweep's inputs give np.power's values and special values, the gradients match finite
differences, and x ** 0.5 is left to pow (sqrt differs at -0 and -inf)."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from accuracy_cases import DTYPES, PREC, sweep, ulp_error
from op_cases import numeric_grad

import gorgonia_mlir as G

EXPONENTS = (1.0, 2.0, 3.0, -1.0, 0.5)
BOUND = {1.0: 0, 2.0: 0, 3.0: 1, -1.0: 0}  # ulp: x, x·x, 1/x are correctly rounded; x·(x·x) rounds twice


def _cube(x: np.ndarray) -> np.ndarray:
    # x³ correctly rounded to float64 (mpmath at PREC bits), then to the dtype
    with mpmath.workprec(PREC):
        return np.array([float(mpmath.mpf(float(v)) ** 3) if np.isfinite(v) else v**3 for v in x])


def _reference(x: np.ndarray, c: float, dt) -> np.ndarray:
    with np.errstate(all="ignore"):
        exact = {1.0: lambda: x, 2.0: lambda: x * x, -1.0: lambda: 1 / x, 3.0: lambda: _cube(x)}[c]()
        return exact.astype(dt)  # float64 carries x², 1/x and x³ of float32 x to 1 rounding (exact: x, x²)


@pytest.fixture(scope="module", params=list(DTYPES))
def powers(request):
    dtype, dt = DTYPES[request.param]
    x = sweep(dt)
    g = G.Graph()
    xn = G.vector(g, dtype, shape=x.shape, name="x")
    fn = G.function([xn], [xn**c for c in EXPONENTS])
    got = dict(zip(EXPONENTS, fn(x), strict=True))
    fn.close()
    return dt, x, got


@pytest.mark.parametrize("c", EXPONENTS)
def test_special_values_follow_np_power(powers, c):
    dt, x, got = powers
    with np.errstate(all="ignore"):
        want = np.power(x, np.full_like(x, c))  # an array exponent: a scalar 0.5 makes numpy take sqrt
    got = got[c]
    special = ~np.isfinite(x) | (x == 0) | ~np.isfinite(want)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_array_equal(got[special], want[special])
    np.testing.assert_array_equal(np.signbit(got[special & (want == 0)]), np.signbit(want[special & (want == 0)]))


@pytest.mark.parametrize("c", list(BOUND))
def test_values_are_pows_correctly_rounded(powers, c):
    dt, x, got = powers
    finite = np.isfinite(x) & (x != 0)
    err = ulp_error(got[c][finite], _reference(x[finite], c, dt), dt)
    worst = int(np.argmax(err))
    assert err[worst] <= BOUND[c], f"x ** {c} at x = {x[finite][worst]!r}: {err[worst]} ulp"


def test_the_rewrites_replace_pow_before_lowering(tmp_path):
    g = G.Graph()
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    G.function([x], [x**c for c in EXPONENTS], dump_ir=str(tmp_path))
    first = next(p for p in sorted(tmp_path.iterdir()) if "gorgonia-canonicalize" in p.name).read_text()
    assert first.count('"gorgonia.pow"') == 1  # x ** 0.5 only
    assert '"gorgonia.square"' in first and '"gorgonia.hadamard_div"' in first


def test_gradients_of_the_rewritten_powers():
    rng = np.random.default_rng(5)
    values = rng.uniform(0.3, 1.5, 6) * rng.choice([-1, 1], 6)
    g = G.Graph()
    x = G.vector(g, G.Float64, shape=(6,), name="x")
    w = rng.normal(size=(4, 6))
    terms = [G.sum((x**c) * g.constant(w[i])) for i, c in enumerate(BOUND)]
    cost = terms[0] + terms[1] + terms[2] + terms[3]
    (gx,) = G.grad(cost, [x])
    G.let(x, values)
    G.TapeMachine(g).run_all()

    def ref(v):
        return sum(float(np.sum(v**c * w[i])) for i, c in enumerate(BOUND))

    np.testing.assert_allclose(gx.value, numeric_grad(ref, values), rtol=1e-7, atol=1e-9)
