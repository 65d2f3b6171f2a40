"""Checkpoint files (``.safetensors``, ``.npz``): crash-safe writes, and reads that detect damage.

Writes go through ``gorgonia_runtime.atomic_file`` (temporary file, fsync, rename). A
``.safetensors`` file's format has no checksum, so ``save`` stores a sha256 of every tensor's name,
dtype, shape and bytes in the file's metadata under ``SHA256_KEY`` and ``load`` recomputes it: a
flipped byte anywhere in the file is reported, not loaded. (Files written by other tools, without
the key, load unchecked.) ``.npz`` members are zip entries with CRC-32s, which ``zipfile`` checks on
read; ``save`` also puts the sha256 in the zip comment, since a damaged central directory can
rename or drop a member without failing a CRC. Every failure to read a file raises ``CorruptFileError`` naming the file.

>>> import os, tempfile, numpy as np
>>> path = os.path.join(tempfile.mkdtemp(), "w.safetensors")
>>> save({"w": np.arange(3, dtype=np.float32)}, path)
>>> load(path)["w"].tolist()
[0.0, 1.0, 2.0]
"""

from __future__ import annotations

import hashlib
import os
import zipfile

import numpy as np
from gorgonia_runtime.atomic_file import atomic_path, write_bytes

from .errors import CorruptFileError
from .location import user_location

SHA256_KEY = "gorgonia.sha256"


def digest(arrays: dict[str, np.ndarray]) -> str:
    """sha256 over the tensors' names, dtypes, shapes and bytes, in name order.

    >>> digest({"a": np.zeros(2)}) == digest({"a": np.zeros(2)}) != digest({"a": np.ones(2)})
    True
    """
    h = hashlib.sha256()
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(f"{name}\0{a.dtype.str}\0{a.shape}\0".encode())
        h.update(memoryview(a).cast("B") if a.size else b"")
    return h.hexdigest()


def save(arrays: dict[str, np.ndarray], path: str | os.PathLike) -> None:
    """Write ``name → array`` to a ``.safetensors`` or ``.npz`` file, crash-safely.

    >>> import os, tempfile, numpy as np
    >>> save({"b": np.zeros(2)}, os.path.join(tempfile.mkdtemp(), "b.npz"))
    """
    path = os.fspath(path)
    if path.endswith(".safetensors"):
        from safetensors.numpy import save as to_bytes

        # Not save_file: it makes (and, killed, leaves behind) a temporary file of its own.
        write_bytes(path, to_bytes(arrays, metadata={SHA256_KEY: digest(arrays)}))
        return
    with atomic_path(path) as tmp:
        np.savez(tmp, **arrays)
        with zipfile.ZipFile(tmp, "a") as z:  # CRC-32s miss a renamed or dropped member: the digest does not
            z.comment = f"{SHA256_KEY}={digest(arrays)}".encode()


def load(path: str | os.PathLike) -> dict[str, np.ndarray]:
    """Read a file written by ``save``; a truncated, corrupted or foreign file raises ``CorruptFileError``.

    >>> import os, tempfile
    >>> bad = os.path.join(tempfile.mkdtemp(), "bad.npz"); _ = open(bad, "wb").write(b"PK\\x03\\x04junk")
    >>> load(bad)
    Traceback (most recent call last):
    ...
    gorgonia_mlir.errors.CorruptFileError: ...bad.npz: not a readable .npz file (truncated or corrupted): ...
    """
    path = os.fspath(path)
    if path.endswith(".safetensors"):
        return _load_safetensors(path)
    return _load_npz(path)


def _at() -> str:
    return f" [at {user_location()}]"


def _load_safetensors(path: str) -> dict[str, np.ndarray]:
    from safetensors.numpy import safe_open

    try:
        with safe_open(path, framework="np") as f:
            meta = f.metadata() or {}
            arrays = {k: f.get_tensor(k) for k in f.keys()}  # noqa: SIM118 - safe_open is not a dict
    except FileNotFoundError:
        raise
    except Exception as exc:  # SafetensorError, or whatever a damaged header makes the parser raise
        problem = f"not a readable .safetensors file (truncated or corrupted): {exc}"
        raise CorruptFileError(path, problem + _at()) from None
    want = meta.get(SHA256_KEY)
    if want is not None and digest(arrays) != want:
        problem = f"truncated or corrupted: its tensors do not match the sha256 saved with them ({SHA256_KEY})"
        raise CorruptFileError(path, problem + _at())
    return arrays


def _load_npz(path: str) -> dict[str, np.ndarray]:
    try:
        with zipfile.ZipFile(path) as z:
            comment = z.comment.decode("ascii", "replace")
        with np.load(path, allow_pickle=False) as f:
            arrays = {k: f[k] for k in f.files}
    except FileNotFoundError:
        raise
    except Exception as exc:  # BadZipFile (CRC), zlib.error, EOFError, and the header parser's TokenError/SyntaxError
        raise CorruptFileError(path, f"not a readable .npz file (truncated or corrupted): {exc}{_at()}") from None
    # Ours is exactly "<key>=<64 hex digits>": one of that length or with our prefix that differs is damaged.
    ours = comment.startswith("gorgonia.") or len(comment) == len(SHA256_KEY) + 65
    if ours and f"{SHA256_KEY}={digest(arrays)}" != comment:
        raise CorruptFileError(path, f"truncated or corrupted: its arrays fail the sha256 saved with them{_at()}")
    return arrays
