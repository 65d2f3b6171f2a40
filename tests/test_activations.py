"""The elementwise math family beyond the tables: special values, composites' gradients, broadcasting
patterns and errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from op_cases import numeric_grad as _numeric_grad

import gorgonia_mlir as G


def test_special_values():
    g = G.Graph()
    x = G.vector(g, G.Float32, shape=(5,), name="x")
    outs = {"sign": G.sign(x), "softplus": G.softplus(x), "expm1": G.expm1(x), "log1p": G.log1p(G.abs(x))}
    G.let(x, np.array([np.nan, -0.0, 1e-8, -30.0, 100.0], np.float32))
    G.TapeMachine(g).run_all()
    assert np.isnan(outs["sign"].value[0]) and outs["sign"].value[1] == 0.0 and not np.signbit(outs["sign"].value[1])
    np.testing.assert_allclose(outs["softplus"].value[3:], [np.exp(-30.0), 100.0], rtol=1e-6)
    assert outs["expm1"].value[2] == pytest.approx(1e-8, rel=1e-6)  # exp(x) - 1 would give 0 or 1.19e-7
    assert outs["log1p"].value[2] == pytest.approx(1e-8, rel=1e-6)


COMPOSITES = {
    "log2": (G.log2, np.log2, (0.5, 2.0)),
    "inverse": (G.inverse, lambda x: 1 / x, (0.5, 2.0)),
    "inverse_sqrt": (G.inverse_sqrt, lambda x: 1 / np.sqrt(x), (0.5, 2.0)),
    "cube": (G.cube, lambda x: x**3, (-1.5, 1.5)),
    "leaky_relu": (lambda x: G.leaky_relu(x, 0.1), lambda x: np.where(x > 0, x, 0.1 * x), (0.2, 1.5)),
    "mish": (G.mish, lambda x: x * np.tanh(np.log1p(np.exp(x))), (-1.5, 1.5)),
    "gelu": (G.gelu, lambda x: 0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2))), (-1.5, 1.5)),
    "gelu_tanh": (
        lambda x: G.gelu(x, approximate="tanh"),
        lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3))),
        (-1.5, 1.5),
    ),
    "elu": (G.elu, lambda x: np.where(x > 0, x, np.expm1(x)), (0.2, 1.5)),
    "selu": (G.selu, lambda x: G.SELU_SCALE * np.where(x > 0, x, G.SELU_ALPHA * np.expm1(x)), (0.2, 1.5)),
    "swish": (G.swish, lambda x: x / (1 + np.exp(-x)), (-1.5, 1.5)),
}


def test_composites_have_correct_gradients():
    rng = np.random.default_rng(0)
    g = G.Graph()
    cases = {}
    for name, (build, ref, (lo, hi)) in COMPOSITES.items():
        x = G.vector(g, G.Float64, shape=(4,), name=name)
        values = rng.uniform(lo, hi, 4) * (rng.choice([-1, 1], 4) if name in ("leaky_relu", "elu", "selu") else 1)
        (gx,) = G.grad(G.sum(build(x)), [x])
        G.let(x, values)
        cases[name] = (gx, values, ref)
    G.TapeMachine(g).run_all()
    for name, (gx, values, ref) in cases.items():
        np.testing.assert_allclose(
            gx.value, _numeric_grad(lambda v, r=ref: r(v).sum(), values), rtol=1e-6, atol=1e-8, err_msg=name
        )


@pytest.mark.parametrize("alpha", [0.01, -0.5, 1.0, 3.0])
def test_leaky_relu_values_specials_and_gradient_for_any_alpha(alpha):
    g = G.Graph()
    x = G.vector(g, G.Float64, shape=(9,), name="x")
    y = G.leaky_relu(x, alpha)
    (gx,) = G.grad(G.sum(y), [x])
    values = np.array([-2.5, -0.3, -0.0, 0.0, 0.7, 4.0, -np.inf, np.inf, np.nan])
    G.let(x, values)
    G.TapeMachine(g).run_all()
    want = np.where(values > 0, values, alpha * values)  # PyTorch's and Gorgonia's definition
    np.testing.assert_array_equal(y.value, want)
    np.testing.assert_array_equal(np.signbit(y.value[:4]), np.signbit(want[:4]))  # -0.0 stays -0.0
    # 1 above 0, alpha at and below 0 (PyTorch's gradient)
    np.testing.assert_array_equal(gx.value[:6], [alpha, alpha, alpha, alpha, 1.0, 1.0])


def test_gelu_tanh_keeps_its_tail_and_matches_the_tanh_form():
    g = G.Graph()
    x = G.vector(g, G.Float64, shape=(7,), name="x")
    y = G.gelu(x, approximate="tanh")
    values = np.array([-7.301333384818108, -6.3288397789001465, -3.0, -0.5, 0.0, 1.25, 5.0])
    G.let(x, values)
    G.TapeMachine(g).run_all()
    u = np.sqrt(2 / np.pi) * (values + 0.044715 * values**3)
    np.testing.assert_allclose(y.value[2:], 0.5 * values[2:] * (1 + np.tanh(u[2:])), rtol=1e-14, atol=1e-300)
    # ½x(1 + tanh u) cancels to -0.0 there; the values are x·σ(2u) (mpmath at 256 bits)
    np.testing.assert_allclose(y.value[:2], [-5.5141156455250297e-17, -3.6275618914735178e-12], rtol=1e-15)


def test_broadcast_patterns_follow_gorgonia():
    g = G.Graph()
    x = G.tensor(g, G.Float32, shape=(2, 3, 4), name="x")
    col = G.vector(g, G.Float32, shape=(3,), name="col")
    assert G.broadcast_add(x, col, None, [0, 2]).shape == (2, 3, 4)
    assert G.broadcast_sub(col, x, [0, 2], None).shape == (2, 3, 4)
    assert G.auto(G.broadcast_pow, x, G.vector(g, G.Float32, shape=(4,), name="p")).shape == (2, 3, 4)
    assert G.broadcast_eq(x, col, left_pattern=None, right_pattern=[0, 2]).dtype == G.Bool
    with pytest.raises(G.GraphError, match=r"broadcast_add: node 'col' \(3,\) with pattern \[0\] does not reach"):
        G.broadcast_add(x, col, None, [0])
    with pytest.raises(G.GraphError, match=r"broadcast_add: pattern \[5\] names axes outside.*test_activations.py"):
        G.broadcast_add(col, col, None, [5])


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda g: G.sin(G.vector(g, G.Int32, shape=(2,), name="i")), r"sin: expects float"),
        (lambda g: G.softplus(3.0), r"softplus: operand must be a graph node"),
        (lambda g: G.gelu(G.vector(g, G.Int64, shape=(2,), name="i")), r"gelu: expects a float node"),
        (lambda g: G.sign(G.vector(g, G.Bool, shape=(2,), name="b")), r"sign: expects numeric"),
        (
            lambda g: G.min_between(
                G.vector(g, G.Float32, shape=(2,), name="a"), G.vector(g, G.Float32, shape=(3,), name="b")
            ),
            r"min_between: shapes \(2,\) and \(3,\) do not broadcast",
        ),
    ],
)
def test_errors_name_op_shapes_and_line(make, message):
    with pytest.raises(G.GraphError, match=message) as info:
        make(G.Graph())
    assert "test_activations.py" in str(info.value)


def test_sign_floor_ceil_block_gradients():
    g = G.Graph()
    x = G.vector(g, G.Float64, shape=(3,), name="x")
    with pytest.raises(G.SymDiffError, match="gorgonia.floor"):
        G.grad(G.sum(G.floor(x)), [x])
    (gx,) = G.grad(G.sum(G.sign(x) * x), [x])  # = |x|': sign(x), the sign branch contributes zero
    G.let(x, np.array([-2.0, 0.5, 3.0]))
    G.TapeMachine(g).run_all()
    np.testing.assert_array_equal(gx.value, [-1.0, 1.0, 1.0])
