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
from .ops import (
    add,
    broadcast_to,
    eq,
    exp,
    gt,
    gte,
    hadamard_div,
    hadamard_prod,
    log,
    lt,
    lte,
    mean,
    mul,
    ne,
    neg,
    outer_prod,
    pow,
    rectify,
    relu,
    reshape,
    sigmoid,
    sqrt,
    square,
    sub,
    sum,
    tanh,
    transpose,
)
from .nn_ops import (
    average_pool1d,
    average_pool2d,
    avg_pool1d,
    avg_pool2d,
    binary_xent,
    conv1d,
    conv2d,
    conv_transpose2d,
    cross_entropy,
    global_average_pool2d,
    im2col,
    log_softmax,
    max_pool1d,
    max_pool2d,
    softmax,
    sparsemax,
)
from .reductions_ops import argmax, argmin, batched_matmul, log_sum_exp, max, min, norm, prod, tensordot
from .shape_ops import (
    S,
    at,
    by_indices,
    concat,
    conv_type,
    diag_flat,
    embedding,
    ravel,
    slice,
    unconcat,
    upsample2d,
)

from .activation_ops import *  # noqa: F403 - the elementwise family, listed in its __all__
from .norm_ops import BatchNormState, batch_norm, dropout, group_norm
from .random_ops import binomial_random, gaussian_random, uniform_random
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

# Op builders raise GraphError, not TypeError, for arguments they do not take (arguments.signature_checked).
import inspect as _inspect

from . import activation_ops as _a, arguments as _args, nn_ops as _n, norm_ops as _m, ops as _o, random_ops as _r
from . import reductions_ops as _d, shape_ops as _s


def _check_signatures(namespace: dict) -> None:
    modules = {m.__name__ for m in (_a, _n, _m, _o, _r, _d, _s)}
    wrapped: dict[int, object] = {}  # aliases (relu = rectify) stay one object
    for key, fn in list(namespace.items()):
        if not key.startswith("_") and _inspect.isfunction(fn) and fn.__module__ in modules:
            if id(fn) not in wrapped:
                wrapped[id(fn)] = _args.signature_checked(fn)
            namespace[key] = wrapped[id(fn)]


_check_signatures(globals())


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


__all__ = [name for name in dir() if not name.startswith("_")]
