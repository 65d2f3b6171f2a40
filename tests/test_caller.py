"""gorgonia_runtime.caller: calls into IREE's multi-threaded CPU driver from a low-priority thread."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import numpy as np
import pytest
from gorgonia_runtime import load
from gorgonia_runtime.caller import NICE, Caller

import gorgonia_mlir as G


def test_results_and_exceptions_come_back_to_the_calling_thread():
    caller = Caller()
    assert caller(lambda a, b: (a + b, threading.current_thread().name), 2, 3) == (5, "gorgonia-runtime-caller")
    with pytest.raises(ZeroDivisionError):
        caller(lambda: 1 / 0)
    assert caller(max, 4, 9) == 9  # still serving after an exception
    caller.close()
    with pytest.raises(RuntimeError, match="closed"):
        caller(max, 1, 2)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice values are a Linux feature")
def test_the_thread_runs_at_the_lowest_priority_and_the_callers_thread_keeps_its_own():
    caller = Caller()
    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert caller(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())) == NICE
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == mine
    caller.close()


@pytest.fixture(scope="module")
def vmfb(tmp_path_factory):
    g = G.Graph()
    x = G.vector(g, G.Float32, shape=(4,), name="x")
    w = G.vector(g, G.Float32, shape=(4,), name="w", init=G.ones())
    path = tmp_path_factory.mktemp("caller") / "m.vmfb"
    G.export(G.function([x], [x * w + 1.0], name="main"), path)
    return path


def test_multi_threaded_cpu_modules_call_through_it_and_synchronous_ones_do_not(vmfb):
    task, sync = load(vmfb, device="cpu"), load(vmfb, device="cpu-sync")
    assert task._caller is not None and sync._caller is None
    value = np.arange(4, dtype=np.float32)
    np.testing.assert_array_equal(task.main(value), sync.main(value))
    thread = task._caller._thread
    task.close()
    sync.close()
    assert not thread.is_alive()


def test_the_environment_switch_calls_directly(vmfb, monkeypatch):
    monkeypatch.setenv("GORGONIA_RUNTIME_CALLER", "0")
    mod = load(vmfb, device="cpu")
    assert mod._caller is None
    np.testing.assert_array_equal(mod.main(np.zeros(4, np.float32)), np.ones(4, np.float32))
    mod.close()


def test_a_process_that_never_closes_its_machine_exits_cleanly():
    # at exit the machine reads its learnables back through the caller, then the module stops it
    code = (
        "import numpy as np, gorgonia_mlir as G\n"
        "g = G.Graph(); x = G.vector(g, G.Float32, shape=(3,), name='x')\n"
        "w = G.vector(g, G.Float32, shape=(3,), name='w', init=G.zeroes())\n"
        "G.grad(G.sum(G.square(w - x)), [w])\n"
        "m = G.TapeMachine(g, solver=G.VanillaSolver(learn_rate=0.5))\n"
        "G.let(x, np.ones(3, np.float32)); m.run_all(); print('ran')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ran", out.stderr
    assert "leaked" not in out.stderr
