"""The nn family beyond the tables: values computed by hand on tiny images, the pooling conventions
(asymmetric padding, padded cells in averages, ties in max pooling), softmax stability, sparsemax and
loss values and gradients, errors, and the lowered IR."""

from __future__ import annotations

import os

import numpy as np
import pytest
from iree.compiler import ir

import gorgonia_mlir as G
from gorgonia_mlir.transforms import run_pipeline

HERE = os.path.basename(__file__)

NINE = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)  # [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
PEAKS = np.array([[1.0, 5.0, 2.0], [7.0, 3.0, 9.0], [4.0, 8.0, 6.0]]).reshape(1, 1, 3, 3)


def raised_at(info: pytest.ExceptionInfo) -> str:
    return f"{HERE}:{info.tb.tb_lineno}"


# ---- hand-computed values (one compile) ----------------------------------------------------------


@pytest.fixture(scope="module")
def hand():
    g = G.Graph("nn_hand")
    x = G.tensor(g, G.Float64, shape=(1, 1, 3, 3), name="x")
    p = G.tensor(g, G.Float64, shape=(1, 1, 3, 3), name="p")
    ones = g.constant(np.ones((1, 1, 2, 2)))
    diag = g.constant(np.array([[1.0, 0.0], [0.0, -1.0]]).reshape(1, 1, 2, 2))
    small = G.tensor(g, G.Float64, shape=(1, 1, 2, 2), name="small")
    tie = G.tensor(g, G.Float64, shape=(1, 1, 2, 2), name="tie")
    big = G.vector(g, G.Float32, shape=(2,), name="big")
    sp = G.matrix(g, G.Float64, shape=(2, 3), name="sp")
    z = G.matrix(g, G.Float64, shape=(2, 4), name="z")
    pooled_peaks = G.max_pool2d(p, (2, 2), (0, 0), (1, 1))
    sparse = G.sparsemax(sp)
    ce = G.cross_entropy(z, np.array([1, 3]))
    outs = {
        "conv_valid": G.conv2d(x, ones, (2, 2), (0, 0), (1, 1), (1, 1)),
        "conv_pad_stride": G.conv2d(x, diag, (2, 2), (1, 1), (2, 2), (1, 1)),
        "convT": G.conv_transpose2d(small, ones, (2, 2), (0, 0), (1, 1), (1, 1)),
        "convT_stride": G.conv_transpose2d(small, ones, (2, 2), (0, 0), (2, 2), (1, 1)),
        "im2col": G.im2col(x, (2, 2), (0, 0), (1, 1)),
        "max": pooled_peaks,
        "max_asym": G.max_pool2d(p, (2, 2), (0, 1, 0, 1), (2, 2)),
        "max_grad": G.grad(G.sum(pooled_peaks), [p])[0],
        "tie_grad": G.grad(G.sum(G.max_pool2d(tie, (2, 2), (0, 0), (2, 2))), [tie])[0],
        "avg_asym": G.avg_pool2d(x, (2, 2), (0, 1, 0, 1), (2, 2)),
        "avg_grad": G.grad(G.sum(G.avg_pool2d(x, (2, 2), (0, 1, 0, 1), (2, 2))), [x])[0],
        "gap": G.global_average_pool2d(x),
        "softmax_big": G.softmax(big),
        "log_softmax_big": G.log_softmax(big),
        "sparse": sparse,
        "sparse_grad": G.grad(G.sum(G.slice(sparse, G.S(1), G.S(0))), [sp])[0],
        "xent": G.binary_xent(G.slice(sp, G.S(0), G.S(0, 1)) * 0.0 + 0.5, 1.0),
        "ce": ce,
        "ce_grad": G.grad(ce, [z])[0],
    }
    fn = G.function([x, p, small, tie, big, sp, z], list(outs.values()))
    values = fn(
        NINE,
        PEAKS,
        np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 1, 2, 2),
        np.ones((1, 1, 2, 2)),
        np.array([1000.0, 1000.0], np.float32),
        np.array([[3.0, 1.0, 0.2], [0.5, 0.3, -1.0]]),
        np.zeros((2, 4)),
    )
    fn.close()
    return {k: np.asarray(v) for k, v in zip(outs, values, strict=True)}


