"""Export: .vmfb with signature metadata, embedded or externalised (.irpa) learnables, IREE's own tools."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import iree.runtime as rt
import numpy as np
import pytest
from exported_results import close_to_in_process
from gorgonia_runtime import RuntimeFailure, load

import gorgonia_mlir as G

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found, f"{name} is installed with iree-base-runtime"
    return found


def classifier():
    """x(5, 4) → softmax(relu(x·w1 + b1)·w2 + b2), and the logits: a tiny two-layer classifier."""
    g = G.Graph("clf")
    x = G.matrix(g, G.Float32, shape=(5, 4), name="x")
    w1 = G.matrix(g, G.Float32, shape=(4, 8), name="w1", init=G.glorot_u(seed=1))
    b1 = G.vector(g, G.Float32, shape=(8,), name="b1", init=G.gaussian(seed=2))
    w2 = G.matrix(g, G.Float32, shape=(8, 3), name="w2", init=G.glorot_u(seed=3))
    b2 = G.vector(g, G.Float32, shape=(3,), name="b2", init=G.zeroes())
    logits = G.add(G.relu(x @ w1 + b1) @ w2, b2, name="logits")
    probs = G.softmax(logits, name="probs")
    return g, x, logits, probs, [w1, b1, w2, b2]


X = np.linspace(-2, 2, 20, dtype=np.float32).reshape(5, 4)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """One classifier exported twice: weights embedded, and weights in an .irpa."""
    d = tmp_path_factory.mktemp("export")
    g, x, logits, probs, params = classifier()
    f = G.function([x], [probs, logits], name="main")
    want = f(X)
    embedded = G.export(f, d / "model.vmfb")
    external = G.export(f, d / "ext.vmfb", params=d / "ext.irpa")
    yield {"dir": d, "want": want, "embedded": embedded, "external": external, "params": params, "fn": f}
    f.close()


def test_signature_and_version_are_iree_reflection_metadata(exported):
    vm = rt.VmModule.mmap(rt.VmInstance(), str(exported["embedded"].path))
    refl = vm.lookup_function("main").reflection
    sig = json.loads(refl["gorgonia.signature"])
    assert sig == {
        "inputs": [{"name": "x", "shape": [5, 4], "dtype": "float32"}],
        "outputs": [
            {"name": "probs", "shape": [5, 3], "dtype": "float32"},
            {"name": "logits", "shape": [5, 3], "dtype": "float32"},
        ],
    }
    assert refl["gorgonia.version"] == G.__version__
    assert refl["gorgonia.target"] == "cpu"
    assert "gorgonia.parameters" not in refl
    assert json.loads(vm.lookup_function("main").reflection["gorgonia.signature"]) == sig


def test_exported_module_holds_only_the_function_and_constant_weights(exported):
    vm = rt.VmModule.mmap(rt.VmInstance(), str(exported["embedded"].path))
    assert [n for n in vm.function_names if not n.startswith("__init")] == ["main"]  # no __get_/__set_ accessors


def test_embedded_module_matches_in_process_results(exported):
    mod = load(exported["embedded"].path)
    probs, logits = mod.main(X)
    close_to_in_process(probs, exported["want"][0])
    close_to_in_process(logits, exported["want"][1])
    assert mod.version == G.__version__ and mod.target == "cpu"
    assert str(mod["main"].signature) == "(x: float32[5, 4]) -> (probs: float32[5, 3], logits: float32[5, 3])"
    mod.close()


def test_externalised_weights_live_in_an_irpa_archive(exported):
    e = exported["external"]
    index = rt.ParameterIndex()
    index.load(str(e.params))
    stored = {k: rt.parameter_index_entry_as_numpy_ndarray(v) for k, v in index.items()}
    assert sorted(stored) == ["b1", "b2", "w1", "w2"]
    for p in exported["params"]:
        np.testing.assert_array_equal(stored[p.name], p.value)
    mod = load(e.path, params=e.params)
    close_to_in_process(mod.main(X)[0], exported["want"][0])
    assert mod["main"].reflection["gorgonia.parameters"] == "model"
    mod.close()


def test_embedded_weights_are_in_the_vmfb_and_external_ones_are_not(tmp_path):
    g = G.Graph()
    x = G.vector(g, G.Float32, shape=(256,), name="x")
    w = G.matrix(g, G.Float32, shape=(256, 256), name="w", init=G.gaussian(seed=0))
    f = G.function([x], [G.mul(w, x)])
    embedded = G.export(f, tmp_path / "in.vmfb")
    external = G.export(f, tmp_path / "out.vmfb", params=tmp_path / "out.irpa")
    assert Path(embedded.path).stat().st_size > w.value.nbytes  # 256 KiB of weights inside
    assert Path(external.path).stat().st_size < w.value.nbytes // 8
    assert Path(external.params).stat().st_size >= w.value.nbytes
    value = np.linspace(0, 1, 256, dtype=np.float32)
    a, b = load(embedded.path), load(external.path, params=external.params)
    np.testing.assert_array_equal(a.main(value), b.main(value))
    np.testing.assert_allclose(a.main(value), w.value @ value, rtol=1e-4, atol=1e-4)
    a.close()
    b.close()


def test_module_with_external_weights_needs_its_archive(exported):
    e = exported["external"]
    with pytest.raises(RuntimeFailure, match=r"keeps its weights in a parameter archive .*params="):
        load(e.path)
    with pytest.raises(RuntimeFailure, match=r"parameter archive .*nope.irpa does not exist"):
        load(e.path, params=exported["dir"] / "nope.irpa")


def test_new_weights_swap_in_without_recompiling(exported, compile_counter):
    e = exported["external"]
    values = {p.name: p.value for p in exported["params"]}
    values["b2"] = np.array([10.0, 0.0, -10.0], np.float32)  # pushes every example to class 0
    G.save_parameters(values, exported["dir"] / "swapped.irpa")
    mod = load(e.path, params=exported["dir"] / "swapped.irpa")
    probs, logits = mod.main(X)
    np.testing.assert_allclose(logits, exported["want"][1] + values["b2"], rtol=1e-5, atol=1e-5)
    assert (probs.argmax(1) == 0).all()
    assert compile_counter.calls == 0
    mod.close()


def test_learnable_values_gives_the_archive_keys(exported):
    values = G.learnable_values(exported["fn"])
    assert sorted(values) == ["b1", "b2", "w1", "w2"]


def test_iree_run_module_runs_the_exported_module(exported):
    d = exported["dir"]
    np.save(d / "x.npy", X)
    for e, extra in [
        (exported["embedded"], []),
        (exported["external"], [f"--parameters=model={exported['external'].params}"]),
    ]:
        out = subprocess.run(
            [
                tool("iree-run-module"),
                f"--module={e.path}",
                "--function=main",
                f"--input=@{d / 'x.npy'}",
                f"--output=@{d / 'probs.npy'}",
                f"--output=@{d / 'logits.npy'}",
                *extra,
            ],
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, out.stderr
        close_to_in_process(np.load(d / "probs.npy"), exported["want"][0])
        close_to_in_process(np.load(d / "logits.npy"), exported["want"][1])


def test_trained_machine_exports_its_current_weights(tmp_path):
    g, x, logits, probs, params = classifier()
    y = G.matrix(g, G.Float32, shape=(5, 3), name="y")
    cost = G.cross_entropy(logits, y)
    G.grad(cost, params)
    m = G.TapeMachine(g, solver=G.AdamSolver(learn_rate=0.05), outputs=[cost])
    labels = np.eye(3, dtype=np.float32)[[0, 1, 2, 0, 1]]
    infer = G.function([x], [probs])
    before = infer(X)[0]
    G.let(x, X)
    G.let(y, labels)
    m.run_all()
    first = float(cost.value)
    for _ in range(30):
        m.run_all()
    assert float(cost.value) < 0.5 * first
    want = infer(X)[0]
    assert not np.allclose(want, before, atol=1e-3)  # the export below must see the trained weights
    e = G.export(m, tmp_path / "m.vmfb", inputs=[x], outputs=[probs], name="predict")
    assert e.name == "predict" and e.signature.outputs[0].name == "probs"
    mod = load(e.path)
    np.testing.assert_allclose(mod.predict(X), want, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(load(G.export(infer, tmp_path / "f.vmfb").path).main(X), want, rtol=1e-6)
    m.close()


def test_eval_mode_export_freezes_batch_norm_statistics(tmp_path):
    g = G.Graph()
    x = G.matrix(g, G.Float32, shape=(4, 3), name="x")
    y, _, _, state = G.batch_norm(x)
    value = np.arange(12, dtype=np.float32).reshape(4, 3)
    G.let(state.running_mean, np.array([1.0, 2.0, 3.0], np.float32))
    # eval mode: running statistics are constants of the module
    e = G.export(G.function([x], [y], eval_mode=True), tmp_path / "eval.vmfb")
    want = (value - [1.0, 2.0, 3.0]) / np.sqrt(1.0 + 1e-5)
    mod = load(e.path)
    np.testing.assert_allclose(mod.main(value), want, rtol=1e-5)
    np.testing.assert_allclose(mod.main(value), want, rtol=1e-5)


def test_train_mode_state_stays_mutable_in_the_exported_module(tmp_path):
    g = G.Graph()
    x = G.matrix(g, G.Float32, shape=(4, 3), name="x")
    y, _, _, state = G.batch_norm(x, momentum=0.5)
    f = G.function([x], [y, state.running_mean])
    e = G.export(f, tmp_path / "train.vmfb")
    mod = load(e.path)
    value = np.arange(12, dtype=np.float32).reshape(4, 3)
    means = [mod.main(value)[1] for _ in range(3)]  # each call reads the statistics, then updates them
    batch_mean = value.mean(0)
    for got, share in zip(means, [0.0, 0.5, 0.75], strict=True):
        np.testing.assert_allclose(got, share * batch_mean, rtol=1e-6)


def test_scalar_and_integer_learnables_and_several_inputs(tmp_path):
    g = G.Graph()
    a = G.vector(g, G.Int32, shape=(3,), name="a")
    b = G.scalar(g, G.Float64, name="b")
    k = G.vector(g, G.Int32, shape=(3,), name="k", init=G.values_of(np.array([1, 2, 3], np.int32)))
    s = G.scalar(g, G.Float64, name="s", init=G.values_of(np.float64(2.5)))
    f = G.function([a, b], [a * k, b * s])
    for params in (None, tmp_path / "p.irpa"):
        e = G.export(f, tmp_path / "m.vmfb", params=params)
        mod = load(e.path, params=params)
        ak, bs = mod.main(np.array([1, 1, 2], np.int32), 4.0)
        np.testing.assert_array_equal(ak, [1, 2, 6])
        assert bs.dtype == np.float64 and bs.shape == () and float(bs) == 10.0
        mod.close()


def test_export_errors_are_graph_errors(tmp_path, exported):
    g, x, logits, probs, params = classifier()
    m = G.TapeMachine(g, outputs=[probs])
    with pytest.raises(G.GraphError, match=r"say what to export with inputs=\[x\] and outputs="):
        G.export(m, tmp_path / "m.vmfb")
    with pytest.raises(G.GraphError, match=r"expects a G.function\(...\) or a G.TapeMachine"):
        G.export(g, tmp_path / "m.vmfb")
    with pytest.raises(G.GraphError, match=r"drop inputs=/outputs="):
        G.export(exported["fn"], tmp_path / "m.vmfb", inputs=[x])
    with pytest.raises(G.GraphError, match=r"name 'not an id' must be an identifier"):
        G.export(m, tmp_path / "m.vmfb", inputs=[x], outputs=[probs], name="not an id")
    with pytest.raises(G.GraphError, match=r"built with eval_mode=False"):
        G.export(exported["fn"], tmp_path / "m.vmfb", eval_mode=True)
    with pytest.raises(G.CompileError, match=r"unknown target 'gpu'"):
        G.export(exported["fn"], tmp_path / "m.vmfb", target="gpu")
    m.close()


@pytest.mark.parametrize(
    "target,fmt",
    [("aarch64", "embedded-elf-arm_64"), ("riscv64", "embedded-elf-riscv_64"), ("cuda:sm_86", "cuda-nvptx-fb")],
)
def test_cross_target_export_carries_format_and_metadata(exported, tmp_path, target, fmt):
    e = G.export(exported["fn"], tmp_path / "m.vmfb", target=target, params=tmp_path / "m.irpa")
    text = subprocess.run([tool("iree-dump-module"), str(e.path)], capture_output=True, text=True, check=True).stdout
    assert fmt in text
    assert f"gorgonia.target: {target}" in text and f"gorgonia.version: {G.__version__}" in text
    assert Path(e.params).stat().st_size > 0


def test_module_for_another_architecture_fails_to_load_with_its_target_named(exported, tmp_path):
    e = G.export(exported["fn"], tmp_path / "m.vmfb", target="riscv64")
    wrong = r"cannot load m.vmfb on cpu(-sync)? \(it was exported for target 'riscv64'\)"
    with pytest.raises(RuntimeFailure, match=wrong):
        load(e.path)


def test_deploy_example_predictions_match_in_process(tmp_path, monkeypatch):
    examples = Path(__file__).resolve().parents[1] / "examples"
    monkeypatch.syspath_prepend(str(examples))
    import deploy

    result = deploy.main(["--epochs", "2", "--out", str(tmp_path)])
    assert result["matches"] == {"embedded": True, "vmfb + irpa": True}
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "digits.irpa",
        "digits.vmfb",
        "digits_aarch64.vmfb",
        "digits_ext.vmfb",
        "digits_riscv64.vmfb",
        "x.npy",  # one batch of inputs for the board command the example prints
    ]
