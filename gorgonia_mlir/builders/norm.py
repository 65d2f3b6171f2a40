"""Training-time layers with state or randomness: ``dropout``, ``batch_norm``, ``group_norm``.

They are composites of table ops, so their gradients come from the op rules. Mode-dependent parts use
``gorgonia.mode_select`` (resolved when a machine is compiled in train or eval mode) and running
statistics are state learnables updated by ``gorgonia.assign`` in train mode only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import initializers as init
from ..arguments import as_int, as_real, need_float_node
from ..errors import GraphError
from ..graph import Node, learnable
from ..location import user_location
from . import core
from . import elementwise as ew
from .random import uniform_random

__all__ = ["BatchNormState", "batch_norm", "dropout", "group_norm"]


def _mode_select(train: Node, eval_: Node) -> Node:
    return train.graph.apply1("mode_select", [train, eval_])


def dropout(x: Node, prob: float, seed: int | None = None, name: str | None = None) -> Node:
    """Inverted dropout (Gorgonia's ``Dropout``): zero each element with probability ``prob`` and scale the
    rest by 1/(1-prob) in train mode; the identity in eval mode (``TapeMachine(g, eval_mode=True)``).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Float32, shape=(4, 8), name="x")
    >>> y = G.dropout(x, 0.5, seed=3)
    """
    need_float_node("dropout", x)
    prob = as_real("dropout", prob, "prob")
    if not 0.0 <= prob < 1.0:
        raise GraphError(f"dropout: prob must be in [0, 1), got {prob} (node {x.name!r}) [at {user_location()}]")
    if prob == 0.0:
        return x
    g = x.graph
    u = uniform_random(g, x.dtype, 0.0, 1.0, x.shape, seed=seed)
    keep = ew.gte(u, prob, ret_same=True) * (1.0 / (1.0 - prob))
    mask = _mode_select(keep, g.constant(np.ones(x.shape), x.dtype))
    return ew.hadamard_prod(x, mask, name=name)


@dataclass
class BatchNormState:
    """Running statistics of a batch norm: state learnables updated in train mode, used in eval mode."""

    running_mean: Node
    running_var: Node
    momentum: float
    eps: float


def _per_channel(v: Node, x: Node) -> Node:
    """A (C,) node, or one already shaped (1, C, 1, ...), reshaped to broadcast against x's channel axis 1."""
    return core.reshape(v, _channel_shape(x))


def _channel_shape(x: Node) -> tuple[int, ...]:
    return (1, x.shape[1]) + (1,) * (x.ndim - 2)


def _param(x: Node, given: Node | None, channels: int, name: str, initial) -> Node:
    if given is None:
        return learnable(x.graph, type(x.ttype)((channels,), x.dtype), x.graph.unique_name(None, name), initial)
    shapes = [(channels,), _channel_shape(x)]  # (C,), or Gorgonia's (1, C, 1, 1) for NCHW inputs
    if not isinstance(given, Node) or given.shape not in shapes or given.dtype != x.dtype:
        what = f"{given.name!r}: {given.ttype}" if isinstance(given, Node) else type(given).__name__
        label = name.rsplit(".", 1)[-1]
        raise GraphError(
            f"batch_norm: {label} must be a {x.dtype} node of shape {shapes[0]} or {shapes[1]} for input "
            f"{x.name!r}: {x.ttype}, got {what} [at {user_location()}]"
        )
    return given


