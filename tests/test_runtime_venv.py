"""gorgonia-runtime alone: a fresh virtual environment with only ``pip install ./runtime`` runs an exported model.

pip pulls iree-base-runtime and numpy (from its cache, or PyPI); about 7 s here with a warm pip cache.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from exported_results import close_to_in_process
from fresh_venv import ENV, copy_source, make_venv, pip_install, site_packages

import gorgonia_mlir as G

RUNTIME = Path(__file__).resolve().parents[1] / "runtime"

CHECK = textwrap.dedent(
    """
    import importlib.util, json, sys
    import numpy as np
    for absent in ("iree.compiler", "gorgonia_mlir"):
        try:
            found = importlib.util.find_spec(absent) is not None
        except ModuleNotFoundError:
            found = False
        assert not found, f"{absent} must not be installed in the runtime-only environment"
    from gorgonia_runtime import RuntimeFailure, load
    d = sys.argv[1]
    x = np.load(f"{d}/x.npy")
    for mod in (load(f"{d}/m.vmfb"), load(f"{d}/p.vmfb", params=f"{d}/p.irpa")):
        np.save(f"{d}/out_{mod.name}.npy", mod.main(x))
        try:
            mod.main(x.astype(np.float64))
        except RuntimeFailure as exc:
            assert "input 0 'x' must be float32" in str(exc)
        else:
            raise AssertionError("a float64 input was accepted")
        mod.close()
    print("ok")
    """
)


@pytest.fixture(scope="module")
def runtime_venv(tmp_path_factory) -> Path:
    """A venv with gorgonia-runtime installed from a copy of runtime/ (so no build files land in the repo)."""
    root = tmp_path_factory.mktemp("venv")
    env_dir = make_venv(root / "env")
    pip_install(env_dir, copy_source(RUNTIME, root / "src"))
    return env_dir


def test_runtime_only_environment_runs_an_exported_model(runtime_venv, tmp_path):
    g = G.Graph()
    x = G.matrix(g, G.Float32, shape=(3, 4), name="x")
    w = G.matrix(g, G.Float32, shape=(4, 2), name="w", init=G.gaussian(seed=5))
    b = G.vector(g, G.Float32, shape=(2,), name="b", init=G.gaussian(seed=6))
    f = G.function([x], [G.softmax(x @ w + b)])
    value = np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4)
    want = f(value)[0]
    G.export(f, tmp_path / "m.vmfb")
    G.export(f, tmp_path / "p.vmfb", params=tmp_path / "p.irpa")
    np.save(tmp_path / "x.npy", value)
    f.close()

    py = runtime_venv / "bin" / "python"
    out = subprocess.run([str(py), "-c", CHECK, str(tmp_path)], capture_output=True, text=True, cwd=tmp_path, env=ENV)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
    close_to_in_process(np.load(tmp_path / "out_m.vmfb.npy"), want)
    close_to_in_process(np.load(tmp_path / "out_p.vmfb.npy"), want)

    cli = runtime_venv / "bin" / "gorgonia-run"
    out = subprocess.run(
        [
            str(cli),
            str(tmp_path / "p.vmfb"),
            "--params",
            str(tmp_path / "p.irpa"),
            "--input",
            str(tmp_path / "x.npy"),
            "--output",
            str(tmp_path / "y.npy"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=ENV,
    )
    assert out.returncode == 0, out.stderr
    close_to_in_process(np.load(tmp_path / "y.npy"), want)


def test_runtime_only_environment_has_no_compiler(runtime_venv):
    sp = site_packages(runtime_venv)
    names = {p.name.lower() for p in sp.iterdir()}
    assert "gorgonia_runtime" in names and "numpy" in names and "iree" in names
    assert not (sp / "iree" / "compiler").exists()
    assert not any(n.startswith(("iree_base_compiler", "gorgonia_mlir")) for n in names)
    size = sum(p.stat().st_size for p in sp.rglob("*") if p.is_file())
    print(f"\nruntime-only site-packages: {size / 2**20:.0f} MiB", file=sys.stderr)
