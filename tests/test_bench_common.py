"""bench/common.py: rounds of isolated measurements and the report built from them."""

from __future__ import annotations

import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "bench"))

import common  # noqa: E402


def test_in_rounds_alternates_systems_and_leaves_out_missing_peers(monkeypatch):
    calls = []

    def fake_isolated(module, system, **kwargs):
        calls.append((system, kwargs["batch"]))
        return None if system == "absent" else float(len(calls))

    monkeypatch.setattr(common, "isolated", fake_isolated)
    times = common.in_rounds("mlp_train", ["ours", "peer", "absent"], rounds=2, batch=64)
    assert [s for s, _ in calls] == ["ours", "peer", "absent"] * 2  # alternating, round by round
    assert times == {"ours": [1.0, 4.0], "peer": [2.0, 5.0]}


def test_report_takes_the_best_round_and_keeps_every_round(monkeypatch, tmp_path):
    monkeypatch.setattr(common, "RESULTS", tmp_path)
    rows = {"batch 32": {common.OURS: [9.0, 8.0, 12.0], "torch-eager": [11.0, 10.0, 16.0], "numpy": 20.0}}
    out = common.report("demo", rows)
    case = json.loads((tmp_path / "demo.json").read_text())["cases"]["batch 32"]
    assert case == out["cases"]["batch 32"]
    assert case["times"] == {common.OURS: 8.0, "torch-eager": 10.0, "numpy": 20.0}
    assert case["ratio_ours_over_peer"] == {"torch-eager": 0.8, "numpy": 0.4}
    assert case["rounds"][common.OURS] == [9.0, 8.0, 12.0] and "numpy" not in case["rounds"]
