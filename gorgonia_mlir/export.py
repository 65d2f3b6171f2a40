"""Export: a compiled function (and its trained learnables) → a deployable ``.vmfb`` (+ ``.irpa``).

The exported module needs no compiler: ``gorgonia_runtime.load`` (or IREE's ``iree-run-module``) runs
it. Each function carries its signature (input/output names, shapes, dtypes), the gorgonia-mlir
version and the target as IREE reflection metadata (``iree.reflection`` on the func; read back by
``VmFunction.reflection``; keys in ``gorgonia_runtime.signature``).

Learnables are embedded by default: each becomes a ``util.global`` (immutable unless the function
updates it) whose initial value is the learnable's current value, a ``DenseElementsAttr`` built from
the numpy buffer and written into MLIR bytecode (no text round trip). With ``params="model.irpa"``
they are externalised instead: the globals are initialised from IREE named parameters
``#flow.parameter.named<"model"::"<name>">`` and the values are written to an IREE parameter archive,
so new weights need no recompile.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass

import iree.runtime as rt
import numpy as np
from gorgonia_runtime import signature as sig
from gorgonia_runtime.atomic_file import atomic_path, write_bytes
from gorgonia_runtime.signature import Signature, TensorSpec
from iree.compiler import ir

from . import tuning
from .arguments import file_path, node_list, reject_unknown
from .compiler import compile_lowered, lower, target_flags
from .errors import CompileError, GraphError
from .graph import Graph, Node
from .irtools import walk_ops
from .location import user_location
from .lowering import global_symbol
from .machine import Function, TapeMachine
from .targets import resolve

ACCESSORS = ("__get_p_", "__set_p_")  # a machine's upload/read functions: not part of a deployed module


@dataclass(frozen=True)
class Exported:
    """What ``export`` wrote: the module, the parameter archive (if any), the target and the signature."""

    path: str
    params: str | None
    target: str
    name: str
    signature: Signature
    flags: tuple[str, ...]

    @property
    def size(self) -> int:
        """Bytes of the ``.vmfb`` plus the ``.irpa``."""
        return os.path.getsize(self.path) + (os.path.getsize(self.params) if self.params else 0)


def _spec(n: Node) -> TensorSpec:
    return TensorSpec(n.name, tuple(n.shape), np.dtype(n.dtype.np).name)


def _what(what, inputs, outputs, name, eval_mode):
    """(graph, inputs, outputs, name, eval_mode, extra effects) of a Function or a TapeMachine."""
    loc = user_location()
    if isinstance(what, Function):
        if inputs is not None or outputs is not None:
            raise GraphError(f"export: a G.function has its inputs and outputs; drop inputs=/outputs= [at {loc}]")
        exe = what._exe
        if eval_mode is not None and eval_mode != exe.eval_mode:
            raise GraphError(
                f"export: function {what.name!r} was built with eval_mode={exe.eval_mode}; build it with "
                f"G.function(..., eval_mode={eval_mode}) instead [at {loc}]"
            )
        return exe.graph, exe.inputs, exe.outputs, name or what.name, exe.eval_mode, exe.extra_effects
    if isinstance(what, TapeMachine):
        if inputs is None or not outputs:
            raise GraphError(
                f"export: a TapeMachine computes its whole graph; say what to export with inputs=[x] and "
                f"outputs=[prediction] [at {loc}]"
            )
        eval_mode = True if eval_mode is None else eval_mode
        inputs = node_list("export", "inputs", inputs, what.graph, loc)
        outputs = node_list("export", "outputs", outputs, what.graph, loc)
        return what.graph, inputs, outputs, name or "main", eval_mode, []
    raise GraphError(
        f"export: expects a G.function(...) or a G.TapeMachine (with inputs=/outputs=), got {type(what).__name__} "
        f"[at {loc}]"
    )


def _initial_values(graph, module: ir.Module) -> dict[str, Node]:
    """Global symbol → learnable node, for the learnables the lowered module holds."""
    by_symbol = {global_symbol(n.name): n for n in graph.learnables}
    found = {}
    for op in module.body.operations:
        if op.operation.name == "util.global":
            sym = ir.StringAttr(op.operation.attributes["sym_name"]).value
            if sym in by_symbol:
                found[sym] = by_symbol[sym]
    return found


def _bake(module: ir.Module, learnables: dict[str, Node], scope: str | None) -> dict[str, np.ndarray]:
    """Give each learnable's global its value (or a named parameter), drop the accessors, freeze the constants."""
    values = {}
    for op in list(module.body.operations):
        op = op.operation
        if op.name == "func.func" and ir.StringAttr(op.attributes["sym_name"]).value.startswith(ACCESSORS):
            op.erase()
    stored = {
        ir.FlatSymbolRefAttr(op.attributes["global"]).value
        for op in walk_ops(module.operation)
        if op.name == "util.global.store"
    }
    for op in module.body.operations:
        op = op.operation
        if op.name != "util.global":
            continue
        sym = ir.StringAttr(op.attributes["sym_name"]).value
        node = learnables.get(sym)
        if node is None:
            continue
        t = ir.TypeAttr(op.attributes["type"]).value
        value = np.array(node.value, dtype=node.dtype.np, order="C")  # (ascontiguousarray makes 0-d 1-d)
        if scope is not None:
            values[node.name] = value
            init = ir.Attribute.parse(f'#flow.parameter.named<"{scope}"::"{node.name}"> : {t}')
        else:
            # From the numpy buffer, written raw into bytecode. (dense_resource blobs would be faster still,
            # but IREE 3.13 crashes folding them: "ElementsAttr does not provide iteration facilities".)
            init = ir.DenseElementsAttr.get(value, type=t)
        op.attributes["initial_value"] = init
        if sym not in stored and "is_mutable" in op.attributes:
            del op.attributes["is_mutable"]
    return values


