"""Worst-case error in ulp of every elementwise float op, per dtype, as a markdown table.

Reuses ``tests/accuracy_cases.py`` (the accuracy test's cases, references, error measure and ``BOUNDS``,
gathered from the op records of ``tests/examples_elementwise.py``; inputs from ``tests/sweeps.py``), so
the table is what ``tests/test_accuracy.py`` asserts. docs/accuracy.md quotes its output.

    .venv/bin/python bench/accuracy.py                # every op (1-2 minutes on 2 cores)
    .venv/bin/python bench/accuracy.py exp sin pow    # some ops
    .venv/bin/python bench/accuracy.py --details      # and the worst inputs of every op over its bound

Each cell is the worst error in ulp over the sweep; a ``✗`` marks a cell over its bound. "specials"
says whether NaN, ±inf and signed zeros all follow numpy.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys

os.environ.setdefault("GORGONIA_MLIR_CACHE", "0")  # always compile the code being measured
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests"))

import accuracy_cases as A  # noqa: E402


def _cell(worst: float, bound: float) -> str:
    text = "inf" if worst == float("inf") else (f"{worst:.0f}" if worst < 1e4 else f"{worst:.1e}")
    return text + (" ✗" if worst > bound else "")


def table(names: list[str], details: bool = False) -> str:
    """The markdown table of ``names`` (and, with ``details``, the failing inputs below it).

    >>> print(table(["neg"]).splitlines()[2])  # doctest: +SKIP
    | neg | 0 | 0 | 0 | 0 | yes |
    """
    lines = [
        "| op | float32 bound | float32 worst | float64 bound | float64 worst | specials |",
        "|---|---|---|---|---|---|",
    ]
    notes = []
    for name in names:
        cells, specials_ok = [], True
        for dtype in A.DTYPES:
            m = A.measure(name, dtype)
            bound = A.BOUNDS[name][dtype]
            cells += [f"{bound:g}", _cell(m.worst("values"), bound)]
            wrong = m.failures(0, "specials")
            specials_ok &= not wrong
            if details:
                notes += m.failures(bound, "values", limit=4) + wrong[:4]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {'yes' if specials_ok else 'no ✗'} |")
    return "\n".join(lines + ([""] + notes if notes else []))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ops", nargs="*", help="ops to measure (default: all)")
    parser.add_argument("--details", action="store_true", help="list the worst inputs of the ops over their bound")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.ops) - set(A.OPS))
    if unknown:
        parser.error(f"unknown ops {unknown}; known: {', '.join(A.OPS)}")
    print(table(args.ops or list(A.OPS), details=args.details))


if __name__ == "__main__":
    main()
