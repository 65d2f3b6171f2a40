"""bench/profile_step.py: the pieces that turn a lowered step into a profiled IREE benchmark."""

from __future__ import annotations

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "bench"))

import profile_step  # noqa: E402

STEP = """
  util.global private mutable @__rng_step = dense<0> : tensor<i64>
  util.global private mutable @p_w0 : tensor<784x512xf32>
  util.global private mutable @p_RMSPropSolver_cache_w0 : tensor<784x512xf64>
  func.func @main(%arg0: tensor<64x784xf32> {gorgonia.name = "x"}, %arg1: tensor<64x10xf32>) -> tensor<f32> {
"""


def test_globals_get_initial_values_and_main_gets_inputs():
    text = profile_step.with_initial_values(STEP)
    assert "@p_w0 = dense<0.01> : tensor<784x512xf32>" in text
    assert "@p_RMSPropSolver_cache_w0 = dense<0.01> : tensor<784x512xf64>" in text
    assert "@__rng_step = dense<0> : tensor<i64>" in text  # already initialized: untouched
    assert profile_step.main_inputs(STEP) == ["--input=64x784xf32=0.5", "--input=64x10xf32=0.5"]


def test_statistics_rows_are_per_step_and_slowest_first():
    stats = """IREE HAL device statistics:
  host_execute_queue p=0 q=0 dispatch  count=58 total=17.975 ms avg=309.916 us
  host_execute main_dispatch_0_slow_memcpy  count=40 total=270.429 us avg=6.760 us tiles=160
  host_execute main_dispatch_1_conv_32x32x28x28x3x3_f32  count=40 total=55.812 ms avg=1.395 ms tiles=640
  host_execute _encoding_12_encode_1152x625xf32  count=40 total=800 ns avg=20 ns
"""
    rows = profile_step.parse_statistics(stats, runs=40)
    assert [name for _, name in rows] == [
        "main_dispatch_1_conv_32x32x28x28x3x3_f32",
        "main_dispatch_0_slow_memcpy",
        "_encoding_12_encode_1152x625xf32",
    ]
    assert abs(rows[0][0] - 55812 / 40) < 1e-6 and abs(rows[2][0] - 0.02) < 1e-9
