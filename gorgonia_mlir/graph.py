"""The computation graph. Every node is built directly as an op of the ``gorgonia`` dialect.

A ``Graph`` owns an MLIR context and a module with one function whose entry block grows as nodes
are added: inputs are block arguments, everything else is a ``gorgonia.*`` op. The Python ``Node``
objects only point into that IR (and remember their operand nodes, so that subgraphs can be
extracted into fresh modules for compilation without touching the user's IR).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import numpy as np
from iree.compiler import ir
from iree.compiler.dialects import func

from . import dtypes as dt
from .arguments import reject_unknown
from .dialect import ShapeError, TType
from .errors import ExecutionError, GraphError
from .irtools import build_op
from .location import SourceLoc, user_location


class _OpRecord:
    """One ``gorgonia.*`` op of the graph, with its operand and result nodes."""

    __slots__ = ("op", "inputs", "outputs", "loc")

    def __init__(self, op, inputs, loc):
        self.op = op
        self.inputs: list[Node] = inputs
        self.outputs: list[Node] = []
        self.loc: SourceLoc = loc


class Node:
    """A node of a graph: an SSA value of the ``gorgonia`` dialect.

    >>> g = Graph()
    >>> x = scalar(g, dt.Float64, name="x")
    >>> (x + 1.0).shape
    ()
    """

    __array_priority__ = 1000  # numpy scalars on the left defer to our operators

    def __init__(self, graph: Graph, ttype: TType, kind: str, name: str, record=None, index=0, loc=None):
        self.graph = graph
        self.ttype = ttype
        self.kind = kind  # input | learnable | constant | op
        self.name = name
        self.record: _OpRecord | None = record
        self.index = index
        self.loc: SourceLoc = loc
        self.grad_node: Node | None = None  # set by grad(); read through .grad with bind_dual_values
        self.trainable = kind == "learnable"  # solvers update trainable learnables; state nodes are not
        self.assigned = False  # some gorgonia.assign writes this learnable
        self._version = 0  # bumped whenever the value changes (let, or a machine that updated it)
        self._holder = None  # the machine whose device holds the newest value, if not the host
        self._value = None
        self._grad_value = None

    # ---- facts -------------------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        return self.ttype.shape

    @property
    def dtype(self) -> dt.Dtype:
        return self.ttype.dtype

    @property
    def ndim(self) -> int:
        return len(self.ttype.shape)

    @property
    def op_name(self) -> str:
        return self.record.op.name if self.record else f"<{self.kind}>"

    @property
    def inputs(self) -> list[Node]:
        return list(self.record.inputs) if self.record else []

    @property
    def mlir_value(self) -> ir.Value:
        if self.kind == "input":
            return self.graph._block.arguments[self.index]
        return self.record.op.results[self.index]

    @property
    def value(self):
        """The node's current value as numpy (rank 0 → numpy scalar), or None before any run."""
        if self._holder is not None:  # a learnable a machine updated on its device: read it back once
            self._value, self._holder = self._holder.read_learnable(self), None
        v = self._value
        if v is None:
            return None
        if not isinstance(v, np.ndarray):  # a device array: copy to host once, on demand
            v = self._value = np.array(v.to_host())
        return v[()] if v.ndim == 0 else v

    @property
    def grad(self):
        """The gradient value bound by ``TapeMachine(g, bind_dual_values=[...])`` (Gorgonia's Grad())."""
        if self._grad_value is None:
            raise ExecutionError(
                f"node {self.name!r} has no gradient value: request it with G.grad(cost, [...]) and bind "
                "it with TapeMachine(g, bind_dual_values=[node]), then run the machine"
            )
        v = self._grad_value
        if not isinstance(v, np.ndarray):
            v = self._grad_value = np.array(v.to_host())
        return v[()] if v.ndim == 0 else v

    def __repr__(self) -> str:
        return f"Node({self.name!r}, {self.op_name}, {self.dtype}{list(self.shape)})"

    __hash__ = object.__hash__

    # ---- operators (numpy semantics: * is elementwise, @ is Gorgonia's Mul) --------------------
    def __add__(self, o):
        return _elementwise().add(self, o)

    def __radd__(self, o):
        return _elementwise().add(o, self)

    def __sub__(self, o):
        return _elementwise().sub(self, o)

    def __rsub__(self, o):
        return _elementwise().sub(o, self)

    def __mul__(self, o):
        return _elementwise().hadamard_prod(self, o)

    def __rmul__(self, o):
        return _elementwise().hadamard_prod(o, self)

    def __truediv__(self, o):
        return _elementwise().hadamard_div(self, o)

    def __rtruediv__(self, o):
        return _elementwise().hadamard_div(o, self)

    def __matmul__(self, o):
        return _core().mul(self, o)

    def __rmatmul__(self, o):
        return _core().mul(o, self)

    def __pow__(self, o):
        return _elementwise().pow(self, o)

    def __rpow__(self, o):
        return _elementwise().pow(o, self)

    def __neg__(self):
        return _elementwise().neg(self)

    @property
    def T(self) -> Node:  # noqa: N802 - numpy's name
        return _core().transpose(self)


