"""The on-disk compile cache: a second process gets the module without compiling; it can be disabled."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np

SCRIPT = textwrap.dedent(
    """
    import sys
    import iree.compiler as ic
    import gorgonia_mlir as G
    from gorgonia_mlir import compiler

    calls = []
    real = ic.compile_str
    compiler.ic.compile_str = lambda *a, **k: calls.append(1) or real(*a, **k)
    g = G.Graph()
    x = G.vector(g, G.Float32, shape=(4,), name="x")
    y = G.tanh(x) * 2.0 + {offset}
    f = G.function([x], [y])
    out = f([0.0, 1.0, 2.0, 3.0])[0]
    print(len(calls), round(float(out[1]), 5))
    """
)


def _run(cache: str, offset: float = 1.0) -> tuple[int, float]:
    env = {**os.environ, "GORGONIA_MLIR_CACHE": cache}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(offset=offset)], env=env, capture_output=True, text=True, check=True
    )
    calls, value = done.stdout.split()
    return int(calls), float(value)


def test_second_process_reuses_the_compiled_module(tmp_path):
    cache = str(tmp_path / "cache")
    want = round(2 * float(np.tanh(np.float32(1.0))) + 1.0, 5)
    assert _run(cache) == (1, want)
    assert _run(cache) == (0, want)  # served from disk, same numbers
    assert any(p.suffix == ".vmfb" for p in (tmp_path / "cache").iterdir())
    assert _run(cache, offset=2.0)[0] == 1  # different IR, different key


def test_cache_can_be_disabled(tmp_path):
    assert _run("0")[0] == 1
    assert _run("off")[0] == 1
    assert not (tmp_path / "cache").exists()
