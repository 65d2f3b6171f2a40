"""Compile targets: a name the user writes → IREE backend, flags, the device that runs the code.

Measured with iree-base-compiler 3.13 (tests/test_targets.py compiles each one on this machine and
checks the executable format inside the ``.vmfb`` with ``iree-dump-module``):

=========  =================================================  ==========================
name       what                                               executable format
=========  =================================================  ==========================
cpu        this host (``--iree-llvmcpu-target-cpu=host``)     embedded-elf-x86_64 here
x86_64     any x86-64 Linux machine (generic CPU)             embedded-elf-x86_64
aarch64    64-bit Arm Linux boards (Raspberry Pi 4/5, Jetson) embedded-elf-arm_64
riscv64    RISC-V Linux boards, RV64GC, lp64d ABI             embedded-elf-riscv_64
vmvx       IREE's portable interpreter (any CPU, slow)        vmvx-bytecode-fb
cuda:sm_X  NVIDIA GPUs (PTX for compute capability X)         cuda-nvptx-fb
=========  =================================================  ==========================

CUDA architectures: IREE 3.13 knows sm_60 … sm_89 and sm_120/sm_121, fails on sm_90/sm_90a/sm_100
("missing GPU target") and segfaults on alias names such as ``hopper`` or ``h100`` (iree#22147). So
names are validated here and never passed through: Hopper and Blackwell datacenter parts get sm_80
PTX (the driver JIT-compiles it for the newer GPU) with a warning.
"""

from __future__ import annotations

import functools
import re
import warnings
from dataclasses import dataclass

from .errors import CompileError


@dataclass(frozen=True)
class Target:
    """A resolved compile target.

    ``device`` is the kind of runtime device that runs the module (``cpu`` or ``cuda``); ``format``
    is the executable format the ``.vmfb`` holds (as ``iree-dump-module`` prints it).
    """

    name: str
    backend: str
    flags: tuple[str, ...]
    device: str
    format: str
    description: str


def _llvm_cpu(triple: str, *flags: str) -> tuple[str, ...]:
    return (f"--iree-llvmcpu-target-triple={triple}", *flags)


# Fixed targets, by name. CUDA targets are made by ``resolve`` from an architecture.
TARGETS: dict[str, Target] = {
    "cpu": Target(
        "cpu", "llvm-cpu", ("--iree-llvmcpu-target-cpu=host",), "cpu", "embedded-elf-x86_64", "this host's CPU"
    ),
    "x86_64": Target(
        "x86_64",
        "llvm-cpu",
        _llvm_cpu("x86_64-unknown-linux-gnu", "--iree-llvmcpu-target-cpu=generic"),
        "cpu",
        "embedded-elf-x86_64",
        "any x86-64 Linux machine",
    ),
    "aarch64": Target(
        "aarch64",
        "llvm-cpu",
        _llvm_cpu("aarch64-unknown-linux-gnu", "--iree-llvmcpu-target-cpu=generic"),
        "cpu",
        "embedded-elf-arm_64",
        "64-bit Arm Linux (Raspberry Pi 4/5, Jetson, Graviton)",
    ),
    "riscv64": Target(
        "riscv64",
        "llvm-cpu",
        _llvm_cpu(
            "riscv64-unknown-linux-gnu",
            "--iree-llvmcpu-target-cpu=generic-rv64",
            "--iree-llvmcpu-target-abi=lp64d",
            "--iree-llvmcpu-target-cpu-features=+m,+a,+f,+d,+c",
        ),
        "cpu",
        "embedded-elf-riscv_64",
        "RISC-V 64 Linux boards (RV64GC, lp64d)",
    ),
    "vmvx": Target("vmvx", "vmvx", (), "cpu", "vmvx-bytecode-fb", "IREE's portable interpreter"),
}

# CUDA compute capabilities IREE 3.13 compiles for (measured: each one compiles a module).
CUDA_ARCHS = (
    "sm_60",
    "sm_61",
    "sm_62",
    "sm_70",
    "sm_72",
    "sm_75",
    "sm_80",
    "sm_86",
    "sm_87",
    "sm_89",
    "sm_120",
    "sm_121",
)
# Newer parts IREE 3.13 cannot target: they run sm_80 PTX (JIT-compiled by the driver).
CUDA_FALLBACK = {
    "sm_90": "sm_80",
    "sm_90a": "sm_80",
    "sm_100": "sm_80",
    "sm_100a": "sm_80",
    "sm_101": "sm_80",
    "sm_103": "sm_80",
    "sm_120a": "sm_120",
}
# Marketing/codename aliases → architectures (never handed to IREE: they crash it).
CUDA_ALIASES = {
    "pascal": "sm_60",
    "p100": "sm_60",
    "volta": "sm_70",
    "v100": "sm_70",
    "turing": "sm_75",
    "t4": "sm_75",
    "ampere": "sm_80",
    "a100": "sm_80",
    "a10": "sm_86",
    "a10g": "sm_86",
    "rtx3090": "sm_86",
    "orin": "sm_87",
    "ada": "sm_89",
    "l4": "sm_89",
    "l40": "sm_89",
    "rtx4090": "sm_89",
    "hopper": "sm_90",
    "h100": "sm_90",
    "h200": "sm_90",
    "gh200": "sm_90",
    "blackwell": "sm_100",
    "b100": "sm_100",
    "b200": "sm_100",
    "gb200": "sm_100",
}
DEFAULT_CUDA_ARCH = "sm_80"


