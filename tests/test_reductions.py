"""The reductions family beyond the tables: NaN semantics, hand-computed gradients at ties and zeros,
log_sum_exp far outside exp's range, norms, transposes folded into batched matmuls, errors."""

from __future__ import annotations

import math
import os

import numpy as np
import pytest
from iree.compiler import ir

import gorgonia_mlir as G
from gorgonia_mlir.transforms import run_pipeline
from gorgonia_mlir.transforms.verify import check_op

HERE = os.path.basename(__file__)
NAN, INF = float("nan"), float("inf")


def raised_at(info: pytest.ExceptionInfo) -> str:
    return f"{HERE}:{info.tb.tb_lineno}"


# ---- values and gradients (one compile) -----------------------------------------------------------


def test_nan_semantics_ties_and_hand_computed_gradients():
    g = G.Graph("reductions_values")
    x = G.matrix(g, G.Float64, shape=(2, 4), name="x")  # NaN in row 0
    t = G.matrix(g, G.Float64, shape=(2, 3), name="t")  # ties
    z = G.matrix(g, G.Float64, shape=(3, 3), name="z")  # zeros
    big = G.vector(g, G.Float64, shape=(3,), name="big")
    v = G.vector(g, G.Float64, shape=(3,), name="v")
    dt = G.matrix(g, G.Float64, shape=(2, 3), name="dt")

    values = [G.max(x, 1), G.min(x, 1), G.log_sum_exp(x, 1), G.argmax(x, 1), G.argmin(x, 1), G.log_sum_exp(big)]
    (d_max,) = G.grad(G.sum(G.max(t, 1) * [1.0, 10.0]), [t])
    (d_min,) = G.grad(G.min(t), [t])
    (d_prod,) = G.grad(G.sum(G.prod(z, 1)), [z])
    (d_lse,) = G.grad(G.log_sum_exp(big), [big])
    (d_l1,) = G.grad(G.norm(v, p=1), [v])
    (d_inf,) = G.grad(G.norm(v, p=math.inf), [v])
    (d_l2,) = G.grad(G.norm(v), [v])
    (jvp_max,) = G.jvp([G.max(t, 1)], [t], [dt])
    outs = [*values, d_max, d_min, d_prod, d_lse, d_l1, d_inf, d_l2, jvp_max]
    fn = G.function([x, t, z, big, v, dt], outs)
    xv = np.array([[1.0, NAN, 7.0, NAN], [-INF, 2.0, INF, 0.5]])
    tv = np.array([[1.0, 3.0, 3.0], [-1.0, -1.0, 2.0]])
    zv = np.array([[0.0, 2.0, 3.0], [0.0, 0.0, 4.0], [1.0, -2.0, 3.0]])
    bigv = np.array([1000.0, 1000.0, 0.0])
    vv = np.array([-3.0, 0.0, 3.0])
    dtv = np.array([[5.0, 1.0, 2.0], [4.0, 6.0, 9.0]])
    got = [np.asarray(r) for r in fn(xv, tv, zv, bigv, vv, dtv)]
    fn.close()

    # NaN propagates through max/min/log_sum_exp (as numpy); arg* pick the first NaN.
    np.testing.assert_array_equal(got[0], [NAN, INF])
    np.testing.assert_array_equal(got[1], [NAN, -INF])
    np.testing.assert_array_equal(got[2], [NAN, INF])
    np.testing.assert_array_equal(got[3], [1, 2])
    np.testing.assert_array_equal(got[4], [1, 0])
    assert got[3].dtype == np.int64
    # exp(1000) overflows; the shifted form does not: 1000 + log 2
    np.testing.assert_allclose(got[5], 1000.0 + math.log(2.0), rtol=1e-15)
    # ties split the cotangent evenly (as JAX)
    np.testing.assert_array_equal(got[6], [[0.0, 0.5, 0.5], [0.0, 0.0, 10.0]])
    np.testing.assert_array_equal(got[7], [[0.0, 0.0, 0.0], [0.5, 0.5, 0.0]])
    # Π_{j≠i} x_j, exact at zeros: one zero gets the product of the others, two zeros give 0 everywhere
    np.testing.assert_allclose(got[8], [[6.0, 0.0, 0.0], [0.0, 0.0, 0.0], [-6.0, 3.0, -2.0]], rtol=1e-15)
    np.testing.assert_allclose(got[9], [0.5, 0.5, 0.0], atol=1e-300)
    np.testing.assert_array_equal(got[10], [-1.0, 0.0, 1.0])  # d|x| = sign(x), 0 at 0
    np.testing.assert_array_equal(got[11], [-0.5, 0.0, 0.5])  # |−3| and |3| tie for the max
    np.testing.assert_allclose(got[12], vv / np.linalg.norm(vv), rtol=1e-15)
    np.testing.assert_array_equal(got[13], [1.5, 9.0])  # forward mode splits ties the same way


