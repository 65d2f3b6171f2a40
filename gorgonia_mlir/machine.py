"""Executing graphs: ``TapeMachine`` (Gorgonia's), ``function`` (JAX-style) and ``let``.

Both compile an extracted subgraph through the pass pipeline and IREE, and run it through
``gorgonia_runtime`` (the same layer that runs exported modules). Learnables live in the module as
``util.global``s, uploaded once and re-uploaded only when the user sets a new value.
"""

from __future__ import annotations

import atexit
import os
import weakref
from collections.abc import Sequence

import numpy as np
from gorgonia_runtime import Module as RuntimeModule
from gorgonia_runtime import RuntimeFailure, check_device, parse_device

from .arguments import node_list, reject_unknown, str_list
from .compiler import Compiled, compile_module
from .errors import CompileError, ExecutionError, GraphError
from .graph import Graph, Node
from .location import user_location
from .lowering import global_symbol
from .targets import DEFAULT_CUDA_ARCH, device_arch, resolve


def ir_name(record) -> str:
    """The learnable a ``gorgonia.assign`` record writes."""
    from iree.compiler import ir

    return ir.StringAttr(record.op.attributes["name"]).value


_machines: weakref.WeakSet = weakref.WeakSet()


def check_value(node: Node, value, what: str = "let") -> np.ndarray:
    """``value`` as an array of ``node``'s shape and dtype, or a GraphError naming the node.

    Python scalars and lists take the node's dtype; numpy arrays must already have it.
    """
    loc = user_location()
    if isinstance(value, (np.ndarray, np.generic)):
        arr = np.asarray(value)
        if arr.dtype != node.dtype.np:
            raise GraphError(
                f"{what}: node {node.name!r} is {node.dtype} ({node.dtype.np}), got an array of "
                f"{arr.dtype}; convert it with .astype(np.{node.dtype.np}) [at {loc}]"
            )
    else:
        try:
            arr = np.asarray(value)
        except Exception as exc:
            raise GraphError(
                f"{what}: cannot use {type(value).__name__} as a value of {node.name!r}: {exc} [at {loc}]"
            ) from None
        if (
            arr.dtype.kind not in "biuf"
            or (arr.dtype.kind == "f" and not node.dtype.is_float)
            or (arr.dtype.kind in "iu" and node.dtype.is_bool)
        ):
            raise GraphError(f"{what}: node {node.name!r} is {node.dtype}, got {value!r} [at {loc}]")
        arr = arr.astype(node.dtype.np)
    if arr.shape != node.shape:
        raise GraphError(
            f"{what}: node {node.name!r} has shape {node.shape}, got a value of shape {arr.shape} [at {loc}]"
        )
    return arr if arr.flags.c_contiguous else arr.copy(order="C")


def let(node: Node, value) -> None:
    """Bind a value to an input node, or set a learnable's value (Gorgonia's ``Let``).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.scalar(g, G.Float64, name="x")
    >>> G.let(x, 2.0); x.value
    np.float64(2.0)
    """
    if not isinstance(node, Node):
        raise GraphError(f"let: expects a graph node, got {type(node).__name__} [at {user_location()}]")
    if node.kind not in ("input", "learnable"):
        raise GraphError(
            f"let: node {node.name!r} is computed by {node.op_name}; only inputs and learnables "
            f"take values [at {user_location()}]"
        )
    node._value = check_value(node, value)
    node._holder = None
    node._version += 1


