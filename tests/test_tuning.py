"""Per-workload IREE flags chosen from the lowered IR."""

from __future__ import annotations

import numpy as np

import gorgonia_mlir as G
from gorgonia_mlir import tuning


def _mlp(batch, n_in=784, n_out=512):
    g = G.Graph()
    x = G.matrix(g, G.Float32, shape=(batch, n_in), name="x")
    w = G.matrix(g, G.Float32, shape=(n_in, n_out), name="w", init=G.zeroes())
    return g, x, G.sum(x @ w)


def test_large_matmuls_get_data_tiling_small_ones_do_not():
    g, x, y = _mlp(256)
    assert set(tuning.DATA_TILING) <= set(G.function([x], [y]).compiled.flags)
    g, x, y = _mlp(8)
    assert not set(tuning.DATA_TILING) & set(G.function([x], [y]).compiled.flags)


def test_only_the_large_matmuls_are_marked_for_data_tiling():
    # 256×784·784×512 (103M multiply-accumulates) is data-tiled; 256×512·512×10 (1.3M) is left alone
    g = G.Graph()
    x = G.matrix(g, G.Float32, shape=(256, 784), name="x")
    w = G.matrix(g, G.Float32, shape=(784, 512), name="w", init=G.gaussian(0.0, 0.05, seed=1))
    v = G.matrix(g, G.Float32, shape=(512, 10), name="v", init=G.gaussian(0.0, 0.05, seed=2))
    f = G.function([x], [(x @ w) @ v])
    matmuls = [line for line in f.compiled.lowered_mlir.splitlines() if "linalg.matmul" in line]
    marked = [line for line in matmuls if tuning.DATA_TILING_HINT in line]
    assert len(matmuls) == 2 and len(marked) == 1 and "tensor<784x512xf32>" in marked[0]
    assert set(tuning.DATA_TILING) <= set(f.compiled.flags)
    data = np.random.default_rng(0).normal(size=(256, 784)).astype(np.float32)
    (out,) = f(data)
    np.testing.assert_allclose(out, (data @ w.value) @ v.value, rtol=1e-4, atol=1e-4)


def test_convolutions_get_no_global_im2col_and_auto_flags_can_be_turned_off():
    # one-input-channel convolutions are unfolded by the lowering itself; the rest run channels-last
    g = G.Graph()
    x = G.tensor(g, G.Float32, shape=(2, 3, 8, 8), name="x")
    w = G.tensor(g, G.Float32, shape=(4, 3, 3, 3), name="w", init=G.zeroes())
    y = G.sum(G.conv2d(x, w, (3, 3), (1, 1), (1, 1), (1, 1)))
    f = G.function([x], [y])
    assert not any("im2col" in flag for flag in f.compiled.flags)
    assert "linalg.conv_2d_nhwc_hwcf" in f.compiled.lowered_mlir
    big, xb, yb = _mlp(256)
    plain = G.function([xb], [yb], auto_flags=False, flags=["--iree-opt-level=O2"]).compiled.flags
    assert not set(tuning.DATA_TILING) & set(plain) and plain[-1] == "--iree-opt-level=O2"


def test_one_input_channel_convolutions_are_unfolded_into_a_contraction():
    g = G.Graph()
    x = G.tensor(g, G.Float32, shape=(2, 1, 8, 8), name="x")
    w = G.tensor(g, G.Float32, shape=(4, 1, 3, 3), name="w", init=G.zeroes())
    f = G.function([x], [G.conv2d(x, w, (3, 3), (1, 1), (1, 1), (1, 1))])
    assert "linalg.conv_2d_nhwc_hwcf" not in f.compiled.lowered_mlir


def test_matmul_macs_counts_batch_m_n_k():
    g, x, y = _mlp(4, 6, 5)
    module = g.extract([x], [y])
    from gorgonia_mlir.irtools import walk_ops
    from gorgonia_mlir.transforms import run_pipeline

    run_pipeline(module, ["gorgonia-to-linalg"])
    (mm,) = [op for op in walk_ops(module.operation) if op.name == "linalg.matmul"]
    assert tuning.matmul_macs(mm) == 4 * 5 * 6


def test_exported_small_cpu_modules_default_to_the_synchronous_driver(tmp_path):
    from gorgonia_runtime import load

    small, x, y = _mlp(1, 64, 32)
    G.export(G.function([x], [y]), tmp_path / "small.vmfb")
    assert load(tmp_path / "small.vmfb").device == "cpu-sync"
    big, x, y = _mlp(64)
    G.export(G.function([x], [y]), tmp_path / "big.vmfb")
    assert load(tmp_path / "big.vmfb").device == "cpu"
