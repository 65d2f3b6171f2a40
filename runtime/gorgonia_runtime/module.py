"""A loaded IREE module: its functions, called with numpy arrays, on a chosen device."""

from __future__ import annotations

import atexit
import json
import os
import weakref
from collections.abc import Sequence

import iree.runtime as rt
import numpy as np

from . import signature as sig
from .caller import Caller
from .signature import Signature

# Device names users write → IREE HAL driver names.
DEVICES = {"cpu": "local-task", "cpu-sync": "local-sync", "cuda": "cuda"}
DEFAULT_SCOPE = "model"

_live: weakref.WeakSet = weakref.WeakSet()


class RuntimeFailure(RuntimeError):
    """Loading or running a module failed (bad file, unknown function, bad inputs, device error)."""


def parse_device(device: str) -> tuple[str, int | None]:
    """``"cuda:1"`` → ``("cuda", 1)``; a RuntimeFailure for unknown names.

    >>> parse_device("cpu")
    ('cpu', None)
    """
    if not isinstance(device, str):
        raise RuntimeFailure(f"device must be a string such as 'cpu' or 'cuda:0', got {type(device).__name__}")
    name, colon, index = device.partition(":")
    if name not in DEVICES:
        raise RuntimeFailure(f"unknown device {device!r}; expected one of {', '.join(DEVICES)} (or cuda:N)")
    if colon and not index.isdigit():
        raise RuntimeFailure(f"bad device index in {device!r}; expected e.g. {name}:0")
    if colon and name != "cuda":
        raise RuntimeFailure(f"device {device!r}: only cuda devices take an index")
    return name, int(index) if colon else None


def check_device(device: str) -> None:
    """Raise RuntimeFailure unless ``device`` exists here (cheap: asks the driver, creates nothing)."""
    name, index = parse_device(device)
    if name != "cuda":
        return
    try:
        count = len(rt.get_driver(DEVICES[name]).query_available_devices())
    except (ValueError, RuntimeError) as exc:
        raise RuntimeFailure(f"device {device!r} is not available: {exc}") from None
    if count <= (index or 0):
        raise RuntimeFailure(f"device {device!r} does not exist ({count} cuda device(s) found)")


def _config(device: str) -> rt.Config:
    name, index = parse_device(device)
    driver = DEVICES[name]
    try:
        if index is None:
            return rt.Config(driver)
        drv = rt.get_driver(driver)
        infos = drv.query_available_devices()
        if index >= len(infos):
            raise RuntimeFailure(f"device {device!r} does not exist ({len(infos)} {driver} device(s) found)")
        return rt.Config(device=drv.create_device(infos[index]["device_id"]))
    except (ValueError, RuntimeError) as exc:
        if isinstance(exc, RuntimeFailure):
            raise
        raise RuntimeFailure(f"device {device!r} is not available: {exc}") from None


def _params_module(instance, params, scope: str, module: str, specs: dict):
    """IREE's io_parameters module over the archive(s), after checking they hold what the module reads."""
    paths = [os.fspath(p) for p in ([params] if isinstance(params, (str, os.PathLike)) else params)]
    index = rt.ParameterIndex()
    for path in paths:
        if not os.path.isfile(path):
            raise RuntimeFailure(f"{module}: parameter archive {path} does not exist")
        try:
            index.load(path)
        except (ValueError, RuntimeError, IndexError) as exc:  # a truncated index is OUT_OF_RANGE: IndexError
            raise RuntimeFailure(f"{module}: cannot read parameter archive {path}: {exc}") from None
    lengths = {key: entry.length for key, entry in index.items()}
    for key, spec in specs.items():
        want = int(np.prod(spec["shape"], dtype=np.int64)) * np.dtype(spec["dtype"]).itemsize
        what = f"{key!r} ({spec['dtype']}{list(spec['shape'])}, {want} bytes)"
        if key not in lengths:
            raise RuntimeFailure(f"{module}: parameter {what} is missing from {', '.join(paths)}")
        if lengths[key] != want:
            raise RuntimeFailure(f"{module}: parameter {what} has {lengths[key]} bytes in {', '.join(paths)}")
    return rt.create_io_parameters_module(instance, index.create_provider(scope=scope))