def _elementwise():
    from .builders import elementwise  # the builders import this module

    return elementwise


def _core():
    from .builders import core

    return core


class Graph:
    """A computation graph: an MLIR module in the ``gorgonia`` dialect, built node by node.

    >>> g = Graph()
    >>> x = vector(g, dt.Float32, shape=(3,), name="x")
    >>> len(g.inputs)
    1
    """

    _ids = itertools.count()

    def __init__(self, name: str = "graph"):
        if not isinstance(name, str) or not name:
            raise GraphError(f"Graph: name must be a non-empty str, got {name!r} [at {user_location()}]")
        self.name = name
        self.ctx = ir.Context()
        self.ctx.allow_unregistered_dialects = True
        self.inputs: list[Node] = []
        self.learnables: list[Node] = []
        self.nodes: list[Node] = []
        self.records: list[_OpRecord] = []
        self.effects: list[tuple[_OpRecord, bool]] = []  # (gorgonia.assign record, train_only)
        self._names: dict[str, Node] = {}
        self._counter = itertools.count()
        with self.ctx, ir.Location.unknown():
            self.module = ir.Module.create()
            with ir.InsertionPoint(self.module.body):
                self._func = func.FuncOp(name, ir.FunctionType.get([], []))
            self._block = self._func.add_entry_block()
            with ir.InsertionPoint(self._block):
                func.ReturnOp([])

    def __repr__(self) -> str:
        return f"Graph({self.name!r}, {len(self.nodes)} nodes)"

    def __getitem__(self, name: str) -> Node:
        """The node called ``name`` (Gorgonia's ``g.ByName``)."""
        try:
            return self._names[name]
        except KeyError:
            raise KeyError(f"graph {self.name!r} has no node named {name!r}") from None

    def _mlir_loc(self, loc: SourceLoc) -> ir.Location:
        return ir.Location.file(loc.file, loc.line, loc.col, context=self.ctx)

    def unique_name(self, name: str | None, prefix: str) -> str:
        """``name`` checked to be new in this graph, or (``name=None``) a fresh ``<prefix>_<n>``."""
        if name is not None and (not isinstance(name, str) or not name):
            raise GraphError(
                f"graph {self.name!r}: node name must be a non-empty str, got {name!r} [at {user_location()}]"
            )
        if name is None:
            while True:
                name = f"{prefix}_{next(self._counter)}"
                if name not in self._names:
                    return name
        if name in self._names:
            raise GraphError(f"graph {self.name!r} already has a node named {name!r} [at {user_location()}]")
        return name

    def rename(self, node: Node, base: str) -> str:
        """Give ``node`` a unique name derived from ``base``; returns it."""
        del self._names[node.name]
        name = base if base not in self._names else self.unique_name(None, base)
        self._names[name] = node
        return name

    def _add_node(self, node: Node) -> Node:
        self.nodes.append(node)
        self._names[node.name] = node
        return node

    # ---- building ----------------------------------------------------------------------------
    def add_input(self, ttype: TType, name: str | None, loc: SourceLoc | None = None) -> Node:
        loc = loc or user_location()
        name = self.unique_name(name, "input")
        with self.ctx, ir.Location.unknown():
            self._block.add_argument(ttype.to_mlir(), self._mlir_loc(loc))
            types = [a.type for a in self._block.arguments]
            self._func.attributes["function_type"] = ir.TypeAttr.get(ir.FunctionType.get(types, []))
        node = Node(self, ttype, "input", name, index=len(self.inputs), loc=loc)
        self.inputs.append(node)
        return self._add_node(node)

    def apply(
        self,
        op_name: str,
        operands: Sequence[Node],
        attrs: dict | None = None,
        name: str | None = None,
        kind: str = "op",
        loc: SourceLoc | None = None,
    ) -> list[Node]:
        """Append ``gorgonia.<op_name>`` to the graph; returns its result nodes.

        Types are inferred (and checked) by the op table; a failure raises GraphError naming the op,
        the operand shapes/dtypes and the user's file:line.
        """
        attrs = dict(attrs or {})
        loc = loc or user_location()
        for n in operands:
            if not isinstance(n, Node):
                raise GraphError(f"{op_name}: operand {n!r} is not a graph node [at {loc}]")
            if n.graph is not self:
                raise GraphError(f"{op_name}: node {n.name!r} belongs to another graph [at {loc}]")
        with self.ctx, self._mlir_loc(loc), ir.InsertionPoint.at_block_terminator(self._block):
            try:
                values, types = [n.mlir_value for n in operands], [n.ttype for n in operands]
                op, results = build_op(op_name, values, attrs, None, types)
            except ShapeError as exc:
                operand_desc = ", ".join(f"{n.name}: {n.ttype}" for n in operands)
                raise GraphError(f"{op_name}: {exc} (operands: {operand_desc or 'none'}) [at {loc}]") from None
        record = _OpRecord(op, list(operands), loc)
        self.records.append(record)
        base = self.unique_name(name, op_name) if len(results) == 1 else None
        for i, t in enumerate(results):
            node_name = base or self.unique_name(None, f"{name or op_name}_{i}")
            node = Node(self, t, kind, node_name, record=record, index=i, loc=loc)
            record.outputs.append(node)
            self._add_node(node)
        return record.outputs

    def apply1(self, op_name: str, operands: Sequence[Node], attrs: dict | None = None, **kw) -> Node:
        return self.apply(op_name, operands, attrs, **kw)[0]

    def constant(self, value, dtype: dt.Dtype | None = None, name: str | None = None) -> Node:
        """A constant node holding ``value`` (cast to ``dtype`` when given)."""
        arr = np.asarray(value, dtype=dtype.np if dtype else None)
        if arr.dtype == np.float64 and dtype is None and np.asarray(value).dtype != np.float64:
            arr = arr.astype(np.float64)
        try:
            dt.from_numpy(arr.dtype)
        except TypeError as exc:
            raise GraphError(f"constant: {exc} [at {user_location()}]") from None
        return self.apply1("constant", [], {"value": arr}, name=name, kind="constant")

    # ---- queries -----------------------------------------------------------------------------
    def sinks(self) -> list[Node]:
        """Nodes no other op consumes (the natural outputs of the graph)."""
        used = {id(n) for r in self.records for n in r.inputs}
        return [n for n in self.nodes if id(n) not in used and n.kind == "op"]

    def ancestors(self, outputs: Sequence[Node], effects: Sequence[_OpRecord] = ()) -> list[_OpRecord]:
        """The op records needed to compute ``outputs`` (and the ``effects`` records), in graph order."""
        need: set[int] = set()
        stack = [n.record for n in outputs if n.record is not None] + list(effects)
        while stack:
            r = stack.pop()
            if id(r) in need:
                continue
            need.add(id(r))
            stack.extend(n.record for n in r.inputs if n.record is not None)
        return [r for r in self.records if id(r) in need]

    def effects_for(self, eval_mode: bool) -> list[_OpRecord]:
        """State updates (``gorgonia.assign``) a machine in this mode performs each run."""
        return [r for r, train_only in self.effects if not (eval_mode and train_only)]

    def assign(self, target: Node, value: Node, train_only: bool = True, register: bool = True) -> _OpRecord:
        """Each run writes ``value`` into the learnable/state node ``target`` (after its reads).

        ``train_only`` updates are skipped by machines in eval mode (e.g. batch-norm running statistics);
        with ``register=False`` the update is returned for one machine to perform (solver updates).
        """
        loc = user_location()
        if target.kind != "learnable":
            raise GraphError(f"assign: target {target.name!r} is a {target.kind} node, not a learnable [at {loc}]")
        if value.ttype != target.ttype:
            raise GraphError(
                f"assign: value {value.name!r} is {value.ttype}, target {target.name!r} is {target.ttype} [at {loc}]"
            )
        self.apply("assign", [value], {"name": target.name}, loc=loc)
        record = self.records[-1]
        if register:  # a graph-wide effect; solvers keep theirs for their own machine
            self.effects.append((record, train_only))
        target.assigned = True
        return record

    def extract(
        self,
        inputs: Sequence[Node],
        outputs: Sequence[Node],
        name: str = "main",
        *,
        effects: Sequence[_OpRecord] = (),
        mode: str = "train",
    ) -> ir.Module:
        """A fresh module with ``func @name(inputs) -> outputs`` holding copies of the needed ops.

        ``effects`` are state updates to perform too; ``mode`` ("train"/"eval") is recorded on the module
        as ``gorgonia.mode`` and picks the branch of ``gorgonia.mode_select`` ops when lowering.
        The user's graph is never rewritten: passes run on the extracted module.
        """
        loc = user_location()
        for n in list(inputs) + list(outputs):
            if not isinstance(n, Node) or n.graph is not self:
                raise GraphError(f"function {name!r}: {n!r} is not a node of graph {self.name!r} [at {loc}]")
        for n in inputs:
            if n.kind != "input":
                raise GraphError(
                    f"function {name!r}: argument {n.name!r} ({n.kind} node) is not an input; "
                    f"inputs are made by scalar/vector/matrix/tensor without init= [at {loc}]"
                )
        records = self.ancestors(outputs, effects)
        arg_pos = {id(n): i for i, n in enumerate(inputs)}
        for r in records:
            for n in r.inputs:
                if n.kind == "input" and id(n) not in arg_pos:
                    raise GraphError(
                        f"function {name!r}: the outputs depend on input {n.name!r} ({n.ttype}, created at "
                        f"{n.loc}), which is not among the function's inputs [at {loc}]"
                    )
        with self.ctx, ir.Location.unknown():
            module = ir.Module.create()
            module.operation.attributes["gorgonia.mode"] = ir.StringAttr.get(mode)
            in_types = [n.ttype.to_mlir() for n in inputs]
            out_types = [n.ttype.to_mlir() for n in outputs]
            with ir.InsertionPoint(module.body):
                fn = func.FuncOp(name, ir.FunctionType.get(in_types, out_types))
            block = fn.add_entry_block(arg_locs=[self._mlir_loc(n.loc) for n in inputs])
            if inputs:
                fn.arg_attrs = ir.ArrayAttr.get(
                    [ir.DictAttr.get({"gorgonia.name": ir.StringAttr.get(n.name)}) for n in inputs]
                )
            mapping: dict[int, ir.Value] = {id(n): block.arguments[i] for i, n in enumerate(inputs)}
            with ir.InsertionPoint(block):
                for r in records:
                    new = r.op.clone()
                    for i, n in enumerate(r.inputs):
                        new.operands[i] = mapping[id(n)]
                    for n, v in zip(r.outputs, new.results, strict=True):
                        mapping[id(n)] = v
                func.ReturnOp([mapping[id(n)] for n in outputs])
        return module


