"""The templates' interface strings, found by Babel once and kept by content: a warm
build reports a missing translation as a cold one does, and a template edit is seen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from newsroom.core import languages
from newsroom.core.cache import ContentCache
from newsroom.core.languages import load_translations, untranslated_strings

REPO = Path(__file__).resolve().parents[2]


def missing(theme: Path, cache: ContentCache, root: Path) -> list[tuple[str, str]]:
    _, translated = load_translations(theme, "cy", "en", root)
    found = untranslated_strings(theme, "cy", translated, root, cache)
    return [(str(problem.location), problem.message) for problem in found]


def test_cached_messages_follow_the_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    cache = ContentCache(tmp_path / ".cache")
    assert missing(theme, cache, tmp_path) == []  # the real theme is fully translated

    page = theme / "templates/404.html"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(4, '<p>{{ _("A sentence nobody has translated yet.") }}</p>\n')
    page.write_text("".join(lines), encoding="utf-8")
    expected = [
        (
            "theme/templates/404.html:5",
            'the interface text "A sentence nobody has translated yet." has no translation'
            ' in "cy".',
        )
    ]
    assert missing(theme, cache, tmp_path) == expected  # the edit is seen through the cache

    def no_extraction(*args: object, **kwargs: object) -> None:
        raise AssertionError("Babel ran again on unchanged templates")

    monkeypatch.setattr(languages, "extract_from_dir", no_extraction)
    assert missing(theme, cache, tmp_path) == expected  # kept: the same problem, unread
    with pytest.raises(AssertionError, match="Babel ran again"):  # control: no cache
        missing(theme, ContentCache(None), tmp_path)
