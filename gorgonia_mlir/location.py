"""The user's file:line for each node, found by walking out of this package's frames."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

_PKG_DIR = os.path.dirname(os.path.abspath(__file__))


@dataclass(frozen=True)
class SourceLoc:
    """Where the user created something: ``file:line``."""

    file: str
    line: int
    col: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


def user_location() -> SourceLoc:
    """The innermost stack frame outside the gorgonia_mlir package."""
    frame = sys._getframe(1)
    while frame is not None:
        path = os.path.abspath(frame.f_code.co_filename)
        if not path.startswith(_PKG_DIR + os.sep):
            return SourceLoc(frame.f_code.co_filename, frame.f_lineno)
        frame = frame.f_back
    return SourceLoc("<unknown>", 0)


def describe(loc) -> str:
    """Render an MLIR ``Location`` as ``file:line`` where it has one."""
    text = str(loc)
    if text.startswith('loc("'):
        body = text[5:].rstrip(")")
        name, _, rest = body.partition('"')
        line = rest.lstrip(":").split(":")[0]
        return f"{name}:{line}"
    return text
