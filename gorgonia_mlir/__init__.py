"""gorgonia-mlir: Gorgonia's explicit computation graphs, compiled through MLIR and IREE.

>>> import gorgonia_mlir as G
>>> g = G.Graph()
>>> x = G.scalar(g, G.Float64, name="x")
>>> y = G.scalar(g, G.Float64, name="y")
>>> z = G.add(x, y)
>>> m = G.TapeMachine(g)
>>> G.let(x, 2.0); G.let(y, 2.5)
>>> m.run_all()
>>> float(z.value)
4.5
"""

from . import pydialects  # noqa: F401 - lets the MLIR bindings find the gorgonia dialect's module
from .autodiff import backprop, grad, jvp
from .compiler import DEFAULT_PASSES, TARGETS, compile_module
from .dtypes import Bool, Dtype, Float32, Float64, Int32, Int64
from .errors import CompileError, CorruptFileError, ExecutionError, GorgoniaError, GraphError, SymDiffError
from .errors import MissingFileError
from .graph import Graph, Node, matrix, scalar, tensor, vector
from .initializers import (
    gaussian,
    glorot_n,
    glorot_u,
    he_n,
    he_u,
    ones,
    ranged_from,
    set_seed,
    uniform,
    values_of,
    zeroes,
)
from .machine import Function, TapeMachine, function, let
from .export import Exported, export, learnable_values, save_parameters
# The op builders: every name each family module lists in its ``__all__`` (builders/<family>.py).
from .builders.core import *  # noqa: F403
from .builders.elementwise import *  # noqa: F403
from .builders.activations import *  # noqa: F403
from .builders.broadcast import *  # noqa: F403
from .builders.nn import *  # noqa: F403
from .builders.norm import *  # noqa: F403
from .builders.random import *  # noqa: F403
from .builders.reductions import *  # noqa: F403
from .builders.shape import *  # noqa: F403
from .training import History, fit, load_learnables, reinitialize, save_learnables
from .solvers import (
    AdaGradSolver,
    AdamSolver,
    AdamW,
    BarzilaiBorweinSolver,
    Momentum,
    RMSPropSolver,
    Solver,
    VanillaSolver,
)

from gorgonia_runtime import __version__  # one version for both distributions (setup.py)


def to_mlir(g: Graph, *, debug_info: bool = False) -> str:
    """The graph as text in the ``gorgonia`` dialect, before any lowering.

    The function takes every input, returns every sink (node no other op uses) and performs the graph's
    state updates (``gorgonia.assign``, e.g. batch-norm running statistics).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.vector(g, G.Float32, shape=(2,), name="x"); y = G.exp(x)
    >>> "gorgonia.exp" in G.to_mlir(g)
    True
    """
    module = g.extract(g.inputs, g.sinks(), g.name, effects=g.effects_for(eval_mode=False))
    return module.operation.get_asm(enable_debug_info=debug_info)


# The public API, grouped as docs/api.md lists it (tests/test_public_api.py compares the two).
from . import builders as _builders  # noqa: E402

__all__ = [
    # graph
    "Graph",
    "Node",
    "scalar",
    "vector",
    "matrix",
    "tensor",
    "to_mlir",
    # initialisers
    "zeroes",
    "ones",
    "values_of",
    "ranged_from",
    "gaussian",
    "uniform",
    "glorot_n",
    "glorot_u",
    "he_n",
    "he_u",
    "set_seed",
    # machines
    "TapeMachine",
    "Function",
    "function",
    "let",
    "compile_module",
    "DEFAULT_PASSES",
    "TARGETS",
    # ops: each family's builders, in builders.FAMILIES order
    *(name for family in _builders.FAMILIES for name in family.__all__),
    # autodiff
    "grad",
    "backprop",
    "jvp",
    # training
    "fit",
    "History",
    "save_learnables",
    "load_learnables",
    "reinitialize",
    # solvers
    "Solver",
    "VanillaSolver",
    "Momentum",
    "AdaGradSolver",
    "RMSPropSolver",
    "AdamSolver",
    "AdamW",
    "BarzilaiBorweinSolver",
    # export
    "export",
    "Exported",
    "learnable_values",
    "save_parameters",
    # errors
    "GorgoniaError",
    "GraphError",
    "SymDiffError",
    "CompileError",
    "ExecutionError",
    "MissingFileError",
    "CorruptFileError",
    # dtypes
    "Dtype",
    "Float32",
    "Float64",
    "Int32",
    "Int64",
    "Bool",
]


def _check_signatures(namespace: dict) -> None:
    # Op builders raise GraphError, not TypeError, for arguments they do not take (arguments.signature_checked).
    import inspect

    from . import arguments, builders

    families = {family.__name__ for family in builders.FAMILIES}
    wrapped: dict[int, object] = {}  # aliases (relu = rectify) stay one object
    for key in namespace["__all__"]:
        fn = namespace[key]
        if inspect.isfunction(fn) and fn.__module__ in families:
            if id(fn) not in wrapped:
                wrapped[id(fn)] = arguments.signature_checked(fn)
            namespace[key] = wrapped[id(fn)]


_check_signatures(globals())
