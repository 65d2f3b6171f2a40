"""The IRDL definition of the ``gorgonia`` dialect, generated from the op table ``OPS``.

``iree-opt --irdl-file=gorgonia.irdl.mlir input.mlir`` then verifies every ``gorgonia.*`` op out of
process: operand and result counts, ranked-tensor types, required attributes and their kinds.
Shape and dtype rules (matmul alignment, inferred result types) are beyond IRDL: ``gorgonia-verify``
checks those in process.

What IRDL 3.13 can and cannot say, and how the generator copes:

- One constraint SSA value used twice means *the same type* (unification). Each operand, result and
  attribute therefore gets its own constraint value: shapes of operands may differ (broadcasting,
  contractions), and two string attributes of one op are not equal.
- The elements of one variadic group unify too: ``wrt: variadic %t`` accepts only operands of a single
  type. IRDL has no per-element constraint, so a variadic group of mixed shapes is rejected.
- An op with more than one variadic group needs ``operandSegmentSizes`` (checked by IRDL itself).
- There are no optional attributes: a listed attribute is required, an unlisted one is not checked.
  Optional attributes of a spec are left out (and named in a comment).

Regenerate the checked-in file with ``python -m gorgonia_mlir.dialect.irdl``; ``--check`` exits 1
when it is stale.

>>> from gorgonia_mlir.dialect.irdl import generate
>>> "irdl.operation @add" in generate()
True
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .spec import OpSpec
from .table import OPS

IRDL_PATH = Path(__file__).with_name("gorgonia.irdl.mlir")
TENSOR_BASE = "!builtin.tensor"  # any ranked tensor (unranked tensors are !builtin.unranked_tensor)
REGENERATE = "python -m gorgonia_mlir.dialect.irdl"

_HEADER = f"""\
// The `gorgonia` dialect in IRDL, generated from the op table OPS (gorgonia_mlir/dialect/table.py).
// Do not edit: regenerate with `{REGENERATE}`.
// Use: iree-opt --irdl-file=gorgonia.irdl.mlir input.mlir
// Every operand, result and attribute has its own constraint value (one value used twice would force
// equal types). All elements of one variadic group must share one type: IRDL unifies them.
"""


def _ident(name: str) -> str:
    """``name`` made a valid SSA suffix / IRDL operand name."""
    return re.sub(r"[^A-Za-z0-9_]", "_", name) or "_"


class _Names:
    """Unique SSA names inside one ``irdl.operation`` body."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def fresh(self, base: str) -> str:
        name, i = _ident(base), 1
        while name in self.used:
            name, i = f"{_ident(base)}_{i}", i + 1
        self.used.add(name)
        return name


def _results(spec: OpSpec) -> list[tuple[str, bool]]:
    """(name, variadic) for each result: ``num_results`` -1 is one variadic group."""
    if spec.num_results < 0:
        return [("results", True)]
    if spec.num_results == 1:
        return [("result", False)]
    return [(f"result{i}", False) for i in range(spec.num_results)]


def operation(spec: OpSpec) -> list[str]:
    """The lines of one ``irdl.operation`` for ``spec`` (indented for the dialect body)."""
    names = _Names()
    body: list[str] = []
    args: dict[str, list[str]] = {"operands": [], "results": []}

    def group(kind: str, name: str, variadic: bool) -> None:
        ssa = names.fresh(name)
        body.append(f'%{ssa} = irdl.base "{TENSOR_BASE}"')
        args[kind].append(f"{_ident(name)}: {'variadic ' if variadic else ''}%{ssa}")

    for operand in spec.operands:
        group("operands", operand.name, operand.variadic)
    for name, variadic in _results(spec):
        group("results", name, variadic)
    attrs = []
    for key, kind in spec.attrs.items():
        if key in spec.optional_attrs:
            continue
        ssa = names.fresh(f"{key}_attr")
        body.append(f'%{ssa} = irdl.base "{kind.irdl_base}"')
        attrs.append(f'"{key}" = %{ssa}')
    for kind in ("operands", "results"):
        if args[kind]:
            body.append(f"irdl.{kind}({', '.join(args[kind])})")
    if attrs:
        body.append(f"irdl.attributes {{{', '.join(attrs)}}}")

    lines = [f"  // gorgonia.{spec.name}: {spec.summary}"]
    optional = [k for k in spec.attrs if k in spec.optional_attrs]
    if optional:
        lines.append(f"  // optional attributes, not checked (IRDL has no optional attributes): {', '.join(optional)}")
    lines.append(f"  irdl.operation @{spec.name} {{")
    lines.extend(f"    {line}" for line in body)
    lines.append("  }")
    return lines


def generate() -> str:
    """The IRDL text of the whole dialect: one ``irdl.operation`` per op of ``OPS``, sorted by name.

    >>> text = generate()
    >>> text.count("irdl.operation @") == len(OPS)
    True
    """
    lines = [_HEADER, "irdl.dialect @gorgonia {"]
    for i, name in enumerate(sorted(OPS)):
        if i:
            lines.append("")
        lines.extend(operation(OPS[name]))
    lines.append("}")
    return "\n".join(lines) + "\n"


def is_stale(path: Path = IRDL_PATH) -> bool:
    """Whether the file at ``path`` differs from ``generate()`` (or is missing)."""
    try:
        return path.read_text(encoding="utf-8") != generate()
    except FileNotFoundError:
        return True


def main(argv: list[str] | None = None) -> int:
    """``python -m gorgonia_mlir.dialect.irdl [--check] [-o PATH]``: write (or check) the IRDL file."""
    parser = argparse.ArgumentParser(prog=REGENERATE, description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs from the op table")
    parser.add_argument("-o", "--output", type=Path, default=IRDL_PATH, help=f"default: {IRDL_PATH}")
    args = parser.parse_args(argv)
    if args.check:
        if is_stale(args.output):
            print(f"{args.output} is stale (the op table changed): regenerate it with `{REGENERATE}`", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date ({len(OPS)} ops)")
        return 0
    args.output.write_text(generate(), encoding="utf-8")
    print(f"wrote {args.output} ({len(OPS)} ops)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
