"""Training conveniences: ``fit`` (epochs, batches, progress bar), saving/loading learnables, re-initialising.

>>> import gorgonia_mlir as G, numpy as np
>>> g = G.Graph()
>>> x = G.matrix(g, G.Float32, shape=(8, 2), name="x"); y = G.vector(g, G.Float32, shape=(8,), name="y")
>>> w = G.vector(g, G.Float32, shape=(2,), name="w", init=G.zeroes())
>>> cost = G.mean(G.square(G.mul(x, w) - y)); _ = G.grad(cost, [w])
>>> m = G.TapeMachine(g, solver=G.VanillaSolver(learn_rate=0.1), outputs=[cost])
>>> X = np.ones((32, 2), np.float32); Y = np.full(32, 2.0, np.float32)
>>> history = G.fit(m, [x, y], [X, Y], epochs=3, progress=False)
>>> len(history.epochs)
3
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from tqdm.auto import tqdm

from . import checkpoint
from .arguments import file_path, node_list, reject_unknown
from .errors import ExecutionError, GraphError
from .graph import Graph, Node
from .location import user_location
from .machine import TapeMachine, let


@dataclass
class History:
    """Losses seen by ``fit``: one per step and the mean of each epoch."""

    steps: list[float] = field(default_factory=list)
    epochs: list[float] = field(default_factory=list)


def fit(
    machine: TapeMachine,
    inputs: Sequence[Node],
    data: Sequence[np.ndarray],
    epochs: int = 1,
    batch_size: int | None = None,
    shuffle: bool = True,
    seed: int = 0,
    loss: Node | None = None,
    progress: bool | None = None,
    **unknown,
) -> History:
    """Train ``machine`` (a TapeMachine with a solver) on ``data`` for ``epochs`` passes.

    ``inputs[i]`` receives mini-batches of ``data[i]`` along axis 0; the batch size is the input nodes'
    leading dimension (graphs have static shapes), and a last incomplete batch is dropped. Each epoch
    visits the examples in a seeded random order (``shuffle``). A tqdm bar shows the running loss;
    ``progress=None`` shows it only on a terminal. Returns the loss history.
    """
    loc = user_location()
    reject_unknown("fit", unknown, fit, loc)
    if not isinstance(machine, TapeMachine):
        raise GraphError(f"fit: expects a TapeMachine, got {type(machine).__name__} [at {loc}]")
    loss = loss if loss is not None else machine.cost
    if loss is None:
        raise GraphError(f"fit: the machine has no solver; pass loss= or build it with solver= [at {loc}]")
    if not isinstance(loss, Node):
        raise GraphError(f"fit: loss must be a graph node, got {type(loss).__name__} [at {loc}]")
    inputs = node_list("fit", "inputs", inputs, machine.graph, loc)
    if isinstance(data, (np.ndarray, str, bytes)) or not isinstance(data, Iterable):
        what = f"an array of shape {data.shape}" if isinstance(data, np.ndarray) else type(data).__name__
        raise GraphError(f"fit: data must be a list of arrays, one per input node, got {what}; write [X, Y] [at {loc}]")
    data = list(data)
    if len(inputs) != len(data) or not inputs:
        raise GraphError(f"fit: {len(inputs)} input nodes but {len(data)} data arrays [at {loc}]")
    _check_count("epochs", epochs, 0, loc)
    if batch_size is not None:
        _check_count("batch_size", batch_size, 1, loc)
    for node in inputs:
        if node.kind != "input":
            raise GraphError(
                f"fit: input {node.name!r} is a {node.kind} node; fit feeds input nodes (made without init=) [at {loc}]"
            )
        if not node.shape:
            raise GraphError(f"fit: input {node.name!r} is a scalar; fit feeds mini-batches along axis 0 [at {loc}]")
    data = [_as_batches(node, d, loc) for node, d in zip(inputs, data, strict=True)]
    first, n = inputs[0], len(data[0])
    batch = first.shape[0]
    if batch_size is not None and batch_size != batch:
        raise GraphError(
            f"fit: batch_size={batch_size} but input {first.name!r} has shape {first.shape}; "
            f"the graph's batch dimension decides it [at {loc}]"
        )
    for node, arr in zip(inputs, data, strict=True):
        if len(arr) != n:
            raise GraphError(
                f"fit: data for {node.name!r} has {len(arr)} examples, data for {first.name!r} has {n} [at {loc}]"
            )
        if node.shape[0] != batch:
            raise GraphError(
                f"fit: inputs {first.name!r} {first.shape} and {node.name!r} {node.shape} differ in their batch "
                f"dimension (axis 0) [at {loc}]"
            )
        if arr.shape[1:] != node.shape[1:]:
            raise GraphError(
                f"fit: input {node.name!r} has shape {node.shape}, data rows have shape {arr.shape[1:]} [at {loc}]"
            )
    if n < batch:
        raise GraphError(
            f"fit: {n} examples are fewer than one batch of {batch} (the leading dimension of input "
            f"{first.name!r}: {first.shape}) [at {loc}]"
        )
    rng = np.random.default_rng(seed)
    history = History()
    steps = n // batch
    disable = None if progress is None else not progress
    with tqdm(total=epochs * steps, disable=disable, unit="step", leave=False) as bar:
        for epoch in range(epochs):
            order = rng.permutation(n) if shuffle else np.arange(n)
            total = 0.0
            for s in range(steps):
                idx = order[s * batch : (s + 1) * batch]
                for node, arr in zip(inputs, data, strict=True):
                    node._value = np.ascontiguousarray(arr[idx])
                    node._holder = None
                machine.run_all()
                value = float(loss.value)
                if not np.isfinite(value):
                    raise ExecutionError(f"fit: the loss became {value} at epoch {epoch + 1}, step {s + 1}")
                history.steps.append(value)
                total += value
                bar.set_postfix(epoch=epoch + 1, loss=f"{value:.4f}")
                bar.update()
            history.epochs.append(total / steps)
    return history


def _check_count(label: str, value, least: int, loc) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
        kind = "a positive int" if least == 1 else f"an int >= {least}"
        raise GraphError(f"fit: {label} must be {kind}, got {value!r} [at {loc}]")


def _as_batches(node: Node, values, loc) -> np.ndarray:
    """``values`` as an array of ``node``'s dtype with examples along axis 0, or a GraphError naming the node."""
    try:
        arr = np.asarray(values)
        if arr.dtype.kind not in "biuf":
            raise ValueError(
                f"an array of {arr.dtype} such as {arr.flat[0]!r}" if arr.size else f"an {arr.dtype} array"
            )
        arr = arr.astype(node.dtype.np, copy=False)
    except (ValueError, TypeError) as exc:
        raise GraphError(f"fit: data for {node.name!r} cannot be used as {node.dtype}: {exc} [at {loc}]") from None
    if arr.ndim == 0:
        raise GraphError(f"fit: data for {node.name!r} is a single value; give one row per example [at {loc}]")
    return arr


