"""Cache keys are made in one place (`cache_key`), from named ingredients."""

from __future__ import annotations

import ast
from importlib.metadata import version
from pathlib import Path

import pytest
from newsroom.core import PLUGIN_FOLDER
from newsroom.core.cache import CHART_IMAGE_LIBRARIES, cache_key, library_version

# Hashes that are not keys of results: the up-to-date check's signatures of files,
# settings and the output tree.
SIGNATURES = {"rebuilds/up_to_date.py"}


def _content_key_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "content_key"
    ]


def test_no_key_is_assembled_by_hand_outside_core() -> None:
    found = {
        shown: lines
        for path in sorted(PLUGIN_FOLDER.rglob("*.py"))
        if (shown := path.relative_to(PLUGIN_FOLDER).as_posix()).split("/")[0] != "core"
        and shown not in SIGNATURES
        and (lines := _content_key_calls(path))
    }
    assert found == {}, "make these keys with cache_key(step, data=..., options=...)"


def test_each_ingredient_is_named_so_steps_and_ingredients_never_collide() -> None:
    keys = [
        cache_key("figure", data="x"),
        cache_key("chart", data="x"),
        cache_key("figure", options="x"),
        cache_key("figure", language="x"),
        cache_key("figure", data="x", language="en"),
        cache_key("figure", data="x", language="cy"),
        cache_key("figure", data=("x", "y")),
        cache_key("figure", data="xy"),
        cache_key("figure", data="x", code=False),
        cache_key("figure", data="x", libraries=CHART_IMAGE_LIBRARIES),
    ]
    assert len(set(keys)) == len(keys)
    assert cache_key("figure", data="x", options={"b": 1, "a": {2}}) == cache_key(
        "figure", data=b"x", options={"a": {2}, "b": 1}
    )


def test_an_upgraded_library_changes_the_keys_that_name_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = cache_key("svg", data="{}", libraries=CHART_IMAGE_LIBRARIES, code=False)
    unnamed = cache_key("card", data="{}", code=False)
    library_version.cache_clear()
    monkeypatch.setattr(
        "newsroom.core.cache.version",
        lambda name: version(name) + (".1" if name == "altair" else ""),
    )
    try:
        assert cache_key("svg", data="{}", libraries=CHART_IMAGE_LIBRARIES, code=False) != before
        assert cache_key("card", data="{}", code=False) == unnamed
    finally:
        library_version.cache_clear()
