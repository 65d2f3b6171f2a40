"""The on-disk compile cache: ``.vmfb`` files addressed by a hash of IR, pipeline, flags and versions.

A second process compiling the same graph gets its module in milliseconds. The key covers the
gorgonia-level IR (before passes), the pass pipeline, the IREE backend and flags, the IREE version
and a fingerprint of this package's source (so a changed pass never serves stale code).

``GORGONIA_MLIR_CACHE`` relocates the cache (default ``~/.cache/gorgonia-mlir``); ``0``, ``off`` or an
empty value disables it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pathlib
import tempfile

DISABLED = {"", "0", "off", "false", "no"}


def cache_dir() -> pathlib.Path | None:
    """Where compiled modules are kept, or None when the disk cache is off."""
    value = os.environ.get("GORGONIA_MLIR_CACHE")
    if value is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        return pathlib.Path(base) / "gorgonia-mlir"
    if value.strip().lower() in DISABLED:
        return None
    return pathlib.Path(value)


@functools.cache
def source_fingerprint() -> str:
    """A hash of the package's Python sources (pass and lowering code are part of the key)."""
    root = pathlib.Path(__file__).parent
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def load(key: str) -> tuple[bytes, dict] | None:
    """The cached ``.vmfb`` bytes and metadata for ``key``, or None."""
    d = cache_dir()
    if d is None:
        return None
    try:
        vmfb = (d / f"{key}.vmfb").read_bytes()
        meta = json.loads((d / f"{key}.json").read_text())
    except (OSError, ValueError):
        return None
    return vmfb, meta


def store(key: str, vmfb: bytes, meta: dict) -> None:
    """Write an entry atomically (a failure to write only costs a later recompile)."""
    d = cache_dir()
    if d is None:
        return
    try:
        d.mkdir(parents=True, exist_ok=True)
        for suffix, data in ((".json", json.dumps(meta).encode()), (".vmfb", vmfb)):
            fd, tmp = tempfile.mkstemp(dir=d, prefix=f".{key}", suffix=suffix)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, d / f"{key}{suffix}")
    except OSError:
        pass
