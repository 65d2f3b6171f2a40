"""dropout, batch_norm and group_norm: train/eval semantics, running statistics, gradients."""

from __future__ import annotations

import numpy as np
import pytest
from op_cases import numeric_grad as _numeric_grad

import gorgonia_mlir as G


def test_dropout_train_eval_and_gradient():
    g = G.Graph()
    x = G.matrix(g, G.Float64, shape=(500, 8), name="x")
    y = G.dropout(x, 0.25, seed=1)
    (gx,) = G.grad(G.sum(y), [x])
    xv = np.random.default_rng(0).uniform(0.5, 2.0, size=(500, 8))
    G.let(x, xv)
    train = G.TapeMachine(g)
    train.run_all()
    ratio = y.value / xv
    assert set(np.round(np.unique(ratio), 9)) == {0.0, round(1 / 0.75, 9)}
    assert abs((ratio == 0).mean() - 0.25) < 0.02
    np.testing.assert_allclose(gx.value, ratio)  # the backward pass uses the forward's mask
    first = y.value.copy()
    train.run_all()
    assert not np.array_equal(first, y.value)
    evaluation = G.TapeMachine(g, eval_mode=True)
    evaluation.run_all()
    np.testing.assert_array_equal(y.value, xv)
    np.testing.assert_array_equal(gx.value, np.ones_like(xv))


def test_dropout_rejects_bad_probability():
    g = G.Graph()
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    with pytest.raises(G.GraphError, match=r"dropout: prob must be in \[0, 1\).*test_norm.py"):
        G.dropout(x, 1.0)
    assert G.dropout(x, 0.0) is x


def _bn_reference(xv, axes, eps):
    mean = xv.mean(axis=axes, keepdims=True)
    var = xv.var(axis=axes, keepdims=True)
    return (xv - mean) / np.sqrt(var + eps)


@pytest.mark.parametrize("shape,axes", [((16, 3), (0,)), ((4, 3, 5, 5), (0, 2, 3))])
def test_batch_norm_train_running_stats_and_eval(shape, axes):
    rng = np.random.default_rng(1)
    g = G.Graph()
    x = G.tensor(g, G.Float64, shape=shape, name="x")
    y, gamma, beta, state = G.batch_norm(x, momentum=0.8, eps=1e-5)
    assert gamma.trainable and beta.trainable and not state.running_mean.trainable
    train = G.TapeMachine(g)
    batches = [rng.normal(2.0, 3.0, size=shape) for _ in range(3)]
    running_mean, running_var = np.zeros(shape[1]), np.ones(shape[1])
    n = int(np.prod([shape[a] for a in axes]))
    for xv in batches:
        G.let(x, xv)
        train.run_all()
        np.testing.assert_allclose(y.value, _bn_reference(xv, axes, 1e-5), rtol=1e-10, atol=1e-12)
        running_mean = 0.8 * running_mean + 0.2 * xv.mean(axis=axes)
        running_var = 0.8 * running_var + 0.2 * xv.var(axis=axes) * n / (n - 1)
    np.testing.assert_allclose(state.running_mean.value, running_mean, rtol=1e-12)
    np.testing.assert_allclose(state.running_var.value, running_var, rtol=1e-12)
    # eval mode: running statistics, and no update
    evaluation = G.TapeMachine(g, eval_mode=True)
    xe = rng.normal(size=shape)
    G.let(x, xe)
    evaluation.run_all()
    bshape = [1, shape[1]] + [1] * (len(shape) - 2)
    want = (xe - running_mean.reshape(bshape)) / np.sqrt(running_var.reshape(bshape) + 1e-5)
    np.testing.assert_allclose(y.value, want, rtol=1e-10)
    np.testing.assert_allclose(state.running_mean.value, running_mean, rtol=1e-12)


