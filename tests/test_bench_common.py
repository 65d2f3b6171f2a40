"""bench/common.py: rounds of isolated measurements and the report built from them."""

from __future__ import annotations

import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "bench"))

import common  # noqa: E402


def test_a_round_measures_every_case_and_system_once_and_leaves_out_missing_peers(monkeypatch):
    calls = []

    def fake_isolated(module, system, **kwargs):
        calls.append((system, kwargs["batch"]))
        return None if system == "absent" else float(len(calls))

    monkeypatch.setattr(common, "isolated", fake_isolated)
    rows = common.one_round("mlp_train", ["ours", "peer", "absent"], common.batches(64, 256))
    assert calls == [("ours", 64), ("peer", 64), ("absent", 64), ("ours", 256), ("peer", 256), ("absent", 256)]
    assert rows == {"batch 64": {"ours": 1.0, "peer": 2.0}, "batch 256": {"ours": 4.0, "peer": 5.0}}


def test_rounds_are_collected_per_case_and_system():
    rounds = [
        {"batch 1": {"ours": 3.0, "peer": 1.0}},
        {"batch 1": {"ours": 2.0}},
        {"batch 1": {"ours": 4.0, "peer": 5.0}},
    ]
    assert common.collect(rounds) == {"batch 1": {"ours": [3.0, 2.0, 4.0], "peer": [1.0, 5.0]}}


def test_report_takes_the_best_round_and_keeps_every_round(monkeypatch, tmp_path):
    monkeypatch.setattr(common, "RESULTS", tmp_path)
    rows = {"batch 32": {common.OURS: [9.0, 8.0, 12.0], "torch-eager": [11.0, 10.0, 16.0], "numpy": 20.0}}
    out = common.report("demo", rows)
    case = json.loads((tmp_path / "demo.json").read_text())["cases"]["batch 32"]
    assert case == out["cases"]["batch 32"]
    assert case["times"] == {common.OURS: 8.0, "torch-eager": 10.0, "numpy": 20.0}
    assert case["ratio_ours_over_peer"] == {"torch-eager": 0.8, "numpy": 0.4}
    assert case["rounds"][common.OURS] == [9.0, 8.0, 12.0] and "numpy" not in case["rounds"]


def test_report_keeps_the_mean_step_of_the_counted_round(monkeypatch, tmp_path):
    monkeypatch.setattr(common, "RESULTS", tmp_path)
    ours = [{"median": 2.4, "mean": 3.5}, {"median": 2.8, "mean": 2.9}]
    peer = [{"median": 3.0, "mean": 3.1}]
    case = common.report("demo", {"batch 256": {common.OURS: ours, "jax-jit": peer}})["cases"]["batch 256"]
    assert case["times"] == {common.OURS: 2.4, "jax-jit": 3.0}  # medians decide
    assert case["mean_step"] == {common.OURS: 3.5, "jax-jit": 3.1}  # the tail stays visible
    assert case["round_means"][common.OURS] == [3.5, 2.9]


def test_step_ms_reports_median_and_mean():
    import time

    sleeps = iter([0.0] + [0.001] * 4 + [0.03])  # one warm-up call, then four fast steps and a slow one
    out = common.step_ms(lambda: time.sleep(next(sleeps)), warmup=1, repeat=5, warm_seconds=0.0)
    assert 1.0 <= out["median"] < 5.0  # the slow step does not move the median...
    assert out["mean"] > 6.0  # ...but shows in the mean (≥ (4·1 + 30) / 5 ms)
