"""numpy reference of the state family (train mode), and the ops checked by their own tests."""

from __future__ import annotations

import numpy as np

from . import NO_REFERENCE, REFERENCE

# mode_select in the default (train) mode; eval mode is tested through machines in eval mode.
REFERENCE["mode_select"] = lambda ins, attrs: [np.asarray(ins[0])]

# A side effect: checked through machines (the running statistics of batch_norm in tests/test_norm.py).
NO_REFERENCE.add("assign")