# ---- node constructors (Gorgonia: NewScalar, NewVector, NewMatrix, NewTensor) -----------------------


def _make(g: Graph, dtype: dt.Dtype, shape, name, init, rank: int | None, what: str) -> Node:
    loc = user_location()
    label = f"{what} {name!r}" if name is not None else what
    if not isinstance(g, Graph):
        raise GraphError(f"{what}: first argument must be a Graph, got {type(g).__name__} [at {loc}]")
    if not isinstance(dtype, dt.Dtype):
        raise GraphError(f"{label}: dtype must be one of G.Float32/Float64/Int32/Int64/Bool, got {dtype!r} [at {loc}]")
    for d in shape:
        if isinstance(d, bool) or not isinstance(d, (int, np.integer)):
            why = " (graphs have static shapes: give every dimension)" if d is None else ""
            raise GraphError(
                f"{label}: shape {shape} has {d!r} ({type(d).__name__}); every dimension must be a positive int"
                f"{why} [at {loc}]"
            )
    shape = tuple(int(d) for d in shape)
    if rank is not None and len(shape) != rank:
        raise GraphError(f"{label}: needs a shape of rank {rank}, got {shape} [at {loc}]")
    if any(d <= 0 for d in shape):
        raise GraphError(f"{label}: dimensions must be positive, got {shape} [at {loc}]")
    if any(d >= 2**63 for d in shape):  # MLIR's tensor dimensions are int64
        raise GraphError(f"{label}: dimensions must be below 2**63, got {shape} [at {loc}]")
    ttype = TType(shape, dtype)
    if init is None:
        return g.add_input(ttype, name, loc)
    return learnable(g, ttype, name, init, loc)