def test_conv2d_by_hand(hand):
    # ones(2×2) over [[1,2,3],[4,5,6],[7,8,9]]: window sums
    np.testing.assert_array_equal(hand["conv_valid"][0, 0], [[12.0, 16.0], [24.0, 28.0]])
    # [[1,0],[0,-1]] on the zero-padded image, stride 2: xp[r,c] - xp[r+1,c+1] at r, c in {0, 2}
    np.testing.assert_array_equal(hand["conv_pad_stride"][0, 0], [[-1.0, -3.0], [-7.0, -4.0]])


def test_conv_transpose2d_by_hand(hand):
    # every input pixel stamps the ones filter at its position (stride 1: stamps overlap and add)
    np.testing.assert_array_equal(hand["convT"][0, 0], [[1.0, 3.0, 2.0], [4.0, 10.0, 6.0], [3.0, 7.0, 4.0]])
    # stride 2: the stamps tile the output
    want = [[1.0, 1.0, 2.0, 2.0], [1.0, 1.0, 2.0, 2.0], [3.0, 3.0, 4.0, 4.0], [3.0, 3.0, 4.0, 4.0]]
    np.testing.assert_array_equal(hand["convT_stride"][0, 0], want)


def test_im2col_layout_by_hand(hand):
    # (N, H', W', C·kh·kw): each output pixel holds its 2×2 patch, row-major
    cols = hand["im2col"]
    assert cols.shape == (1, 2, 2, 4)
    np.testing.assert_array_equal(cols[0], [[[1, 2, 4, 5], [2, 3, 5, 6]], [[4, 5, 7, 8], [5, 6, 8, 9]]])


def test_max_pool2d_by_hand(hand):
    np.testing.assert_array_equal(hand["max"][0, 0], [[7.0, 9.0], [8.0, 9.0]])
    # pad (top, bottom, left, right) = (0, 1, 0, 1): the padded row/column never wins
    np.testing.assert_array_equal(hand["max_asym"][0, 0], [[7.0, 9.0], [8.0, 6.0]])


def test_max_pool2d_gradient_goes_to_the_maxima_and_accumulates(hand):
    # the 9 is the max of two overlapping windows: it receives both cotangents
    np.testing.assert_array_equal(hand["max_grad"][0, 0], [[0.0, 0.0, 0.0], [1.0, 0.0, 2.0], [0.0, 1.0, 0.0]])


def test_max_pool2d_ties_route_to_the_first_maximum_in_row_major_order(hand):
    np.testing.assert_array_equal(hand["tie_grad"][0, 0], [[1.0, 0.0], [0.0, 0.0]])


def test_avg_pool2d_padded_cells_do_not_count(hand):
    # windows {1,2,4,5}, {3,6}, {7,8}, {9}: each divided by its number of real cells
    np.testing.assert_array_equal(hand["avg_asym"][0, 0], [[3.0, 4.5], [7.5, 9.0]])
    np.testing.assert_array_equal(hand["avg_grad"][0, 0], [[0.25, 0.25, 0.5], [0.25, 0.25, 0.5], [0.5, 0.5, 1.0]])
    np.testing.assert_array_equal(hand["gap"], [[[[5.0]]]])


def test_softmax_and_log_softmax_are_max_shifted(hand):
    # exp(1000) overflows float32: unshifted, both would be NaN
    np.testing.assert_array_equal(hand["softmax_big"], [0.5, 0.5])
    np.testing.assert_allclose(hand["log_softmax_big"], [-np.log(2.0)] * 2, rtol=1e-6)


def test_sparsemax_by_hand(hand):
    # [3, 1, 0.2]: support {3}, tau = 2; [0.5, 0.3, -1]: support {0.5, 0.3}, tau = -0.1
    np.testing.assert_allclose(hand["sparse"], [[1.0, 0.0, 0.0], [0.6, 0.4, 0.0]], atol=1e-15)
    # d y[1,0] / d x[1] = s ⊙ (e0 - 1/|S|): nonzero only on the support
    np.testing.assert_allclose(hand["sparse_grad"], [[0.0, 0.0, 0.0], [0.5, -0.5, 0.0]], atol=1e-15)


def test_losses_by_hand(hand):
    np.testing.assert_allclose(hand["xent"], [np.log(2.0)], rtol=1e-15)
    # uniform logits over 4 classes: the loss is log 4 whatever the class, the gradient (p - onehot) / N
    np.testing.assert_allclose(hand["ce"], np.log(4.0), rtol=1e-15)
    want = (np.full((2, 4), 0.25) - np.eye(4)[[1, 3]]) / 2
    np.testing.assert_allclose(hand["ce_grad"], want, atol=1e-15)


