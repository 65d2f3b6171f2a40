"""Graph module → pass pipeline → IREE → ``.vmfb``, with content-addressed caches in process and on disk."""

from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import iree.compiler as ic
from iree.compiler import ir
from iree.compiler import version as iree_version

from . import cache as disk
from . import tuning
from .errors import CompileError
from .memory_cache import MemoryCache
from .targets import TARGETS, Target, resolve
from .transforms import run_pipeline

# The default pipeline: verify, expand gradients, lower, then upstream cleanups.
DEFAULT_PASSES: tuple[str, ...] = (
    "gorgonia-verify",
    "gorgonia-canonicalize",
    "gorgonia-stabilize",
    "gorgonia-autodiff",
    "gorgonia-canonicalize",  # gradients repeat subexpressions and carry identities (x·1, -(-x)) ...
    "gorgonia-stabilize",  # ... and can hold fragile forms of their own
    "gorgonia-to-linalg",
    "canonicalize",
    "cse",
)


def pipeline(passes: Sequence[str] | None = None, *, canonicalize: bool = True, stabilize: bool = True) -> tuple:
    """The pass pipeline a compile runs: ``passes``, or the default without the phases switched off.

    >>> "gorgonia-stabilize" in pipeline(stabilize=False)
    False
    """
    if passes is not None:
        return tuple(passes)
    off = {name for name, on in (("gorgonia-canonicalize", canonicalize), ("gorgonia-stabilize", stabilize)) if not on}
    return tuple(p for p in DEFAULT_PASSES if p not in off)


# Keep f64/i64 as the user asked: IREE demotes them by default.
BASE_FLAGS: tuple[str, ...] = ("--iree-input-demote-f64-to-f32=false", "--iree-input-demote-i64-to-i32=false")

__all__ = [
    "BASE_FLAGS",
    "DEFAULT_PASSES",
    "TARGETS",
    "Compiled",
    "cache_info",
    "compile_lowered",
    "compile_module",
    "lower",
    "module_key",
    "set_cache_limit",
]

CACHE_FORMAT = "gorgonia-mlir compile cache v2"  # bumped when what a key covers changes


@dataclass(frozen=True)
class Compiled:
    """The result of a compile: the ``.vmfb`` bytes and what produced them."""

    vmfb: bytes
    passes: tuple[str, ...]
    flags: tuple[str, ...]
    lowered_mlir: str

    @property
    def nbytes(self) -> int:
        """What this entry costs the in-process cache: the module plus the lowered IR's text."""
        return len(self.vmfb) + len(self.lowered_mlir)


def _limit_from_env() -> int:
    value = os.environ.get("GORGONIA_MLIR_MEMORY_CACHE_MB", "64")
    try:
        return int(float(value) * 2**20)
    except ValueError:
        warnings.warn(f"GORGONIA_MLIR_MEMORY_CACHE_MB={value!r} is not a number of MiB; using 64", stacklevel=2)
        return 64 * 2**20


_memory = MemoryCache(_limit_from_env())


def cache_info() -> dict:
    """The in-process cache: ``entries``, ``bytes`` (modules + lowered IR), ``limit``, ``hits``, ``misses``.

    ``disk_hits`` counts the misses the on-disk cache served without running IREE.

    >>> sorted(cache_info())
    ['bytes', 'disk_hits', 'entries', 'hits', 'limit', 'misses']
    """
    return _memory.info()


def set_cache_limit(nbytes: int) -> None:
    """Bound the in-process cache to ``nbytes`` (least recently used modules go first; 0 disables it).

    The default is 64 MiB, or ``GORGONIA_MLIR_MEMORY_CACHE_MB`` from the environment.

    >>> set_cache_limit(64 * 2**20); cache_info()["limit"]
    67108864
    """
    _memory.set_limit(nbytes)


def _check_lowered(module: ir.Module, passes: Sequence[str]) -> None:
    # IREE crashes on ops of an unknown dialect: refuse them with a readable error instead.
    from .irtools import walk_ops
    from .location import describe

    left = [op for op in walk_ops(module.operation) if op.name.startswith("gorgonia.")]
    if left:
        names = sorted({op.name for op in left})
        where = "\n".join(f"{describe(op.location)}: {op.name}" for op in left[:10])
        raise CompileError(
            f"{len(left)} gorgonia op(s) left after the pipeline {list(passes)} ({', '.join(names)}); the pipeline "
            "must include gorgonia-to-linalg (and gorgonia-autodiff when the graph has gradients)",
            where,
        )


