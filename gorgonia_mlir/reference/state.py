"""numpy references for state ops (train mode), and the ops checked by their own tests."""

from __future__ import annotations

import numpy as np

from . import NO_REFERENCE, REFERENCE

# mode_select in the default (train) mode; eval mode is tested through machines in eval mode.
REFERENCE["mode_select"] = lambda ins, attrs: [np.asarray(ins[0])]

# Stochastic sources and side effects: checked statistically / through machines (tests/test_random.py,
# tests/test_norm.py).
NO_REFERENCE.update({"assign", "uniform_random", "gaussian_random", "binomial_random"})
