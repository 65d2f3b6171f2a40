"""Crash-safe file writes: a temporary file in the target's directory, fsync, rename over the target.

A process killed at any moment leaves either the old file or the new one at ``path``, never a torn
one (``os.replace`` is atomic on POSIX and Windows within one file system, and the fsyncs make the
new contents and the rename durable before the call returns). Lives in the runtime package because
both it (``gorgonia-run --output``) and ``gorgonia_mlir`` (checkpoints, exports, the compile cache)
write user-visible files.

>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "weights.bin")
>>> write_bytes(path, b"new")
>>> with atomic_path(path) as tmp:
...     _ = open(tmp, "wb").write(b"newer")
>>> open(path, "rb").read()
b'newer'
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator


def _fsync_path(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(directory: str) -> None:
    # Makes the rename itself durable; some platforms (Windows) cannot open a directory: best effort.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, suffix: str | None = None) -> Iterator[str]:
    """Yield a temporary path next to ``path``; on a clean exit it replaces ``path``, else it is removed.

    For writers that want a file name (``safetensors.numpy.save_file``, ``np.savez``, IREE's archive
    writer). The temporary name ends with ``suffix`` (default: ``path``'s own extension), because
    some writers append their extension to names without it.

    >>> import os, tempfile, numpy as np
    >>> path = os.path.join(tempfile.mkdtemp(), "state.npz")
    >>> with atomic_path(path) as tmp:
    ...     np.savez(tmp, w=np.ones(3))
    >>> sorted(np.load(path).files)
    ['w']
    """
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    if suffix is None:
        suffix = os.path.splitext(path)[1]
    # Not mkstemp: its 0600 mode would stick to the target; O_EXCL + 0666 gets the umask's mode.
    tmp = os.path.join(directory, f".{os.path.basename(path)}.{secrets.token_hex(6)}.tmp{suffix}")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    mode = os.stat(tmp).st_mode & 0o777
    try:
        yield tmp
        if os.stat(tmp).st_mode & 0o777 != mode:  # a writer that made its own file (safetensors: 0600)
            os.chmod(tmp, mode)
        _fsync_path(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(directory)


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` crash-safely (old or new contents, never a torn file).

    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "m.vmfb"); write_bytes(p, b"abc"); os.path.getsize(p)
    3
    """
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        f.write(data)
