"""`newsroom serve` rebuilds when a source changes: what its watcher sees."""

from __future__ import annotations

from pathlib import Path

import pytest
from newsroom.core import PLUGIN_FOLDER
from newsroom.site.source_watch import SourceWatch, sources_snapshot


def small_site(root: Path) -> Path:
    (root / "content/news").mkdir(parents=True)
    (root / "content/news/a.md").write_text("Title: A\n")
    (root / "data").mkdir()
    (root / "pelicanconf.py").write_text("")
    (root / "output").mkdir()
    (root / "output/index.html").write_text("")
    return root


def test_the_watcher_sees_the_sites_sources_and_the_plugin(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    article = site / "content/news/a.md"
    before = sources_snapshot(site)
    assert {str(article), str(site / "pelicanconf.py")} <= set(before)
    assert str(PLUGIN_FOLDER / "templates/dataset.html") in before
    assert str(site / "output/index.html") not in before, "its own output is not a source"
    (site / "content/b.md").write_text("Title: B\n")
    assert sources_snapshot(site) != before


@pytest.mark.parametrize("by_looking", [False, True], ids=["kernel", "looking"])
def test_a_saved_source_is_news_and_the_builds_own_files_are_not(
    tmp_path: Path, by_looking: bool
) -> None:
    site = small_site(tmp_path)
    watch = SourceWatch(site)
    if by_looking:
        watch.close()
        watch._inotify = None
        watch._seen = sources_snapshot(site)
    try:
        assert not watch.wait(0.05)
        (site / "output/index.html").write_text("built again")
        (site / ".cache").mkdir()
        (site / ".output-building-1").mkdir()
        (site / "content/news/.a.md.swp").write_text("scratch")
        (site / "content/news/__pycache__").mkdir()
        if not by_looking:  # looking sees every file; the kernel's news is filtered
            assert not watch.wait(0.1)
        watch.changes()  # what the filtered news named, forgotten
        (site / "content/news/a.md").write_text("Title: A, edited\n")
        assert watch.wait(2)
        # The page-first path is told which file (and nothing else: no other source).
        assert watch.changes() == {site / "content/news/a.md"}
        assert not watch.wait(0.05)
        (site / "data/new-package").mkdir()
        watch.wait(0.2)  # an empty folder: news to the kernel, nothing to look at
        (site / "data/new-package/datapackage.json").write_text("{}")
        assert watch.wait(2), "a file in a folder made since the watch began"
        watch.changes()
        (site / "pelicanconf.py").write_text("SITENAME = 'B'\n")
        assert watch.wait(2)
        assert watch.changes() == {site / "pelicanconf.py"}
    finally:
        watch.close()