def learnable(g: Graph, ttype: TType, name: str | None, init, loc: SourceLoc | None = None) -> Node:
    """A learnable node of ``g`` holding ``init``'s value (for constructors with ``init=`` and layers that own
    parameters or state, such as ``batch_norm`` and the solvers)."""
    from .initializers import evaluate

    name = g.unique_name(name, "learnable")
    value = evaluate(init, ttype, name)
    node = g.apply1(
        "learnable",
        [],
        {"name": name, "shape": ttype.shape, "dtype": ttype.dtype.mlir_name},
        name=name,
        kind="learnable",
        loc=loc,
    )
    node._value = value
    node.init = init  # kept for G.reinitialize
    g.learnables.append(node)
    return node


def scalar(g: Graph, dtype: dt.Dtype, name: str | None = None, init=None, **unknown) -> Node:
    """A rank-0 node (Gorgonia's ``NewScalar``).

    >>> g = Graph(); x = scalar(g, dt.Float64, name="x"); x.shape
    ()
    """
    reject_unknown("scalar", unknown, scalar)
    return _make(g, dtype, (), name, init, 0, "scalar")


def vector(g: Graph, dtype: dt.Dtype, shape=None, name: str | None = None, init=None, **unknown) -> Node:
    """A rank-1 node (Gorgonia's ``NewVector``).

    >>> g = Graph(); v = vector(g, dt.Float32, shape=(3,), name="v"); v.shape
    (3,)
    """
    reject_unknown("vector", unknown, vector)
    return _make(g, dtype, _need_shape(shape, "vector", name), name, init, 1, "vector")


