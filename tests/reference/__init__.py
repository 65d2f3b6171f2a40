"""The numpy oracle of the tests: every op's meaning, keyed by op name, ``REFERENCE[name](inputs, attrs) -> [arrays]``.

The forward tests check every op's compiled result against it, the gradient tests take finite differences
of it, the property tests interpret random graphs with it. It lives with the tests, not in the package, so
nothing the compiler runs (constant folding included) shares code with what checks it. One module per op
family (``gorgonia_mlir.dialect.FAMILY``); the elementwise family's entries come from its op records
(tests/examples_elementwise.py). tests/test_meta.py fails when an op has no entry.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Ref = Callable[[list[np.ndarray], dict], list[np.ndarray]]

REFERENCE: dict[str, Ref] = {}
# Ops whose value is not a function of operands (state, parameters, random draws): checked by their own tests.
NO_REFERENCE: set[str] = set()
# Ops expanded by gorgonia-autodiff before lowering: checked by gradient tests, not by a reference.
AUTODIFF_OPS = {"grad", "vjp", "jvp"}

from . import core, elementwise, nn, random, reductions, shape, state  # noqa: E402,F401