def _learnables(what) -> list[Node]:
    if isinstance(what, Graph):
        return list(what.learnables)
    if isinstance(what, TapeMachine):
        return list(what.graph.learnables)
    loc = user_location()
    nodes = node_list("learnables", "what", [what] if isinstance(what, Node) else what, None, loc)
    for n in nodes:
        if n.kind != "learnable":
            raise GraphError(f"expected learnable nodes, got {n!r} [at {loc}]")
    return nodes


def save_learnables(path: str | os.PathLike, what) -> None:
    """Save the values of a graph's learnables (or of the given ones), with solver and batch-norm state.

    ``.npz`` and ``.safetensors`` files; keys are node names. The write is crash-safe: a process
    killed mid-save leaves the previous file intact (temporary file, fsync, rename). A
    ``.safetensors`` file carries a sha256 of its tensors in its metadata (``checkpoint.SHA256_KEY``),
    an ``.npz`` file in its zip comment (besides the members' CRC-32s); ``load_learnables`` checks it.

    >>> import gorgonia_mlir as G, os, tempfile
    >>> g = G.Graph(); w = G.vector(g, G.Float32, shape=(3,), name="w", init=G.ones())
    >>> G.save_learnables(os.path.join(tempfile.mkdtemp(), "w.safetensors"), g)
    """
    loc = user_location()
    path = file_path("save_learnables", path, reading=False, loc=loc)
    if not path.endswith((".safetensors", ".npz")):
        raise GraphError(f"save_learnables: {path!r}: use a .npz or .safetensors file name [at {loc}]")
    checkpoint.save({n.name: np.array(n.value, order="C") for n in _learnables(what)}, path)


def load_learnables(path: str | os.PathLike, what, strict: bool = True) -> None:
    """Set learnables from a file written by ``save_learnables``; machines upload them on their next run.

    With ``strict`` every learnable must be in the file, with its shape and dtype. A truncated or
    corrupted file raises ``CorruptFileError`` naming it.
    """
    loc = user_location()
    path = file_path("load_learnables", path, reading=True, loc=loc)
    if not path.endswith((".safetensors", ".npz")):
        raise GraphError(f"load_learnables: {path!r}: use a .npz or .safetensors file name [at {loc}]")
    arrays = checkpoint.load(path)
    for n in _learnables(what):
        if n.name not in arrays:
            if strict:
                raise GraphError(f"load_learnables: {path} has no value for learnable {n.name!r} [at {loc}]")
            continue
        let(n, arrays[n.name])


def reinitialize(what) -> None:
    """Give learnables fresh values from their initialisers (solver state returns to its start too).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); w = G.vector(g, G.Float32, shape=(3,), name="w", init=G.ones())
    >>> G.reinitialize(g)
    """
    from .initializers import evaluate

    for n in _learnables(what):
        let(n, evaluate(n.init, n.ttype, n.name))