# ---- build-time semantics and errors (no compile) ------------------------------------------------


def test_shapes_follow_gorgonia_formulas(g):
    x = G.tensor(g, G.Float32, shape=(2, 3, 7, 6), name="x")
    w = G.tensor(g, G.Float32, shape=(4, 3, 3, 2), name="w")
    assert G.conv2d(x, w, (3, 2), (1, 0), (2, 2), (1, 2)).shape == (2, 4, 4, 2)
    assert G.im2col(x, (3, 2), (1, 0), (2, 2), (1, 2)).shape == (2, 4, 2, 18)
    assert G.max_pool2d(x, (2, 2), (0, 1, 0, 0), (2, 2)).shape == (2, 3, 4, 3)
    y = G.conv2d(x, w, (3, 2), (1, 0), (2, 2))
    assert G.conv_transpose2d(y, w, (3, 2), (1, 0), (2, 2)).shape == x.shape
    v = G.tensor(g, G.Float32, shape=(2, 3, 10), name="v")
    assert G.conv1d(v, G.tensor(g, G.Float32, shape=(5, 3, 4), name="k"), 4, 2, 3, 2).shape == (2, 5, 3)
    assert G.avg_pool1d(v, 4, (1, 2), 3).shape == (2, 3, 4)


def test_conv2d_channel_mismatch_names_op_shapes_and_line(g):
    x = G.tensor(g, G.Float32, shape=(1, 3, 5, 5), name="x")
    w = G.tensor(g, G.Float32, shape=(4, 2, 3, 3), name="w")
    with pytest.raises(G.GraphError) as info:
        G.conv2d(x, w, (3, 3), (1, 1), (1, 1), (1, 1))
    msg = str(info.value)
    assert "conv2d" in msg and "(4, 2, 3, 3)" in msg and "(1, 3, 5, 5)" in msg and raised_at(info) in msg


def test_conv2d_kernel_shape_must_match_the_filter(g):
    x = G.tensor(g, G.Float32, shape=(1, 3, 5, 5), name="x")
    w = G.tensor(g, G.Float32, shape=(4, 3, 3, 3), name="w")
    with pytest.raises(G.GraphError, match=r"conv2d: kernel_shape \(2, 2\) differs .*\(3, 3\)") as info:
        G.conv2d(x, w, (2, 2), (0, 0), (1, 1), (1, 1))
    assert raised_at(info) in str(info.value)


def test_window_that_does_not_fit(g):
    x = G.tensor(g, G.Float64, shape=(1, 1, 2, 2), name="x")
    w = G.tensor(g, G.Float64, shape=(1, 1, 3, 3), name="w")
    with pytest.raises(G.GraphError, match=r"conv2d: a window of 3 .* size 2") as info:
        G.conv2d(x, w, (3, 3), (0, 0), (1, 1), (1, 1))
    assert raised_at(info) in str(info.value)
    with pytest.raises(G.GraphError, match=r"im2col: a window of 3 \(dilation 2\)"):
        G.im2col(G.tensor(g, G.Float64, shape=(1, 1, 4, 4), name="y"), (3, 3), (0, 0), (1, 1), (2, 2))


def test_pool_padding_must_be_smaller_than_the_kernel(g):
    x = G.tensor(g, G.Float32, shape=(1, 1, 4, 4), name="x")
    with pytest.raises(G.GraphError, match=r"max_pool2d: padding \(0, 2, 0, 0\) must be smaller .*\(2, 2\)") as info:
        G.max_pool2d(x, (2, 2), (0, 2, 0, 0), (2, 2))
    assert raised_at(info) in str(info.value)
    with pytest.raises(G.GraphError, match=r"avg_pool2d: pad must be 2 or 4 integers, got \(1, 1, 1\)"):
        G.avg_pool2d(x, (2, 2), (1, 1, 1))


def test_conv_transpose_output_padding_below_stride(g):
    y = G.tensor(g, G.Float32, shape=(1, 2, 3, 3), name="y")
    w = G.tensor(g, G.Float32, shape=(2, 1, 3, 3), name="w")
    with pytest.raises(
        G.GraphError, match=r"conv_transpose2d: output_padding \(2, 0\) must be smaller than the stride"
    ):
        G.conv_transpose2d(y, w, (3, 3), (0, 0), (2, 2), (1, 1), (2, 0))
    with pytest.raises(G.GraphError, match=r"conv_transpose2d: filter \(2, 1, 3, 3\) expects 2 input channels"):
        G.conv_transpose2d(G.tensor(g, G.Float32, shape=(1, 3, 3, 3), name="y3"), w, (3, 3))


