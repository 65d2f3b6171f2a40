"""Files survive a crash: a process SIGKILLed mid-save leaves the old file or the new one, never a torn one.

A child process saves a large model (32 MiB of learnables) over and over, alternating two states;
the parent kills it at random moments and loads whatever is on disk. Damaged files (truncated,
flipped bytes) raise a typed error naming the file instead of loading wrong values.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import gorgonia_runtime as GR
import numpy as np
import pytest

import gorgonia_mlir as G
from gorgonia_mlir import checkpoint

SHAPE, COUNT = (1024, 2048), 4  # 4 x 8 MiB of float32: one save takes ~0.2 s here

CHILD = textwrap.dedent(
    """
    import sys
    import numpy as np
    import gorgonia_mlir as G
    {setup}
    print("ready", flush=True)
    for i in range(10**9):
        state = 1 + i % 2
        print("begin", state, flush=True)
        {save}
        print("end", state, flush=True)
    """
)

MODEL = textwrap.dedent(
    f"""
    g = G.Graph()
    ws = [G.matrix(g, G.Float32, shape={SHAPE}, name=f"w{{i}}", init=G.zeroes()) for i in range({COUNT})]
    def set_state(state):
        for i, w in enumerate(ws):
            G.let(w, np.full({SHAPE}, 10.0 * state + i, np.float32))
    """
)


def _state_values(state: int) -> list[np.ndarray]:
    return [np.full(SHAPE, 10.0 * state + i, np.float32) for i in range(COUNT)]


def _kill_while_saving(setup: str, save: str, delays: list[float], tmp_path) -> list[str]:
    """Run the child once per delay, SIGKILL it ``delay`` s after its first complete save; the phase it died in."""
    script = CHILD.format(setup=setup, save=save)
    phases = []
    for delay in delays:
        child = subprocess.Popen(
            [sys.executable, "-c", script], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            assert child.stdout.readline().strip() == "ready", child.stderr.read()
            time.sleep(delay)
            os.kill(child.pid, signal.SIGKILL)
            lines = child.stdout.read().split()
        finally:
            child.kill()
            child.wait()
        phases.append(lines[-2] if len(lines) >= 2 else "ready")
    return phases


def _leftovers(tmp_path, name: str) -> list[str]:
    """Files other than the target and the killed writes' temporary files (there must be none)."""
    return [p.name for p in tmp_path.iterdir() if p.name != name and not p.name.startswith(f".{name}.")]


@pytest.mark.parametrize("ext", ["safetensors", "npz"])
def test_a_killed_save_leaves_the_old_or_the_new_learnables(ext, tmp_path):
    name = f"model.{ext}"
    setup = MODEL + f"set_state(2)\nG.save_learnables({name!r}, g)\n"
    save = f"set_state(state); G.save_learnables({name!r}, g)"
    rng = np.random.default_rng(13)
    delays = [float(d) for d in rng.uniform(0.05, 1.0, size=4)]
    g = G.Graph()
    ws = [G.matrix(g, G.Float32, shape=SHAPE, name=f"w{i}", init=G.zeroes()) for i in range(COUNT)]
    phases = []
    for delay in delays:
        phases += _kill_while_saving(setup, save, [delay], tmp_path)
        G.load_learnables(tmp_path / name, g)  # whatever is on disk loads cleanly ...
        got = [w.value for w in ws]
        matches = [s for s in (1, 2) if all(np.array_equal(a, b) for a, b in zip(got, _state_values(s), strict=True))]
        assert len(matches) == 1, f"killed after {delay:.2f} s: the file holds neither state"  # ... and is one state
    assert "begin" in phases, f"no kill landed inside a save ({phases}): the test proved nothing"
    assert _leftovers(tmp_path, name) == []


def _param_model():
    g = G.Graph()
    x = G.vector(g, G.Float32, shape=(SHAPE[1],), name="x")
    ws = [G.matrix(g, G.Float32, shape=SHAPE, name=f"w{i}", init=G.zeroes()) for i in range(COUNT)]
    y = G.mul(ws[0], x)  # matrix x vector
    for w in ws[1:]:
        y = y + G.mul(w, x)
    return g, x, ws, y


