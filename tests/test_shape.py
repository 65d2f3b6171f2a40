"""The shape family beyond the tables: hand-computed values, clamping of run-time indices, casts at the
edges of the integer range, gradients of multi-result and composite ops, errors and the lowered IR."""

from __future__ import annotations

import os

import numpy as np
import pytest
from iree.compiler import ir

import gorgonia_mlir as G
from gorgonia_mlir.transforms import run_pipeline
from gorgonia_mlir.transforms.verify import check_op

HERE = os.path.basename(__file__)


def raised_at(info: pytest.ExceptionInfo) -> str:
    return f"{HERE}:{info.tb.tb_lineno}"


# ---- build-time semantics (no compile) -----------------------------------------------------------


def test_slice_shapes_follow_gorgonia_s_and_numpy(g):
    x = G.tensor(g, G.Float32, shape=(4, 5, 6), name="x")
    assert G.slice(x).shape == (4, 5, 6)
    assert G.slice(x, G.S(1)).shape == (5, 6)  # S(i) drops the axis
    assert G.slice(x, G.S(1, 2)).shape == (1, 5, 6)  # a range keeps it, even of length 1
    assert G.slice(x, None, G.S(0, 5, 2)).shape == (4, 3, 6)
    assert G.slice(x, -1, slice(None, None, 4), G.S(-2)).shape == (2,)
    assert G.at(x, 3, 4, -6).shape == ()
    assert G.ravel(x).shape == (120,)


def test_slice_builds_one_slice_op_with_normalised_attributes(g):
    x = G.matrix(g, G.Float64, shape=(4, 6), name="x")
    y = G.slice(x, G.S(-3, -1), G.S(1, 6, 2))
    assert y.op_name == "gorgonia.slice"
    with g.ctx:
        attrs = {k: tuple(ir.DenseI64ArrayAttr(y.record.op.attributes[k])) for k in ("offsets", "sizes", "strides")}
    assert attrs == {"offsets": (1, 1), "sizes": (2, 3), "strides": (1, 2)}


def test_unconcat_returns_n_nodes_and_concat_takes_the_axis_first(g):
    x = G.matrix(g, G.Float32, shape=(6, 2), name="x")
    parts = G.unconcat(x, 0, 3)
    assert [p.shape for p in parts] == [(2, 2)] * 3
    assert len({p.name for p in parts}) == 3
    assert G.concat(0, parts).shape == (6, 2)
    assert G.concat(1, *parts).shape == (2, 6)


# ---- values (one compile) ------------------------------------------------------------------------


def test_values_clamping_and_casts():
    g = G.Graph("shape_values")
    x = G.matrix(g, G.Float64, shape=(3, 4), name="x")
    i = G.vector(g, G.Int32, shape=(4,), name="i")
    f = G.vector(g, G.Float32, shape=(6,), name="f")
    d = G.vector(g, G.Float64, shape=(4,), name="d")
    outs = [
        G.slice(x, G.S(1), G.S(0, 4, 3)),
        *G.unconcat(x, 1, 2),
        G.by_indices(x, i, 1),
        G.conv_type(f, G.Int32),
        G.conv_type(d, G.Int64),
        G.conv_type(G.gt(d, 0.0), G.Float32),
        G.diag_flat(G.slice(x, G.S(0, 2), G.S(2))),
    ]
    fn = G.function([x, i, f, d], outs)
    xv = np.arange(12.0).reshape(3, 4)
    fv = np.array([3e9, -3e9, np.nan, np.inf, -np.inf, -7.9], np.float32)
    dv = np.array([1e19, -1e19, np.nan, 2.5])
    got = [np.asarray(v) for v in fn(xv, np.array([3, -5, 4, 1], np.int32), fv, dv)]
    fn.close()
    np.testing.assert_array_equal(got[0], [4.0, 7.0])
    np.testing.assert_array_equal(got[1], xv[:, :2])
    np.testing.assert_array_equal(got[2], xv[:, 2:])
    # -5 → 0 and 4 → 3: run-time indices are clamped, never read out of bounds
    np.testing.assert_array_equal(got[3], xv[:, [3, 0, 3, 1]])
    i32 = np.iinfo(np.int32)
    np.testing.assert_array_equal(got[4], [i32.max, i32.min, 0, i32.max, i32.min, -7])
    assert got[4].dtype == np.int32
    i64 = np.iinfo(np.int64)
    np.testing.assert_array_equal(got[5], [i64.max, i64.min, 0, 2])
    np.testing.assert_array_equal(got[6], np.array([1, 0, 0, 1], np.float32))
    np.testing.assert_array_equal(got[7], [[2.0, 0.0], [0.0, 6.0]])