def test_float32_log_sum_exp_and_norm_stay_finite():
    g = G.Graph("reductions_f32")
    x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
    fn = G.function([x], [G.log_sum_exp(x, 1), G.norm(x, 1, p=3), G.prod(x, 0)])
    xv = np.array([[88.0, 89.0, 87.0], [-200.0, -300.0, -250.0]], np.float32)  # exp(89) > f32 max
    lse, n3, p = (np.asarray(r) for r in fn(xv))
    fn.close()
    want = np.array([89 + np.log1p(np.exp(-1.0) + np.exp(-2.0)), -200 + np.log1p(np.exp(-50.0))])
    np.testing.assert_allclose(lse, want, rtol=1e-6)
    assert lse.dtype == np.float32
    np.testing.assert_allclose(n3, np.linalg.norm(xv.astype(np.float64), 3, axis=1), rtol=1e-5)
    np.testing.assert_allclose(p, xv.astype(np.float64).prod(0), rtol=1e-5)


# ---- build-time semantics (no compile) ----------------------------------------------------------


def test_shapes_dtypes_and_composites(g):
    x = G.tensor(g, G.Float32, shape=(2, 3, 4), name="x")
    assert G.max(x).shape == () and G.min(x, 0, 2).shape == (3,)
    assert G.prod(x, (0, 1), keepdims=True).shape == (1, 1, 4)
    assert G.log_sum_exp(x, -1).shape == (2, 3)
    assert G.argmax(x, 1).shape == (2, 4) and G.argmin(x, 2, keepdims=True).shape == (2, 3, 1)
    assert G.argmax(x, 1).dtype == G.Int64 and G.argmin(G.vector(g, G.Int32, shape=(5,)), 0).shape == ()
    assert G.norm(x, (1, 2), p="fro").shape == (2,)
    # norm is a composite: p = 2 is sqrt(sum(square)), p = inf is max(|x|)
    assert G.norm(x).op_name == "gorgonia.sqrt"
    assert G.norm(x, 0, p=math.inf).op_name == "gorgonia.max"
    q = G.tensor(g, G.Float32, shape=(2, 3, 5, 8), name="q")
    k = G.tensor(g, G.Float32, shape=(2, 3, 7, 8), name="k")
    assert G.batched_matmul(q, k, trans_b=True).shape == (2, 3, 5, 7)
    assert G.tensordot([3], [3], q, k).shape == (2, 3, 5, 2, 3, 7)


def test_argmax_and_argmin_have_no_derivative(g):
    x = G.vector(g, G.Float64, shape=(3,), name="x")
    i = G.conv_type(G.argmax(x, 0), G.Float64)
    with pytest.raises(G.SymDiffError):
        G.grad(i, [x])


# ---- the lowered IR ------------------------------------------------------------------------------


def test_batched_matmul_gradients_fold_every_transpose_into_indexing_maps(g):
    a = G.tensor(g, G.Float32, shape=(2, 4, 3), name="a")
    b = G.tensor(g, G.Float32, shape=(2, 5, 4), name="b")
    c = G.batched_matmul(a, b, trans_a=True, trans_b=True)
    grads = G.grad(G.sum(c), [a, b])
    module = g.extract([a, b], [c, *grads])
    with g.ctx:
        run_pipeline(module, ["gorgonia-verify", "gorgonia-autodiff", "gorgonia-to-linalg"])
        text = str(module)
    assert '"gorgonia.' not in text
    assert text.count("linalg.batch_matmul indexing_maps") == 3
    assert "linalg.transpose" not in text


def test_verifier_wants_int64_indices():
    with ir.Context() as ctx, ir.Location.unknown():
        ctx.allow_unregistered_dialects = True
        module = ir.Module.parse(
            "func.func @f(%x: tensor<4x3xf32>) -> tensor<4xi32> {\n"
            '  %y = "gorgonia.argmax"(%x) {axis = 1 : i64, keepdims = false} : (tensor<4x3xf32>) -> tensor<4xi32>\n'
            "  return %y : tensor<4xi32>\n}"
        )
        op = module.body.operations[0].regions[0].blocks[0].operations[0]
        assert "do not match the inferred types (tensor<4xi64>)" in check_op(op)