def export(
    what,
    path: str | os.PathLike,
    *,
    target: str = "cpu",
    arch: str | None = None,
    params: str | os.PathLike | None = None,
    inputs: Sequence[Node] | None = None,
    outputs: Sequence[Node] | None = None,
    name: str | None = None,
    eval_mode: bool | None = None,
    scope: str = "model",
    flags: Sequence[str] = (),
    passes: Sequence[str] | None = None,
    auto_flags: bool = True,
    **unknown,
) -> Exported:
    """Write ``what`` as a deployable IREE module at ``path`` (a ``.vmfb``) for ``target``.

    ``what`` is a ``G.function(inputs, outputs)`` (exported as it runs) or a trained ``G.TapeMachine``
    with ``inputs=`` and ``outputs=`` (exported in eval mode unless ``eval_mode=False``). Learnables are
    embedded with their current values, or written to the parameter archive ``params`` (``.irpa``,
    keys = learnable names under ``scope``). ``target``: ``cpu`` (this host), ``x86_64``, ``aarch64``,
    ``riscv64``, ``vmvx``, ``cuda`` / ``cuda:sm_XX`` (``arch=``); see ``gorgonia_mlir.targets``.

    >>> import gorgonia_mlir as G, numpy as np, tempfile, os
    >>> g = G.Graph(); x = G.vector(g, G.Float32, shape=(3,), name="x")
    >>> w = G.vector(g, G.Float32, shape=(3,), name="w", init=G.ones())
    >>> path = os.path.join(tempfile.mkdtemp(), "model.vmfb")
    >>> G.export(G.function([x], [x * w]), path).signature.inputs[0].name
    'x'
    """
    loc = user_location()
    reject_unknown("export", unknown, export, loc)
    path = file_path("export", path, reading=False, loc=loc)
    if params is not None:
        params = _irpa_path("export", params, loc)
    try:
        spec = resolve(target, arch)
    except CompileError as exc:
        raise CompileError(f"{exc} [at {loc}]") from None
    if eval_mode is not None and not isinstance(eval_mode, (bool, np.bool_)):
        raise GraphError(f"export: eval_mode must be True, False or None, got {eval_mode!r} [at {loc}]")
    graph, ins, outs, fname, mode, extra = _what(what, inputs, outputs, name, eval_mode)
    if not isinstance(fname, str) or not fname.isidentifier():
        raise GraphError(f"export: name {fname!r} must be an identifier [at {loc}]")
    module = graph.extract(ins, outs, fname, effects=graph.effects_for(mode) + extra, mode="eval" if mode else "train")
    lower(module, passes)
    signature = Signature(tuple(_spec(n) for n in ins), tuple(_spec(n) for n in outs))
    meta = {sig.SIGNATURE: signature.to_json(), sig.VERSION: _version(), sig.TARGET: spec.name}
    if spec.backend == "llvm-cpu":
        meta[tuning.CPU_DRIVER] = tuning.cpu_driver(module)  # the runtime's default driver for this module
    if params is not None:
        meta[sig.PARAMETERS] = scope
        used = _initial_values(graph, module)
        meta[sig.PARAMETER_SPECS] = json.dumps(
            {n.name: {"shape": list(n.shape), "dtype": np.dtype(n.dtype.np).name} for n in used.values()},
            separators=(",", ":"),
        )
    # Bake weights in a context of its own: attributes and parsed IR are freed with it, not kept by the graph's.
    with ir.Context() as ctx, ir.Location.unknown():
        ctx.allow_unregistered_dialects = True
        baked = ir.Module.parse(str(module))
        learnables = _initial_values(graph, baked)
        archive = _bake(baked, learnables, scope if params is not None else None)
        for op in baked.body.operations:
            op = op.operation
            if op.name == "func.func" and ir.StringAttr(op.attributes["sym_name"]).value == fname:
                op.attributes["iree.reflection"] = ir.DictAttr.get({k: ir.StringAttr.get(v) for k, v in meta.items()})
        all_flags = target_flags(baked, spec, flags, auto_flags)
        buf = io.BytesIO()
        baked.operation.write_bytecode(buf)
    vmfb = compile_lowered(buf.getvalue(), spec, all_flags)
    write_bytes(path, vmfb)  # crash-safe: a killed export leaves the previous module, not a torn one
    if params is not None:
        save_parameters(archive, params)
    return Exported(path, params, spec.name, fname, signature, tuple(all_flags))


