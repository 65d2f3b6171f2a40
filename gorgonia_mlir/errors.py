"""Typed errors. Every error a user can cause is one of these, never a raw MLIR/IREE failure."""


class GorgoniaError(Exception):
    """Base class of every error raised by gorgonia_mlir."""


class GraphError(GorgoniaError, ValueError):
    """A graph cannot be built as asked: wrong shapes, dtypes, attributes or nodes.

    The message names the op, the shapes/dtypes involved and the user's file:line.
    """


class SymDiffError(GraphError):
    """A gradient was asked through an op that has no derivative (Gorgonia's SymDiffError)."""


class CompileError(GorgoniaError):
    """MLIR or IREE failed to compile a graph; ``diagnostics`` holds the compiler's output."""

    def __init__(self, message: str, diagnostics: str = ""):
        super().__init__(message + (f"\n{diagnostics}" if diagnostics else ""))
        self.diagnostics = diagnostics


class ExecutionError(GorgoniaError, RuntimeError):
    """Running a compiled graph failed (missing inputs, wrong values, runtime failure)."""


class CorruptFileError(GorgoniaError, ValueError):
    """A file this library reads (checkpoint, parameter archive) is truncated, corrupted or not of its format.

    ``path`` names the file; the message says what is wrong with it.
    """

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path


class MissingFileError(GorgoniaError, FileNotFoundError):
    """A file to read, or the folder to write one into, does not exist; ``path`` names it.

    A ``FileNotFoundError`` too, so ``except FileNotFoundError`` keeps working.
    """

    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path = path
