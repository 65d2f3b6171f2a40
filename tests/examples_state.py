"""Table cases for the state ops: ``mode_select`` (train-mode value; eval mode is in test_norm.py)."""

from __future__ import annotations

from op_cases import ANY, case

EXAMPLES = {
    "mode_select": [
        case(
            "mode_select(x, y) in train mode",
            [(2, 3), (2, 3)],
            lambda x, y: x.graph.apply1("mode_select", [x, y]),
            lambda x, y: x,
        ),
    ],
}

# The cotangent reaches the train operand only (the gradient test compiles in train mode).
GRAD_CASES = {
    "mode_select": [([(2, 3), (2, 3)], {}, [ANY, ANY], True)],
}
