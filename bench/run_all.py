"""Run every benchmark, write bench/results/*.json and bench/results/summary.png.

``make bench`` (installs the ``bench`` extra: torch CPU, jax, matplotlib) or ``python bench/run_all.py``.
"""

from __future__ import annotations

import sys

import build_scaling
import compile_time
import convnet_train
import mlp_train
from common import chart

BENCHMARKS = [mlp_train.main, convnet_train.main, compile_time.main, build_scaling.main]


def main() -> None:
    try:
        import inference

        BENCHMARKS.insert(2, inference.main)
    except ImportError as exc:  # the export API is needed for the deployment benchmark
        print(f"skipping inference benchmark: {exc}", file=sys.stderr)
    results = [bench() for bench in BENCHMARKS]
    path = chart(results)
    if path:
        print(f"\nchart: {path}")


if __name__ == "__main__":
    main()
