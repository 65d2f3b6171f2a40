"""Compile targets: names, CUDA arch validation, every target compiled here with its executable format checked."""

from __future__ import annotations

import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from iree.compiler import ir

import gorgonia_mlir as G
from gorgonia_mlir.compiler import compile_module
from gorgonia_mlir.targets import CUDA_ARCHS, TARGETS, cuda_arch, device_arch, resolve

BIN = Path(sys.executable).parent

# Expected executable format inside the .vmfb, as iree-dump-module prints it (checked by hand on 3.13).
FORMATS = {
    "x86_64": "embedded-elf-x86_64",
    "aarch64": "embedded-elf-arm_64",
    "riscv64": "embedded-elf-riscv_64",
    "vmvx": "vmvx-bytecode-fb",
    "cuda:sm_80": "cuda-nvptx-fb",
    "cuda:sm_60": "cuda-nvptx-fb",
}


def dump_module(path: Path) -> str:
    tool = shutil.which("iree-dump-module", path=str(BIN)) or shutil.which("iree-dump-module")
    assert tool, "iree-dump-module is installed with iree-base-runtime"
    return subprocess.run([tool, str(path)], check=True, capture_output=True, text=True).stdout


def small_graph():
    g = G.Graph()
    x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
    w = G.matrix(g, G.Float32, shape=(3, 4), name="w", init=G.gaussian(seed=0))
    return g, x, w, G.tanh(x @ w)


def test_every_fixed_target_has_a_backend_and_a_format():
    assert set(TARGETS) == {"cpu", "x86_64", "aarch64", "riscv64", "vmvx"}
    for name, t in TARGETS.items():
        assert t.name == name and t.backend in ("llvm-cpu", "vmvx") and t.device == "cpu"
    rv = resolve("riscv64").flags
    assert "--iree-llvmcpu-target-abi=lp64d" in rv
    assert "--iree-llvmcpu-target-cpu-features=+m,+a,+f,+d,+c" in rv
    assert "--iree-llvmcpu-target-triple=riscv64-unknown-linux-gnu" in rv
    assert "--iree-llvmcpu-target-triple=aarch64-unknown-linux-gnu" in resolve("aarch64").flags


@pytest.mark.parametrize("bad", ["tpu", "arm", "cpu:0", "x86_64:avx", "", "CUDA"])
def test_unknown_targets_are_compile_errors_listing_the_known_ones(bad):
    with pytest.raises(G.CompileError, match=r"unknown target .*known targets: cpu, x86_64, aarch64, riscv64, vmvx"):
        resolve(bad)


def test_arch_only_applies_to_cuda():
    with pytest.raises(G.CompileError, match="applies to CUDA targets only"):
        resolve("cpu", arch="sm_80")


@pytest.mark.parametrize(
    "given,expected",
    [
        ("sm_80", "sm_80"),
        ("sm_86", "sm_86"),
        ("86", "sm_86"),
        ("8.9", "sm_89"),
        ("SM_75", "sm_75"),
        ("a100", "sm_80"),
        ("ampere", "sm_80"),
        ("t4", "sm_75"),
        ("compute_70", "sm_70"),
        ("sm_120", "sm_120"),
    ],
)
def test_cuda_arch_names(given, expected):
    assert cuda_arch(given) == expected


@pytest.mark.parametrize("given", ["sm_90", "sm_90a", "sm_100", "hopper", "h100", "blackwell", "b200"])
def test_hopper_and_blackwell_get_sm80_ptx_with_a_warning(given):
    with pytest.warns(UserWarning, match=r"not supported by IREE 3.13; compiling sm_80 PTX"):
        assert cuda_arch(given) == "sm_80"


def test_fallback_warning_points_at_the_caller():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        resolve("cuda:hopper")
    assert caught and caught[0].filename == __file__


@pytest.mark.parametrize("bad", ["sm_50", "sm_53", "sm_99", "volta2", "gfx942", "sm_", "hopper100"])
def test_unknown_cuda_archs_are_compile_errors_never_passed_to_iree(bad):
    with pytest.raises(G.CompileError, match=rf"unknown CUDA architecture '{bad}'; expected one of sm_60"):
        resolve("cuda", arch=bad)


