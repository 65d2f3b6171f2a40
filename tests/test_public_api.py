"""``G.__all__`` is the public API: it matches docs/api.md, the builder families' ``__all__`` and the README.

Each failure message names the file to edit.
"""

from __future__ import annotations

import inspect
import re
import types
from pathlib import Path

import pytest

import gorgonia_mlir as G
from gorgonia_mlir import builders

ROOT = Path(__file__).resolve().parent.parent
API_DOC = ROOT / "docs" / "api.md"
INIT = "gorgonia_mlir/__init__.py"


def _entries(text: str) -> list[str]:
    """The names of the ``- `name`: ...`` lines of a docs/api.md section."""
    return re.findall(r"^- `(\w+)`", text, re.M)


def _doc_sections() -> dict[str, str]:
    """docs/api.md's ``##``/``###`` sections by title (the text up to the next heading)."""
    text = API_DOC.read_text()
    parts = re.split(r"^(#{2,3} .*)$", text, flags=re.M)
    return {title.lstrip("#").strip(): body for title, body in zip(parts[1::2], parts[2::2], strict=True)}


def _family_sections() -> dict[str, list[str]]:
    """Family module name (``core``, ...) → the names its docs/api.md section lists."""
    out = {}
    for title, body in _doc_sections().items():
        m = re.fullmatch(r"(\w+) \(`gorgonia_mlir/builders/(\w+)\.py`\)", title)
        if m:
            assert m.group(1) == m.group(2), f"docs/api.md: section {title!r} names two different families"
            out[m.group(1)] = _entries(body)
    return out


def _family_name(module: types.ModuleType) -> str:
    return module.__name__.rsplit(".", 1)[-1]


def test_all_has_no_duplicates():
    seen = [n for n in G.__all__ if G.__all__.count(n) > 1]
    assert not seen, f"names listed twice in __all__ of {INIT}: {sorted(set(seen))}"


def test_all_is_what_docs_api_lists():
    listed = _entries(API_DOC.read_text())
    twice = sorted({n for n in listed if listed.count(n) > 1})
    assert not twice, f"docs/api.md lists these names more than once: {twice}"
    undocumented = sorted(set(G.__all__) - set(listed))
    stale = sorted(set(listed) - set(G.__all__))
    assert not undocumented, f"in __all__ of {INIT} but without a line in docs/api.md: {undocumented}"
    assert not stale, f"listed in docs/api.md but not in __all__ of {INIT} (add it there or drop the line): {stale}"


def test_every_op_of_the_dialect_is_in_docs_api():
    from gorgonia_mlir.dialect import OPS

    named = set(re.findall(r"`(\w+)`", API_DOC.read_text()))
    missing = sorted(set(OPS) - named)
    assert not missing, (
        f"ops of the dialect not named in docs/api.md (a builder's line, or the list of ops without a builder "
        f"of their own at its end): {missing}"
    )


def test_every_name_in_all_exists():
    missing = [n for n in G.__all__ if not hasattr(G, n)]
    assert not missing, f"__all__ of {INIT} names what the package does not define or import: {missing}"


def test_no_module_in_all():
    modules = [n for n in G.__all__ if isinstance(getattr(G, n, None), types.ModuleType)]
    assert not modules, f"__all__ of {INIT} lists modules (only functions, classes and constants belong): {modules}"


def test_readme_names_only_public_api():
    readme = (ROOT / "README.md").read_text()
    used = sorted(set(re.findall(r"\bG\.(\w+)", readme)))
    assert len(used) > 50, "the README's G.<name> references were not found"
    private = [n for n in used if n not in G.__all__]
    assert not private, (
        f"README.md uses G.<name> for names outside __all__ of {INIT} (export them there and in docs/api.md, "
        f"or fix README.md): {private}"
    )


def test_every_family_module_is_in_docs_api():
    families = [_family_name(m) for m in builders.FAMILIES]
    sections = _family_sections()
    assert list(sections) == families, (
        f"docs/api.md's op sections ({list(sections)}) must be the families of gorgonia_mlir/builders/__init__.py's "
        f"FAMILIES, in that order ({families})"
    )


@pytest.mark.parametrize("family", builders.FAMILIES, ids=_family_name)
def test_family_all_is_exported_and_documented(family):
    name, path = _family_name(family), f"gorgonia_mlir/builders/{_family_name(family)}.py"
    missing = sorted(n for n in family.__all__ if not hasattr(family, n))
    assert not missing, f"__all__ of {path} names what it does not define: {missing}"
    unexported = sorted(set(family.__all__) - set(G.__all__))
    assert not unexported, f"{path} lists these in __all__, but {INIT} does not export them: {unexported}"
    for n in family.__all__:
        ours, top = getattr(family, n), getattr(G, n)
        assert getattr(top, "__wrapped__", top) is ours, f"G.{n} is not {path}'s {n}: import it from there in {INIT}"
    documented = set(_family_sections().get(name, []))
    exported = set(family.__all__)
    assert documented == exported, (
        f"docs/api.md's section '{name} (`{path}`)' must list exactly __all__ of {path}: "
        f"missing {sorted(exported - documented)}, extra {sorted(documented - exported)}"
    )


BUILDERS = sorted(n for m in builders.FAMILIES for n in m.__all__ if inspect.isfunction(getattr(m, n)))


@pytest.mark.parametrize("name", BUILDERS)
def test_builders_reject_unknown_keywords_with_a_graph_error(name):
    # __init__._check_signatures wraps every builder: an argument it does not take is a GraphError naming it.
    op = inspect.unwrap(getattr(G, name)).__name__  # an alias (relu) reports the builder's own name (rectify)
    with pytest.raises(G.GraphError, match=rf"^{op}: 'no_such_option' is not an option of {op}") as info:
        getattr(G, name)(no_such_option=1)
    assert "test_public_api.py" in str(info.value), f"{name}'s error does not point at the caller's file:line"
