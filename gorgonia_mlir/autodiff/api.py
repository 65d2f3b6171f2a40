"""The user-facing derivative requests: ``grad``, ``backprop`` and ``jvp``.

Each adds one op (``gorgonia.grad`` / ``vjp`` / ``jvp``) to the graph, whose results are ordinary
nodes; the ``gorgonia-autodiff`` pass expands it when the graph is compiled.
"""

from __future__ import annotations

from ..errors import GraphError, SymDiffError
from ..graph import Node
from ..irtools import spec_of
from ..location import user_location


def _nodes(what: str, xs, graph=None) -> list[Node]:
    xs = [xs] if isinstance(xs, Node) else list(xs)
    if not xs:
        raise GraphError(f"{what}: needs at least one node [at {user_location()}]")
    for x in xs:
        if not isinstance(x, Node):
            raise GraphError(f"{what}: {x!r} is not a graph node [at {user_location()}]")
        if graph is not None and x.graph is not graph:
            raise GraphError(f"{what}: node {x.name!r} belongs to another graph [at {user_location()}]")
    return xs


def _check_differentiable(what: str, outputs: list[Node], wrt: list[Node]) -> None:
    """SymDiffError when an output depends on a wrt node only through non-differentiable ops.

    Where a differentiable path exists too, non-differentiable ops contribute zero (as in JAX/PyTorch).
    """
    g = outputs[0].graph
    any_path = {id(w) for w in wrt}
    diff_path = set(any_path)
    blockers = []
    for r in g.records:
        ins = [id(n) for n in r.inputs]
        if any(i in any_path for i in ins):
            any_path.update(id(n) for n in r.outputs)
            if not spec_of(r.op).differentiable:
                blockers.append(r)
            elif any(i in diff_path for i in ins):
                diff_path.update(id(n) for n in r.outputs)
    for o in outputs:
        if id(o) in any_path and id(o) not in diff_path:
            where = ", ".join(f"{r.op.name} at {r.loc}" for r in blockers)
            raise SymDiffError(
                f"{what}: {o.name!r} depends on {', '.join(w.name for w in wrt)} only through "
                f"non-differentiable ops ({where}) [at {user_location()}]"
            )


def grad(cost: Node, wrt) -> list[Node]:
    """Gradient nodes of a scalar ``cost`` with respect to each node of ``wrt`` (Gorgonia's ``Grad``).

    The results are ordinary nodes: use them in further ops, differentiate them again, or read their
    ``.value`` after a run.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.scalar(g, G.Float64, name="x")
    >>> (dx,) = G.grad(x * x * x, [x])
    >>> G.let(x, 2.0); m = G.TapeMachine(g); m.run_all(); float(dx.value)
    12.0
    """
    if not isinstance(cost, Node):
        raise GraphError(f"grad: cost must be a graph node, got {type(cost).__name__} [at {user_location()}]")
    wrt = _nodes("grad", wrt, cost.graph)
    if cost.shape != () or not cost.dtype.is_float:
        raise GraphError(
            f"grad: the cost must be a float scalar, got {cost.name!r}: {cost.ttype}; reduce it "
            f"first, e.g. G.sum(cost) or G.mean(cost) [at {user_location()}]"
        )
    _check_differentiable("grad", [cost], wrt)
    # One single-result request per node: the dialect stays expressible in IRDL (a variadic group would
    # force every wrt to one type), and gorgonia-autodiff expands all requests on a cost in one sweep.
    results = [cost.graph.apply1("grad", [cost, w]) for w in wrt]
    for w, r in zip(wrt, results, strict=True):
        r.name = cost.graph.rename(r, f"grad_{w.name}")
        w.grad_node = r
    return results


def _request(what: str, op: str, outputs, *groups, wrt_group: int) -> list[Node]:
    """Add a vjp/jvp request: ``outputs`` then the other operand groups, with their segment sizes."""
    outputs = _nodes(what, outputs)
    graph = outputs[0].graph
    groups = [_nodes(what, outputs, graph)] + [_nodes(what, group, graph) for group in groups]
    _check_differentiable(what, groups[0], groups[wrt_group])
    attrs = {"operandSegmentSizes": tuple(len(group) for group in groups)}
    return graph.apply(op, [n for group in groups for n in group], attrs)


def backprop(outputs, seeds, wrt) -> list[Node]:
    """Vector–Jacobian product: Σᵢ seedsᵢ · ∂outputsᵢ/∂wrt for each wrt (Gorgonia's ``Backpropagate``).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.vector(g, G.Float64, shape=(2,), name="x")
    >>> s = G.vector(g, G.Float64, shape=(2,), name="s")
    >>> (vx,) = G.backprop([G.square(x)], [s], [x])      # = 2·x·s
    """
    return _request("backprop", "vjp", outputs, seeds, wrt, wrt_group=2)


def jvp(outputs, wrt, tangents) -> list[Node]:
    """Jacobian–vector product (forward mode): ∂outputs/∂wrt · tangents, one node per output.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.vector(g, G.Float64, shape=(2,), name="x")
    >>> v = G.vector(g, G.Float64, shape=(2,), name="v")
    >>> (tx,) = G.jvp([G.exp(x)], [x], [v])              # = exp(x)·v
    """
    return _request("jvp", "jvp", outputs, wrt, tangents, wrt_group=1)


__all__ = ["backprop", "grad", "jvp"]