def batch_norm(
    x: Node,
    scale: Node | None = None,
    bias: Node | None = None,
    momentum: float = 0.9,
    eps: float = 1e-5,
    name: str | None = None,
) -> tuple[Node, Node, Node, BatchNormState]:
    """Batch normalisation over (N, C) or (N, C, H, W) inputs (Gorgonia's ``BatchNorm``).

    Train mode normalises with the batch statistics and updates the running ones:
    ``running = momentum·running + (1-momentum)·batch`` (the variance update uses the unbiased batch
    variance); eval mode normalises with the running statistics. ``scale``/``bias`` (γ, β) are created
    as learnables (ones, zeros) when not given; given ones are (C,) or, as in Gorgonia, (1, C, 1, 1) for
    (N, C, H, W) inputs ((1, C) for (N, C)). Returns ``(y, scale, bias, state)``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.tensor(g, G.Float32, shape=(8, 3, 4, 4), name="x")
    >>> y, gamma, beta, state = G.batch_norm(x)
    """
    need_float_node("batch_norm", x)
    if x.ndim not in (2, 4):
        raise GraphError(
            f"batch_norm: expects (N, C) or (N, C, H, W), got {x.name!r}: {x.ttype} [at {user_location()}]"
        )
    momentum, eps = as_real("batch_norm", momentum, "momentum"), as_real("batch_norm", eps, "eps")
    if not 0.0 <= momentum <= 1.0 or not eps > 0:
        raise GraphError(
            f"batch_norm: needs 0 <= momentum <= 1 and eps > 0, got {momentum}, {eps} [at {user_location()}]"
        )
    g, channels = x.graph, x.shape[1]
    axes = (0,) if x.ndim == 2 else (0, 2, 3)
    count = int(np.prod([x.shape[a] for a in axes]))
    base = name or g.unique_name(None, "batch_norm")
    scale = _param(x, scale, channels, f"{base}.scale", init.ones())
    bias = _param(x, bias, channels, f"{base}.bias", init.zeroes())
    stat_type = type(x.ttype)((channels,), x.dtype)
    running_mean = learnable(g, stat_type, f"{base}.running_mean", init.zeroes())
    running_var = learnable(g, stat_type, f"{base}.running_var", init.ones())
    running_mean.trainable = running_var.trainable = False

    batch_mean = core.mean(x, *axes)
    centered = x - _per_channel(batch_mean, x)
    batch_var = core.mean(ew.square(centered), *axes)
    mean = _mode_select(batch_mean, running_mean)
    var = _mode_select(batch_var, running_var)
    normalized = (x - _per_channel(mean, x)) / ew.sqrt(_per_channel(var, x) + eps)
    y = ew.add(normalized * _per_channel(scale, x), _per_channel(bias, x), name=name)

    unbiased = batch_var * (count / max(count - 1, 1))
    g.assign(running_mean, running_mean * momentum + batch_mean * (1.0 - momentum))
    g.assign(running_var, running_var * momentum + unbiased * (1.0 - momentum))
    return y, scale, bias, BatchNormState(running_mean, running_var, momentum, eps)


def group_norm(x: Node, groups: int, scale: Node | None = None, bias: Node | None = None, eps: float = 1e-5) -> Node:
    """Group normalisation (Wu & He 2018) of (N, C, ...) inputs: statistics per sample over each group of
    C/groups channels and all spatial positions, then a per-channel ``scale``·x + ``bias`` when given.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.tensor(g, G.Float32, shape=(2, 4, 3, 3), name="x")
    >>> y = G.group_norm(x, 2)
    """
    need_float_node("group_norm", x)
    groups, eps = as_int("group_norm", groups, "groups"), as_real("group_norm", eps, "eps")
    if x.ndim < 2 or groups <= 0 or x.shape[1] % groups:
        raise GraphError(
            f"group_norm: {groups} groups do not divide the channels of {x.name!r}: {x.ttype} [at {user_location()}]"
        )
    n, c = x.shape[0], x.shape[1]
    grouped = core.reshape(x, (n, groups, -1))
    mean = core.mean(grouped, 2, keepdims=True)
    centered = grouped - mean
    var = core.mean(ew.square(centered), 2, keepdims=True)
    y = core.reshape(centered / ew.sqrt(var + eps), x.shape)
    for param, label in ((scale, "scale"), (bias, "bias")):
        if param is not None and (not isinstance(param, Node) or param.shape != (c,)):
            raise GraphError(f"group_norm: {label} must be a ({c},) node [at {user_location()}]")
    if scale is not None:
        y = y * _per_channel(scale, x)
    if bias is not None:
        y = y + _per_channel(bias, x)
    return y