# ---- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build, pattern",
    [
        (lambda x, g: G.max(x, 2), r"max: axis 2 is out of range for rank 2 \(operands: x: Float32\[2, 3\]\)"),
        (lambda x, g: G.min(x, 0, 0), r"min: repeated axis"),
        (lambda x, g: G.prod(x, 1.5), r"prod: axes must be integers, got 1.5"),
        (
            lambda x, g: G.max(g.constant(np.zeros((0, 3)), G.Float32), 0),
            r"max: cannot reduce the empty axis 0 of shape \(0, 3\)",
        ),
        (
            lambda x, g: G.log_sum_exp(G.conv_type(x, G.Int32), 1),
            r"log_sum_exp: expects float \(Float32/Float64\) operands, got Int32",
        ),
        (lambda x, g: G.argmax(x, 1.0), r"argmax: axis must be an integer, got 1.0 \(node 'x': Float32\[2, 3\]\)"),
        (lambda x, g: G.argmin(x, -3), r"argmin: axis -3 is out of range for rank 2"),
        (lambda x, g: G.argmax(G.sum(x), 0), r"argmax: cannot take an index along an axis of a scalar"),
        (lambda x, g: G.argmax(G.gt(x, 0.0), 0), r"argmax: expects numeric \(float or int\) operands, got Bool"),
        (lambda x, g: G.norm(x, p=0), r"norm: p must be a positive number, math.inf or 'fro', got 0 \(node 'x'"),
        (lambda x, g: G.norm(x, p="nuc"), r"norm: p must be a positive number, math.inf or 'fro', got 'nuc'"),
        (lambda x, g: G.norm(x, 0, p="fro"), r"norm: the Frobenius norm needs 2 axes, got axes \(0,\)"),
        (lambda x, g: G.norm(x, 2), r"norm: axis 2 is out of range for rank 2 \(node 'x': Float32\[2, 3\]\)"),
        (lambda x, g: G.norm(G.conv_type(x, G.Int64)), r"norm: expects a float operand, got Int64"),
    ],
)
def test_reduction_errors_name_op_shapes_and_line(g, build, pattern):
    x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
    with pytest.raises(G.GraphError, match=pattern) as info:
        build(x, g)
    assert f"{HERE}:{build.__code__.co_firstlineno}]" in str(info.value)  # the lambda's line


def test_contraction_errors_name_op_shapes_and_line(g):
    a = G.tensor(g, G.Float32, shape=(2, 3, 4), name="a")
    b = G.tensor(g, G.Float32, shape=(2, 5, 6), name="b")
    with pytest.raises(
        G.GraphError, match=r"batched_matmul: shapes \(2, 3, 4\) and \(2, 5, 6\) are not aligned: inner sizes 4 != 5"
    ) as info:
        G.batched_matmul(a, b)
    assert "a: Float32[2, 3, 4]" in str(info.value) and raised_at(info) in str(info.value)
    with pytest.raises(G.GraphError, match=r"\(2, 3, 4\)ᵀ and \(2, 5, 6\) are not aligned: inner sizes 3 != 5"):
        G.batched_matmul(a, b, trans_a=True)
    m = G.matrix(g, G.Float32, shape=(3, 4), name="m")
    with pytest.raises(G.GraphError, match=r"batched_matmul: expects operands of equal rank ≥ 3 .*\(3, 4\)") as info:
        G.batched_matmul(m, m)
    assert raised_at(info) in str(info.value)
    with pytest.raises(
        G.GraphError, match=r"batched_matmul: .*same batch axes, got shapes \(2, 3, 4\) and \(3, 4, 2\)"
    ):
        G.batched_matmul(a, G.tensor(g, G.Float32, shape=(3, 4, 2), name="c"))
    with pytest.raises(G.GraphError, match=r"batched_matmul: operand dtypes differ: Float32, Float64"):
        G.batched_matmul(a, G.tensor(g, G.Float64, shape=(2, 4, 2), name="d"))
    with pytest.raises(
        G.GraphError, match=r"tensordot: axis 2 of \(2, 3, 4\) \(size 4\) and axis 1 of \(2, 5, 6\) \(size 5\) differ"
    ) as info:
        G.tensordot([2], [1], a, b)
    assert raised_at(info) in str(info.value)
    with pytest.raises(G.GraphError, match=r"tensordot: contracts 2 axes \(0, 1\) of x with 1 axes \(0,\) of y"):
        G.tensordot([0, 1], [0], a, b)
    with pytest.raises(G.GraphError, match=r"tensordot: axis 3 is out of range for rank 3"):
        G.tensordot(3, 0, a, b)
    with pytest.raises(G.GraphError, match=r"tensordot: a_axes must be integers, got \(0.5,\)") as info:
        G.tensordot([0.5], [0], a, b)
    assert raised_at(info) in str(info.value)