def test_batch_norm_gradients_match_finite_differences():
    rng = np.random.default_rng(2)
    g = G.Graph()
    x = G.matrix(g, G.Float64, shape=(5, 3), name="x")
    gamma = G.vector(g, G.Float64, shape=(3,), name="gamma", init=rng.uniform(0.5, 1.5, 3))
    beta = G.vector(g, G.Float64, shape=(3,), name="beta", init=rng.normal(size=3))
    y, *_ = G.batch_norm(x, gamma, beta)
    weights = rng.normal(size=(5, 3))
    cost = G.sum(G.tanh(y) * g.constant(weights))
    gx, ggamma = G.grad(cost, [x, gamma])
    xv = rng.normal(size=(5, 3))
    G.let(x, xv)
    G.TapeMachine(g).run_all()

    def f(xa, ga=gamma.value):
        return np.sum(np.tanh(_bn_reference(xa, (0,), 1e-5) * ga + beta.value) * weights)

    np.testing.assert_allclose(gx.value, _numeric_grad(f, xv), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(ggamma.value, _numeric_grad(lambda ga: f(xv, ga), gamma.value), rtol=1e-6, atol=1e-8)


def test_batch_norm_errors():
    g = G.Graph()
    x = G.tensor(g, G.Float32, shape=(2, 3, 4), name="x")
    with pytest.raises(G.GraphError, match=r"batch_norm: expects \(N, C\) or \(N, C, H, W\).*test_norm.py"):
        G.batch_norm(x)
    m = G.matrix(g, G.Float32, shape=(4, 3), name="m")
    with pytest.raises(
        G.GraphError,
        match=r"scale must be a Float32 node of shape \(3,\) or \(1, 3\) for input 'm': Float32\[4, 3\], got 's'",
    ):
        G.batch_norm(m, scale=G.vector(g, G.Float32, shape=(4,), name="s", init=G.ones()))


def test_batch_norm_takes_gorgonia_shaped_scale_and_bias_with_identical_results_and_gradients():
    rng = np.random.default_rng(5)
    xv = rng.normal(size=(4, 3, 2, 2))
    gamma, beta = rng.uniform(0.5, 1.5, 3), rng.normal(size=3)
    weights = rng.normal(size=xv.shape)
    g = G.Graph()
    x = G.tensor(g, G.Float64, shape=xv.shape, name="x")
    results = {}
    for label, shape in (("flat", (3,)), ("gorgonia", (1, 3, 1, 1))):
        scale = G.tensor(g, G.Float64, shape=shape, name=f"scale_{label}", init=gamma.reshape(shape))
        bias = G.tensor(g, G.Float64, shape=shape, name=f"bias_{label}", init=beta.reshape(shape))
        y, s, b, _ = G.batch_norm(x, scale, bias, name=f"bn_{label}")
        assert s is scale and b is bias  # the user's nodes are the ones returned (and trained)
        cost = G.sum(G.tanh(y) * g.constant(weights))
        results[label] = (y, *G.grad(cost, [x, scale, bias]))
    G.let(x, xv)
    with G.TapeMachine(g) as m:
        m.run_all()
    (y1, gx1, gs1, gb1), (y2, gx2, gs2, gb2) = results["flat"], results["gorgonia"]
    np.testing.assert_array_equal(y1.value, y2.value)
    np.testing.assert_array_equal(gx1.value, gx2.value)
    np.testing.assert_array_equal(gs1.value, gs2.value.reshape(3))
    np.testing.assert_array_equal(gb1.value, gb2.value.reshape(3))
    want = _bn_reference(xv, (0, 2, 3), 1e-5) * gamma.reshape(1, 3, 1, 1) + beta.reshape(1, 3, 1, 1)
    np.testing.assert_allclose(y2.value, want, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("shape", [(3, 1, 1), (1, 3, 1), (1, 1, 3, 1), (1, 3, 2, 2), (3, 1)])
def test_batch_norm_scale_of_another_shape_names_both_shapes(shape):
    g = G.Graph()
    x = G.tensor(g, G.Float32, shape=(2, 3, 4, 4), name="images")
    bad = G.tensor(g, G.Float32, shape=shape, name="gamma", init=G.ones())
    with pytest.raises(G.GraphError) as info:
        G.batch_norm(x, bad)
    msg = str(info.value)
    assert "scale must be a Float32 node of shape (3,) or (1, 3, 1, 1)" in msg
    assert f"input 'images': Float32[2, 3, 4, 4], got 'gamma': Float32{list(shape)}" in msg
    assert f"test_norm.py:{info.tb.tb_lineno}" in msg
    with pytest.raises(G.GraphError, match=r"bias must be a Float32 node of shape \(3,\) or \(1, 3, 1, 1\)"):
        G.batch_norm(x, None, G.tensor(g, G.Float64, shape=(1, 3, 1, 1), name="beta", init=G.zeroes()))


def test_group_norm_forward_and_gradient():
    rng = np.random.default_rng(3)
    g = G.Graph()
    x = G.tensor(g, G.Float64, shape=(2, 4, 3, 3), name="x")
    scale = G.vector(g, G.Float64, shape=(4,), name="scale", init=rng.uniform(0.5, 1.5, 4))
    bias = G.vector(g, G.Float64, shape=(4,), name="bias", init=rng.normal(size=4))
    y = G.group_norm(x, 2, scale, bias)
    weights = rng.normal(size=y.shape)
    (gx,) = G.grad(G.sum(y * g.constant(weights)), [x])
    xv = rng.normal(size=(2, 4, 3, 3))
    G.let(x, xv)
    G.TapeMachine(g).run_all()

    def ref(xa):
        grouped = xa.reshape(2, 2, -1)
        norm = (grouped - grouped.mean(2, keepdims=True)) / np.sqrt(grouped.var(2, keepdims=True) + 1e-5)
        return norm.reshape(xa.shape) * scale.value.reshape(1, 4, 1, 1) + bias.value.reshape(1, 4, 1, 1)

    np.testing.assert_allclose(y.value, ref(xv), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(gx.value, _numeric_grad(lambda xa: np.sum(ref(xa) * weights), xv), rtol=1e-6, atol=1e-8)
    with pytest.raises(G.GraphError, match="3 groups do not divide"):
        G.group_norm(x, 3)


def test_learnable_updated_on_device_is_seen_by_another_machine():
    g = G.Graph()
    x = G.matrix(g, G.Float64, shape=(4, 2), name="x")
    y, _, _, state = G.batch_norm(x)
    train, evaluation = G.TapeMachine(g), G.TapeMachine(g, eval_mode=True)
    xv = np.arange(8.0).reshape(4, 2)
    G.let(x, xv)
    train.run_all()
    evaluation.run_all()  # must upload the running stats the train machine just produced
    rm, rv = 0.1 * xv.mean(0), 0.9 + 0.1 * xv.var(0, ddof=1)
    np.testing.assert_allclose(y.value, (xv - rm) / np.sqrt(rv + 1e-5), rtol=1e-12)
    G.let(state.running_mean, np.zeros(2))  # setting a state node by hand reaches the machines too
    evaluation.run_all()
    np.testing.assert_allclose(y.value, xv / np.sqrt(rv + 1e-5), rtol=1e-12)


def test_functions_compile_eval_mode_on_request():
    g = G.Graph()
    x = G.matrix(g, G.Float64, shape=(64, 4), name="x")
    y = G.dropout(x, 0.5, seed=0)
    xv = np.ones((64, 4))
    np.testing.assert_array_equal(G.function([x], [y], eval_mode=True)(xv)[0], xv)
    assert (G.function([x], [y])(xv)[0] == 0).any()
