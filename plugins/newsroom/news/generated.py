"""Step 3e: news written from the data, from templates a comms officer can edit.

A template is a Markdown file in `content/article-templates/` with Pelican front matter
and Jinja placeholders (`{{ unit.label }}`) and conditions (`{% if ... %}`). Its `Kind:`
says what it is written for:

- `new-release`: one article for every release of every data package (what was
  published, what changed since the previous release, one chart);
- `unit-in-numbers`: one article for every unit (the latest value of each headline
  indicator, its change on the year and its rank among units).

Numbers are written as figures (`[](figure:NAME)`) whose definitions the generator
appends, so every number links to its definition like a hand-written one. `Exclude:`
in a template's front matter lists unit ids or package names to skip.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from newsroom.core.cache import ContentCache, cache_key
from newsroom.core.languages import run_catalogue
from newsroom.data.status import figures_words, status_label, status_notice
from newsroom.data.tables import DataCatalog
from newsroom.data.units import Unit
from newsroom.news.article_templates import (
    TEMPLATES_FOLDER,
    excluded_names,
    load_templates,
    only_names,
    render_template,
)
from newsroom.news.releases import release_changes, release_date, release_headline
from newsroom.news.unit_indicators import indicators_for


@dataclass(frozen=True)
class GeneratedArticle:
    slug: str
    text: str
    template: str
    subject: str
    pins: dict[str, str] = field(default_factory=dict)
    lang: str = ""  # the template's `Lang:`; empty for the site's default language


def figures_block(figures: dict[str, dict[str, Any]]) -> str:
    if not figures:
        return ""
    return "\n```figures\n" + yaml.safe_dump(figures, sort_keys=True, allow_unicode=True) + "```\n"


def generate(
    cache: ContentCache,
    content: Path,
    project_root: Path,
    catalog: DataCatalog,
    units: dict[str, Unit],
    unit_field: str,
    site: dict[str, Any],
) -> list[GeneratedArticle]:
    """Every article the templates write, kept by the templates, the data releases'
    content hashes, the units, the site's name and address, the run's language and the
    plugin's code: a rebuild with unchanged data and templates loads no table for them."""
    templates = sorted((content / TEMPLATES_FOLDER).glob("*.md"))
    key = cache_key(
        "generated-articles",
        data=(
            *(f"{path.name}\n{path.read_text(encoding='utf-8')}" for path in templates),
            catalog.releases(),
            json.dumps([u.__dict__ for u in units.values()], default=str),
        ),
        options={
            "unit_field": unit_field,
            "site": site,
            "statuses": {n: p.status for n, p in catalog.packages.items()},
        },
        language=run_catalogue(),
    )
    stored = cache.get("generated-articles", key)
    if stored is not None:
        return [GeneratedArticle(**article) for article in json.loads(stored)]
    articles = []
    for template, meta, body in load_templates(content, project_root):
        if meta.get("generate", "yes").lower() in ("no", "false", "off"):
            continue
        excluded = excluded_names(meta)
        only = only_names(meta)
        header_lines = len(meta)
        if meta["kind"] == "unit-in-numbers":
            for unit in units.values():
                if unit.id in excluded or (only and unit.id not in only):
                    continue
                indicators = indicators_for(unit, catalog, unit_field, meta.get("lang") or "en")
                if not indicators:
                    continue
                used = {i.package.name: i.package for i in indicators}
                values = {"unit": unit, "indicators": indicators, "site": site,
                          **_status_values([p.status for p in used.values()])}  # fmt: skip
                figures = {k: v for i in indicators for k, v in i.figures.items()}
                date = max(release_date(p, site["timezone"]) for p in used.values())
                articles.append(
                    _article(template, meta, body, header_lines, values, figures, date,
                             f"unit {unit.id}", {n: p.version for n, p in used.items()})
                )  # fmt: skip
        else:
            for name, package in sorted(catalog.packages.items()):
                if name in excluded or (only and name not in only):
                    continue
                releases = [package, *package.archive]
                for index, release in enumerate(releases):
                    previous = releases[index + 1] if index + 1 < len(releases) else None
                    values = {
                        "package": release,
                        "previous": previous,
                        "changes": release_changes(release, previous, catalog),
                        "headline": release_headline(release),
                        "site": site,
                        **_status_values([release.status]),
                    }
                    date = release_date(release, site["timezone"])
                    articles.append(
                        _article(template, meta, body, header_lines, values, {}, date,
                                 f"{name} {release.version}", {name: release.version})
                    )  # fmt: skip
    cache.put("generated-articles", key, json.dumps([a.__dict__ for a in articles]).encode())
    return articles


def _status_values(statuses: list[str]) -> dict[str, str]:
    """What templates say of the numbers' status (data/status.py): `figures` ("The latest
    {{ figures }}": "illustrative figures", "official statistics"), `status` (the label
    when every package has the same status), `notice` (illustrative data's)."""
    same = len(set(statuses)) == 1
    return {
        "figures": figures_words(statuses),
        "status": status_label(statuses[0]) if same else "",
        "notice": " ".join(dict.fromkeys(n for n in map(status_notice, statuses) if n)),
    }


def _article(
    template: str,
    meta: dict[str, str],
    body: str,
    header_lines: int,
    values: dict[str, Any],
    figures: dict[str, dict[str, Any]],
    date: str,
    subject: str,
    pins: dict[str, str],
) -> GeneratedArticle:
    header = {k: render_template(template, v, 0, values) for k, v in meta.items()
              if k not in ("kind", "exclude", "generate", "only")}  # fmt: skip
    slug = header.get("slug") or re.sub(r"[^a-z0-9]+", "-", header.get("title", "").lower())
    header.setdefault("date", date)
    header["generated-from"] = template
    text = "\n".join(f"{k.title()}: {v}" for k, v in header.items())
    text += "\n" + render_template(template, body, header_lines, values) + figures_block(figures)
    return GeneratedArticle(slug.strip("-"), text, template, subject, pins, meta.get("lang", ""))