def test_cuda_target_spellings():
    assert resolve("cuda").name == "cuda:sm_80"
    assert resolve("cuda:sm_86") == resolve("cuda", arch="sm_86") == resolve("cuda:sm_86", arch="86")
    assert resolve("cuda:sm_86").flags == ("--iree-cuda-target=sm_86",)
    with pytest.raises(G.CompileError, match="disagree"):
        resolve("cuda:sm_86", arch="sm_75")
    assert "sm_90" not in CUDA_ARCHS and "sm_100" not in CUDA_ARCHS


@pytest.mark.parametrize("target", sorted(FORMATS))
def test_each_target_compiles_here_to_its_executable_format(target, tmp_path):
    g, x, w, y = small_graph()
    module = g.extract([x], [y], "main")
    vmfb = compile_module(module, target=target).vmfb
    path = tmp_path / "m.vmfb"
    path.write_bytes(vmfb)
    text = dump_module(path)
    assert FORMATS[target] in text
    others = {f for f in FORMATS.values() if f != FORMATS[target]}
    assert not any(f in text for f in others)


def test_host_cpu_target_compiles_for_this_machine(tmp_path):
    g, x, w, y = small_graph()
    vmfb = compile_module(g.extract([x], [y], "main"), target="cpu").vmfb
    (tmp_path / "m.vmfb").write_bytes(vmfb)
    import platform

    arch = {"x86_64": "embedded-elf-x86_64", "aarch64": "embedded-elf-arm_64"}.get(platform.machine())
    if arch is None:
        pytest.skip(f"no expected format recorded for host {platform.machine()}")
    assert arch in dump_module(tmp_path / "m.vmfb")


def test_hopper_arch_compiles_as_sm80(tmp_path):
    g, x, w, y = small_graph()
    with pytest.warns(UserWarning, match="sm_80"):
        vmfb = compile_module(g.extract([x], [y], "main"), target="cuda", arch="sm_90a").vmfb
    (tmp_path / "m.vmfb").write_bytes(vmfb)
    assert "cuda-nvptx-fb" in dump_module(tmp_path / "m.vmfb")


def test_portable_targets_run_on_this_host():
    # x86_64 (generic CPU) and vmvx modules run on an x86-64 host with the local-task driver.
    import platform

    if platform.machine() != "x86_64":
        pytest.skip(f"this host is {platform.machine()}, not x86_64")
    g, x, w, y = small_graph()
    value = np.arange(6, dtype=np.float32).reshape(2, 3) / 6
    want = np.tanh(value @ np.asarray(w.value))
    for target in ("x86_64", "vmvx"):
        f = G.function([x], [y], target=target)
        np.testing.assert_allclose(f(value)[0], want, rtol=1e-5, atol=1e-6)
        f.close()


def test_machine_compiles_for_its_device_and_checks_target_against_it():
    g, x, w, y = small_graph()
    m = G.TapeMachine(g)
    assert any("target-cpu=host" in f for f in m.compiled.flags)
    m.close()
    with pytest.raises(G.GraphError, match=r"target 'cuda:sm_80' makes code for cuda devices, not for device 'cpu'"):
        G.function([x], [y], device="cpu", target="cuda")
    with pytest.raises(G.ExecutionError, match=r"unknown device 'gpu'"):
        G.TapeMachine(g, device="gpu")
    with pytest.raises(G.ExecutionError, match=r"bad device index in 'cuda:x'"):
        G.function([x], [y], device="cuda:x")


def cuda_devices() -> int:
    import iree.runtime as rt

    try:
        return len(rt.get_driver("cuda").query_available_devices())
    except RuntimeError:
        return 0


CUDA = cuda_devices()
needs_cuda = pytest.mark.skipif(not CUDA, reason="no CUDA device on this machine (IREE's cuda driver found none)")