def cuda_arch(arch: str) -> str:
    """The ``sm_XX`` IREE 3.13 can compile for ``arch`` (``sm_86``, ``86``, ``8.6``, ``a100``, ``h100`` …).

    >>> cuda_arch("a100")
    'sm_80'
    """
    given = arch
    arch = str(arch).strip().lower()
    arch = CUDA_ALIASES.get(arch, arch)
    m = re.fullmatch(r"(?:sm_?|compute_)?(\d)\.?(\d+)(a?)", arch)
    if m:
        arch = f"sm_{m.group(1)}{m.group(2)}{m.group(3)}"
    if arch in CUDA_ARCHS:
        return arch
    if arch in CUDA_FALLBACK:
        use = CUDA_FALLBACK[arch]
        warnings.warn(
            f"CUDA architecture {given!r} ({arch}) is not supported by IREE 3.13; compiling {use} PTX, which the "
            "driver JIT-compiles for this GPU (correct, not tuned for it)",
            stacklevel=_user_stacklevel(),
        )
        return use
    raise CompileError(
        f"unknown CUDA architecture {given!r}; expected one of {', '.join(CUDA_ARCHS)}, "
        f"{', '.join(CUDA_FALLBACK)} (compiled for an older architecture), "
        f"or a GPU name ({', '.join(sorted(CUDA_ALIASES))})"
    )


def _user_stacklevel() -> int:
    """The ``warnings.warn`` stacklevel of the first caller outside this package."""
    import os
    import sys

    here = os.path.dirname(__file__)
    frame, level = sys._getframe(2), 2
    while frame is not None and frame.f_code.co_filename.startswith(here):
        frame, level = frame.f_back, level + 1
    return level


def known_targets() -> str:
    """The target names, for error messages."""
    return ", ".join([*TARGETS, "cuda", "cuda:sm_XX"])


def resolve(target: str, arch: str | None = None) -> Target:
    """The ``Target`` called ``target`` (``"cpu"``, ``"aarch64"``, ``"cuda:sm_86"``, ``"cuda"`` + ``arch``).

    >>> resolve("cuda", arch="sm_86").flags
    ('--iree-cuda-target=sm_86',)
    """
    if not isinstance(target, str):
        raise CompileError(f"target must be a string, got {type(target).__name__}; known targets: {known_targets()}")
    name, _, suffix = target.partition(":")
    if name != "cuda":
        if name not in TARGETS or suffix:
            raise CompileError(f"unknown target {target!r}; known targets: {known_targets()}")
        if arch is not None:
            raise CompileError(f"arch={arch!r} applies to CUDA targets only, not to target {target!r}")
        return TARGETS[name]
    if suffix and arch is not None and cuda_arch(suffix) != cuda_arch(arch):
        raise CompileError(f"target {target!r} and arch={arch!r} disagree")
    sm = cuda_arch(suffix or arch or DEFAULT_CUDA_ARCH)
    return Target(
        f"cuda:{sm}", "cuda", (f"--iree-cuda-target={sm}",), "cuda", "cuda-nvptx-fb", f"NVIDIA GPUs, {sm} PTX"
    )


@functools.cache
def device_arch(index: int = 0) -> str | None:
    """The compute capability (``sm_XX``) of CUDA device ``index``, read from the driver; None without one."""
    import ctypes

    try:
        cuda = ctypes.CDLL("libcuda.so.1")
    except OSError:
        return None
    major, minor, dev = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
    # cuDeviceGetAttribute: 75 = COMPUTE_CAPABILITY_MAJOR, 76 = COMPUTE_CAPABILITY_MINOR
    if cuda.cuInit(0) != 0 or cuda.cuDeviceGet(ctypes.byref(dev), index) != 0:
        return None
    if cuda.cuDeviceGetAttribute(ctypes.byref(major), 75, dev) or cuda.cuDeviceGetAttribute(
        ctypes.byref(minor), 76, dev
    ):
        return None
    return f"sm_{major.value}{minor.value}"
