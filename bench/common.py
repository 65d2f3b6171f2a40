"""Shared benchmark plumbing: medians, ratios against peers, JSON results and a PNG chart."""

from __future__ import annotations

import datetime
import json
import os
import pathlib
import platform
import statistics
import time
from collections.abc import Callable

RESULTS = pathlib.Path(__file__).parent / "results"
OURS = "gorgonia-mlir"


def median_ms(
    step: Callable[[], object],
    warmup: int = 5,
    repeat: int = 30,
    sync: Callable | None = None,
    warm_seconds: float = 1.0,
) -> float:
    """Median wall time of ``step`` in milliseconds (``sync`` waits for asynchronous peers).

    Every system first runs for ``warm_seconds`` (and at least ``warmup`` steps): allocators, thread
    pools and caches settle (an IREE step measured right after compiling was 35% slower than later).
    """
    start = time.perf_counter()
    done = 0
    while done < warmup or time.perf_counter() - start < warm_seconds:
        out = step()
        if sync:
            sync(out)
        done += 1
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = step()
        if sync:
            sync(out)
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def isolated(module: str, system: str, **kwargs) -> float | None:
    """``module.measure(system, **kwargs)`` in a fresh Python process: systems never share thread pools
    (an idle OpenMP pool spinning after torch's step would steal the cores the next system needs).
    None when the peer is not installed."""
    import subprocess
    import sys

    code = f"import json, {module}; print(json.dumps({module}.measure({system!r}, **{kwargs!r})))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=pathlib.Path(__file__).parent, capture_output=True, text=True
    )
    if done.returncode != 0:
        if "ModuleNotFoundError" in done.stderr:
            return None
        raise RuntimeError(f"{module}.measure({system!r}) failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# Rounds of isolated measurements per case: the systems alternate within each round, and the best
# round's median is reported (this shared machine slows whole processes down by 20-60% at times; the
# best round is each system's undisturbed speed). GORGONIA_BENCH_ROUNDS overrides it.
ROUNDS = int(os.environ.get("GORGONIA_BENCH_ROUNDS", "3"))


def in_rounds(module: str, systems, rounds: int | None = None, **kwargs) -> dict[str, list[float]]:
    """``{system: [median ms of each round]}``: ``isolated(module, system, **kwargs)`` for every system,
    the systems alternating, ``rounds`` times (peers that are not installed are left out)."""
    times: dict[str, list[float]] = {s: [] for s in systems}
    for _ in range(rounds or ROUNDS):
        for system in systems:
            t = isolated(module, system, **kwargs)
            if t is not None:
                times[system].append(t)
    return {s: ts for s, ts in times.items() if ts}


def by_batch(module: str, systems, batches) -> dict:
    """``{"batch B": {system: [median ms per round]}}`` (``in_rounds`` for each batch)."""
    return {f"batch {batch}": in_rounds(module, systems, batch=batch) for batch in batches}


def machine_info() -> dict:
    import iree.compiler.version as v
    import numpy as np

    info = {
        "date": datetime.date.today().isoformat(),
        "machine": platform.machine(),
        "processor": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "iree": v.VERSION,
    }
    for name in ("torch", "jax"):
        try:
            info[name] = __import__(name).__version__
        except ImportError:
            pass
    return info


def report(name: str, rows: dict[str, dict[str, float | list[float]]], unit: str = "ms") -> dict:
    """Print ``rows`` (case → system → time, or a list of times per round: the best counts) with ratios
    ours/peer; write bench/results/<name>.json (with every round)."""
    RESULTS.mkdir(exist_ok=True)
    out = {"benchmark": name, "unit": unit, "machine": machine_info(), "cases": {}}
    print(f"\n== {name} ({unit}, median; with rounds: best round, range) ==")
    for case, systems in rows.items():
        rounds = {s: t for s, t in systems.items() if isinstance(t, list)}
        best = {s: min(t) if isinstance(t, list) else t for s, t in systems.items()}
        ours = best.get(OURS)
        ratios = {peer: ours / t for peer, t in best.items() if peer != OURS and ours and t}
        out["cases"][case] = {"times": best, "ratio_ours_over_peer": ratios}
        if rounds:
            out["cases"][case]["rounds"] = rounds
        cells = "  ".join(
            f"{s}: {t:.3f}" + (f" ({min(rounds[s]):.3f}–{max(rounds[s]):.3f})" if len(rounds.get(s, ())) > 1 else "")
            for s, t in best.items()
        )
        ratio_text = "  ".join(f"{p}: {r:.2f}x" for p, r in ratios.items())
        print(f"{case:>24}  {cells}")
        if ratio_text:
            print(f"{'ours / peer':>24}  {ratio_text}")
    (RESULTS / f"{name}.json").write_text(json.dumps(out, indent=2))
    return out


def chart(results: list[dict], path: pathlib.Path | None = None) -> pathlib.Path | None:
    """A bar chart of every case and system (log scale); None when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    cases = [(r["benchmark"], c, v["times"]) for r in results for c, v in r["cases"].items() if r["unit"] == "ms"]
    if not cases:
        return None
    systems = sorted({s for _, _, t in cases for s in t}, key=lambda s: (s != OURS, s))
    fig, ax = plt.subplots(figsize=(max(8, 1.3 * len(cases)), 4.5))
    width = 0.8 / len(systems)
    for i, system in enumerate(systems):
        xs = [j + i * width for j, (_, _, t) in enumerate(cases) if system in t]
        ys = [t[system] for _, _, t in cases if system in t]
        ax.bar(xs, ys, width, label=system)
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(cases))])
    ax.set_xticklabels([f"{b}\n{c}" for b, c, _ in cases], fontsize=7)
    ax.set_yscale("log")
    ax.set_ylabel("ms (median, lower is better)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    path = path or RESULTS / "summary.png"
    fig.savefig(path, dpi=120)
    return path
