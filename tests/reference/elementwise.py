"""numpy reference of the elementwise family, from its op records (tests/examples_elementwise.py): one
row there gives an op its reference, its examples, its gradient cases and its accuracy bound."""

from __future__ import annotations

from examples_elementwise import RECORDS

from . import REFERENCE

REFERENCE.update({r.name: r.reference for r in RECORDS if not r.composite})
