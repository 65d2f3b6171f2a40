"""The registry of Python-defined MLIR passes, and the runner of named pipelines.

A pipeline is a list of names: ours (``gorgonia-*``) or any upstream MLIR pass (``canonicalize``,
``cse``). Python exceptions raised inside our passes are carried out of the PassManager and re-raised
with their own type (e.g. ``SymDiffError``); MLIR diagnostics become ``CompileError``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from iree.compiler import ir, passmanager

from ..errors import CompileError


@dataclass(frozen=True)
class PassInfo:
    """A registered pass: kebab-case ``name``, ``run(module_op, pass_)``, one-line ``summary``."""

    name: str
    run: Callable
    summary: str


PASSES: dict[str, PassInfo] = {}


def register(name: str, summary: str):
    """Decorator: register ``run(module_op, pass_)`` as the pass ``name``."""

    def deco(fn):
        PASSES[name] = PassInfo(name, fn, summary)
        return fn

    return deco


def _guarded(info: PassInfo, pending: list[BaseException]):
    def run(op, pass_):
        try:
            with op.context, ir.Location.unknown(op.context):
                info.run(op, pass_)
        except Exception as exc:  # carried out of the PassManager, re-raised by run_pipeline
            pending.append(exc)
            pass_.signal_pass_failure()

    return run


def run_pipeline(module: ir.Module, names: Sequence[str], dump_ir: str | None = None) -> list[str]:
    """Run the passes ``names`` on ``module`` in place; returns the names run.

    With ``dump_ir=directory`` the IR after each pass is written to ``NN-<pass>.mlir`` there.
    """
    load_passes()
    pending: list[BaseException] = []
    if dump_ir:
        os.makedirs(dump_ir, exist_ok=True)
        _dump(module, os.path.join(dump_ir, "00-input.mlir"))
    for i, name in enumerate(names, 1):
        pm = passmanager.PassManager(context=module.context)
        if name in PASSES:
            pm.add(_guarded(PASSES[name], pending), name=name)
        else:
            try:
                pm.add(name)
            except (ValueError, ir.MLIRError) as exc:
                known = ", ".join(sorted(PASSES))
                raise CompileError(
                    f"unknown pass {name!r} (ours: {known}; or any upstream MLIR pass)", str(exc)
                ) from None
        try:
            pm.run(module.operation)
        except ir.MLIRError as exc:
            if pending:
                raise pending[0] from None
            raise CompileError(f"pass {name!r} failed", _diagnostics(exc)) from None
        if dump_ir:
            _dump(module, os.path.join(dump_ir, f"{i:02d}-{name}.mlir"))
    return list(names)


def _diagnostics(exc: ir.MLIRError) -> str:
    from ..location import describe

    lines = []
    for d in exc.error_diagnostics:
        lines.append(f"{describe(d.location)}: error: {d.message}")
        lines.extend(f"  {describe(n.location)}: note: {n.message}" for n in d.notes)
    return "\n".join(lines) or str(exc)


def _dump(module: ir.Module, path: str) -> None:
    with open(path, "w") as f:
        f.write(module.operation.get_asm(enable_debug_info=True))


def load_passes() -> None:
    """Register the package's passes (importing a pass module registers it; later calls do nothing)."""
    from .. import lowering  # noqa: F401
    from . import autodiff, canonicalize, stabilize, verify  # noqa: F401
