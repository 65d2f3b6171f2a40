"""Gorgonia's explicit broadcasting: ``broadcast_*(a, b, left_pattern, right_pattern)`` (its ``Broadcast*``)
and ``auto(op, a, b)``.

A pattern lists the result axes along which that operand is repeated; the operand is reshaped to size 1
there and the elementwise op broadcasts it (numpy's rules), so these add no op of their own.
``auto`` picks the patterns by numpy's rules.

>>> import gorgonia_mlir as G
>>> g = G.Graph(); x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
>>> v = G.vector(g, G.Float32, shape=(2,), name="v")
>>> G.broadcast_add(x, v, None, [1]).shape
(2, 3)
"""

from __future__ import annotations

from ..arguments import as_int_list
from ..errors import GraphError
from ..graph import Node
from ..location import user_location
from . import elementwise as ew
from .core import coerce, reshape

__all__ = [
    "auto",
    "broadcast_add",
    "broadcast_eq",
    "broadcast_gt",
    "broadcast_gte",
    "broadcast_hadamard_div",
    "broadcast_hadamard_prod",
    "broadcast_lt",
    "broadcast_lte",
    "broadcast_ne",
    "broadcast_pow",
    "broadcast_sub",
]


def _expand(op: str, x: Node, pattern, rank: int) -> Node:
    """``x`` reshaped so that the result axes in ``pattern`` are size 1 (to be repeated)."""
    if pattern is None:
        return x
    pattern = sorted(set(as_int_list(op, pattern, "pattern", x)))
    if any(not 0 <= p < rank for p in pattern):
        raise GraphError(
            f"{op}: pattern {pattern} names axes outside the result's {rank} axes (node {x.name!r}: "
            f"{x.ttype}) [at {user_location()}]"
        )
    if x.ndim == rank:
        if any(x.shape[p] != 1 for p in pattern):
            raise GraphError(
                f"{op}: node {x.name!r} {x.shape} is not size 1 on the broadcast axes {pattern} [at {user_location()}]"
            )
        return x
    if x.ndim + len(pattern) != rank:
        raise GraphError(
            f"{op}: node {x.name!r} {x.shape} with pattern {pattern} does not reach rank {rank} [at {user_location()}]"
        )
    dims = iter(x.shape)
    return reshape(x, tuple(1 if i in pattern else next(dims) for i in range(rank)))


def _broadcasting(name: str, fn, with_ret_same: bool = False):
    def broadcast(a, b, *args, **kwargs):
        ret_same = kwargs.pop("ret_same", False)
        if with_ret_same and args and isinstance(args[0], bool):
            ret_same, args = args[0], args[1:]
        left, right = (list(args) + [None, None])[:2]
        left = kwargs.pop("left_pattern", left)
        right = kwargs.pop("right_pattern", right)
        if kwargs:
            raise GraphError(f"{name}: unexpected arguments {sorted(kwargs)} [at {user_location()}]")
        a, b = coerce(name, a, b)
        rank = max(a.ndim + len(left or ()), b.ndim + len(right or ()))
        a, b = _expand(name, a, left, rank), _expand(name, b, right, rank)
        return fn(a, b, ret_same=ret_same) if with_ret_same else fn(a, b)

    broadcast.__name__ = broadcast.__qualname__ = name
    broadcast.__doc__ = (
        f"Gorgonia's ``{name}``: ``G.{name}(a, b{', ret_same' if with_ret_same else ''}, left_pattern, "
        f"right_pattern)``; each pattern lists the result axes along which that operand is repeated "
        f"(None: numpy's rules, as ``G.auto``)."
    )
    return broadcast


broadcast_add = _broadcasting("broadcast_add", ew.add)
broadcast_sub = _broadcasting("broadcast_sub", ew.sub)
broadcast_hadamard_prod = _broadcasting("broadcast_hadamard_prod", ew.hadamard_prod)
broadcast_hadamard_div = _broadcasting("broadcast_hadamard_div", ew.hadamard_div)
broadcast_pow = _broadcasting("broadcast_pow", ew.pow)
broadcast_lt = _broadcasting("broadcast_lt", ew.lt, True)
broadcast_gt = _broadcasting("broadcast_gt", ew.gt, True)
broadcast_lte = _broadcasting("broadcast_lte", ew.lte, True)
broadcast_gte = _broadcasting("broadcast_gte", ew.gte, True)
broadcast_eq = _broadcasting("broadcast_eq", ew.eq, True)
broadcast_ne = _broadcasting("broadcast_ne", ew.ne, True)


def auto(op, a, b, **kwargs) -> Node:
    """Gorgonia's ``Auto(op, a, b)``: a broadcasting op with its patterns inferred (numpy's rules).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
    >>> v = G.vector(g, G.Float32, shape=(3,), name="v")
    >>> G.auto(G.broadcast_hadamard_prod, x, v).shape
    (2, 3)
    """
    return op(a, b, **kwargs)
