"""Inference latency of the MLP 784-512-512-10 (float32) at batch 1 and 64.

Ours: the forward function exported to a ``.vmfb`` and run through ``gorgonia-runtime`` (the
deployment path, no compiler loaded). Peers: PyTorch eager (no_grad), JAX jit, numpy. The weights
are the benchmark's fixed initial values: latency does not depend on them.
"""

from __future__ import annotations

import os
import tempfile

import numpy as np
from common import OURS, batches, one_round, rounds_report, step_ms
from mlp_train import SIZES, init_params

SYSTEMS = (OURS, "torch-eager", "jax-jit", "numpy")


def _export(batch: int, params, path: str) -> None:
    import gorgonia_mlir as G

    g = G.Graph("mlp_infer")
    x = G.matrix(g, G.Float32, shape=(batch, SIZES[0]), name="x")
    h = x
    for i in range(0, len(params), 2):
        w = G.matrix(g, G.Float32, shape=params[i].shape, name=f"w{i}", init=params[i])
        b = G.vector(g, G.Float32, shape=params[i + 1].shape, name=f"b{i}", init=params[i + 1])
        h = h @ w + b
        if i + 2 < len(params):
            h = G.relu(h)
    G.export(G.function([x], [h], name="main", eval_mode=True), path)


def measure(system: str, batch: int, repeat: int = 200) -> dict:
    """Median and mean ms of one forward call of ``system`` (run by ``main`` in a process of its own)."""
    params = init_params()
    x = np.random.default_rng(2).normal(size=(batch, SIZES[0])).astype(np.float32)
    sync = None
    if system == OURS:
        path = os.path.join(tempfile.mkdtemp(), "mlp.vmfb")
        _export(batch, params, path)
        from gorgonia_runtime import load

        fn = load(path)["main"]
        step = lambda: fn(x)  # noqa: E731
    elif system == "torch-eager":
        import torch

        ws = [torch.from_numpy(p) for p in params]
        xt = torch.from_numpy(x)

        def step():
            with torch.no_grad():
                h = xt
                for i in range(0, len(ws), 2):
                    h = h @ ws[i] + ws[i + 1]
                    if i + 2 < len(ws):
                        h = torch.relu(h)
                return h

    elif system == "jax-jit":
        import jax

        def forward(ps, v):
            for i in range(0, len(ps), 2):
                v = v @ ps[i] + ps[i + 1]
                if i + 2 < len(ps):
                    v = jax.nn.relu(v)
            return v

        f = jax.jit(forward)
        ps, xj = [jax.device_put(p) for p in params], jax.device_put(x)
        step = lambda: f(ps, xj)  # noqa: E731
        sync = lambda out=None: out.block_until_ready() if out is not None else None  # noqa: E731
    else:

        def step():
            h = x
            for i in range(0, len(params), 2):
                h = h @ params[i] + params[i + 1]
                if i + 2 < len(params):
                    h = np.maximum(h, 0)
            return h

    return step_ms(step, warmup=20, repeat=repeat, sync=sync)


def measure_round() -> dict:
    """One round: every system at every batch, each in a fresh process."""
    return one_round("inference", SYSTEMS, batches(1, 64))


def main() -> dict:
    return rounds_report("inference", measure_round)


if __name__ == "__main__":
    main()
