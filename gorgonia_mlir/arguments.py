"""Checks of what users pass to the public entry points: keywords, node lists, file paths, op arguments.

Each raises a typed error naming the entry point, what was wrong and the caller's file:line, instead of
the ``TypeError``/``AttributeError`` Python would raise somewhere deeper.

>>> import gorgonia_mlir as G
>>> g = G.Graph(); x = G.vector(g, G.Float32, shape=(2,), name="x"); y = G.exp(x)
>>> G.TapeMachine(g, eval=True)
Traceback (most recent call last):
...
gorgonia_mlir.errors.GraphError: TapeMachine: 'eval' is not an option of TapeMachine (did you mean 'eval_mode'?); ...
"""

from __future__ import annotations

import difflib
import functools
import inspect
import numbers
import os
from collections.abc import Callable, Iterable

import numpy as np

from .errors import GraphError, MissingFileError
from .location import SourceLoc, user_location


def options_of(fn: Callable) -> list[str]:
    """The keyword arguments ``fn`` takes (its named parameters, without ``self`` and ``**kwargs``)."""
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return [p.name for p in inspect.signature(fn).parameters.values() if p.kind in kinds and p.name != "self"]


def did_you_mean(key: str, choices: Iterable[str]) -> str:
    """`` (did you mean '<nearest choice>'?)``, or ``""`` when no choice is close to ``key``.

    >>> did_you_mean("learnrate", ["learn_rate", "clip"])
    " (did you mean 'learn_rate'?)"
    """
    near = difflib.get_close_matches(key, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {near[0]!r}?)" if near else ""


def reject_unknown(
    what: str, unknown: dict, fn: Callable, loc: SourceLoc | None = None, also: Iterable[str] = ()
) -> None:
    """GraphError when ``unknown`` (a ``**kwargs`` catch-all) is not empty: lists what ``fn`` takes (and the
    keywords ``also`` it passes on) and suggests the nearest name.

    >>> def f(x, *, outputs=None, **unknown): reject_unknown("f", unknown, f)
    >>> f(1, output=[])
    Traceback (most recent call last):
    ...
    gorgonia_mlir.errors.GraphError: f: 'output' is not an option of f (did you mean 'outputs'?); f takes x, outputs ...
    """
    if not unknown:
        return
    accepted = [*options_of(fn), *also]
    problems = []
    for key in unknown:
        problems.append(f"{key!r} is not an option of {what}{did_you_mean(key, accepted)}")
    raise GraphError(f"{what}: {'; '.join(problems)}; {what} takes {', '.join(accepted)} [at {loc or user_location()}]")


def signature_checked(fn: Callable) -> Callable:
    """``fn``, raising GraphError (naming the op, what it takes and the caller's file:line) where Python would
    raise its TypeError for arguments ``fn`` does not take: unknown keywords, too many or missing ones.

    The signature is bound only after a TypeError, so a correct call costs one extra frame.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.vector(g, G.Float32, shape=(3,), name="x")
    >>> G.sum(x, keepdim=True)
    Traceback (most recent call last):
    ...
    gorgonia_mlir.errors.GraphError: sum: 'keepdim' is not an option of sum (did you mean 'keepdims'?); ...
    """
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except TypeError:
            try:
                signature.bind(*args, **kwargs)
            except TypeError as exc:  # the arguments do not fit: fn's body never ran
                options = options_of(fn)
                reject_unknown(fn.__name__, {k: v for k, v in kwargs.items() if k not in options}, fn)
                bare = signature.replace(  # what it takes, without annotations: "(x, *along, keepdims=False)"
                    parameters=[p.replace(annotation=p.empty) for p in signature.parameters.values()],
                    return_annotation=signature.empty,
                )
                raise GraphError(f"{fn.__name__}: {exc}; it takes {bare} [at {user_location()}]") from None
            raise  # a TypeError from inside fn, not from its arguments

    return call


def node_list(what: str, label: str, value, graph=None, loc: SourceLoc | None = None) -> list:
    """``value`` as a list of graph nodes (all of ``graph`` when given), or a GraphError saying why not."""
    from .graph import Node

    loc = loc or user_location()
    if isinstance(value, Node):
        raise GraphError(
            f"{what}: {label} must be a list of nodes, got the node {value.name!r}; write [{value.name}] [at {loc}]"
        )
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise GraphError(f"{what}: {label} must be a list of nodes, got {type(value).__name__} {value!r} [at {loc}]")
    nodes = list(value)
    for n in nodes:
        if not isinstance(n, Node):
            raise GraphError(f"{what}: {label} must hold graph nodes, got {type(n).__name__} {n!r} [at {loc}]")
        if graph is not None and n.graph is not graph:
            raise GraphError(
                f"{what}: {label}: node {n.name!r} belongs to graph {n.graph.name!r}, not to graph {graph.name!r} "
                f"[at {loc}]"
            )
    return nodes


