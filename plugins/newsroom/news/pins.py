"""Pinned figures: a published article keeps the numbers it was published with.

`content/figures.lock` records, for each pinned article, the release of every data
package its charts and figures use. The article is then always built from those
releases (kept in each package's `archive/`), and the build also computes its figures
from the newest releases: where they differ, the article shows a revision notice
instead of silently changing. `newsroom pin` pins articles; running it again for an
article re-pins it to the newest data, accepting the revisions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsroom.core.errors import Location, NewsroomError
from newsroom.data.tables import DataCatalog

LOCK_NAME = "figures.lock"


@dataclass(frozen=True)
class Revision:
    """A number that changed between the pinned release and the newest one."""

    source: str
    what: str
    was: str
    now: str
    package: str
    version: str
    released: str
    figure: str = ""  # the figure's name, when the number is a figure's


def read_pins(content: Path, project_root: Path, catalog: DataCatalog) -> dict[str, dict[str, str]]:
    """{article source path: {package: version}}; every pinned release must exist."""
    lock = content / LOCK_NAME
    if not lock.exists():
        return {}
    shown = lock.relative_to(project_root).as_posix()
    try:
        data = json.loads(lock.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise NewsroomError.single(
            "pin-lock-invalid",
            Location(shown, error.lineno),
            f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}.",
            "Restore the file from version control, or delete it and run `newsroom pin`.",
        ) from None
    pins: dict[str, dict[str, str]] = {}
    for source, entry in (data.get("articles") or {}).items():
        versions = {str(k): str(v) for k, v in (entry.get("data") or {}).items()}
        for name, version in versions.items():
            current = catalog.packages.get(name)
            releases = [current, *current.archive] if current else []
            if not any(r.version == version for r in releases):
                raise NewsroomError.single(
                    "pin-release-missing",
                    Location(shown, package=name),
                    f"{source} is pinned to {name} version {version}, which is neither the"
                    " newest release nor kept in the package's archive/ folder.",
                    f"Keep that release in data/{name}/archive/{version}/, or re-pin the"
                    " article with `newsroom pin --article " + source + "`.",
                )
        pins[source] = versions
    return pins


def write_pins(
    content: Path, articles: dict[str, dict[str, str]], pinned_on: str
) -> dict[str, Any]:
    """Add or replace the given articles' pins; other articles keep theirs."""
    lock = content / LOCK_NAME
    data: dict[str, Any] = json.loads(lock.read_text(encoding="utf-8")) if lock.exists() else {}
    entries = data.get("articles") or {}
    for source, versions in articles.items():
        entries[source] = {"pinned": pinned_on, "data": dict(sorted(versions.items()))}
    data = {
        "about": "Data releases each published article was built from. Written by `newsroom pin`.",
        "articles": dict(sorted(entries.items())),
    }
    lock.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return data


def articles_data_releases(builds: list[Any]) -> dict[str, dict[str, str]]:
    """{article: {package: newest version}} for every content file with charts or figures,
    in every language (one build per language: each renders its own articles).

    Newest, not pinned: pinning again is how an editor accepts revised figures.
    """
    used: dict[str, dict[str, str]] = {}
    for build in builds:
        newest = {name: package.version for name, package in build.catalog.packages.items()}
        names: dict[str, set[str]] = {}
        for chart in build.charts.values():
            names.setdefault(chart.source, set()).add(chart.package_name)
        for use in build.figure_uses:
            names.setdefault(use.source, set()).add(use.figure.package.name)
        content = Path(build.settings["PATH"]).resolve().relative_to(build.project_root)
        used.update(
            (source, {name: newest[name] for name in sorted(packages)})
            for source, packages in names.items()
            if source.startswith(content.as_posix() + "/")
        )
    return used