def save_parameters(values: dict[str, np.ndarray], path: str | os.PathLike) -> None:
    """Write ``name → array`` as an IREE parameter archive (``.irpa``), as iree-turbine does.

    Use it to swap the weights of a module exported with ``params=``: same names, shapes and dtypes.
    The write is crash-safe (temporary file, fsync, rename): a running deployment reading ``path``
    sees the old archive or the new one.
    """
    path = _irpa_path("save_parameters", path, user_location())
    index = rt.ParameterIndex()
    for key, value in values.items():
        rt.parameter_index_add_numpy_ndarray(index, key, np.array(value, order="C"))
    with atomic_path(path, suffix=".irpa") as tmp:
        index.create_archive_file(tmp)


def _irpa_path(what: str, path, loc) -> str:
    # IREE picks the parameter file's format by its extension: anything but .irpa would not load
    path = file_path(what, path, reading=False, loc=loc)
    if not path.endswith(".irpa"):
        raise GraphError(f"{what}: params {path!r}: use a .irpa file name (an IREE parameter archive) [at {loc}]")
    return path


def learnable_values(what) -> dict[str, np.ndarray]:
    """``name → current value`` of the learnables of a graph, machine or function (the keys of its archive)."""
    graph = what.graph if isinstance(what, TapeMachine) else what._exe.graph if isinstance(what, Function) else what
    if not isinstance(graph, Graph):
        raise GraphError(
            f"learnable_values: expects a Graph, TapeMachine or G.function, got {type(what).__name__} "
            f"[at {user_location()}]"
        )
    return {n.name: np.asarray(n.value) for n in graph.learnables}


def _version() -> str:
    from . import __version__

    return __version__