# ---- gradients (one compile) ---------------------------------------------------------------------


def test_gradients_of_gathers_parts_and_composites():
    g = G.Graph("shape_grads")
    rng = np.random.default_rng(3)
    w = G.matrix(g, G.Float64, shape=(5, 3), name="w")
    ids = G.matrix(g, G.Int32, shape=(2, 3), name="ids")
    x = G.matrix(g, G.Float64, shape=(4, 2), name="x")
    v = G.vector(g, G.Float64, shape=(3,), name="v")
    u = G.tensor(g, G.Float64, shape=(1, 1, 2, 2), name="u")
    y = G.vector(g, G.Float64, shape=(3,), name="y")
    t = G.matrix(g, G.Float64, shape=(4, 2), name="t")
    c, m, k = rng.normal(size=(2, 3, 3)), rng.normal(size=(3, 3)), rng.normal(size=(1, 1, 4, 4))

    (dw,) = G.grad(G.sum(G.embedding(w, ids) * c), [w])
    top, bottom = G.unconcat(x, 0, 2)
    (dx_both,) = G.grad(G.sum(top * 2.0) + G.sum(bottom * bottom), [x])
    (dx_bottom,) = G.grad(G.sum(bottom), [x])  # top's cotangent is a symbolic zero
    (dv,) = G.grad(G.sum(G.diag_flat(v) * m), [v])
    (du,) = G.grad(G.sum(G.upsample2d(u, 2) * k), [u])
    (dx_at,) = G.grad(G.at(x, 2, 1) * 3.0, [x])
    (dy,) = G.grad(G.sum(G.square(G.conv_type(y, G.Float32))), [y])
    (dy_mixed,) = G.grad(G.sum(y + G.conv_type(G.conv_type(y, G.Int32), G.Float64)), [y])
    tangents = G.jvp(G.unconcat(x, 1, 2), [x], [t])
    outs = [dw, dx_both, dx_bottom, dv, du, dx_at, dy, dy_mixed, *tangents]
    fn = G.function([w, ids, x, v, u, y, t], outs)
    wv, xv, vv, uv, yv, tv = (rng.normal(size=n.shape) for n in (w, x, v, u, y, t))
    idv = np.array([[1, 1, 4], [9, -1, 1]], np.int32)
    got = [np.asarray(r) for r in fn(wv, idv, xv, vv, uv, yv, tv)]
    fn.close()

    want_dw = np.zeros((5, 3))
    np.add.at(want_dw, np.clip(idv, 0, 4).ravel(), c.reshape(6, 3))  # repeated ids accumulate
    np.testing.assert_allclose(got[0], want_dw, rtol=1e-12)
    np.testing.assert_allclose(got[1], np.concatenate([np.full((2, 2), 2.0), 2 * xv[2:]]), rtol=1e-12)
    np.testing.assert_array_equal(got[2], [[0, 0], [0, 0], [1, 1], [1, 1]])
    np.testing.assert_allclose(got[3], np.diag(m), rtol=1e-12)
    np.testing.assert_allclose(got[4], k.reshape(1, 1, 2, 2, 2, 2).sum(axis=(3, 5)), rtol=1e-12)
    np.testing.assert_array_equal(got[5], _one_hot((4, 2), (2, 1)) * 3.0)
    np.testing.assert_allclose(got[6], 2 * yv.astype(np.float32).astype(np.float64), rtol=1e-6)
    np.testing.assert_array_equal(got[7], np.ones(3))  # the integer path contributes zero
    np.testing.assert_array_equal(got[8], tv[:, :1])
    np.testing.assert_array_equal(got[9], tv[:, 1:])


