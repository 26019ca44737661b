"""`newsroom serve` rebuilds when a source changes: what its watcher sees."""

from __future__ import annotations

from pathlib import Path

from newsroom.core import PLUGIN_FOLDER
from newsroom.site.serve import sources_snapshot


def test_the_watcher_sees_the_sites_sources_and_the_plugin(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    article = tmp_path / "content/a.md"
    article.write_text("Title: A\n")
    (tmp_path / "pelicanconf.py").write_text("")
    (tmp_path / "output").mkdir()
    (tmp_path / "output/index.html").write_text("")
    before = sources_snapshot(tmp_path)
    assert {str(article), str(tmp_path / "pelicanconf.py")} <= set(before)
    assert str(PLUGIN_FOLDER / "templates/dataset.html") in before
    assert str(tmp_path / "output/index.html") not in before, "its own output is not a source"
    (tmp_path / "content/b.md").write_text("Title: B\n")
    assert sources_snapshot(tmp_path) != before
