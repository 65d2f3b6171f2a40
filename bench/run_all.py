"""Run every benchmark, write bench/results/*.json and bench/results/summary.png.

``make bench`` (installs the ``bench`` extra: torch CPU, jax, matplotlib) or ``python bench/run_all.py``
(``GORGONIA_BENCH_ROUNDS=N`` for N rounds of the train-step and inference benchmarks; default 3).
"""

from __future__ import annotations

import sys

import build_scaling
import compile_time
import convnet_train
import mlp_train
from common import ROUNDS, chart, collect, report

# Benchmarks measured in rounds: round 1 of each, then round 2 of each, ... (see common.ROUNDS)
ROUNDED = {"mlp_train": mlp_train.measure_round, "convnet_train": convnet_train.measure_round}
ONCE = [compile_time.main, build_scaling.main]


def main() -> None:
    try:
        import inference

        ROUNDED["inference"] = inference.measure_round
    except ImportError as exc:  # the export API is needed for the deployment benchmark
        print(f"skipping inference benchmark: {exc}", file=sys.stderr)
    rounds: dict[str, list] = {name: [] for name in ROUNDED}
    for r in range(ROUNDS):
        for name, measure_round in ROUNDED.items():
            print(f"round {r + 1}/{ROUNDS}: {name}", file=sys.stderr, flush=True)
            rounds[name].append(measure_round())
    results = [report(name, collect(rows)) for name, rows in rounds.items()]
    results += [bench() for bench in ONCE]
    path = chart(results)
    if path:
        print(f"\nchart: {path}")


if __name__ == "__main__":
    main()