def matrix(g: Graph, dtype: dt.Dtype, shape=None, name: str | None = None, init=None, **unknown) -> Node:
    """A rank-2 node (Gorgonia's ``NewMatrix``).

    >>> import gorgonia_mlir as G
    >>> g = Graph(); w = matrix(g, dt.Float32, shape=(3, 2), name="w", init=G.zeroes()); w.value.shape
    (3, 2)
    """
    reject_unknown("matrix", unknown, matrix)
    return _make(g, dtype, _need_shape(shape, "matrix", name), name, init, 2, "matrix")


def tensor(g: Graph, dtype: dt.Dtype, shape=None, name: str | None = None, init=None, **unknown) -> Node:
    """A node of any rank (Gorgonia's ``NewTensor``).

    >>> g = Graph(); t = tensor(g, dt.Float32, shape=(2, 3, 4), name="t"); t.ndim
    3
    """
    reject_unknown("tensor", unknown, tensor)
    return _make(g, dtype, _need_shape(shape, "tensor", name), name, init, None, "tensor")


def _need_shape(shape, what, name):
    label = f"{what} {name!r}" if name is not None else what
    if shape is None:
        raise GraphError(f"{label}: shape= is required [at {user_location()}]")
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        return (shape,)
    if isinstance(shape, (str, bytes)) or not isinstance(shape, Iterable):
        raise GraphError(
            f"{label}: shape must be a tuple of positive ints, got {shape!r} ({type(shape).__name__}) "
            f"[at {user_location()}]"
        )
    return tuple(shape)
