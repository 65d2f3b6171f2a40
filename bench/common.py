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


def step_ms(
    step: Callable[[], object],
    warmup: int = 5,
    repeat: int = 30,
    sync: Callable | None = None,
    warm_seconds: float = 1.0,
) -> dict[str, float]:
    """``{"median": ms, "mean": ms}`` of ``repeat`` timed calls of ``step`` (``sync`` waits for
    asynchronous peers). The median is the headline figure; the mean shows a tail of slow steps.

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
    return {"median": statistics.median(times), "mean": statistics.fmean(times)}


def median(t: float | dict) -> float:
    """The median of a ``step_ms`` result (plain numbers are their own median)."""
    return t["median"] if isinstance(t, dict) else t


def isolated(module: str, system: str, **kwargs) -> dict | None:
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


# Rounds of isolated measurements: each round measures every case and system once, the rounds are
# spread over the whole run (run_all.py runs round 1 of every benchmark, then round 2, ...), and the
# best round's median is reported. This shared machine has slow phases of minutes (seen: 20% to 2×
# slower, for one system and not the next); the best round is each system's undisturbed speed.
# GORGONIA_BENCH_ROUNDS overrides the count.
ROUNDS = int(os.environ.get("GORGONIA_BENCH_ROUNDS", "3"))


def one_round(module: str, systems, cases: dict[str, dict]) -> dict[str, dict[str, dict]]:
    """``{case: {system: step_ms result}}``: ``isolated(module, system, **cases[case])`` once for every case
    and system (peers that are not installed are left out)."""
    rows: dict[str, dict[str, dict]] = {}
    for case, kwargs in cases.items():
        row = {s: isolated(module, s, **kwargs) for s in systems}
        rows[case] = {s: t for s, t in row.items() if t is not None}
    return rows


def batches(*sizes: int) -> dict[str, dict]:
    """The cases ``"batch B"`` of a benchmark whose ``measure`` takes ``batch=B``."""
    return {f"batch {b}": {"batch": b} for b in sizes}


def collect(rounds: list[dict[str, dict]]) -> dict[str, dict[str, list]]:
    """Rounds of ``{case: {system: result}}`` merged into ``{case: {system: [result of each round]}}``."""
    merged: dict[str, dict[str, list]] = {}
    for rows in rounds:
        for case, systems in rows.items():
            for system, t in systems.items():
                merged.setdefault(case, {}).setdefault(system, []).append(t)
    return merged


def rounds_report(name: str, measure_round: Callable[[], dict], rounds: int | None = None) -> dict:
    """``report(name, ...)`` of ``rounds`` calls of ``measure_round`` (a benchmark run on its own)."""
    return report(name, collect([measure_round() for _ in range(rounds or ROUNDS)]))


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


def report(name: str, rows: dict[str, dict], unit: str = "ms") -> dict:
    """Print ``rows`` (case → system → a time, a ``step_ms`` result, or a list of them, one per round: the
    round of the lowest median counts) with ratios ours/peer of the medians; write
    bench/results/<name>.json (with every round, and the mean step of the counted round)."""
    RESULTS.mkdir(exist_ok=True)
    out = {"benchmark": name, "unit": unit, "machine": machine_info(), "cases": {}}
    print(f"\n== {name} ({unit}, median; with rounds: best round, range; mean step of that round) ==")
    for case, systems in rows.items():
        rounds = {s: t for s, t in systems.items() if isinstance(t, list)}
        chosen = {s: min(t, key=median) if isinstance(t, list) else t for s, t in systems.items()}
        best = {s: median(t) for s, t in chosen.items()}
        means = {s: t["mean"] for s, t in chosen.items() if isinstance(t, dict)}
        ours = best.get(OURS)
        ratios = {peer: ours / t for peer, t in best.items() if peer != OURS and ours and t}
        out["cases"][case] = {"times": best, "ratio_ours_over_peer": ratios}
        if means:
            out["cases"][case]["mean_step"] = means
        if rounds:
            out["cases"][case]["rounds"] = {s: [median(t) for t in ts] for s, ts in rounds.items()}
            round_means = {s: [t["mean"] for t in ts if isinstance(t, dict)] for s, ts in rounds.items()}
            if any(round_means.values()):
                out["cases"][case]["round_means"] = round_means

        print(f"{case:>24}  {'  '.join(_cell(s, t, rounds.get(s, []), means.get(s)) for s, t in best.items())}")
        ratio_text = "  ".join(f"{p}: {r:.2f}x" for p, r in ratios.items())
        if ratio_text:
            print(f"{'ours / peer':>24}  {ratio_text}")
    (RESULTS / f"{name}.json").write_text(json.dumps(out, indent=2))
    return out


def _cell(system: str, t: float, rounds: list, mean: float | None) -> str:
    """``system: median (range over rounds) mean m`` for the printed table."""
    text = f"{system}: {t:.3f}"
    spread = [median(r) for r in rounds]
    if len(spread) > 1:
        text += f" ({min(spread):.3f}–{max(spread):.3f})"
    return text + (f" mean {mean:.3f}" if mean is not None else "")


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
    ax.set_ylabel("ms (median of the best round, lower is better)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    path = path or RESULTS / "summary.png"
    fig.savefig(path, dpi=120)
    return path
