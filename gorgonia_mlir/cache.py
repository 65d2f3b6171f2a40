"""The on-disk compile cache: ``.vmfb`` files addressed by a hash of the lowered IR, target, flags and versions.

A second process compiling the same graph gets its module without running IREE. The key
(``compiler.module_key``) is taken after the pass pipeline, on the IR that IREE compiles, so
whatever produced that IR (this package's passes, an op or lowering rule registered from outside
it, a changed pipeline) cannot serve a stale module: only the IR, the backend, the flags, the IREE
version and, for ``target-cpu=host`` builds, the host CPU decide the module. Entries are written
crash-safely (temporary file, fsync, rename).

``GORGONIA_MLIR_CACHE`` relocates the cache (default ``~/.cache/gorgonia-mlir``); ``0``, ``off`` or an
empty value disables it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pathlib
import platform

from gorgonia_runtime.atomic_file import write_bytes

DISABLED = {"", "0", "off", "false", "no"}


def cache_dir() -> pathlib.Path | None:
    """Where compiled modules are kept, or None when the disk cache is off.

    >>> cache_dir() is None or cache_dir().name != ""
    True
    """
    value = os.environ.get("GORGONIA_MLIR_CACHE")
    if value is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        return pathlib.Path(base) / "gorgonia-mlir"
    if value.strip().lower() in DISABLED:
        return None
    return pathlib.Path(value)


@functools.cache
def host_cpu() -> str:
    """What ``--iree-llvmcpu-target-cpu=host`` compiles for: the CPU model and feature flags of this machine.

    Part of the key of host builds, so a cache shared between machines (a network home directory)
    never serves code using instructions another CPU lacks.

    >>> len(host_cpu()) > 0
    True
    """
    try:
        with open("/proc/cpuinfo") as f:
            lines = [line for line in f if line.split(":")[0].strip() in ("model name", "flags", "Features")]
        info = "".join(sorted(set(lines)))
    except OSError:
        info = ""
    return hashlib.sha256(f"{platform.machine()}\n{platform.processor()}\n{info}".encode()).hexdigest()


def load(key: str) -> bytes | None:
    """The cached ``.vmfb`` bytes for ``key``, or None."""
    d = cache_dir()
    if d is None:
        return None
    try:
        return (d / f"{key}.vmfb").read_bytes()
    except OSError:
        return None


def store(key: str, vmfb: bytes) -> None:
    """Write an entry crash-safely (a failure to write only costs a later recompile)."""
    d = cache_dir()
    if d is None:
        return
    try:
        d.mkdir(parents=True, exist_ok=True)
        write_bytes(d / f"{key}.vmfb", vmfb)
    except OSError:
        pass