def str_list(what: str, label: str, value, loc: SourceLoc | None = None) -> tuple[str, ...]:
    """``value`` (a list of strings, not one string) as a tuple, or a GraphError."""
    loc = loc or user_location()
    if isinstance(value, str) or not isinstance(value, Iterable) or not all(isinstance(v, str) for v in value):
        raise GraphError(f"{what}: {label} must be a list of strings, got {value!r}; write {label}=[...] [at {loc}]")
    return tuple(value)


def file_path(what: str, path, *, reading: bool, loc: SourceLoc | None = None) -> str:
    """``path`` as a str; MissingFileError when the file to read (or the folder to write into) is absent."""
    loc = loc or user_location()
    if not isinstance(path, (str, os.PathLike)):
        raise GraphError(
            f"{what}: the path must be a str or os.PathLike, got {type(path).__name__} {path!r} [at {loc}]"
        )
    path = os.fspath(path)
    if reading and not os.path.isfile(path):
        raise MissingFileError(path, f"{what}: no such file {path!r} [at {loc}]")
    folder = os.path.dirname(os.path.abspath(path))
    if not reading and not os.path.isdir(folder):
        raise MissingFileError(
            folder, f"{what}: cannot write {path!r}: the folder {folder!r} does not exist [at {loc}]"
        )
    return path


# ---- op arguments: what the builders (gorgonia_mlir/builders/) check before they add an op ------------------


def need_node(op: str, x):
    """``x`` when it is a graph node, else a GraphError naming the op."""
    from .graph import Node  # graph imports this module: a top-level import would be circular

    if not isinstance(x, Node):
        raise GraphError(f"{op}: operand must be a graph node, got {type(x).__name__} [at {user_location()}]")
    return x


def need_float_node(op: str, x):
    """``x`` when it is a Float32/Float64 graph node, else a GraphError naming the op (and the node)."""
    need_node(op, x)
    if not x.dtype.is_float:
        raise GraphError(f"{op}: expects a float node, got {x.name!r}: {x.ttype} [at {user_location()}]")
    return x


def node_context(x) -> str:
    """The tail of a builder's error message about node ``x``: ``(node 'x': Float32[2, 3]) [at file:line]``."""
    return f"(node {x.name!r}: {x.ttype}) [at {user_location()}]"


def _is_integer(v) -> bool:
    return isinstance(v, (numbers.Integral, np.integer)) and not isinstance(v, bool)


def is_i64(v) -> bool:
    """Whether ``v`` is an integer (not a bool) that an MLIR i64 attribute holds."""
    return _is_integer(v) and -(2**63) <= v < 2**63


def as_int_list(op: str, values, what: str, x=None) -> tuple[int, ...]:
    """``values`` (an int or a sequence of 64-bit ints) as a tuple of ints, or a GraphError naming the op
    (and node ``x``)."""
    items = (values,) if isinstance(values, (numbers.Integral, np.integer)) else values
    try:
        items = tuple(items)
    except TypeError:
        items = None
    if items is None or not all(is_i64(v) for v in items):
        node = f" (node {x.name!r}: {x.ttype})" if x is not None else ""
        size = " (of 64 bits)" if items is not None and all(_is_integer(v) for v in items) else ""
        got = items if items is not None else values
        raise GraphError(f"{op}: {what} must be integers{size}, got {got!r}{node} [at {user_location()}]")
    return tuple(int(v) for v in items)


def as_int(op: str, value, what: str, x=None) -> int:
    """``value`` as an int (64-bit; not a bool, float or string), or a GraphError naming the op (and node ``x``)."""
    if not is_i64(value):
        size = " of 64 bits" if _is_integer(value) else ""
        node = f" (node {x.name!r}: {x.ttype})" if x is not None else ""
        raise GraphError(f"{op}: {what} must be an integer{size}, got {value!r}{node} [at {user_location()}]")
    return int(value)


def as_real(op: str, value, what: str) -> float:
    """``value`` as a float (an int or float, not a bool or string), or a GraphError naming the op."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise GraphError(f"{op}: {what} must be a real number, got {value!r} [at {user_location()}]")
    return float(value)


def as_axes(op: str, x, along) -> tuple[int, ...]:
    """The reduction axes ``along`` of node ``x`` (``G.sum(x, 0, 1)`` or ``G.sum(x, (0, 1))``; none: every
    axis) as ints, or a GraphError naming the op. Their range is checked by the op table."""
    if len(along) == 1 and isinstance(along[0], (tuple, list)):
        along = tuple(along[0])
    if not along:
        return tuple(range(x.ndim))
    for a in along:
        if isinstance(a, bool) or not isinstance(a, (int, np.integer)):
            raise GraphError(f"{op}: axes must be integers, got {a!r} [at {user_location()}]")
    return tuple(int(a) for a in along)
