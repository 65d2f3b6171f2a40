"""gorgonia-runtime: loading, signature checks with clear errors, devices, and the gorgonia-run CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from gorgonia_runtime import DEVICES, RuntimeFailure, Signature, TensorSpec, load, parse_device
from gorgonia_runtime.cli import main as cli_main

import gorgonia_mlir as G

A = np.arange(6, dtype=np.float32).reshape(2, 3) / 4
B = np.array([1.0, -1.0, 0.5], np.float32)


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    """f(a: f32[2,3], b: f32[3]) -> (a·diag(w) + b, sum(a)) with a learnable w, exported with and without .irpa."""
    d = tmp_path_factory.mktemp("rt")
    g = G.Graph()
    a = G.matrix(g, G.Float32, shape=(2, 3), name="a")
    b = G.vector(g, G.Float32, shape=(3,), name="b")
    w = G.vector(g, G.Float32, shape=(3,), name="w", init=G.values_of(np.array([2.0, 3.0, 4.0], np.float32)))
    scaled = G.add(a * w, b, name="scaled")
    total = G.sum(a, name="total")
    f = G.function([a, b], [scaled, total], name="main")
    want = f(A, B)
    G.export(f, d / "m.vmfb")
    G.export(f, d / "p.vmfb", params=d / "p.irpa")
    np.save(d / "a.npy", A)
    np.save(d / "b.npy", B)
    f.close()
    return {"dir": d, "want": want}


def test_load_call_by_attribute_and_by_name(model):
    mod = load(model["dir"] / "m.vmfb")
    scaled, total = mod.main(A, B)
    np.testing.assert_array_equal(scaled, model["want"][0])
    assert total.shape == () and float(total) == pytest.approx(float(model["want"][1]))
    np.testing.assert_array_equal(mod["main"](A, B)[0], scaled)
    assert mod.function_names == ["main"] and mod.device == "cpu-sync"  # a small module: the synchronous driver
    assert mod["main"] is mod.main  # one Function object per name
    sig = mod.main.signature
    assert sig == Signature(
        (TensorSpec("a", (2, 3), "float32"), TensorSpec("b", (3,), "float32")),
        (TensorSpec("scaled", (2, 3), "float32"), TensorSpec("total", (), "float32")),
    )
    assert Signature.from_json(sig.to_json()) == sig
    assert "main(a: float32[2, 3], b: float32[3])" in repr(mod.main)
    mod.close()


def test_load_from_bytes_and_python_values_are_converted(model):
    mod = load((model["dir"] / "m.vmfb").read_bytes())
    scaled, _ = mod.main(A.tolist(), [1, -1, 0.5])
    np.testing.assert_array_equal(scaled, model["want"][0])
    mod.close()


@pytest.mark.parametrize(
    "args,message",
    [
        ((A,), r"main: expects 2 input\(s\) \(a, b\), got 1"),
        ((A, B, B), r"main: expects 2 input\(s\) \(a, b\), got 3"),
        ((A.astype(np.float64), B), r"main: input 0 'a' must be float32, got float64; convert it with .astype"),
        ((A, B.astype(np.int32)), r"main: input 1 'b' must be float32, got int32"),
        ((A.T, B), r"main: input 0 'a' must have shape \(2, 3\), got \(3, 2\)"),
        ((A, B[:2]), r"main: input 1 'b' must have shape \(3,\), got \(2,\)"),
        ((A, "text"), r"main: input 1 'b': cannot convert str to float32"),
    ],
)
def test_inputs_are_checked_against_the_signature_naming_the_input(model, args, message):
    mod = load(model["dir"] / "m.vmfb")
    with pytest.raises(RuntimeFailure, match=message):
        mod.main(*args)
    mod.close()


def test_non_contiguous_inputs_are_accepted(model):
    mod = load(model["dir"] / "m.vmfb")
    a = np.asfortranarray(A)
    np.testing.assert_array_equal(mod.main(a, B)[0], model["want"][0])
    mod.close()


def test_loading_errors_are_runtime_failures(model, tmp_path):
    with pytest.raises(RuntimeFailure, match=r"cannot read .*missing.vmfb: no such file"):
        load(tmp_path / "missing.vmfb")
    (tmp_path / "junk.vmfb").write_bytes(b"not a module at all" * 10)
    with pytest.raises(RuntimeFailure, match=r"junk.vmfb is not a loadable IREE module"):
        load(tmp_path / "junk.vmfb")
    mod = load(model["dir"] / "m.vmfb")
    with pytest.raises(RuntimeFailure, match=r"has no function 'predict'; it has \['main'\]"):
        mod["predict"]
    with pytest.raises(RuntimeFailure, match=r"has no function 'nope'"):
        mod.nope  # noqa: B018
    mod.close()
    with pytest.raises(RuntimeFailure, match="is closed"):
        mod["main"]


def test_device_names():
    assert parse_device("cpu") == ("cpu", None)
    assert parse_device("cuda:1") == ("cuda", 1)
    assert set(DEVICES) >= {"cpu", "cuda"}
    for bad, message in [
        ("tpu", "unknown device 'tpu'"),
        ("cuda:x", "bad device index in 'cuda:x'"),
        ("cpu:0", "only cuda devices take an index"),
    ]:
        with pytest.raises(RuntimeFailure, match=message):
            parse_device(bad)


def test_params_from_an_archive(model):
    d = model["dir"]
    mod = load(d / "p.vmfb", params=d / "p.irpa")
    np.testing.assert_array_equal(mod.main(A, B)[0], model["want"][0])
    mod.close()
    mod = load(d / "p.vmfb", params=[d / "p.irpa"])  # a list of archives works too
    np.testing.assert_array_equal(mod.main(A, B)[0], model["want"][0])
    mod.close()


def test_archives_are_checked_against_the_parameters_the_module_reads(model, tmp_path):
    G.save_parameters({"other": np.zeros(3, np.float32)}, tmp_path / "bad.irpa")
    with pytest.raises(RuntimeFailure, match=r"parameter 'w' \(float32\[3\], 12 bytes\) is missing from .*bad.irpa"):
        load(model["dir"] / "p.vmfb", params=tmp_path / "bad.irpa")
    G.save_parameters({"w": np.zeros(4, np.float32)}, tmp_path / "big.irpa")
    with pytest.raises(RuntimeFailure, match=r"parameter 'w' \(float32\[3\], 12 bytes\) has 16 bytes in"):
        load(model["dir"] / "p.vmfb", params=tmp_path / "big.irpa")
    (tmp_path / "junk.irpa").write_bytes(b"junk" * 64)
    with pytest.raises(RuntimeFailure, match=r"cannot read parameter archive .*junk.irpa"):
        load(model["dir"] / "p.vmfb", params=tmp_path / "junk.irpa")


def test_cli_writes_outputs(model, capsys):
    d = model["dir"]
    argv = [str(d / "m.vmfb"), "--function", "main", "--input", str(d / "a.npy"), "--input", str(d / "b.npy")]
    with pytest.raises(SystemExit) as code:
        cli_main([*argv, "--output", str(d / "s.npy"), "--output", str(d / "t.npy")])
    assert code.value.code == 0
    np.testing.assert_array_equal(np.load(d / "s.npy"), model["want"][0])
    assert np.load(d / "t.npy").shape == ()


def test_cli_prints_a_summary_without_outputs(model, capsys):
    d = model["dir"]
    with pytest.raises(SystemExit) as code:
        cli_main([str(d / "p.vmfb"), "-p", str(d / "p.irpa"), "-i", str(d / "a.npy"), "-i", str(d / "b.npy")])
    out = capsys.readouterr().out
    assert code.value.code == 0
    assert "scaled: float32[2, 3] min" in out and "total: float32[] min 3.75 max 3.75" in out


def test_cli_info_and_errors(model, capsys):
    d = model["dir"]
    with pytest.raises(SystemExit) as code:
        cli_main([str(d / "m.vmfb"), "--info"])
    out = capsys.readouterr().out
    assert code.value.code == 0
    assert f"gorgonia-mlir {G.__version__}, target cpu" in out
    assert "main(a: float32[2, 3], b: float32[3]) -> (scaled: float32[2, 3], total: float32[])" in out
    with pytest.raises(SystemExit) as code:
        cli_main([str(d / "m.vmfb"), "-i", str(d / "a.npy")])
    assert code.value.code == 1
    assert "gorgonia-run: error: main: expects 2 input(s) (a, b), got 1" in capsys.readouterr().err
    with pytest.raises(SystemExit) as code:
        cli_main([str(d / "m.vmfb"), "-i", str(d / "a.npy"), "-i", str(d / "b.npy"), "-o", str(d / "one.npy")])
    assert code.value.code == 1
    assert "returns 2 output(s) but 1 --output given" in capsys.readouterr().err
    with pytest.raises(SystemExit) as code:
        cli_main([str(d / "p.vmfb"), "-i", str(d / "a.npy")])
    assert "--params" in capsys.readouterr().err


def test_console_script_is_installed(model):
    script = Path(sys.executable).parent / "gorgonia-run"
    assert script.exists(), "pip install -e runtime installs the gorgonia-run console script"
    d = model["dir"]
    out = subprocess.run(
        [str(script), str(d / "m.vmfb"), "-i", str(d / "a.npy"), "-i", str(d / "b.npy")],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "scaled: float32[2, 3]" in out.stdout


def test_machines_execute_through_gorgonia_runtime():
    from gorgonia_runtime import Module

    g = G.Graph()
    x = G.vector(g, G.Float32, shape=(2,), name="x")
    f = G.function([x], [G.exp(x)])
    assert isinstance(f._exe.runtime, Module)
    f.close()
