"""grad / backprop / jvp as graph nodes, expanded by the gorgonia-autodiff pass."""

from __future__ import annotations

import numpy as np
import pytest

import gorgonia_mlir as G
from gorgonia_mlir.transforms import run_pipeline


def _run(g, **values):
    m = G.TapeMachine(g)
    for name, v in values.items():
        G.let(g[name], v)
    m.run_all()
    return m


def test_issue_example_matches_analytic_gradient():
    g = G.Graph()
    x = G.matrix(g, G.Float64, shape=(4, 3), name="x")
    w = G.matrix(g, G.Float64, shape=(3, 2), name="w", init=G.glorot_u(1.0))
    b = G.vector(g, G.Float64, shape=(2,), name="b", init=G.zeroes())
    cost = G.mean(G.square(G.tanh(x @ w + b)))
    gw, gb = G.grad(cost, [w, b])
    data = np.random.default_rng(0).normal(size=(4, 3))
    _run(g, x=data)
    h = np.tanh(data @ w.value + b.value)
    dz = 2 * h / h.size * (1 - h**2)
    np.testing.assert_allclose(gw.value, data.T @ dz, rtol=1e-12)
    np.testing.assert_allclose(gb.value, dz.sum(0), rtol=1e-12)
    np.testing.assert_allclose(cost.value, np.mean(h**2), rtol=1e-12)


def test_second_and_third_derivative_of_cube():
    g = G.Graph()
    x = G.scalar(g, G.Float64, name="x")
    (d1,) = G.grad(x * x * x, [x])
    (d2,) = G.grad(G.sum(d1), [x])
    (d3,) = G.grad(d2, [x])
    _run(g, x=2.0)
    assert float(d1.value) == pytest.approx(12.0)
    assert float(d2.value) == pytest.approx(12.0)  # 6x
    assert float(d3.value) == pytest.approx(6.0)


def test_hessian_vector_product_of_quadratic_form_both_modes():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(4, 4))
    v = rng.normal(size=4)
    g = G.Graph()
    x = G.vector(g, G.Float64, shape=(4,), name="x")
    vn = G.vector(g, G.Float64, shape=(4,), name="v")
    f = 0.5 * G.mul(x, G.mul(g.constant(a), x))
    (gx,) = G.grad(f, [x])
    (hv_rr,) = G.grad(G.mul(gx, vn), [x])  # reverse over reverse
    (hv_fr,) = G.jvp([gx], [x], [vn])  # forward over reverse
    _run(g, x=rng.normal(size=4), v=v)
    want = 0.5 * (a + a.T) @ v
    np.testing.assert_allclose(hv_rr.value, want, rtol=1e-12)
    np.testing.assert_allclose(hv_fr.value, want, rtol=1e-12)


def test_fan_out_accumulates_cotangents():
    g = G.Graph()
    x = G.vector(g, G.Float64, shape=(3,), name="x")
    y = x * x + G.exp(x) + x
    (gx,) = G.grad(G.sum(y), [x])
    xv = np.array([0.1, -0.4, 2.0])
    _run(g, x=xv)
    np.testing.assert_allclose(gx.value, 2 * xv + np.exp(xv) + 1, rtol=1e-12)


def test_backprop_is_a_vector_jacobian_product():
    rng = np.random.default_rng(2)
    mat = rng.normal(size=(2, 3))
    g = G.Graph()
    x = G.vector(g, G.Float64, shape=(3,), name="x")
    y1 = G.tanh(G.mul(g.constant(mat), x))
    y2 = G.square(x)
    s1 = G.vector(g, G.Float64, shape=(2,), name="s1")
    s2 = G.vector(g, G.Float64, shape=(3,), name="s2")
    (vx,) = G.backprop([y1, y2], [s1, s2], [x])
    xv, s1v, s2v = rng.normal(size=3), rng.normal(size=2), rng.normal(size=3)
    _run(g, x=xv, s1=s1v, s2=s2v)
    jac1 = (1 - np.tanh(mat @ xv) ** 2)[:, None] * mat
    np.testing.assert_allclose(vx.value, jac1.T @ s1v + 2 * xv * s2v, rtol=1e-12)


def test_jvp_is_a_jacobian_vector_product():
    g = G.Graph()
    x = G.vector(g, G.Float64, shape=(3,), name="x")
    t = G.vector(g, G.Float64, shape=(3,), name="t")
    y = G.sum(G.sigmoid(x) * x, keepdims=False)
    (ty,) = G.jvp([y], [x], [t])
    xv, tv = np.array([0.3, -1.0, 2.0]), np.array([1.0, 0.5, -2.0])
    _run(g, x=xv, t=tv)
    s = 1 / (1 + np.exp(-xv))
    np.testing.assert_allclose(ty.value, np.dot(s + xv * s * (1 - s), tv), rtol=1e-12)


