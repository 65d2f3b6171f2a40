"""``gorgonia-opt``: run a pipeline of registered passes on a ``.mlir`` file and print the result.

Like ``mlir-opt`` / ``xdsl-opt``: the input may hold ``gorgonia.*`` ops in generic form (the dialect is
unregistered in process); passes are ours (``gorgonia-verify``, ``gorgonia-to-linalg``, ...) or any
upstream MLIR pass (``canonicalize``, ``cse``). Errors go to stderr as ``file:line: error: message``
and the exit code is 1::

    gorgonia-opt model.mlir -p gorgonia-verify,gorgonia-to-linalg,canonicalize -o lowered.mlir
    gorgonia-opt --list-passes
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from iree.compiler import ir

from .errors import CompileError, GorgoniaError
from .location import describe

PROG = "gorgonia-opt"


class _Failure(Exception):
    """A user error already rendered as ``where: error: message`` lines."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def split_pipeline(text: str) -> list[str]:
    """Pass names from ``a,b{opt=1,x=2},c`` (commas inside braces or parentheses stay); an optional
    ``builtin.module(...)`` wrapper is dropped.

    >>> split_pipeline("builtin.module(gorgonia-verify, canonicalize{max-iterations=2,test-convergence})")
    ['gorgonia-verify', 'canonicalize{max-iterations=2,test-convergence}']
    """
    text = text.strip()
    if text.startswith("builtin.module(") and text.endswith(")"):
        text = text[len("builtin.module(") : -1]
    names, depth, current = [], 0, []
    for ch in text:
        if ch in "{(":
            depth += 1
        elif ch in "})":
            depth -= 1
        if ch == "," and depth == 0:
            names.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    names.append("".join(current).strip())
    return [n for n in names if n]


def _where(loc: ir.Location, fallback: str) -> str:
    text = describe(loc)
    return fallback if text.startswith("loc(") else text


def _diagnostic_lines(exc: ir.MLIRError, fallback: str) -> list[str]:
    lines = []
    for d in exc.error_diagnostics:
        lines.append(f"{_where(d.location, fallback)}: error: {d.message}")
        lines.extend(f"{_where(n.location, fallback)}: note: {n.message}" for n in d.notes)
    return lines or [f"{fallback}: error: {exc}"]


def parse(path: str, ctx: ir.Context) -> ir.Module:
    """The module in ``path`` (``-`` reads stdin), with ``gorgonia.*`` ops allowed; raises _Failure."""
    ctx.allow_unregistered_dialects = True
    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            return ir.Module.parse(sys.stdin.read(), ctx)
        with open(path, "rb"):  # a clear message for a missing file, before MLIR's generic one
            pass
        return ir.Module.parseFile(path, ctx)
    except OSError as exc:
        raise _Failure([f"{PROG}: error: cannot open input file '{path}': {exc.strerror}"]) from None
    except ir.MLIRError as exc:
        raise _Failure(_diagnostic_lines(exc, name)) from None


def _compile_error_lines(exc: CompileError, fallback: str) -> list[str]:
    if not exc.diagnostics:
        return [f"{fallback}: error: {exc}"]
    lines = []
    for line in exc.diagnostics.splitlines():
        # run_pipeline renders locations with describe(); an unknown location says loc(unknown).
        lines.append(line.replace("loc(unknown)", fallback, 1))
    if not any(": error: " in line for line in lines):
        lines.insert(0, f"{fallback}: error: {str(exc).splitlines()[0]}")
    return lines


def run(module: ir.Module, pipeline: Sequence[str], source: str) -> None:
    """Run ``pipeline`` on ``module`` in place; every failure becomes a _Failure."""
    from .transforms import PASSES, run_pipeline

    try:
        run_pipeline(module, list(pipeline))
    except CompileError as exc:
        if str(exc).startswith("unknown pass"):
            raise _Failure([f"{PROG}: error: {str(exc).splitlines()[0]}"]) from None
        raise _Failure(_compile_error_lines(exc, source)) from None
    except GorgoniaError as exc:
        raise _Failure([f"{source}: error: {line}" for line in str(exc).splitlines()[:1]]) from None
    except Exception as exc:  # a Python error inside one of our passes: still a message, not a traceback
        ours = ", ".join(p for p in pipeline if p in PASSES) or "none"
        raise _Failure(
            [
                f"{source}: error: {type(exc).__name__}: {exc}",
                f"{source}: note: raised inside a Python-defined pass (ours in this pipeline: {ours}); "
                "run gorgonia-verify first to check the input against the op table",
            ]
        ) from None


def list_passes() -> str:
    """One line per registered pass: ``name  summary`` (ours), then a note on upstream passes."""
    from .transforms import PASSES
    from .transforms.registry import _load_passes

    _load_passes()
    width = max(len(name) for name in PASSES)
    lines = [f"  {name:<{width}}  {PASSES[name].summary}" for name in sorted(PASSES)]
    return "\n".join(
        ["Passes (Python-defined, on the gorgonia dialect):", *lines, "", "Any upstream MLIR pass too (canonicalize, cse, ...)."]
    )


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Run gorgonia and upstream MLIR passes on a .mlir file and print the result.",
    )
    p.add_argument("input", nargs="?", default="-", help="input .mlir file ('-' or nothing: stdin)")
    p.add_argument(
        "-p",
        "--pass-pipeline",
        default="",
        metavar="PASSES",
        help='comma-separated pass names, e.g. "gorgonia-verify,gorgonia-to-linalg,canonicalize"',
    )
    p.add_argument("--list-passes", action="store_true", help="list the registered passes and exit")
    p.add_argument("-o", "--output", default="-", help="output file ('-': stdout)")
    p.add_argument("--debug-info", action="store_true", help="print locations (loc(...)) in the output")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """The ``gorgonia-opt`` command line; returns the exit code (0 ok, 1 error, 2 usage).

    >>> main(["--list-passes"])  # doctest: +ELLIPSIS
    Passes ...
    0
    """
    args = _parser().parse_args(argv)
    if args.list_passes:
        print(list_passes())
        return 0
    source = "<stdin>" if args.input == "-" else args.input
    try:
        with ir.Context() as ctx, ir.Location.unknown():
            module = parse(args.input, ctx)
            run(module, split_pipeline(args.pass_pipeline), source)
            text = module.operation.get_asm(enable_debug_info=args.debug_info)
    except _Failure as failure:
        sys.stdout.flush()
        print("\n".join(failure.lines), file=sys.stderr)
        return 1
    if args.output == "-":
        sys.stdout.write(text)
    else:
        try:
            with open(args.output, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as exc:
            print(f"{PROG}: error: cannot write '{args.output}': {exc.strerror}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