def test_a_killed_parameter_save_leaves_a_loadable_archive(tmp_path):
    g, x, ws, y = _param_model()
    for i, w in enumerate(ws):
        G.let(w, _state_values(2)[i])
    G.export(G.function([x], [y]), tmp_path / "m.vmfb", params=tmp_path / "m.irpa")
    setup = (
        "from gorgonia_mlir.export import save_parameters\n"
        f"states = {{s: {{f'w{{i}}': np.full({SHAPE}, 10.0 * s + i, np.float32) for i in range({COUNT})}} "
        "for s in (1, 2)}\n"
    )
    save = "save_parameters(states[state], 'm.irpa')"
    ones = np.ones(SHAPE[1], np.float32)
    want = {s: sum(v.sum(axis=1) for v in _state_values(s)) for s in (1, 2)}
    rng = np.random.default_rng(31)
    phases = []
    for delay in rng.uniform(0.05, 1.0, size=3):
        phases += _kill_while_saving(setup, save, [float(delay)], tmp_path)
        with GR.load(tmp_path / "m.vmfb", params=tmp_path / "m.irpa") as m:
            out = np.asarray(m["main"](ones))
        assert any(np.array_equal(out, want[s]) for s in (1, 2)), f"killed after {delay:.2f} s: neither state"
    assert "begin" in phases, f"no kill landed inside a save ({phases})"
    assert sorted(_leftovers(tmp_path, "m.irpa")) == ["m.vmfb"]


def test_a_killed_export_leaves_the_old_or_the_new_module(tmp_path):
    setup = textwrap.dedent(
        """
        g = G.Graph()
        x = G.vector(g, G.Float32, shape=(256,), name="x")
        w = G.vector(g, G.Float32, shape=(256,), name="w", init=G.zeroes())
        f = G.function([x], [x * w])
        G.let(w, np.full(256, 2.0, np.float32)); G.export(f, "m.vmfb")
        """
    )
    save = "G.let(w, np.full(256, float(state), np.float32)); G.export(f, 'm.vmfb')"
    phases = _kill_while_saving(setup, save, [0.4, 1.3], tmp_path)
    assert phases
    with GR.load(tmp_path / "m.vmfb") as m:
        out = np.asarray(m["main"](np.ones(256, np.float32)))
    assert np.array_equal(out, np.full(256, 1.0)) or np.array_equal(out, np.full(256, 2.0))
    assert _leftovers(tmp_path, "m.vmfb") == []


@pytest.mark.parametrize("ext", ["safetensors", "npz"])
def test_damaged_checkpoints_raise_a_typed_error_naming_the_file(ext, tmp_path):
    g = G.Graph()
    w = G.matrix(g, G.Float32, shape=(16, 16), name="w", init=G.uniform(seed=1))
    b = G.vector(g, G.Int64, shape=(5,), name="b", init=G.zeroes())
    path = tmp_path / f"ckpt.{ext}"
    G.save_learnables(path, g)
    saved = {"w": np.array(w.value), "b": np.array(b.value)}
    data = path.read_bytes()
    for n in sorted({0, 1, 7, 8, 40, len(data) // 3, len(data) // 2, len(data) - 40, len(data) - 1}):
        path.write_bytes(data[:n])
        with pytest.raises(G.CorruptFileError, match=f"ckpt.{ext}.*truncated or corrupted") as info:
            G.load_learnables(path, g)
        assert info.value.path == str(path) and "test_crash_safe.py" in str(info.value)
    detected = 0
    for i in range(0, len(data), 7):  # a flipped byte is reported, or lands where it changes no value
        damaged = bytearray(data)
        damaged[i] ^= 0x41
        path.write_bytes(bytes(damaged))
        try:
            got = checkpoint.load(path)
        except G.CorruptFileError as exc:
            assert exc.path == str(path)
            detected += 1
            continue
        assert sorted(got) == sorted(saved) and all(np.array_equal(got[k], saved[k]) for k in saved), f"byte {i}"
    assert detected > 0.8 * len(range(0, len(data), 7))


def test_flipped_tensor_bytes_are_caught_by_the_safetensors_checksum(tmp_path):
    path = tmp_path / "w.safetensors"
    checkpoint.save({"w": np.arange(1000, dtype=np.float32)}, path)
    data = bytearray(path.read_bytes())
    data[-100] ^= 0x01  # inside the tensor bytes: the format itself cannot tell
    path.write_bytes(bytes(data))
    with pytest.raises(G.CorruptFileError, match="sha256"):
        checkpoint.load(path)


def test_truncated_modules_and_archives_raise_the_runtime_error_naming_the_file(tmp_path):
    g = G.Graph()
    x = G.vector(g, G.Float32, shape=(4,), name="x")
    w = G.vector(g, G.Float32, shape=(4,), name="w", init=G.ones())
    G.export(G.function([x], [x * w]), tmp_path / "m.vmfb", params=tmp_path / "m.irpa")
    for name in ("m.vmfb", "m.irpa"):
        path = tmp_path / name
        data = path.read_bytes()
        # (an archive cut after its tensors' bytes still holds them all: it loads the right values)
        for n in (0, 1, 8, 64, len(data) // 4, len(data) // 2) if name.endswith(".vmfb") else (0, 1, 8, 64):
            path.write_bytes(data[:n])
            with pytest.raises(GR.RuntimeFailure, match=name):
                GR.load(tmp_path / "m.vmfb", params=tmp_path / "m.irpa")
        path.write_bytes(data)
