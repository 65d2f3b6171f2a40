"""``gorgonia-run``: run a function of an exported ``.vmfb`` on ``.npy`` inputs.

gorgonia-run model.vmfb --function main --input x.npy --output y.npy
gorgonia-run model.vmfb --params model.irpa --input x.npy          # prints a summary
gorgonia-run model.vmfb --info                                     # signatures, version, target
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from .atomic_file import atomic_path
from .module import RuntimeFailure, load


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gorgonia-run", description="Run a function of a gorgonia-mlir .vmfb module.")
    p.add_argument("module", help="the .vmfb file")
    p.add_argument("--function", "-f", help="function to run (default: main, or the module's only function)")
    p.add_argument("--input", "-i", action="append", default=[], metavar="X.npy", help="an input, in order (repeat)")
    p.add_argument("--output", "-o", action="append", default=[], metavar="Y.npy", help="where to save each output")
    p.add_argument("--params", "-p", action="append", default=None, metavar="W.irpa", help="parameter archive(s)")
    p.add_argument("--device", "-d", default=None, help="cpu, cuda or cuda:N (default: the module's target)")
    p.add_argument("--info", action="store_true", help="print the module's functions and signatures, run nothing")
    return p


def _summary(name: str, value: np.ndarray) -> str:
    flat = value.reshape(-1)
    head = np.array2string(flat[:6], precision=5, separator=", ")
    stats = ""
    if value.size and value.dtype.kind in "biuf":
        stats = f" min {flat.min():.6g} max {flat.max():.6g} mean {flat.astype(np.float64).mean():.6g}"
    return f"{name}: {value.dtype}{list(value.shape)}{stats} first {head}"


def _pick_function(mod, wanted: str | None) -> str:
    if wanted:
        return wanted
    if "main" in mod.function_names:
        return "main"
    public = [n for n in mod.function_names if not n.startswith("__")]
    if len(public) != 1:
        raise RuntimeFailure(f"{mod.name} has functions {public}; choose one with --function")
    return public[0]


def run(argv: list[str] | None = None) -> int:
    """The CLI's body; returns the exit status."""
    args = _parser().parse_args(argv)
    mod = load(args.module, device=args.device, params=args.params)
    try:
        if args.info:
            print(f"{mod.name}: gorgonia-mlir {mod.version or '?'}, target {mod.target or '?'}, device {mod.device}")
            for n in mod.function_names:
                if not n.startswith("__"):
                    print(f"  {n}{mod[n].signature or ' (no signature)'}")
            return 0
        fn = mod[_pick_function(mod, args.function)]
        inputs = []
        for path in args.input:
            try:
                inputs.append(np.load(path, allow_pickle=False))
            except (OSError, ValueError) as exc:
                raise RuntimeFailure(f"cannot read input {path}: {exc}") from None
        outs = fn(*inputs)
        outs = outs if isinstance(outs, list) else [outs]
        names = [s.name for s in fn.signature.outputs] if fn.signature else [f"output{i}" for i in range(len(outs))]
        if args.output:
            if len(args.output) != len(outs):
                raise RuntimeFailure(f"{fn.name} returns {len(outs)} output(s) but {len(args.output)} --output given")
            for path, value in zip(args.output, outs, strict=True):
                # np.save's own naming (``.npy`` appended), written crash-safely
                with atomic_path(path if path.endswith(".npy") else path + ".npy") as tmp:
                    np.save(tmp, value)
        else:
            for name, value in zip(names, outs, strict=True):
                print(_summary(name, value))
        return 0
    finally:
        mod.close()


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``gorgonia-run`` console script."""
    try:
        status = run(argv)
    except RuntimeFailure as exc:
        print(f"gorgonia-run: error: {exc}", file=sys.stderr)
        status = 1
    sys.exit(status)


if __name__ == "__main__":
    main()