@pytest.mark.skipif(bool(CUDA), reason="a CUDA device is present: the missing-device error cannot be shown")
def test_cuda_device_without_a_gpu_is_a_clear_error_before_compiling(compile_counter):
    g, x, w, y = small_graph()
    with pytest.raises(G.ExecutionError, match=r"device 'cuda' is not available"):
        G.TapeMachine(g, device="cuda")
    with pytest.raises(G.ExecutionError, match=r"device 'cuda:1' is not available"):
        G.function([x], [y], device="cuda:1")
    assert compile_counter.calls == 0
    assert device_arch(0) is None


@needs_cuda
def test_tape_machine_and_function_run_on_cuda():
    g, x, w, y = small_graph()
    value = np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3)
    want = np.tanh(value @ np.asarray(w.value))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Hopper/Blackwell: sm_80 PTX
        f = G.function([x], [y], device="cuda")
        m = G.TapeMachine(g, device="cuda:0")
    assert f.compiled.flags and any(flag.startswith("--iree-cuda-target=sm_") for flag in f.compiled.flags)
    np.testing.assert_allclose(f(value)[0], want, rtol=1e-5, atol=1e-5)
    G.let(x, value)
    m.run_all()
    np.testing.assert_allclose(y.value, want, rtol=1e-5, atol=1e-5)
    m.close()
    f.close()


@needs_cuda
def test_training_on_cuda_updates_learnables():
    g = G.Graph()
    x = G.vector(g, G.Float32, shape=(4,), name="x")
    w = G.vector(g, G.Float32, shape=(4,), name="w", init=G.zeroes())
    cost = G.sum(G.square(w - x))
    G.grad(cost, [w])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = G.TapeMachine(g, device="cuda", solver=G.VanillaSolver(learn_rate=0.25), outputs=[cost])
    G.let(x, np.ones(4, np.float32))
    for _ in range(20):
        m.run_all()
    np.testing.assert_allclose(w.value, np.ones(4), atol=1e-3)
    m.close()


def test_compile_module_accepts_target_names(compile_counter):
    g, x, w, y = small_graph()
    compile_module(g.extract([x], [y], "main"), target="cuda:sm_86")
    assert compile_counter.calls == 1
    with pytest.raises(G.CompileError, match="unknown target"):
        compile_module(g.extract([x], [y], "main"), target="gpu")


def test_ir_is_untouched_by_a_failed_target():
    g, x, w, y = small_graph()
    module = g.extract([x], [y], "main")
    before = str(module)
    with pytest.raises(G.CompileError):
        compile_module(module, target="cuda", arch="sm_50")
    assert str(module) == before and isinstance(module, ir.Module)


def _conv_step_graph():
    """Two convolutions (the first on 3 channels, the second channels-last), a pool, and their gradients."""
    g = G.Graph()
    x = G.tensor(g, G.Float32, shape=(4, 3, 12, 12), name="x")
    w1 = G.tensor(g, G.Float32, shape=(8, 3, 3, 3), name="w1", init=G.glorot_u(seed=0))
    w2 = G.tensor(g, G.Float32, shape=(16, 8, 3, 3), name="w2", init=G.glorot_u(seed=1))
    h = G.max_pool2d(G.rectify(G.conv2d(x, w1, (3, 3), (1, 1), (1, 1), (1, 1))), (2, 2), (0, 0), (2, 2))
    cost = G.sum(G.square(G.conv2d(h, w2, (3, 3), (1, 1), (1, 1), (1, 1))))
    return x, [cost, *G.grad(cost, [w1, w2])]


def test_convolution_gradients_compile_for_cuda(tmp_path):
    x, outs = _conv_step_graph()
    e = G.export(G.function([x], outs), tmp_path / "conv.vmfb", target="cuda:sm_80")
    assert "cuda-nvptx-fb" in dump_module(e.path)


@needs_cuda
def test_convolution_gradients_on_cuda_match_the_cpu():
    x, outs = _conv_step_graph()
    value = np.random.default_rng(0).normal(size=(4, 3, 12, 12)).astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        on_gpu = G.function([x], outs, device="cuda")
    on_cpu = G.function([x], outs)
    for got, want in zip(on_gpu(value), on_cpu(value), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
    on_gpu.close()
    on_cpu.close()
