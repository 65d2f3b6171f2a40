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
from .builders.core import broadcast_to, mean, mul, outer_prod, reshape, sum, transpose
from .builders.elementwise import (
    abs,
    add,
    ceil,
    cos,
    eq,
    erf,
    exp,
    expm1,
    floor,
    gt,
    gte,
    hadamard_div,
    hadamard_prod,
    log,
    log1p,
    lt,
    lte,
    max_between,
    min_between,
    ndtr,
    ne,
    neg,
    pow,
    rectify,
    relu,
    sigmoid,
    sign,
    sin,
    softplus,
    sqrt,
    square,
    sub,
    tanh,
)
from .builders.activations import (
    SELU_ALPHA,
    SELU_SCALE,
    cube,
    elu,
    gelu,
    inverse,
    inverse_sqrt,
    leaky_relu,
    log2,
    mish,
    selu,
    swish,
)
from .builders.broadcast import (
    auto,
    broadcast_add,
    broadcast_eq,
    broadcast_gt,
    broadcast_gte,
    broadcast_hadamard_div,
    broadcast_hadamard_prod,
    broadcast_lt,
    broadcast_lte,
    broadcast_ne,
    broadcast_pow,
    broadcast_sub,
)
from .builders.nn import (
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
from .builders.norm import BatchNormState, batch_norm, dropout, group_norm
from .builders.random import binomial_random, gaussian_random, uniform_random
from .builders.reductions import argmax, argmin, batched_matmul, log_sum_exp, max, min, norm, prod, tensordot
from .builders.shape import (
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
    # ops: core
    "mul",
    "outer_prod",
    "sum",
    "mean",
    "reshape",
    "transpose",
    "broadcast_to",
    # ops: elementwise
    "neg",
    "exp",
    "log",
    "tanh",
    "sigmoid",
    "rectify",
    "relu",
    "square",
    "sqrt",
    "abs",
    "sign",
    "ceil",
    "floor",
    "sin",
    "cos",
    "log1p",
    "expm1",
    "erf",
    "ndtr",
    "softplus",
    "add",
    "sub",
    "hadamard_prod",
    "hadamard_div",
    "pow",
    "min_between",
    "max_between",
    "lt",
    "gt",
    "lte",
    "gte",
    "eq",
    "ne",
    # ops: activations
    "log2",
    "inverse",
    "inverse_sqrt",
    "cube",
    "leaky_relu",
    "mish",
    "gelu",
    "elu",
    "selu",
    "SELU_ALPHA",
    "SELU_SCALE",
    "swish",
    # ops: broadcast
    "broadcast_add",
    "broadcast_sub",
    "broadcast_hadamard_prod",
    "broadcast_hadamard_div",
    "broadcast_pow",
    "broadcast_lt",
    "broadcast_gt",
    "broadcast_lte",
    "broadcast_gte",
    "broadcast_eq",
    "broadcast_ne",
    "auto",
    # ops: nn
    "conv2d",
    "conv1d",
    "conv_transpose2d",
    "im2col",
    "max_pool2d",
    "max_pool1d",
    "avg_pool2d",
    "avg_pool1d",
    "average_pool2d",
    "average_pool1d",
    "global_average_pool2d",
    "softmax",
    "log_softmax",
    "sparsemax",
    "binary_xent",
    "cross_entropy",
    # ops: norm
    "dropout",
    "batch_norm",
    "BatchNormState",
    "group_norm",
    # ops: random
    "uniform_random",
    "gaussian_random",
    "binomial_random",
    # ops: reductions
    "max",
    "min",
    "prod",
    "log_sum_exp",
    "argmax",
    "argmin",
    "norm",
    "batched_matmul",
    "tensordot",
    # ops: shape
    "S",
    "slice",
    "at",
    "ravel",
    "concat",
    "unconcat",
    "by_indices",
    "embedding",
    "diag_flat",
    "conv_type",
    "upsample2d",
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
