"""`newsroom translations`: every article or page that lacks a translation, or whose
translation is older than its original, in one table for an editor.

"Older" compares dates an author can see and set: the original's `Modified:` (else its
`Date:`) against the translation's `Modified:` (else its `Date:`). Revising an original
means setting its `Modified:`; bringing the translation up to date means setting the
translation's. Files in a language that is not the site's default are translations.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from newsroom.core.errors import shown_path

COLUMNS = ("key", "original", "language", "translation", "status")


def _changed(item: Any) -> Any:
    return getattr(item, "modified", None) or item.date


def _shown(item: Any, root: Path) -> str:
    if getattr(item, "generated_from", ""):
        return f"generated: {item.generated_from}"
    return shown_path(Path(item.source_path).resolve(), root)


def translation_rows(items: list[Any], languages: list[str], root: Path) -> list[dict[str, str]]:
    """One row per (original, other language) that is missing or out of date."""
    groups: dict[str, dict[str, Any]] = defaultdict(dict)
    for item in items:
        groups[item.slug].setdefault(item.lang, item)
    rows = []
    for key, by_lang in sorted(groups.items()):
        original = by_lang.get(languages[0]) or next(iter(by_lang.values()))
        for lang in languages:
            if lang == original.lang:
                continue
            translation = by_lang.get(lang)
            if translation is None:
                status, shown = "missing", ""
            elif _changed(translation) < _changed(original):
                status = (
                    f"outdated: original changed {_changed(original):%Y-%m-%d},"
                    f" translation {_changed(translation):%Y-%m-%d}"
                )
                shown = _shown(translation, root)
            else:
                continue
            rows.append(
                {
                    "key": key,
                    "original": _shown(original, root),
                    "language": lang,
                    "translation": shown,
                    "status": status,
                }
            )
    return rows


def render_table(rows: list[dict[str, str]]) -> str:
    sizes = {c: max([len(c), *(len(r[c]) for r in rows)]) for c in COLUMNS}
    lines = ["  ".join(c.upper().ljust(sizes[c]) for c in COLUMNS)]
    lines += ["  ".join(r[c].ljust(sizes[c]) for c in COLUMNS) for r in rows]
    return "\n".join(line.rstrip() for line in lines)
