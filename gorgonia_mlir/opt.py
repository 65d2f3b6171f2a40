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
import re
import sys
from collections.abc import Sequence

from iree.compiler import ir

from .errors import CompileError, GorgoniaError
from .location import describe

PROG = "gorgonia-opt"
SPLIT_MARKER = re.compile(r"^// -----\s*$")
_PARSED_LOC = re.compile(r'loc\("-":(\d+):(\d+)\)')


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


def _where(loc: ir.Location, source: str) -> str:
    text = describe(loc)
    if text.startswith("loc("):
        return source
    return source + text[1:] if text.startswith("-:") else text


def _diagnostic_lines(exc: ir.MLIRError, fallback: str) -> list[str]:
    lines = []
    for d in exc.error_diagnostics:
        lines.append(f"{_where(d.location, fallback)}: error: {d.message}")
        lines.extend(f"{_where(n.location, fallback)}: note: {n.message}" for n in d.notes)
    return lines or [f"{fallback}: error: {exc}"]


def read_input(path: str) -> str:
    """The text of ``path`` (``-``: stdin); raises _Failure when it cannot be read."""
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as exc:
        raise _Failure([f"{PROG}: error: cannot open input file '{path}': {exc.strerror}"]) from None


def split_chunks(text: str) -> list[tuple[int, str]]:
    r"""``(first line index, text)`` of each part of ``text`` between ``// -----`` lines (mlir-opt's
    ``--split-input-file``).

    >>> [first for first, _ in split_chunks("a\n// -----\nb\nc\n// -----\nd")]
    [0, 2, 5]
    """
    chunks, first, current = [], 0, []
    for i, line in enumerate(text.splitlines(keepends=True)):
        if SPLIT_MARKER.match(line):
            chunks.append((first, "".join(current)))
            first, current = i + 1, []
        else:
            current.append(line)
    chunks.append((first, "".join(current)))
    return chunks


def parse(text: str, source: str, ctx: ir.Context, first_line: int = 0) -> ir.Module:
    """``text`` (which starts at line ``first_line + 1`` of ``source``) parsed with ``gorgonia.*`` ops
    allowed; locations name ``source``. Raises _Failure with the parser's diagnostics.
    """
    ctx.allow_unregistered_dialects = True
    try:
        # Blank lines in front keep line numbers those of the whole file.
        module = ir.Module.parse("\n" * first_line + text, ctx)
    except ir.MLIRError as exc:
        raise _Failure(_diagnostic_lines(exc, source)) from None
    _rename_source(module, source)
    return module


def _rename_source(module: ir.Module, source: str) -> None:
    # Module.parse names its buffer "-": give ops and block arguments the input's name instead.
    def fix(loc: ir.Location):
        m = _PARSED_LOC.fullmatch(str(loc))
        return ir.Location.file(source, int(m[1]), int(m[2]), context=loc.context) if m else None

    def visit(op: ir.Operation):
        new = fix(op.location)
        if new is not None:
            op.location = new
        for region in op.regions:
            for block in region.blocks:
                for arg in block.arguments:
                    new = fix(arg.location)
                    if new is not None:
                        arg.set_location(new)
        return ir.WalkResult.ADVANCE

    module.operation.walk(visit)


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
        raise _Failure([f"{source}: error: {(str(exc) or type(exc).__name__).splitlines()[0]}"]) from None
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
    from .transforms.registry import load_passes

    load_passes()
    width = max(len(name) for name in PASSES)
    lines = [f"  {name:<{width}}  {PASSES[name].summary}" for name in sorted(PASSES)]
    return "\n".join(
        [
            "Passes (Python-defined, on the gorgonia dialect):",
            *lines,
            "",
            "Any upstream MLIR pass too (canonicalize, cse, ...).",
        ]
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
        "--passes",
        default="",
        metavar="PASSES",
        help='comma-separated pass names, e.g. "gorgonia-verify,gorgonia-to-linalg,canonicalize"',
    )
    p.add_argument("--list-passes", action="store_true", help="list the registered passes and exit")
    p.add_argument("-o", "--output", default="-", help="output file ('-': stdout)")
    p.add_argument("--debug-info", action="store_true", help="print locations (loc(...)) in the output")
    p.add_argument(
        "--split-input-file",
        action="store_true",
        help="process each part between '// -----' lines on its own; outputs are joined by '// -----'",
    )
    return p


def process(text: str, source: str, pipeline: Sequence[str], debug_info: bool, first_line: int = 0) -> str:
    """Parse ``text``, run ``pipeline`` and return the printed module; raises _Failure."""
    with ir.Context() as ctx, ir.Location.unknown():
        module = parse(text, source, ctx, first_line)
        run(module, pipeline, source)
        return module.operation.get_asm(enable_debug_info=debug_info)


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
    pipeline = split_pipeline(args.pass_pipeline)
    failed, outputs = False, []
    try:
        text = read_input(args.input)
        chunks = split_chunks(text) if args.split_input_file else [(0, text)]
        for first_line, chunk in chunks:
            try:
                outputs.append(process(chunk, source, pipeline, args.debug_info, first_line))
            except _Failure as failure:
                if not args.split_input_file or str(failure).startswith(f"{PROG}:"):
                    raise
                print(str(failure), file=sys.stderr)
                failed = True
    except _Failure as failure:
        print(str(failure), file=sys.stderr)
        return 1
    out = "// -----\n".join(outputs)
    if args.output == "-":
        sys.stdout.write(out)
    else:
        try:
            with open(args.output, "w", encoding="utf-8") as f:
                f.write(out)
        except OSError as exc:
            print(f"{PROG}: error: cannot write '{args.output}': {exc.strerror}", file=sys.stderr)
            return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