def test_gradient_wrt_unrelated_node_is_zero():
    g = G.Graph()
    x = G.vector(g, G.Float64, shape=(2,), name="x")
    y = G.vector(g, G.Float64, shape=(2,), name="y")
    (gy,) = G.grad(G.sum(G.exp(x)), [y])
    _run(g, x=np.ones(2), y=np.ones(2))
    np.testing.assert_array_equal(gy.value, np.zeros(2))


def test_gradient_only_through_a_comparison_raises_symdiff_error():
    g = G.Graph()
    x = G.vector(g, G.Float64, shape=(3,), name="x")
    with pytest.raises(G.SymDiffError, match=r"gorgonia.gt.*test_autodiff.py:\d+"):
        G.grad(G.sum(G.gt(x, 0.0, ret_same=True)), [x])


def test_comparison_beside_a_differentiable_path_contributes_zero():
    g = G.Graph()
    x = G.vector(g, G.Float64, shape=(3,), name="x")
    mask = G.gt(x, 0.0, ret_same=True)
    (gx,) = G.grad(G.sum(mask * x), [x])
    xv = np.array([-1.0, 0.5, 2.0])
    _run(g, x=xv)
    np.testing.assert_array_equal(gx.value, (xv > 0).astype(float))


def test_relu_second_derivative_is_zero_almost_everywhere():
    g = G.Graph()
    x = G.vector(g, G.Float64, shape=(3,), name="x")
    (gx,) = G.grad(G.sum(G.square(G.rectify(x))), [x])
    (ggx,) = G.grad(G.sum(gx), [x])
    xv = np.array([-1.0, 0.5, 2.0])
    _run(g, x=xv)
    np.testing.assert_allclose(gx.value, 2 * np.maximum(xv, 0))
    np.testing.assert_allclose(ggx.value, 2.0 * (xv > 0))


def test_bind_dual_values_gives_grad_like_gorgonia():
    g = G.Graph()
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    w = G.vector(g, G.Float32, shape=(3,), name="w", init=G.ranged_from(1))
    cost = G.sum(x * w)
    G.grad(cost, [w])
    m = G.TapeMachine(g, bind_dual_values=[w])
    G.let(x, np.array([1.0, 2.0, 3.0], dtype=np.float32))
    m.run_all()
    np.testing.assert_allclose(w.grad, [1.0, 2.0, 3.0])
    assert w.grad.dtype == np.float32


def test_grad_value_before_binding_is_a_clear_error():
    g = G.Graph()
    w = G.vector(g, G.Float32, shape=(3,), name="w", init=G.ones())
    with pytest.raises(G.ExecutionError, match="'w' has no gradient value"):
        _ = w.grad
    with pytest.raises(G.GraphError, match="has no gradient"):
        G.TapeMachine(g, bind_dual_values=[w])


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda g, x: G.grad(x * 2.0, [x]), "cost must be a float scalar"),
        (lambda g, x: G.grad(G.sum(x), [G.Graph().constant(1.0)]), "another graph"),
        (lambda g, x: G.grad(G.sum(x), []), "at least one node"),
        (lambda g, x: G.grad(3.0, [x]), "cost must be a graph node"),
    ],
)
def test_bad_grad_requests_raise_graph_error(make, message):
    g = G.Graph()
    x = G.vector(g, G.Float64, shape=(3,), name="x")
    with pytest.raises(G.GraphError, match=message):
        make(g, x)


def test_integer_cost_is_rejected():
    g = G.Graph()
    x = G.vector(g, G.Int32, shape=(3,), name="x")
    with pytest.raises(G.GraphError, match="float scalar"):
        G.grad(G.sum(x), [x])


def test_pass_replaces_requests_with_gorgonia_ops_and_leaves_user_ir_alone():
    g = G.Graph()
    x = G.vector(g, G.Float64, shape=(3,), name="x")
    (gx,) = G.grad(G.sum(G.exp(x)), [x])
    before = G.to_mlir(g)
    assert "gorgonia.grad" in before
    module = g.extract([x], [gx])
    run_pipeline(module, ["gorgonia-verify", "gorgonia-autodiff", "gorgonia-verify"])
    text = str(module)
    assert "gorgonia.grad" not in text
    assert "gorgonia.exp" in text and "gorgonia.hadamard_prod" in text
    assert G.to_mlir(g) == before
