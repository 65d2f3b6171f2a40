"""gorgonia-runtime: load a compiled ``.vmfb`` and call its functions. Needs no compiler.

>>> from gorgonia_runtime import load        # doctest: +SKIP
>>> mod = load("model.vmfb")                 # doctest: +SKIP
>>> y = mod.main(x)                          # doctest: +SKIP
"""

from .module import DEVICES, Function, Module, RuntimeFailure, check_device, load, parse_device
from .signature import Signature, TensorSpec

__all__ = [
    "DEVICES",
    "Function",
    "Module",
    "RuntimeFailure",
    "Signature",
    "TensorSpec",
    "check_device",
    "load",
    "parse_device",
]
__version__ = "0.1.0"
