"""The README's demo: train the digits MLP (a few seconds, progress bar), report test accuracy, then
export the trained classifier to a .vmfb and run it through the compiler-free gorgonia-runtime.

``make demo`` or ``python examples/demo.py``
"""

from __future__ import annotations

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import digits_mlp  # noqa: E402


def main() -> None:
    print("== 1. train: digits MLP, forward + backward + Adam in one compiled IREE call per step ==")
    result = digits_mlp.main([])
    try:
        import deploy
    except ImportError:
        return
    print("\n== 2. deploy: export the trained model and run it with gorgonia-runtime ==")
    deploy.from_trained(result)


if __name__ == "__main__":
    main()
