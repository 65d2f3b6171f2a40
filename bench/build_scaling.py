"""Graph build + pass-pipeline time for graphs of 1k, 10k and 100k ops (should grow linearly).

The graph is a chain of elementwise ops with a gradient request, so gorgonia-autodiff and the
lowering both see every op. Times exclude the IREE compile (measured in compile_time.py).
"""

from __future__ import annotations

import time

from common import report

import gorgonia_mlir as G
from gorgonia_mlir.compiler import DEFAULT_PASSES
from gorgonia_mlir.transforms import run_pipeline


def build(n_ops: int):
    g = G.Graph("chain")
    x = G.vector(g, G.Float32, shape=(16,), name="x")
    h = x
    while len(g.records) < n_ops:
        h = G.tanh(h) * 0.5 + x  # tanh, constant, mul, add: 4 ops per link (the grad doubles them later)
    cost = G.sum(h)
    (gx,) = G.grad(cost, [x])
    return g, x, cost, gx


def main(sizes=(1_000, 10_000, 100_000)) -> dict:
    rows = {}
    for n in sizes:
        start = time.perf_counter()
        g, x, cost, gx = build(n)
        built = time.perf_counter()
        module = g.extract([x], [cost, gx])
        extracted = time.perf_counter()
        run_pipeline(module, DEFAULT_PASSES)
        done = time.perf_counter()
        rows[f"{n} ops"] = {
            "build": (built - start) * 1e3,
            "extract": (extracted - built) * 1e3,
            "passes": (done - extracted) * 1e3,
            "per op (µs)": (done - start) * 1e6 / n,
        }
    return report("build_scaling", rows, unit="ms (per op: µs)")


if __name__ == "__main__":
    main()