def test_softmax_family_errors(g):
    i = G.vector(g, G.Int32, shape=(3,), name="i")
    x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
    with pytest.raises(G.GraphError, match=r"softmax: expects a Float32/Float64 operand .*'i'") as info:
        G.softmax(i)
    assert raised_at(info) in str(info.value)
    with pytest.raises(G.GraphError, match=r"sparsemax: axis 2 is out of range for shape \(2, 3\)"):
        G.sparsemax(x, 2)
    with pytest.raises(G.GraphError, match=r"cross_entropy: class ids \(3,\) must have the logits' batch shape \(2,\)"):
        G.cross_entropy(x, np.array([0, 1, 2]))
    with pytest.raises(G.GraphError, match=r"cross_entropy: targets Float64\[2, 3\] must be class ids"):
        G.cross_entropy(x, np.zeros((2, 3)))


def test_1d_ops_need_rank_3(g):
    x = G.tensor(g, G.Float32, shape=(1, 2, 3, 4), name="x")
    with pytest.raises(G.GraphError, match=r"max_pool1d: expects a rank-3 operand, got shape \(1, 2, 3, 4\)") as info:
        G.max_pool1d(x, 2)
    assert raised_at(info) in str(info.value)


def test_softmax_and_log_softmax_are_single_ops_for_the_stabiliser(g):
    # a later gorgonia-stabilize rewrites log(softmax x) → log_softmax x: both must be table ops
    x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
    assert G.softmax(x).op_name == "gorgonia.softmax"
    assert G.log_softmax(x, 0).op_name == "gorgonia.log_softmax"
    assert "gorgonia.log_softmax" in G.to_mlir(g)


# ---- lowering ----------------------------------------------------------------------------------


def test_lowering_uses_named_conv_and_pooling_ops(g):
    x = G.tensor(g, G.Float32, shape=(1, 2, 12, 12), name="x")
    w = G.tensor(g, G.Float32, shape=(3, 2, 3, 3), name="w")
    outs = [
        G.conv2d(x, w, (3, 3), (1, 1), (2, 2), (1, 1)),  # 6 wide: direct (narrower ones are unfolded)
        G.max_pool2d(x, (2, 2), (0, 0), (2, 2)),
        G.avg_pool2d(x, (3, 3), (1, 1), (1, 1)),
    ]
    module = g.extract([x, w], outs)
    with g.ctx:
        run_pipeline(module, ["gorgonia-verify", "gorgonia-to-linalg"])
        text = str(module)
    assert "linalg.conv_2d_nhwc_hwcf" in text and "strides = dense<2>" in text  # channels-last
    assert "permutation = [0, 2, 3, 1]" in text and "permutation = [0, 3, 1, 2]" in text
    assert "linalg.pooling_nchw_max" in text and "linalg.pooling_nchw_sum" in text
    assert "tensor.pad" in text and '"gorgonia.' not in text
    assert isinstance(module, ir.Module)


def test_max_pool_gradient_fast_path_matches_the_general_op_on_ties():
    # Tiling 2×2 windows use the argmax/one-hot VJP; max_pool2d_backward is the general rule. Both send
    # a tied window's cotangent to its first maximum (row-major).
    g = G.Graph()
    x = G.tensor(g, G.Float64, shape=(1, 1, 4, 4), name="x")
    pooled = G.max_pool2d(x, (2, 2), (0, 0), (2, 2))
    weights = g.constant(np.arange(1.0, 5.0).reshape(1, 1, 2, 2))
    (fast,) = G.grad(G.sum(pooled * weights), [x])
    general = g.apply1("max_pool2d_backward", [x, weights], {"kernel": (2, 2), "pad": (0, 0, 0, 0), "stride": (2, 2)})
    values = np.array([[1, 1, 0, 2], [0, 1, 2, 0], [5, 3, 7, 7], [5, 4, 7, 7]], float).reshape(1, 1, 4, 4)
    G.let(x, values)
    G.TapeMachine(g).run_all()
    want = np.zeros((4, 4))
    want[0, 0], want[0, 3], want[2, 0], want[2, 2] = 1, 2, 3, 4
    np.testing.assert_array_equal(fast.value[0, 0], want)
    np.testing.assert_array_equal(general.value[0, 0], want)
