"""Compile time of the MLP train step (graph → .vmfb): cold, and warm from the on-disk cache.

Each measurement is a fresh Python process (so the in-process cache cannot help); "warm" reuses the
cache directory the cold run filled. JAX's jit compile of the same step is the peer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from common import OURS, report

OUR_SCRIPT = """
import json, sys, time
sys.path.insert(0, {bench!r})
import mlp_train as M
p = M.init_params(); x, y = M.data({batch})
start = time.perf_counter()
M.ours({batch}, p, x, y)
print(json.dumps((time.perf_counter() - start) * 1e3))
"""

JAX_SCRIPT = """
import json, sys, time
sys.path.insert(0, {bench!r})
import jax, mlp_train as M
p = M.init_params(); x, y = M.data({batch})
start = time.perf_counter()
jax.jit(M._jax_loss()).lower(p, x, y).compile()
print(json.dumps((time.perf_counter() - start) * 1e3))
"""


def _time(script: str, env: dict) -> float:
    bench = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run(
        [sys.executable, "-c", script.format(bench=bench, batch=64)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(json.loads(out.strip().splitlines()[-1]))


def main() -> dict:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "GORGONIA_MLIR_CACHE": cache}
        cold = _time(OUR_SCRIPT, env)
        warm = _time(OUR_SCRIPT, env)
    rows = {"cold (empty cache)": {OURS: cold}, "warm (on-disk cache)": {OURS: warm}}
    try:
        import jax  # noqa: F401

        jax_ms = _time(JAX_SCRIPT, dict(os.environ))
        rows["cold (empty cache)"]["jax-jit"] = jax_ms
    except ImportError:
        pass
    return report("compile_time", rows)


if __name__ == "__main__":
    main()
