"""A loaded IREE module: its functions, called with numpy arrays, on a chosen device."""

from __future__ import annotations

import atexit
import os
import weakref

import iree.runtime as rt
import numpy as np

# Device names users write → IREE HAL driver names.
DEVICES = {"cpu": "local-task", "cpu-sync": "local-sync", "cuda": "cuda"}

_live: weakref.WeakSet = weakref.WeakSet()


class RuntimeFailure(RuntimeError):
    """Loading or running a module failed (bad file, unknown function, bad inputs, device error)."""


def _driver(device: str) -> tuple[str, int | None]:
    name, _, index = device.partition(":")
    if name not in DEVICES:
        raise RuntimeFailure(f"unknown device {device!r}; expected one of {', '.join(DEVICES)} (or cuda:N)")
    if index and not index.isdigit():
        raise RuntimeFailure(f"bad device index in {device!r}")
    return DEVICES[name], int(index) if index else None


def _config(device: str) -> rt.Config:
    driver, index = _driver(device)
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


class Function:
    """One exported function of a module; calling it returns numpy arrays.

    ``invoke`` returns device arrays instead (no host copy).
    """

    def __init__(self, module: Module, name: str):
        self.module = module
        self.name = name

    def invoke(self, *args) -> list:
        m = self.module
        if m._ctx is None:
            raise RuntimeFailure(f"module {m.name!r} is closed")
        try:
            out = getattr(m._ctx.modules[m._vm.name], self.name)(*args)
        except (ValueError, RuntimeError) as exc:
            raise RuntimeFailure(f"{self.name}: {exc}") from None
        if out is None:
            return []
        return list(out) if isinstance(out, tuple) else [out]

    def __call__(self, *args):
        outs = [np.array(o.to_host()) for o in self.invoke(*[np.asarray(a) for a in args])]
        return outs[0] if len(outs) == 1 else outs

    def __repr__(self) -> str:
        return f"<Function {self.name} of {self.module.name}>"


class Module:
    """A ``.vmfb`` loaded into its own runtime context on ``device`` (``cpu``, ``cuda``, ``cuda:N``).

    Globals (learnables, optimiser state) live in the context and persist across calls.
    """

    def __init__(self, vmfb: bytes, device: str = "cpu", name: str = "module"):
        self.device = device
        self.name = name
        self._ctx = rt.SystemContext(config=_config(device))
        try:
            self._vm = rt.VmModule.copy_buffer(self._ctx.instance, vmfb)
            self._ctx.add_vm_module(self._vm)
        except (ValueError, RuntimeError) as exc:
            self._ctx = None
            raise RuntimeFailure(f"cannot load module {name!r} on {device}: {exc}") from None
        self.function_names = [n for n in self._vm.function_names if not n.startswith("__init")]
        _live.add(self)

    def __getitem__(self, name: str) -> Function:
        if name not in self.function_names:
            raise RuntimeFailure(f"module {self.name!r} has no function {name!r}; it has {self.function_names}")
        return Function(self, name)

    def __getattr__(self, name: str) -> Function:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def close(self) -> None:
        """Release the runtime context (also done at interpreter exit)."""
        self._ctx = None
        self._vm = None


def load(path_or_bytes, device: str = "cpu") -> Module:
    """Load a ``.vmfb`` file (or its bytes) on ``device``.

    >>> mod = load("model.vmfb")   # doctest: +SKIP
    """
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        return Module(bytes(path_or_bytes), device)
    path = os.fspath(path_or_bytes)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise RuntimeFailure(f"cannot read {path}: {exc}") from None
    return Module(data, device, name=os.path.basename(path))


@atexit.register
def _release_all() -> None:
    # Runtime objects alive at interpreter shutdown make nanobind print "leaked" lines.
    for m in list(_live):
        m.close()
