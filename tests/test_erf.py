"""erf and Φ (ndtr) over the whole float range, and GELU in PyTorch's two forms (exact by default, tanh on
request)."""

from __future__ import annotations

import math
import os

import mpmath
import numpy as np
import pytest
from accuracy_cases import ulp_error
from examples_elementwise import np_erf, np_gelu_erf, np_gelu_tanh

import gorgonia_mlir as G

HERE = os.path.basename(__file__)
# measured worst case on the sweep below: 0.76 ulp (f32), 1.0 ulp (f64)
ULP_BOUND = {G.Float32: 1.0, G.Float64: 2.0}


def sweep(dtype: G.Dtype) -> np.ndarray:
    """Log-spaced magnitudes from the smallest normal to the largest finite value, both signs, a fine grid
    over the intervals where the approximation changes (0.84375, 1.25, 1/0.35, 6), zeros and ±inf."""
    info = np.finfo(dtype.np)
    mags = np.append(np.geomspace(float(info.tiny), float(info.max) / 4, 60_000), info.max).astype(dtype.np)
    grid = np.linspace(-7.0, 7.0, 140_001).astype(dtype.np)
    edges = np.array([0.84375, 1.25, 1 / 0.35, 6.0, 2.0**-28], dtype.np)
    near = np.concatenate([np.nextafter(edges, 0), edges, np.nextafter(edges, 10)])
    specials = np.array([0.0, np.inf], dtype.np)
    pos = np.concatenate([mags, near, specials])
    return np.concatenate([pos, -pos, grid])


@pytest.fixture(scope="module", params=[G.Float32, G.Float64], ids=lambda d: d.name)
def erf_sweep(request):
    dtype = request.param
    x = sweep(dtype)
    g = G.Graph()
    xn = G.vector(g, dtype, shape=x.shape, name="x")
    f = G.function([xn], [G.erf(xn)])
    specials = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-30, -1e-30], dtype.np)
    sn = G.vector(g, dtype, shape=specials.shape, name="s")
    fs = G.function([sn], [G.erf(sn)])
    (got,) = f(x)
    (got_specials,) = fs(specials)
    f.close()
    fs.close()
    return dtype, x, got, specials, got_specials


def test_erf_is_within_its_ulp_bound_over_the_whole_range(erf_sweep):
    dtype, x, got, *_ = erf_sweep
    assert got.dtype == dtype.np
    err = ulp_error(got, np_erf(x.astype(np.float64)), dtype.np.type)
    worst = int(np.argmax(err))
    assert err[worst] <= ULP_BOUND[dtype], f"erf({x[worst]!r}) = {got[worst]!r}: {err[worst]:.2f} ulp"


def test_erf_special_values_follow_numpy(erf_sweep):
    dtype, *_, specials, got = erf_sweep
    assert got[0] == 0.0 and not np.signbit(got[0])
    assert got[1] == 0.0 and np.signbit(got[1])  # erf(-0) = -0
    assert got[2] == 1.0 and got[3] == -1.0
    assert np.isnan(got[4])
    np.testing.assert_allclose(got[5:], 2 / math.sqrt(math.pi) * specials[5:].astype(np.float64), rtol=1e-6)


@pytest.mark.parametrize("dtype", [G.Float32, G.Float64], ids=lambda d: d.name)
def test_gelu_defaults_to_the_exact_form_and_tanh_is_an_option(dtype):
    x = np.linspace(-8, 8, 1601).astype(dtype.np)
    g = G.Graph()
    xn = G.vector(g, dtype, shape=x.shape, name="x")
    exact, approx = G.gelu(xn), G.gelu(xn, approximate="tanh")
    exact_grad = G.grad(G.sum(exact), [xn])[0]
    f = G.function([xn], [exact, approx, exact_grad])
    got_exact, got_tanh, got_grad = f(x)
    f.close()
    x64 = x.astype(np.float64)
    tol = {"rtol": 2e-6, "atol": 1e-7} if dtype == G.Float32 else {"rtol": 1e-14, "atol": 1e-15}
    np.testing.assert_allclose(got_exact, np_gelu_erf(x64), **tol)
    np.testing.assert_allclose(got_tanh, np_gelu_tanh(x64), **tol)
    # the two forms differ by up to ~5e-4 (PyTorch's documented gap): the default is not the tanh form
    assert np.max(np.abs(got_exact.astype(np.float64) - np_gelu_tanh(x64))) > 1e-4
    # d/dx ½x(1 + erf(x/√2)) = Φ(x) + x·φ(x)
    want_grad = 0.5 * (1 + np_erf(x64 / math.sqrt(2))) + x64 * np.exp(-0.5 * x64**2) / math.sqrt(2 * math.pi)
    np.testing.assert_allclose(got_grad, want_grad, **tol)


def test_gelu_rejects_an_unknown_approximation(g):
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    with pytest.raises(G.GraphError, match=r"gelu: approximate must be 'none' .* or 'tanh', got 'erf'") as info:
        G.gelu(x, approximate="erf")
    assert f"{HERE}:{info.tb.tb_lineno}" in str(info.value)


def test_erf_of_an_int_node_is_a_graph_error(g):
    i = G.vector(g, G.Int32, shape=(3,), name="i")
    with pytest.raises(G.GraphError, match=r"erf: expects float .* got Int32"):
        G.erf(i)


# measured worst case on the sweep below: ndtr 2.6 ulp (f32) / 3.0 ulp (f64), gelu 3.2 / 3.0 ulp
TAIL_BOUND = {"ndtr": 4.0, "gelu": 4.0}


def _mp(fn, values) -> np.ndarray:
    with mpmath.workprec(120):
        return np.array([float(fn(mpmath.mpf(float(v)))) for v in values])


@pytest.mark.parametrize("dtype", [G.Float32, G.Float64], ids=lambda d: d.name)
def test_ndtr_and_gelu_keep_their_lower_tail(dtype):
    # 1 + erf(x/√2) cancels to 0 below x ≈ -5.5 (f32) / -8 (f64); Φ(x) is still far above the smallest normal
    lowest = -12.9 if dtype == G.Float32 else -37.5  # below, Φ(x) itself is no longer a normal number
    x = np.concatenate([np.linspace(lowest, 8.0, 6001), -np.geomspace(1e-30, 1.0, 400)]).astype(dtype.np)
    g = G.Graph()
    xn = G.vector(g, dtype, shape=x.shape, name="x")
    f = G.function([xn], [G.ndtr(xn), G.gelu(xn)])
    got = dict(zip(("ndtr", "gelu"), f(x), strict=True))
    f.close()
    want = {"ndtr": _mp(mpmath.ncdf, x), "gelu": _mp(lambda v: v * mpmath.ncdf(v), x)}
    for name in ("ndtr", "gelu"):
        err = ulp_error(got[name], want[name], dtype.np.type)
        worst = int(np.argmax(err))
        assert err[worst] <= TAIL_BOUND[name], f"{name}({x[worst]!r}) = {got[name][worst]!r}: {err[worst]:.2f} ulp"
    assert got["gelu"][0] < 0 and got["ndtr"][0] > 0  # not the cancelled -0.0 / 0.0


def test_ndtr_special_values():
    g = G.Graph()
    x = np.array([-np.inf, np.inf, np.nan, 0.0, -0.0], np.float64)
    xn = G.vector(g, G.Float64, shape=x.shape, name="x")
    f = G.function([xn], [G.ndtr(xn)])
    (got,) = f(x)
    f.close()
    assert got[0] == 0.0 and got[1] == 1.0 and np.isnan(got[2]) and got[3] == 0.5 and got[4] == 0.5
