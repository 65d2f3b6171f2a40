"""Installing the way Python users do, each into a fresh venv (``python3 -m venv``, its own pip):

- ``make wheels`` writes two portable wheels to dist/ that ``pip install dist/*.whl`` installs together;
- ``pip install <clone>`` needs no flag: gorgonia-runtime comes from the clone's runtime/ (tested over the
  wheels' venv, so IREE is downloaded once; the clone's requirements are checked equal to the wheel's).

In each, a graph compiles and runs, its ``.vmfb`` runs through ``gorgonia_runtime`` and ``gorgonia-run``, and
``gorgonia-opt`` lowers its IR. pip pulls IREE's compiler and runtime and numpy from PyPI (or pip's cache).
"""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
import zipfile
from pathlib import Path

import numpy as np
import pytest
from fresh_venv import REPO, copy_source, make_venv, pip_install, run, site_packages

import gorgonia_mlir as G

pytestmark = pytest.mark.slow

VERSION = G.__version__
# Runs in the fresh venv: compile a graph, export it, run the .vmfb with the runtime, keep the IR for gorgonia-opt.
SCRIPT = textwrap.dedent(
    """
    import json, sys
    import numpy as np
    import gorgonia_mlir as G
    import gorgonia_runtime
    d = sys.argv[1]
    g = G.Graph()
    x = G.matrix(g, G.Float32, shape=(4, 3), name="x")
    f = G.function([x], [G.tanh(x) + x])
    value = np.load(f"{d}/x.npy")
    np.save(f"{d}/compiled.npy", f(value)[0])
    G.export(f, f"{d}/m.vmfb")
    open(f"{d}/m.mlir", "w").write(G.to_mlir(g))
    f.close()
    mod = gorgonia_runtime.load(f"{d}/m.vmfb")
    np.save(f"{d}/loaded.npy", mod.main(value))
    mod.close()
    files = [G.__file__, gorgonia_runtime.__file__]
    print(json.dumps({"versions": [G.__version__, gorgonia_runtime.__version__], "files": files}))
    """
)


def check_environment(env_dir: Path, work: Path) -> dict:
    """Compiles, exports and runs a tiny graph with the venv's packages and commands; returns what SCRIPT saw."""
    x = np.linspace(-2, 2, 12, dtype=np.float32).reshape(4, 3)
    want = np.tanh(x.astype(np.float64)) + x
    np.save(work / "x.npy", x)
    info = json.loads(run(env_dir / "bin" / "python", "-c", SCRIPT, work, cwd=work).stdout.splitlines()[-1])
    run(env_dir / "bin" / "gorgonia-run", "m.vmfb", "--input", "x.npy", "--output", "y.npy", cwd=work)
    for name in ("compiled", "loaded", "y"):
        np.testing.assert_allclose(np.load(work / f"{name}.npy"), want, rtol=2e-6, err_msg=name)
    lowered = run(env_dir / "bin" / "gorgonia-opt", "m.mlir", "-p", "gorgonia-verify,gorgonia-to-linalg", cwd=work)
    assert "linalg.generic" in lowered.stdout and '"gorgonia.' not in lowered.stdout, lowered.stdout
    assert info["versions"] == [VERSION, VERSION]
    sp = site_packages(env_dir)
    assert all(Path(f).is_relative_to(sp) for f in info["files"]), info["files"]  # installed, not the source tree
    return info


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """dist/ of ``make wheels`` run in a copy of the working tree, with this interpreter's pip."""
    src = copy_source(REPO, tmp_path_factory.mktemp("wheels") / "src")
    make = shutil.which("make")
    assert make, "make is needed (README: python3, git and make)"
    # STAMP= : no venv to set up in the copy; BIN: the pip of the environment running the tests.
    run(make, "-C", src, "wheels", f"BIN={Path(sys.executable).parent}", "STAMP=")
    return src / "dist"


def _metadata(wheel: Path, name: str) -> str:
    with zipfile.ZipFile(wheel) as z:
        return z.read(f"{wheel.name.split('-')[0]}-{VERSION}.dist-info/{name}").decode()


def test_make_wheels_builds_two_portable_wheels(dist):
    sys.path.insert(0, str(REPO / "examples"))
    try:
        from deploy import RUNTIME_WHEEL  # the wheel the demo tells a board to install
    finally:
        sys.path.remove(str(REPO / "examples"))
    main_whl, runtime_whl = f"gorgonia_mlir-{VERSION}-py3-none-any.whl", RUNTIME_WHEEL
    assert sorted(p.name for p in dist.iterdir()) == [main_whl, runtime_whl]
    metadata = _metadata(dist / main_whl, "METADATA").splitlines()
    requires = [line for line in metadata if line.startswith("Requires-Dist")]
    assert f"Requires-Dist: gorgonia-runtime=={VERSION}" in requires
    assert not [r for r in requires if "@" in r], requires  # no direct reference: installable from an index too
    assert "gorgonia-opt = gorgonia_mlir.opt:main" in _metadata(dist / main_whl, "entry_points.txt")
    assert "gorgonia-run = gorgonia_runtime.cli:main" in _metadata(dist / runtime_whl, "entry_points.txt")
    # Each package in exactly one wheel: installing both never makes two distributions own one file.
    for wheel, package in ((main_whl, "gorgonia_mlir/"), (runtime_whl, "gorgonia_runtime/")):
        with zipfile.ZipFile(dist / wheel) as z:
            tops = {n.split("/")[0] + "/" for n in z.namelist() if ".dist-info/" not in n}
        assert tops == {package}, (wheel, tops)


def _requires(env_dir: Path, dist_name: str) -> list[str]:
    (meta,) = site_packages(env_dir).glob(f"{dist_name}-*.dist-info/METADATA")
    return [line for line in meta.read_text().splitlines() if line.startswith("Requires-Dist")]


def test_wheels_then_a_clone_install_into_one_fresh_venv(dist, tmp_path):
    env = make_venv(tmp_path / "env")
    pip_install(env, *sorted(dist.glob("*.whl")))
    run(env / "bin" / "python", "-m", "pip", "check")
    check_environment(env, tmp_path)
    from_wheel = _requires(env, "gorgonia_mlir")

    # Then `pip install <clone>` with no flag over it (IREE and numpy are already there: no second download).
    src = copy_source(REPO, tmp_path / "clone")
    pip_install(env, src)
    run(env / "bin" / "python", "-m", "pip", "check")
    check_environment(env, tmp_path)
    for dist_name, folder in (("gorgonia_mlir", src), ("gorgonia_runtime", src / "runtime")):
        (record,) = site_packages(env).glob(f"{dist_name}-*.dist-info/direct_url.json")
        assert json.loads(record.read_text())["url"] == folder.as_uri(), dist_name  # rebuilt from the clone
    runtime_line = f"Requires-Dist: gorgonia-runtime @ {(src / 'runtime').as_uri()}"
    assert _requires(env, "gorgonia_mlir") == [runtime_line if "gorgonia-runtime" in r else r for r in from_wheel]
