"""Graph module → pass pipeline → IREE → ``.vmfb``, with content-addressed caches in process and on disk."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import iree.compiler as ic
from iree.compiler import ir
from iree.compiler import version as iree_version

from . import cache as disk
from . import tuning
from .errors import CompileError
from .transforms import run_pipeline

# The default pipeline: verify, expand gradients, lower, then upstream cleanups.
DEFAULT_PASSES: tuple[str, ...] = (
    "gorgonia-verify",
    "gorgonia-autodiff",
    "gorgonia-to-linalg",
    "canonicalize",
    "cse",
)

# Keep f64/i64 as the user asked: IREE demotes them by default.
BASE_FLAGS: tuple[str, ...] = ("--iree-input-demote-f64-to-f32=false", "--iree-input-demote-i64-to-i32=false")

# Target name → (IREE backend, flags). More targets (cross, cuda) extend this table.
TARGETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "cpu": ("llvm-cpu", ("--iree-llvmcpu-target-cpu=host",)),
}


@dataclass(frozen=True)
class Compiled:
    """The result of a compile: the ``.vmfb`` bytes and what produced them."""

    vmfb: bytes
    passes: tuple[str, ...]
    flags: tuple[str, ...]
    lowered_mlir: str


_cache: dict[str, Compiled] = {}


def cache_info() -> dict:
    """How many compiled modules the in-process cache holds."""
    return {"entries": len(_cache)}


def _check_lowered(module: ir.Module, passes: Sequence[str]) -> None:
    # IREE crashes on ops of an unknown dialect: refuse them with a readable error instead.
    from .location import describe
    from .transforms.walk import walk_ops

    left = [op for op in walk_ops(module.operation) if op.name.startswith("gorgonia.")]
    if left:
        names = sorted({op.name for op in left})
        where = "\n".join(f"{describe(op.location)}: {op.name}" for op in left[:10])
        raise CompileError(
            f"{len(left)} gorgonia op(s) left after the pipeline {list(passes)} ({', '.join(names)}); the pipeline "
            "must include gorgonia-to-linalg (and gorgonia-autodiff when the graph has gradients)",
            where,
        )


def compile_module(
    module: ir.Module,
    *,
    target: str = "cpu",
    passes: Sequence[str] | None = None,
    flags: Sequence[str] = (),
    dump_ir: str | None = None,
    auto_flags: bool = True,
) -> Compiled:
    """Run the pass pipeline on ``module`` (in place) and compile it with IREE for ``target``.

    With ``auto_flags`` the IREE flags that pay for this workload are added (``tuning.choose``: im2col
    for convolutions, data tiling + microkernels for large matmuls); ``flags`` come after them.
    Identical IR compiled with identical settings is served from the cache.
    """
    if target not in TARGETS:
        raise CompileError(f"unknown target {target!r}; known targets: {', '.join(TARGETS)}")
    backend, target_flags = TARGETS[target]
    passes = tuple(DEFAULT_PASSES if passes is None else passes)
    all_flags = (*BASE_FLAGS, *target_flags, *flags)
    key = hashlib.sha256(
        "\n".join(
            [
                str(module),
                repr(passes),
                backend,
                repr(all_flags),
                repr(auto_flags),
                iree_version.VERSION,
                disk.source_fingerprint(),
            ]
        ).encode()
    ).hexdigest()
    if key in _cache and dump_ir is None:
        return _cache[key]
    hit = disk.load(key) if dump_ir is None else None
    if hit is not None:
        vmfb, meta = hit
        flags_used = tuple(meta.get("flags", all_flags))
        result = _cache[key] = Compiled(vmfb, passes, flags_used, meta.get("lowered_mlir", ""))
        return result
    run_pipeline(module, passes, dump_ir=dump_ir)
    _check_lowered(module, passes)
    if auto_flags:
        all_flags = (*BASE_FLAGS, *target_flags, *tuning.choose(module, backend), *flags)
    text = str(module)
    try:
        vmfb = ic.compile_str(text, target_backends=[backend], extra_args=list(all_flags))
    except ic.CompilerToolError as exc:
        raise CompileError(f"IREE failed to compile for target {target!r} ({backend})", str(exc)) from None
    result = Compiled(vmfb, passes, all_flags, text)
    _cache[key] = result
    disk.store(key, vmfb, {"lowered_mlir": text, "passes": list(passes), "flags": list(all_flags)})
    return result