class Function:
    """One function of a module; calling it with numpy arrays returns numpy arrays.

    For exported functions ``signature`` lists the inputs and outputs (names, shapes, dtypes) and each
    call is checked against it. ``invoke`` skips the checks and returns device arrays (no host copy).
    """

    def __init__(self, module: Module, name: str):
        self.module = module
        self.name = name
        self.reflection: dict = dict(module._vm.lookup_function(name).reflection)
        text = self.reflection.get(sig.SIGNATURE)
        self.signature: Signature | None = Signature.from_json(text) if text else None
        self._bound = None  # (context, bound function)

    def invoke(self, *args) -> list:
        m = self.module
        if m._ctx is None:
            raise RuntimeFailure(f"module {m.name!r} is closed")
        if self._bound is None or self._bound[0] is not m._ctx:  # looking it up costs 2 µs a call
            self._bound = (m._ctx, getattr(m._ctx.modules[m._vm.name], self.name))
        try:
            out = m._caller(self._bound[1], *args) if m._caller else self._bound[1](*args)
        except (ValueError, RuntimeError, TypeError, IndexError) as exc:
            raise RuntimeFailure(f"{self.name}: {exc}") from None
        if out is None:
            return []
        return list(out) if isinstance(out, tuple) else [out]

    def __call__(self, *args):
        """Run on numpy inputs: one output → an array, several → a list of arrays."""
        if self.signature is not None:
            args = sig.check_inputs(self.name, self.signature, args, RuntimeFailure)
        else:
            args = [np.asarray(a) for a in args]
        outs = [np.array(o.to_host()) for o in self.invoke(*args)]
        return outs[0] if len(outs) == 1 else outs

    def __repr__(self) -> str:
        return f"<Function {self.name}{self.signature or ''} of {self.module.name}>"


