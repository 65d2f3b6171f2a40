"""Deploy a trained model: export the digits MLP to a .vmfb (+ .irpa) and run it with gorgonia-runtime.

Trains the classifier of ``digits_mlp.py``, exports its inference function for this host (weights
embedded, and weights in a parameter archive) and for two edge boards (aarch64, riscv64), loads the
host modules through the compiler-free ``gorgonia_runtime`` and checks that their predictions match
the in-process ones. ``python examples/deploy.py [--epochs N] [--out DIR]``
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import digits_mlp  # noqa: E402
from gorgonia_runtime import __version__ as runtime_version  # noqa: E402
from gorgonia_runtime import load  # noqa: E402

import gorgonia_mlir as G  # noqa: E402

# What `make wheels` writes next to gorgonia-mlir's wheel in dist/: the board installs only this one.
RUNTIME_WHEEL = f"gorgonia_runtime-{runtime_version}-py3-none-any.whl"


def _kib(path) -> str:
    return f"{pathlib.Path(path).stat().st_size / 1024:.0f} KiB"


def from_trained(result: dict, out: str | None = None) -> dict:
    """Export ``digits_mlp.main``'s trained classifier, run it through gorgonia-runtime, compare predictions."""
    out = pathlib.Path(out or tempfile.mkdtemp(prefix="gorgonia-deploy-"))
    out.mkdir(parents=True, exist_ok=True)
    infer = result["infer"]  # G.function([x], [logits], name="predict"), sharing the trained learnables
    _, _, x_test, y_test = digits_mlp.load()
    in_process = digits_mlp.predict(infer, x_test)

    embedded = G.export(infer, out / "digits.vmfb")
    external = G.export(infer, out / "digits_ext.vmfb", params=out / "digits.irpa")
    print(f"exported {embedded.name}{embedded.signature} for {embedded.target}")
    print(f"  {embedded.path}: {_kib(embedded.path)} (weights embedded)")
    print(f"  {external.path}: {_kib(external.path)} + {external.params}: {_kib(external.params)}")
    for board in ("aarch64", "riscv64"):
        e = G.export(infer, out / f"digits_{board}.vmfb", target=board, params=out / "digits.irpa")
        print(f"  {e.path}: {_kib(e.path)} (for {board} boards, same digits.irpa)")

    matches = {}
    for label, mod in (
        ("embedded", load(embedded.path)),
        ("vmfb + irpa", load(external.path, params=external.params)),
    ):
        deployed = digits_mlp.predict(lambda batch, mod=mod: [mod.predict(batch)], x_test)
        logits_gap = float(np.abs(mod.predict(x_test[: digits_mlp.BATCH]) - infer(x_test[: digits_mlp.BATCH])[0]).max())
        matches[label] = bool((deployed == in_process).all())
        accuracy = float((deployed == y_test.argmax(1)).mean())
        verdict = "all equal to" if matches[label] else "DIFFER from"
        print(
            f"gorgonia-runtime ({label}): {len(x_test)} predictions, {verdict} the in-process ones; "
            f"accuracy {100 * accuracy:.2f}%; max |logit difference| {logits_gap:.2g}"
        )
        mod.close()
    np.save(out / "x.npy", x_test[: digits_mlp.BATCH])  # one batch of inputs, for the board command below
    print(f"on a board: `make wheels` here, copy dist/{RUNTIME_WHEEL} and, from {out}/,")
    print("  digits_aarch64.vmfb, digits.irpa and x.npy to it; there run")
    print(f"  pip install {RUNTIME_WHEEL} && gorgonia-run digits_aarch64.vmfb --params digits.irpa --input x.npy")
    return {"dir": str(out), "matches": matches, "embedded": embedded, "external": external}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=25)
    parser.add_argument("--out", default=None, help="where to write the modules (default: a new temporary folder)")
    args = parser.parse_args(argv)
    result = digits_mlp.main(["--epochs", str(args.epochs)])
    return from_trained(result, args.out)


if __name__ == "__main__":
    main()