def lower(module: ir.Module, passes: Sequence[str] | None = None, dump_ir: str | None = None) -> tuple[str, ...]:
    """Run the pass pipeline on ``module`` in place and check nothing of the gorgonia dialect is left."""
    passes = tuple(DEFAULT_PASSES if passes is None else passes)
    run_pipeline(module, passes, dump_ir=dump_ir)
    _check_lowered(module, passes)
    return passes


def target_flags(module: ir.Module, target: Target, flags: Sequence[str] = (), auto_flags: bool = True) -> tuple:
    """Every IREE flag for a lowered ``module`` on ``target``: base, target, workload (``tuning``), user."""
    tuned = tuning.choose(module, target.backend) if auto_flags else ()
    return (*BASE_FLAGS, *target.flags, *tuned, *flags)


def compile_lowered(source: str | bytes, target: Target, flags: Sequence[str]) -> bytes:
    """IREE-compile lowered IR (text or bytecode) for ``target`` with exactly ``flags``."""
    try:
        return ic.compile_str(source, target_backends=[target.backend], extra_args=list(flags))
    except ic.CompilerToolError as exc:
        raise CompileError(f"IREE failed to compile for target {target.name!r} ({target.backend})", str(exc)) from None


def compile_module(
    module: ir.Module,
    *,
    target: str = "cpu",
    arch: str | None = None,
    passes: Sequence[str] | None = None,
    flags: Sequence[str] = (),
    dump_ir: str | None = None,
    auto_flags: bool = True,
    canonicalize: bool = True,
    stabilize: bool = True,
) -> Compiled:
    """Run the pass pipeline on ``module`` (in place) and compile it with IREE for ``target``.

    ``target`` is a name of ``targets.TARGETS`` or ``cuda``/``cuda:sm_XX`` (``arch`` picks the CUDA
    architecture). With ``auto_flags`` the IREE flags that pay for this workload are added
    (``tuning.choose``: im2col for convolutions, data tiling + microkernels for large matmuls);
    ``flags`` come after them. ``canonicalize=False`` / ``stabilize=False`` drop those phases from the
    default pipeline; ``passes`` replaces the pipeline. The pipeline always runs; identical lowered IR
    compiled with identical settings is then served from the in-process cache (bounded:
    ``set_cache_limit``) or the on-disk one (``gorgonia_mlir.cache``) instead of IREE.
    """
    spec = resolve(target, arch)
    passes = pipeline(passes, canonicalize=canonicalize, stabilize=stabilize)
    # Keyed after the passes (~20 ms) on what IREE compiles (~1 s): nothing that shaped the IR is missed.
    lower(module, passes, dump_ir)
    all_flags = target_flags(module, spec, flags, auto_flags)
    text = str(module)
    key = module_key(text, spec, all_flags)
    hit = _memory.get(key)
    if hit is not None:
        return Compiled(hit.vmfb, passes, all_flags, hit.lowered_mlir)
    vmfb = disk.load(key)
    if vmfb is not None:
        _memory.disk_hits += 1
    else:
        vmfb = compile_lowered(text, spec, all_flags)
        disk.store(key, vmfb)
    result = Compiled(vmfb, passes, all_flags, text)
    _memory.put(key, result)
    return result


def module_key(lowered: str, target: Target, flags: Sequence[str]) -> str:
    """The cache key of compiling ``lowered`` IR for ``target`` with exactly ``flags``.

    >>> from gorgonia_mlir.targets import resolve
    >>> module_key("module {}", resolve("vmvx"), ()) == module_key("module {}", resolve("vmvx"), ("-x",))
    False
    """
    host = disk.host_cpu() if any(f.endswith("=host") for f in flags) else ""
    parts = [CACHE_FORMAT, lowered, target.backend, repr(tuple(flags)), iree_version.VERSION, host]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
