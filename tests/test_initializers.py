"""Initialisers (Gorgonia's InitWFns): values, shapes, dtypes, seeding and the statistics of random ones."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gorgonia_mlir as G

BIG = (400, 300)  # 120000 samples: sample statistics within a few percent


def _learnable(init, shape=BIG, dtype=G.Float64, name="w"):
    g = G.Graph()
    return G.tensor(g, dtype, shape=shape, name=name, init=init).value


def _assert_std(w, want):
    assert abs(w.std() - want) < 0.02 * want, (w.std(), want)
    assert abs(w.mean()) < 5 * want / math.sqrt(w.size)


# ---- deterministic ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [G.Float32, G.Float64, G.Int32, G.Int64], ids=lambda d: d.name)
def test_constant_initialisers(dtype):
    shape = (2, 3)
    cases = {
        "zeroes": (G.zeroes(), np.zeros(shape)),
        "ones": (G.ones(), np.ones(shape)),
        "values_of": (G.values_of(7), np.full(shape, 7)),
        "ranged_from": (G.ranged_from(-2), np.arange(-2, 4).reshape(shape)),
    }
    for name, (init, want) in cases.items():
        w = _learnable(init, shape, dtype)
        assert w.shape == shape and w.dtype == dtype.np, name
        np.testing.assert_array_equal(w, want.astype(dtype.np), err_msg=name)


def test_ranged_from_is_row_major():
    w = _learnable(G.ranged_from(0), (2, 2, 2))
    assert w[1, 0, 1] == 5.0 and w.ravel().tolist() == list(range(8))


def test_initialiser_on_scalars_and_vectors():
    g = G.Graph()
    s = G.scalar(g, G.Float32, name="s", init=G.values_of(0.5))
    v = G.vector(g, G.Float64, shape=(4,), name="v", init=G.gaussian(seed=1))
    assert s.value == np.float32(0.5) and s.value.shape == ()
    assert v.value.shape == (4,) and v.value.dtype == np.float64


def test_init_is_callable_on_a_shape():
    init = G.glorot_u(seed=3)
    a, b = init((3, 4)), init((3, 4), np.float32)
    assert a.shape == (3, 4) and a.dtype == np.float64 and b.dtype == np.float32
    np.testing.assert_allclose(a, b, rtol=1e-6)


# ---- seeding ---------------------------------------------------------------------------------------

RANDOM = {
    "gaussian": G.gaussian,
    "uniform": G.uniform,
    "glorot_n": G.glorot_n,
    "glorot_u": G.glorot_u,
    "he_n": G.he_n,
    "he_u": G.he_u,
}


@pytest.mark.parametrize("name", sorted(RANDOM))
def test_seeded_initialisers_are_reproducible(name):
    make = RANDOM[name]
    a = _learnable(make(seed=11), (5, 4))
    b = _learnable(make(seed=11), (5, 4))
    c = _learnable(make(seed=12), (5, 4))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize("name", sorted(RANDOM))
def test_set_seed_drives_unseeded_initialisers(name):
    make = RANDOM[name]
    G.set_seed(7)
    a = _learnable(make(), (5, 4))
    later = _learnable(make(), (5, 4))  # the generator moved on
    G.set_seed(7)
    b = _learnable(make(), (5, 4))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, later)


def test_random_initialisers_take_the_node_dtype():
    w = _learnable(G.gaussian(seed=0), (3, 3), G.Float32)
    assert w.dtype == np.float32


# ---- statistics ------------------------------------------------------------------------------------


def test_gaussian_statistics():
    w = _learnable(G.gaussian(mean=2.0, stdev=3.0, seed=0))
    assert abs(w.mean() - 2.0) < 5 * 3.0 / math.sqrt(w.size)
    assert abs(w.std() - 3.0) < 0.02 * 3.0


def test_uniform_bounds_and_mean():
    w = _learnable(G.uniform(low=-1.0, high=3.0, seed=0))
    assert w.min() >= -1.0 and w.max() < 3.0
    assert w.min() < -0.99 and w.max() > 2.99
    assert abs(w.mean() - 1.0) < 0.02


@pytest.mark.parametrize("gain", [1.0, math.sqrt(2.0)])
def test_glorot_normal_stdev(gain):
    fan_in, fan_out = BIG
    _assert_std(_learnable(G.glorot_n(gain=gain, seed=0)), gain * math.sqrt(2.0 / (fan_in + fan_out)))


@pytest.mark.parametrize("gain", [1.0, 2.0])
def test_glorot_uniform_limit(gain):
    fan_in, fan_out = BIG
    limit = gain * math.sqrt(6.0 / (fan_in + fan_out))
    w = _learnable(G.glorot_u(gain=gain, seed=0))
    assert np.abs(w).max() <= limit and np.abs(w).max() > 0.99 * limit
    _assert_std(w, limit / math.sqrt(3.0))


def test_glorot_fans_of_a_convolution_kernel():
    # (out_channels, in_channels, kh, kw): the receptive field multiplies both fans (Gorgonia's GlorotEtAl).
    shape = (32, 16, 5, 5)
    limit = math.sqrt(6.0 / (32 * 25 + 16 * 25))
    w = _learnable(G.glorot_u(seed=0), shape)
    assert w.shape == shape and np.abs(w).max() <= limit and np.abs(w).max() > 0.99 * limit


def test_glorot_on_a_vector_treats_it_as_one_row():
    limit = math.sqrt(6.0 / (1 + 5000))
    w = _learnable(G.glorot_u(seed=0), (5000,))
    assert np.abs(w).max() <= limit and np.abs(w).max() > 0.99 * limit


@pytest.mark.parametrize("gain", [1.0, math.sqrt(2.0)])
def test_he_normal_stdev(gain):
    _assert_std(_learnable(G.he_n(gain=gain, seed=0)), gain * math.sqrt(1.0 / BIG[0]))


@pytest.mark.parametrize("gain", [1.0, 2.0])
def test_he_uniform_limit(gain):
    limit = gain * math.sqrt(3.0 / BIG[0])
    w = _learnable(G.he_u(gain=gain, seed=0))
    assert np.abs(w).max() <= limit and np.abs(w).max() > 0.99 * limit
    _assert_std(w, limit / math.sqrt(3.0))


def test_he_fan_in_of_a_convolution_kernel():
    shape = (32, 16, 5, 5)  # fan_in = in_channels · kh · kw
    limit = math.sqrt(3.0 / (16 * 25))
    w = _learnable(G.he_u(seed=0), shape)
    assert np.abs(w).max() <= limit and np.abs(w).max() > 0.99 * limit


# ---- errors ----------------------------------------------------------------------------------------


def test_glorot_needs_a_dimension_and_he_needs_two():
    g = G.Graph()
    with pytest.raises(G.GraphError, match=r"glorot_n: cannot initialise node 's' of shape \(\)"):
        G.scalar(g, G.Float32, name="s", init=G.glorot_n())
    with pytest.raises(G.GraphError, match=r"he_u: cannot initialise node 'v' of shape \(3,\)"):
        G.vector(g, G.Float32, shape=(3,), name="v", init=G.he_u())