def _one_hot(shape, at):
    out = np.zeros(shape)
    out[at] = 1.0
    return out


def test_gradient_only_through_an_integer_cast_is_a_symdiff_error(g):
    x = G.vector(g, G.Float64, shape=(3,), name="x")
    cost = G.sum(G.conv_type(G.conv_type(x, G.Int64), G.Float64))
    with pytest.raises(G.SymDiffError, match=r"conv_type"):
        G.grad(cost, [x])


# ---- errors --------------------------------------------------------------------------------------


def test_slice_errors_name_op_shape_and_line(g):
    x = G.matrix(g, G.Float32, shape=(4, 5), name="x")
    with pytest.raises(
        G.GraphError, match=r"slice: index 4 is out of range for axis 0 of size 4 .*x.*\[4, 5\]"
    ) as info:
        G.slice(x, G.S(4))
    assert raised_at(info) in str(info.value)
    with pytest.raises(G.GraphError, match=r"slice: range 1:9 is out of range for axis 1 of size 5"):
        G.slice(x, None, G.S(1, 9))
    with pytest.raises(G.GraphError, match=r"slice: step 0 on axis 0 must be positive"):
        G.slice(x, G.S(0, 2, 0))
    with pytest.raises(G.GraphError, match=r"slice: range 3:1 selects nothing on axis 0"):
        G.slice(x, G.S(3, 1))
    with pytest.raises(G.GraphError, match=r"slice: 3 slices for a rank-2 operand"):
        G.slice(x, 0, 0, 0)
    with pytest.raises(G.GraphError, match=r"slice: axis 0 takes G.S"):
        G.slice(x, "a")
    with pytest.raises(G.GraphError, match=r"at: 1 coordinates for a rank-2 operand") as info:
        G.at(x, 1)
    assert raised_at(info) in str(info.value)
    with pytest.raises(G.GraphError, match=r"at: coordinate -5 is out of range for axis 0 of size 4"):
        G.at(x, -5, 0)


def test_concat_and_unconcat_errors(g):
    a = G.matrix(g, G.Float32, shape=(2, 3), name="a")
    b = G.matrix(g, G.Float32, shape=(3, 3), name="b")
    with pytest.raises(
        G.GraphError, match=r"concat: shapes \(2, 3\), \(3, 3\) differ outside the concatenation axis 1"
    ) as info:
        G.concat(1, a, b)
    assert "a: Float32[2, 3]" in str(info.value) and raised_at(info) in str(info.value)
    with pytest.raises(G.GraphError, match=r"concat: the axis comes first"):
        G.concat(a, b)
    with pytest.raises(G.GraphError, match=r"concat: operand dtypes differ"):
        G.concat(0, a, G.matrix(g, G.Float64, shape=(2, 3), name="c"))
    with pytest.raises(
        G.GraphError, match=r"unconcat: cannot split axis 1 of shape \(2, 3\) into 2 equal parts"
    ) as info:
        G.unconcat(a, 1, 2)
    assert raised_at(info) in str(info.value)