def target_for(device: str, compile_kw: dict) -> dict:
    """``compile_kw`` with the compile target that runs on ``device``: cpu → ``cpu``, cuda[:N] → ``cuda`` for
    that GPU's architecture (``arch=`` overrides). An explicit ``target=`` must suit the device."""
    try:
        kind, index = parse_device(device)
        check_device(device)  # before a compile that could not run anyway
    except RuntimeFailure as exc:
        raise ExecutionError(f"{exc} [at {user_location()}]") from None
    runs_on = "cuda" if kind == "cuda" else "cpu"
    if compile_kw.get("target") is None:
        if runs_on == "cuda":
            arch = compile_kw.get("arch") or device_arch(index or 0) or DEFAULT_CUDA_ARCH
            return {**compile_kw, "target": "cuda", "arch": arch}
        return {**compile_kw, "target": "cpu"}
    try:
        spec = resolve(compile_kw["target"], compile_kw.get("arch"))
    except CompileError as exc:
        raise CompileError(f"{exc} [at {user_location()}]") from None
    if spec.device != runs_on:
        raise GraphError(
            f"target {spec.name!r} makes code for {spec.device} devices, not for device {device!r}; "
            f"leave target= out to compile for the device [at {user_location()}]"
        )
    return compile_kw


# The compiler's keywords that TapeMachine and function pass on (see ``compile_module``), with their defaults.
COMPILE_DEFAULTS = {
    "target": None,
    "arch": None,
    "passes": None,
    "flags": (),
    "dump_ir": None,
    "auto_flags": True,
    "canonicalize": True,
    "stabilize": True,
}


def compile_options(what: str, loc, fn, given: dict) -> dict:
    """The compiler's keywords out of ``given`` (``fn``'s ``**kwargs``), checked: strings where strings go,
    lists of strings, booleans. Any other keyword is a GraphError listing what ``fn`` and the compiler take."""
    unknown = {k: v for k, v in given.items() if k not in COMPILE_DEFAULTS}
    reject_unknown(what, unknown, fn, loc, also=COMPILE_DEFAULTS)
    opts = {**COMPILE_DEFAULTS, **given}
    for label in ("target", "arch"):
        if opts[label] is not None and not isinstance(opts[label], str):
            raise GraphError(f"{what}: {label} must be a str such as 'cpu', got {opts[label]!r} [at {loc}]")
    for label in ("auto_flags", "canonicalize", "stabilize"):
        if not isinstance(opts[label], bool):
            raise GraphError(f"{what}: {label} must be True or False, got {opts[label]!r} [at {loc}]")
    dump_ir = opts["dump_ir"]
    if dump_ir is not None and not isinstance(dump_ir, (str, os.PathLike)):
        raise GraphError(f"{what}: dump_ir must be a folder path, got {dump_ir!r} [at {loc}]")
    passes = opts["passes"]
    return {
        **opts,
        "passes": None if passes is None else str_list(what, "passes", passes, loc),
        "flags": str_list(what, "flags", opts["flags"], loc),
        "dump_ir": None if dump_ir is None else os.fspath(dump_ir),
    }


