"""NEWSROOM_FAST_REBUILDS off: none of rebuilds/ runs, and the site is byte for byte the
same (the speed machinery changes how fast output is made, never what it is)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from newsroom.core.cache import ContentCache
from newsroom.rebuilds import markdown_cache, reading_cache, up_to_date

from tests.conftest import copy_site

SPEED_NAMESPACES = {reading_cache.NAMESPACE, markdown_cache.NAMESPACE, up_to_date.NAMESPACE}


class SpeedMachinery:
    """Counts what the rebuilds/ machinery does while a build runs in this process."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.used: Counter[str] = Counter()
        for method in ("get", "put"):
            self._count_cache(monkeypatch, method)
        original_fork = os.fork

        def fork() -> int:
            self.used["fork"] += 1
            return original_fork()

        monkeypatch.setattr(os, "fork", fork)
        original_compiled = ContentCache.compiled_templates

        def compiled_templates(cache: ContentCache, options: dict[str, Any]) -> Any:
            self.used["compiled templates"] += 1
            return original_compiled(cache, options)

        monkeypatch.setattr(ContentCache, "compiled_templates", compiled_templates)
        original_markdown = markdown_cache.CachingMarkdown.__init__

        def caching_markdown(markdown: Any, *args: Any, **kwargs: Any) -> None:
            self.used["caching markdown"] += 1
            original_markdown(markdown, *args, **kwargs)

        monkeypatch.setattr(markdown_cache.CachingMarkdown, "__init__", caching_markdown)

    def _count_cache(self, monkeypatch: pytest.MonkeyPatch, method: str) -> None:
        original = getattr(ContentCache, method)

        def counted(cache: ContentCache, namespace: str, *args: Any) -> Any:
            if namespace in SPEED_NAMESPACES:
                self.used[f"{namespace} {method}"] += 1
            return original(cache, namespace, *args)

        monkeypatch.setattr(ContentCache, method, counted)


def _files(folder: Path) -> dict[str, bytes]:
    # Pagefind names its index files by hashes that vary between builds of the same
    # site (upstream Pagefind#638), so pagefind/ is left out of the comparison.
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.relative_to(folder).parts[0] != "pagefind"
    }


def test_switched_off_the_site_is_the_same_and_no_speed_machinery_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_site(tmp_path / "site")
    fast = SpeedMachinery(monkeypatch)
    site.build(output=tmp_path / "fast", force=True)
    # The spies see the machinery when it is on: else this test could not fail.
    assert fast.used["reading get"] and fast.used["caching markdown"], fast.used
    assert fast.used["builds put"] and fast.used["compiled templates"], fast.used
    if (os.cpu_count() or 1) > 1:
        assert fast.used["fork"], fast.used

    monkeypatch.undo()
    slow = SpeedMachinery(monkeypatch)
    # An empty cache path too: the build needs no cache to be right.
    off = {"NEWSROOM_FAST_REBUILDS": False, "NEWSROOM_CACHE_PATH": ""}
    site.build(off, output=tmp_path / "slow", force=True)
    assert not slow.used, f"switched off, yet rebuilds/ ran: {dict(slow.used)}"

    fast_files, slow_files = _files(tmp_path / "fast"), _files(tmp_path / "slow")
    assert sorted(fast_files) == sorted(slow_files)
    differing = [name for name in fast_files if fast_files[name] != slow_files[name]]
    assert not differing, f"these files differ with fast rebuilds off: {differing}"