def test_index_errors(g):
    x = G.matrix(g, G.Float32, shape=(4, 3), name="x")
    with pytest.raises(
        G.GraphError, match=r"by_indices: index 4 is out of range \[0, 4\) for axis 0 .*x.*\[4, 3\]"
    ) as info:
        G.by_indices(x, [0, 4], 0)
    assert raised_at(info) in str(info.value)
    with pytest.raises(G.GraphError, match=r"by_indices: index -1 is out of range \[0, 3\) for axis 1"):
        G.by_indices(x, g.constant([2, -1], G.Int32), -1)
    with pytest.raises(G.GraphError, match=r"by_indices: indices must be Int32/Int64, got Float32\[2\]"):
        G.by_indices(x, G.vector(g, G.Float32, shape=(2,), name="fi"), 0)
    with pytest.raises(G.GraphError, match=r"by_indices: indices must be integers, got float64"):
        G.by_indices(x, [0.5], 0)
    with pytest.raises(G.GraphError, match=r"by_indices: axis 2 is out of range for rank 2"):
        G.by_indices(x, [0], 2)
    with pytest.raises(G.GraphError, match=r"by_indices: indices must be an Int32/Int64 vector, got Int64\[1, 2\]"):
        G.by_indices(x, G.matrix(g, G.Int64, shape=(1, 2), name="mi"), 0)
    with pytest.raises(G.GraphError, match=r"embedding: index 7 is out of range \[0, 4\)") as info:
        G.embedding(x, [[0, 7]])
    assert raised_at(info) in str(info.value)
    with pytest.raises(G.GraphError, match=r"embedding: weights must be a \(vocab, dim\) matrix"):
        G.embedding(G.vector(g, G.Float32, shape=(4,), name="wv"), [0])


def test_cast_diag_and_upsample_errors(g):
    x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
    with pytest.raises(G.GraphError, match=r"conv_type: cannot cast Float32 to Bool .*x: Float32\[2, 3\]") as info:
        G.conv_type(x, G.Bool)
    assert raised_at(info) in str(info.value)
    with pytest.raises(G.GraphError, match=r"conv_type: dtype must be one of"):
        G.conv_type(x, np.float32)
    with pytest.raises(G.GraphError, match=r"upsample2d: expects an NCHW tensor of rank 4 .*\[2, 3\]") as info:
        G.upsample2d(x, 2)
    assert raised_at(info) in str(info.value)
    with pytest.raises(G.GraphError, match=r"upsample2d: scale 0 must be at least 1"):
        G.upsample2d(G.tensor(g, G.Float32, shape=(1, 1, 2, 2), name="img"), 0)
    with pytest.raises(G.GraphError, match=r"diag_flat: operand must be a graph node"):
        G.diag_flat([1.0, 2.0])


def test_verifier_rejects_a_window_past_the_operand():
    with ir.Context() as ctx, ir.Location.unknown():
        ctx.allow_unregistered_dialects = True
        module = ir.Module.parse(
            "func.func @f(%x: tensor<4xf32>) -> tensor<2xf32> {\n"
            '  %y = "gorgonia.slice"(%x) {offsets = array<i64: 2>, sizes = array<i64: 2>, strides = array<i64: 2>}'
            " : (tensor<4xf32>) -> tensor<2xf32>\n"
            "  return %y : tensor<2xf32>\n}"
        )
        op = module.body.operations[0].regions[0].blocks[0].operations[0]
        assert "reaches past its dimension 4" in check_op(op)


# ---- the lowered IR ------------------------------------------------------------------------------


def test_lowering_clamps_indices_and_scatters_with_iree_linalg_ext(g):
    x = G.matrix(g, G.Float32, shape=(4, 3), name="x")
    i = G.vector(g, G.Int64, shape=(5,), name="i")
    (dx,) = G.grad(G.sum(G.by_indices(x, i, 0)), [x])
    module = g.extract([x, i], [dx, G.by_indices(x, i, 1), G.slice(x, G.S(0, 4, 2)), G.concat(0, x, x)])
    with g.ctx:
        run_pipeline(module, ["gorgonia-verify", "gorgonia-autodiff", "gorgonia-to-linalg"])
        text = str(module)
    assert '"gorgonia.' not in text
    assert "arith.maxsi" in text and "arith.minsi" in text  # run-time indices clamped into range
    assert "tensor.extract %" in text  # the gather
    assert "iree_linalg_ext.scatter" in text and "unique_indices(false)" in text
    assert "tensor.extract_slice" in text and "tensor.insert_slice" in text