class _Executable:
    """A compiled subgraph loaded on a device, with its learnables uploaded.

    Learnables are synchronised by version: a machine uploads a learnable whose version changed since
    its last upload (``let``, or another machine updated it); after a run that updates learnables
    (``gorgonia.assign``), the newest value lives on this machine's device until someone reads it.
    """

    def __init__(
        self,
        graph: Graph,
        inputs,
        outputs,
        name: str,
        device: str,
        *,
        eval_mode: bool = False,
        effects=(),
        **compile_kw,
    ):
        self.graph, self.inputs, self.outputs, self.name = graph, list(inputs), list(outputs), name
        compile_kw = target_for(device, compile_kw)
        self.eval_mode, self.extra_effects = eval_mode, list(effects)
        effects = graph.effects_for(eval_mode) + list(effects)
        module = graph.extract(self.inputs, self.outputs, name, effects=effects, mode="eval" if eval_mode else "train")
        used = {id(r) for r in graph.ancestors(self.outputs, effects)}
        assigned = {ir_name(r) for r in effects}
        self.learnables = [n for n in graph.learnables if id(n.record) in used or n.name in assigned]
        self.updated = [n for n in graph.learnables if n.name in assigned]
        self.compiled: Compiled = compile_module(module, **compile_kw)
        try:
            self.runtime = RuntimeModule(self.compiled.vmfb, device=device, name=name)
        except RuntimeFailure as exc:
            raise ExecutionError(str(exc)) from None
        self._uploaded: dict[int, int] = {}
        self.sync_learnables()

    def sync_learnables(self) -> None:
        """Upload learnables whose value changed since this machine last had them."""
        for n in self.learnables:
            if self._uploaded.get(id(n)) != n._version:
                value = n._value if n._holder is None else np.asarray(n.value)
                self.runtime[f"__set_{global_symbol(n.name)}"].invoke(value)
                self._uploaded[id(n)] = n._version

    def read_learnable(self, node: Node) -> np.ndarray:
        (value,) = self.runtime[f"__get_{global_symbol(node.name)}"].invoke()
        return np.array(value.to_host())

    def call(self, values: Sequence[np.ndarray]) -> list:
        self.sync_learnables()
        try:
            results = self.runtime[self.name].invoke(*values)
        except RuntimeFailure as exc:
            raise ExecutionError(f"running {self.name!r} failed: {exc}") from None
        for n in self.updated:  # the newest value is now on this device
            n._version += 1
            n._holder = self
            self._uploaded[id(n)] = n._version
        return results

    def close(self) -> None:
        for n in self.updated:
            if n._holder is self:
                _ = n.value  # bring the newest value home before the device state goes away
        self.runtime.close()