class Module:
    """A ``.vmfb`` loaded into its own runtime context on ``device`` (``cpu``, ``cuda``, ``cuda:N``).

    ``vmfb`` is the module's bytes or a file path (memory-mapped). ``device=None`` picks the device of
    the target the module was exported for (cpu unless it was built for cuda). ``params`` names the
    ``.irpa`` archive(s) holding weights the module was exported without. Globals (learnables,
    optimiser state) live in the context and persist across calls.
    """

    def __init__(
        self,
        vmfb: bytes | str | os.PathLike,
        device: str | None = None,
        name: str = "module",
        params: str | os.PathLike | Sequence[str | os.PathLike] | None = None,
    ):
        self.name = name
        self._ctx = None
        self._vm = None
        self._functions: dict[str, Function] = {}
        self._caller: Caller | None = None
        if device is None:  # the device of the module's target: read its metadata first
            meta = self._metadata(self._vm_module(rt.VmInstance(), vmfb))
            target = meta.get(sig.TARGET, "")
            # small CPU modules run faster on the synchronous driver (export measured and recorded it)
            sync = meta.get(sig.CPU_DRIVER) == "local-sync"
            device = "cuda" if target.startswith("cuda") else ("cpu-sync" if sync else "cpu")
        self.device = device
        config = _config(device)
        self._vm = self._vm_module(config.vm_instance, vmfb)
        self.function_names = [n for n in self._vm.function_names if not n.startswith("__init")]
        self.metadata = self._metadata(self._vm)
        scope = self.metadata.get(sig.PARAMETERS)
        if scope is not None and params is None:
            raise RuntimeFailure(
                f"{name} keeps its weights in a parameter archive (scope {scope!r}); pass params='model.irpa' "
                "to load() (gorgonia-run: --params model.irpa)"
            )
        try:
            modules = []
            if params is not None:
                specs = json.loads(self.metadata.get(sig.PARAMETER_SPECS, "{}"))
                modules.append(_params_module(config.vm_instance, params, scope or DEFAULT_SCOPE, name, specs))
            self._ctx = rt.SystemContext(vm_modules=[*modules, self._vm], config=config)
        except RuntimeFailure:
            raise
        except (ValueError, RuntimeError, IndexError) as exc:  # IREE statuses surface as these
            self._ctx = None
            wrong_device = "HAL device" in str(exc) and self.target
            hint = f" (it was exported for target {self.target!r})" if wrong_device else ""
            raise RuntimeFailure(f"cannot load {name} on {device}{hint}: {exc}") from None
        if DEVICES[parse_device(device)[0]] == "local-task" and os.environ.get("GORGONIA_RUNTIME_CALLER") != "0":
            self._caller = Caller(f"gorgonia-runtime-{name}")  # see caller.py: IREE polls on the calling thread
            # A module dropped without close() stops its thread too; at exit, close() does (after the
            # machines have read their parameters back through it).
            weakref.finalize(self, self._caller.close, False).atexit = False
        _live.add(self)

    def _vm_module(self, instance, vmfb):
        try:
            if isinstance(vmfb, (bytes, bytearray, memoryview)):
                return rt.VmModule.copy_buffer(instance, vmfb)
            return rt.VmModule.mmap(instance, os.fspath(vmfb))
        except (ValueError, RuntimeError) as exc:
            raise RuntimeFailure(f"{self.name} is not a loadable IREE module (.vmfb): {exc}") from None

    @staticmethod
    def _metadata(vm) -> dict:
        """Module-level facts (version, target, parameter scope) from the first function that has them."""
        for n in vm.function_names:
            f = vm.lookup_function(n)
            refl = dict(f.reflection) if f is not None else {}
            if sig.VERSION in refl:
                keys = (sig.VERSION, sig.TARGET, sig.PARAMETERS, sig.PARAMETER_SPECS, sig.CPU_DRIVER)
                return {k: v for k, v in refl.items() if k in keys}
        return {}

    @property
    def version(self) -> str | None:
        """The gorgonia-mlir version that exported this module (None for other modules)."""
        return self.metadata.get(sig.VERSION)

    @property
    def target(self) -> str | None:
        """The target the module was exported for (``cpu``, ``aarch64``, ``cuda:sm_80`` …)."""
        return self.metadata.get(sig.TARGET)

    def __getitem__(self, name: str) -> Function:
        if self._vm is None:
            raise RuntimeFailure(f"module {self.name!r} is closed")
        if name not in self.function_names:
            raise RuntimeFailure(f"module {self.name!r} has no function {name!r}; it has {self.function_names}")
        if name not in self._functions:
            self._functions[name] = Function(self, name)
        return self._functions[name]

    def __getattr__(self, name: str) -> Function:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __repr__(self) -> str:
        return f"<Module {self.name} on {self.device}: {', '.join(self.function_names)}>"

    def close(self) -> None:
        """Release the runtime context (also done at interpreter exit)."""
        for f in self._functions.values():
            f._bound = None  # it holds the context
        if self._caller is not None:
            self._caller.close()
            self._caller = None
        self._ctx = None
        self._vm = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def load(
    path_or_bytes,
    device: str | None = None,
    params: str | os.PathLike | Sequence[str | os.PathLike] | None = None,
) -> Module:
    """Load a ``.vmfb`` file (or its bytes) on ``device``, with weights from ``params`` (``.irpa``) if any.

    >>> mod = load("model.vmfb")   # doctest: +SKIP
    >>> y = mod.main(x)            # doctest: +SKIP
    """
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        return Module(bytes(path_or_bytes), device, params=params)
    path = os.fspath(path_or_bytes)
    if not os.path.isfile(path):
        raise RuntimeFailure(f"cannot read {path}: no such file")
    return Module(path, device, name=os.path.basename(path), params=params)


@atexit.register
def _release_all() -> None:
    # Runtime objects alive at interpreter shutdown make nanobind print "leaked" lines.
    for m in list(_live):
        m.close()
