"""Where a compiled step spends its time: per-dispatch host-execution times from IREE's HAL profiler.

``python bench/profile_step.py convnet`` (or ``mlp [--batch 256]``) compiles the benchmark's train step, gives every
parameter global a constant initial value (``iree-benchmark-module`` cannot call the setters), runs
``main`` under ``--device_profiling_mode=host-execution`` and prints the dispatches by time per step,
e.g.::

    step 12.6 ms wall; 11182 µs in 60 dispatches
      1513.4 µs  main_dispatch_37_conv_32x64x7x7x128x3x3_f32
      ...

``--flags`` adds IREE compile flags (compare ``--flags=--iree-opt-data-tiling``), ``--top`` the rows.
Timings on a shared machine vary by ±20% between runs: compare configurations in alternation.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import subprocess
import sys
import tempfile

BIN = pathlib.Path(sys.executable).parent
UNITS = {"s": 1e6, "ms": 1e3, "us": 1.0, "ns": 1e-3}


def lowered_step(name: str, batch: int) -> tuple[str, tuple[str, ...]]:
    """The lowered MLIR and IREE flags of benchmark ``name``'s train step."""
    if name == "convnet":
        import convnet_train as bench

        step = bench.ours(bench.init_params(), *bench.data())
    else:
        import mlp_train as bench

        step = bench.ours(batch, bench.init_params(), *bench.data(batch))
    compiled = step.__self__.compiled
    return compiled.lowered_mlir, tuple(compiled.flags)


def with_initial_values(mlir: str) -> str:
    """Every uninitialized float global (parameters, solver state) set to 0.01."""
    return re.sub(r"(util\.global private mutable @\w+) : (tensor<[0-9x]*f(?:32|64)>)", r"\1 = dense<0.01> : \2", mlir)


def main_inputs(mlir: str) -> list[str]:
    sig = re.search(r"func\.func @main\((.*?)\)\s*->", mlir)
    shapes = re.findall(r"tensor<([0-9x]*)(f32|f64|i64|i32)>", sig.group(1) if sig else "")
    return [f"--input={shape}{dtype}=0.5" for shape, dtype in shapes]


def parse_statistics(text: str, runs: int) -> list[tuple[float, str]]:
    """(µs per step, dispatch name) from ``iree-profile statistics``, slowest first."""
    rows = []
    for line in text.splitlines():
        m = re.match(r"\s*host_execute (\S+)\s+count=(\d+) total=([\d.]+) (\w+)", line)
        if m and (m.group(1).startswith("main") or m.group(1).startswith("_")):
            rows.append((float(m.group(3)) * UNITS[m.group(4)] / runs, m.group(1)))
    return sorted(rows, reverse=True)


def profile(mlir: str, flags: tuple[str, ...], runs: int = 40) -> tuple[float, list[tuple[float, str]]]:
    """(wall ms per step, [(µs per step, dispatch)]) of ``main`` in ``mlir`` compiled with ``flags``."""
    with tempfile.TemporaryDirectory() as tmp:
        src, vmfb, prof = (pathlib.Path(tmp) / n for n in ("step.mlir", "step.vmfb", "step.ireeprof"))
        src.write_text(with_initial_values(mlir))
        subprocess.run(
            [BIN / "iree-compile", src, "--iree-hal-target-backends=llvm-cpu", *flags, "-o", vmfb], check=True
        )
        out = subprocess.run(
            [
                BIN / "iree-benchmark-module",
                f"--module={vmfb}",
                "--device=local-task",
                "--function=main",
                *main_inputs(mlir),
                f"--benchmark_min_time={runs}x",
                "--device_profiling_mode=host-execution",
                f"--device_profiling_output={prof}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        wall = re.search(r"^BM_main\S*\s+([\d.]+) (\w+)", out, re.M)
        stats = subprocess.run(
            [BIN / "iree-profile", "statistics", prof], capture_output=True, text=True, check=True
        ).stdout
    wall_ms = float(wall.group(1)) * UNITS[wall.group(2)] / 1e3 if wall else float("nan")
    return wall_ms, parse_statistics(stats, runs)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("convnet", "mlp"))
    parser.add_argument("--flags", action="append", default=[], help="extra IREE compile flags")
    parser.add_argument("--batch", type=int, default=64, help="the MLP's batch (the convnet's is 32)")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    mlir, flags = lowered_step(args.step, args.batch)
    wall, rows = profile(mlir, (*flags, *args.flags))
    print(f"step {wall:.1f} ms wall; {sum(t for t, _ in rows):.0f} µs in {len(rows)} dispatches")
    for t, name in rows[: args.top]:
        print(f"  {t:8.1f} µs  {name}")


if __name__ == "__main__":
    main()