class TapeMachine:
    """Compiles a whole graph and runs it: after ``run_all`` every node has a ``.value``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph()
    >>> x = G.scalar(g, G.Float64, name="x"); y = G.scalar(g, G.Float64, name="y")
    >>> z = x + y
    >>> m = G.TapeMachine(g)
    >>> G.let(x, 2.0); G.let(y, 2.5); m.run_all(); float(z.value)
    4.5

    With ``solver=`` (and ``learnables=``, by default every trainable learnable with a gradient), each
    ``run_all`` is one training step: forward, backward and the solver's update, compiled into one
    call that updates parameters and solver state in place on the device.

    ``outputs=[...]`` limits which nodes are computed and read back (fewer outputs let IREE fuse
    more); ``eval_mode=True`` is Gorgonia's ``EvalMode``: dropout is off, batch norm uses its running
    statistics and does not update them; ``device`` is ``"cpu"`` (default), ``"cuda"`` or ``"cuda:N"``
    (compiled for that GPU's architecture; ``arch="sm_86"`` overrides); ``target``, ``passes``, ``flags``
    and ``dump_ir`` go to the compiler (``auto_flags``, ``canonicalize``, ``stabilize``: see
    ``compile_module``). An unknown keyword is a GraphError listing these.
    """

    def __init__(
        self,
        graph: Graph,
        *positional,
        outputs: Sequence[Node] | None = None,
        device: str = "cpu",
        bind_dual_values: Sequence[Node] = (),
        eval_mode: bool = False,
        solver=None,
        learnables: Sequence[Node] | None = None,
        **compile_kw,
    ):
        loc = user_location()
        compile_kw = compile_options("TapeMachine", loc, TapeMachine.__init__, compile_kw)
        if positional:
            raise GraphError(
                f"TapeMachine: takes the graph, then keywords only; got {len(positional)} more positional "
                f"argument(s) ({', '.join(type(a).__name__ for a in positional)}): write outputs=[...], solver=..., "
                f"... [at {loc}]"
            )
        if not isinstance(eval_mode, (bool, np.bool_)):
            raise GraphError(f"TapeMachine: eval_mode must be True or False, got {eval_mode!r} [at {loc}]")
        if not isinstance(graph, Graph):
            raise GraphError(f"TapeMachine: expects a Graph, got {type(graph).__name__} [at {loc}]")
        self.graph = graph
        self.dual = node_list("TapeMachine", "bind_dual_values", bind_dual_values, graph, loc)
        if outputs is not None:
            outputs = node_list("TapeMachine", "outputs", outputs, graph, loc)
        for n in self.dual:
            if n.grad_node is None:
                raise GraphError(
                    f"TapeMachine: bind_dual_values: node {n.name!r} has no gradient; call "
                    f"G.grad(cost, [{n.name}, ...]) first [at {loc}]"
                )
        if outputs is None:
            outputs = [n for n in graph.nodes if n.kind == "op"]
        outputs = list(outputs) + [n.grad_node for n in self.dual if n.grad_node not in outputs]
        if not outputs:
            raise GraphError(f"TapeMachine: graph {graph.name!r} has nothing to compute [at {loc}]")
        self.solver = solver
        self.learnables = self._learnables(graph, solver, learnables, loc)
        effects = []
        if solver is not None and not eval_mode:
            effects = solver.build([(w, w.grad_node) for w in self.learnables])
        every = graph.effects_for(eval_mode) + effects
        needed = {id(n) for r in graph.ancestors(outputs, every) for n in r.inputs}
        inputs = [n for n in graph.inputs if id(n) in needed]
        self._exe = _Executable(
            graph, inputs, outputs, "main", device, eval_mode=eval_mode, effects=effects, **compile_kw
        )
        self.device = device
        self.eval_mode = eval_mode
        _machines.add(self)

    @staticmethod
    def _learnables(graph, solver, learnables, loc) -> list[Node]:
        if solver is None:
            if learnables is not None:
                raise GraphError(f"TapeMachine: learnables= needs a solver= to update them [at {loc}]")
            return []
        from .solvers import Solver

        if not isinstance(solver, Solver):
            raise GraphError(f"TapeMachine: solver must be a G.*Solver, got {type(solver).__name__} [at {loc}]")
        if learnables is None:
            learnables = [n for n in graph.learnables if n.trainable and n.grad_node is not None]
        learnables = node_list("TapeMachine", "learnables", learnables, graph, loc)
        if not learnables:
            raise GraphError(
                f"TapeMachine: solver given but no learnable has a gradient; call "
                f"G.grad(cost, learnables) first [at {loc}]"
            )
        for w in learnables:
            if not isinstance(w, Node) or w.graph is not graph or w.kind != "learnable":
                raise GraphError(f"TapeMachine: {w!r} is not a learnable of graph {graph.name!r} [at {loc}]")
            if w.grad_node is None:
                raise GraphError(
                    f"TapeMachine: learnable {w.name!r} has no gradient; call "
                    f"G.grad(cost, [..., {w.name}]) first [at {loc}]"
                )
        return learnables

    @property
    def cost(self) -> Node | None:
        """The scalar whose gradients the solver follows (the first operand of their grad op)."""
        if not self.learnables:
            return None
        return self.learnables[0].grad_node.record.inputs[0]

    @property
    def compiled(self) -> Compiled:
        """What the compiler produced (``.passes``, ``.flags``, ``.lowered_mlir``, ``.vmfb``)."""
        return self._exe.compiled

    def run_all(self) -> None:
        """Run the whole graph once with the values bound by ``let``."""
        values = []
        for n in self._exe.inputs:
            if n._value is None:
                raise ExecutionError(
                    f"run_all: input {n.name!r} ({n.ttype}, created at {n.loc}) has no value; "
                    f"bind one with G.let({n.name}, ...)"
                )
            values.append(n._value)
        results = self._exe.call(values)
        for n, v in zip(self._exe.outputs, results, strict=True):
            n._value = v
        for n in self.dual:
            n._grad_value = n.grad_node._value

    def reset(self) -> None:
        """Forget computed values (inputs and learnables keep theirs), Gorgonia's ``Reset``."""
        for n in self._exe.outputs:
            n._value = None
        for n in self.dual:
            n._grad_value = None

    def close(self) -> None:
        """Release the runtime context; computed values are copied to the host first."""
        for n in self._exe.outputs:
            _ = n.value
        self._exe.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Function:
    """A compiled function of a graph: ``f(*inputs) -> list of numpy arrays``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph()
    >>> x = G.scalar(g, G.Float64, name="x"); y = G.scalar(g, G.Float64, name="y")
    >>> f = G.function([x, y], [x + y], name="main")
    >>> [float(v) for v in f(2.0, 2.5)]
    [4.5]

    ``eval_mode=True`` compiles the inference behaviour (dropout off, batch norm on its running
    statistics, no state updates); by default a function behaves like a training-mode machine.
    ``device="cuda"``/``"cuda:N"`` compiles for that GPU and runs there (as for ``TapeMachine``);
    ``G.export(f, "model.vmfb")`` writes it as a deployable module.
    """

    def __init__(
        self,
        inputs: Sequence[Node],
        outputs: Sequence[Node],
        name: str = "main",
        device: str = "cpu",
        eval_mode: bool = False,
        **compile_kw,
    ):
        loc = user_location()
        compile_kw = compile_options("function", loc, function, compile_kw)
        if not isinstance(name, str):
            raise GraphError(f"function: name must be an identifier str, got {name!r} [at {loc}]")
        if not isinstance(eval_mode, (bool, np.bool_)):
            raise GraphError(f"function: eval_mode must be True or False, got {eval_mode!r} [at {loc}]")
        outputs = node_list("function", "outputs", outputs, None, loc)
        inputs = node_list("function", "inputs", inputs, None, loc)
        if not outputs:
            raise GraphError(f"function {name!r}: needs at least one output [at {loc}]")
        if not name.isidentifier():
            raise GraphError(f"function: name {name!r} must be an identifier [at {loc}]")
        graph = outputs[0].graph
        node_list("function", "outputs", outputs, graph, loc)
        node_list("function", "inputs", inputs, graph, loc)
        self.name = name
        self.inputs = list(inputs)
        self.outputs = outputs
        self.eval_mode = eval_mode
        self._exe = _Executable(graph, self.inputs, outputs, name, device, eval_mode=eval_mode, **compile_kw)
        _machines.add(self)

    @property
    def compiled(self) -> Compiled:
        return self._exe.compiled

    def __call__(self, *values, **named) -> list[np.ndarray]:
        if named:
            order = ", ".join(n.name for n in self.inputs)
            raise GraphError(
                f"function {self.name!r}: takes its inputs positionally, in the order ({order}); got keyword(s) "
                f"{', '.join(named)} [at {user_location()}]"
            )
        if len(values) != len(self.inputs):
            names = ", ".join(n.name for n in self.inputs)
            raise GraphError(
                f"function {self.name!r}: expects {len(self.inputs)} arguments ({names}), got "
                f"{len(values)} [at {user_location()}]"
            )
        arrays = [check_value(n, v, what=f"function {self.name!r}") for n, v in zip(self.inputs, values, strict=True)]
        outs = [np.array(o.to_host()) for o in self._exe.call(arrays)]
        return [o[()] if o.ndim == 0 else o for o in outs]

    def close(self) -> None:
        self._exe.close()


def function(
    inputs: Sequence[Node],
    outputs: Sequence[Node],
    name: str = "main",
    device: str = "cpu",
    eval_mode: bool = False,
    **compile_kw,
) -> Function:
    """Compile ``outputs`` as a function of ``inputs`` (see ``Function``); compiler options as ``TapeMachine``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.scalar(g, G.Float64, name="x")
    >>> float(G.function([x], [x * 2.0])(1.5)[0])
    3.0
    """
    return Function(
        inputs,
        outputs,
        name=name,
        device=device,
        eval_mode=eval_mode,
        **compile_kw,
    )


@atexit.register
def _close_all() -> None:
    for m in list(_machines):
        try:
            m.close()
        except Exception:
            pass
