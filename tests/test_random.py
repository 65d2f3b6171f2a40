"""Random nodes: ranges, moments, reproducibility, fresh values per run, errors."""

from __future__ import annotations

import numpy as np
import pytest

import gorgonia_mlir as G

N = 20000


@pytest.fixture(scope="module")
def draws():
    g = G.Graph()
    nodes = {
        "u64": G.uniform_random(g, G.Float64, -1.0, 3.0, (N,), seed=5),
        "u32": G.uniform_random(g, G.Float32, 0.0, 1.0, (100, 200), seed=5),
        "z64": G.gaussian_random(g, G.Float64, 1.0, 2.0, (N,), seed=6),
        "z32": G.gaussian_random(g, G.Float32, 0.0, 1.0, (N,), seed=6),
        "k": G.binomial_random(g, G.Float64, 10, 0.3, (N,), seed=7),
        "s": G.uniform_random(g, G.Float64, 0.0, 1.0, (), seed=8),
    }
    m = G.TapeMachine(g)
    m.run_all()
    first = {k: np.array(n.value) for k, n in nodes.items()}
    m.run_all()
    second = {k: np.array(n.value) for k, n in nodes.items()}
    fresh = G.TapeMachine(g)
    fresh.run_all()
    again = {k: np.array(n.value) for k, n in nodes.items()}
    return first, second, again


def test_uniform_range_and_moments(draws):
    u = draws[0]["u64"]
    assert u.dtype == np.float64 and u.min() >= -1.0 and u.max() < 3.0
    assert abs(u.mean() - 1.0) < 0.03 and abs(u.var() - 16 / 12) < 0.05
    u32 = draws[0]["u32"]
    assert u32.dtype == np.float32 and u32.shape == (100, 200) and 0.0 <= u32.min() and u32.max() <= 1.0


@pytest.mark.parametrize("key,mean,std", [("z64", 1.0, 2.0), ("z32", 0.0, 1.0)])
def test_gaussian_moments(draws, key, mean, std):
    z = draws[0][key]
    assert abs(z.mean() - mean) < 4 * std / np.sqrt(N)
    assert abs(z.std() - std) < 0.03 * std
    # tails exist and are not absurd (Acklam's inverse CDF covers them)
    assert np.abs((z - mean) / std).max() > 3.0 and np.abs((z - mean) / std).max() < 7.0


def test_binomial_moments(draws):
    k = draws[0]["k"]
    assert set(np.unique(k)) <= set(range(11))
    assert abs(k.mean() - 3.0) < 0.05 and abs(k.var() - 2.1) < 0.1


def test_fresh_values_each_run_and_reproducible_per_seed(draws):
    first, second, again = draws
    for key in first:
        assert not np.array_equal(first[key], second[key]), f"{key}: the second run drew the same values"
        np.testing.assert_array_equal(first[key], again[key], err_msg=f"{key}: a fresh machine is not reproducible")


def test_same_seed_same_values_different_seed_different_values():
    g = G.Graph()
    a = G.uniform_random(g, G.Float64, 0.0, 1.0, (64,), seed=1)
    b = G.uniform_random(g, G.Float64, 0.0, 1.0, (64,), seed=1)
    c = G.uniform_random(g, G.Float64, 0.0, 1.0, (64,), seed=2)
    G.TapeMachine(g).run_all()
    np.testing.assert_array_equal(a.value, b.value)
    assert not np.array_equal(a.value, c.value)


def test_unseeded_nodes_follow_set_seed():
    def draw():
        G.set_seed(123)
        g = G.Graph()
        r = G.gaussian_random(g, G.Float32, 0.0, 1.0, (8,))
        G.TapeMachine(g).run_all()
        return r.value

    np.testing.assert_array_equal(draw(), draw())


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda g: G.uniform_random(g, G.Float32, 1.0, 0.0, (3,)), "low < high"),
        (lambda g: G.gaussian_random(g, G.Float32, 0.0, -1.0, (3,)), "stdev >= 0"),
        (lambda g: G.binomial_random(g, G.Float32, 3, 1.5, (3,)), "0 <= prob <= 1"),
        (lambda g: G.uniform_random(g, G.Int32, 0.0, 1.0, (3,)), "float type"),
        (lambda g: G.uniform_random(g, G.Float32, 0.0, 1.0, (0, 3)), "positive"),
        (lambda g: G.uniform_random("not a graph", G.Float32, 0.0, 1.0, (3,)), "must be a Graph"),
    ],
)
def test_bad_random_nodes_raise_graph_error(make, message):
    with pytest.raises(G.GraphError, match=message) as info:
        make(G.Graph())
    assert "test_random.py" in str(info.value)


def test_random_nodes_are_not_differentiable():
    g = G.Graph()
    x = G.vector(g, G.Float64, shape=(3,), name="x")
    r = G.uniform_random(g, G.Float64, 0.0, 1.0, (3,), seed=0)
    (gx,) = G.grad(G.sum(x * r), [x])  # the gradient w.r.t. x is the sample itself
    G.let(x, np.ones(3))
    G.TapeMachine(g).run_all()
    np.testing.assert_array_equal(gx.value, r.value)
