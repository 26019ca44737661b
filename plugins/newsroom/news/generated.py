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

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
import yaml
from babel.dates import format_date

from newsroom.core.cache import ContentCache, code_version, content_key
from newsroom.core.errors import Location, NewsroomError, did_you_mean
from newsroom.core.languages import run_catalogue
from newsroom.core.lazy_import import lazy_module
from newsroom.data.packages import TabularResource, ValidatedPackage
from newsroom.data.selection import PUBLISHED_FORMATS
from newsroom.data.tables import DataCatalog
from newsroom.data.units import Unit

pd = lazy_module("pandas")

TEMPLATES_FOLDER = "article-templates"
KINDS = ("new-release", "unit-in-numbers")
TIME_TYPES = ("date", "yearmonth", "year")
FRONT_MATTER = re.compile(r"^(?P<key>[A-Za-z][\w-]*)\s*:\s*(?P<value>.*)$")


@dataclass(frozen=True)
class GeneratedArticle:
    slug: str
    text: str
    template: str
    subject: str
    pins: dict[str, str] = field(default_factory=dict)
    lang: str = ""  # the template's `Lang:`; empty for the site's default language


@dataclass
class Indicator:
    """A headline field of a package, seen from one unit."""

    package: ValidatedPackage
    resource: TabularResource
    field: str
    time_field: str
    title: str
    unit_of_measure: str
    period: str
    latest: str
    change: str
    rank: str
    direction: str
    change_summary: str
    figures: dict[str, dict[str, Any]]
    change_percent: int | None = None  # rounded, without sign: for wording in any language
    change_figure: str = ""  # the name of the change figure, for `[words](figure:NAME)`


@dataclass(frozen=True)
class ReleaseChanges:
    rows_added: int
    rows_removed: int
    values_revised: int
    first_period: str
    last_period: str
    summary: str


def load_templates(content: Path, project_root: Path) -> list[tuple[str, dict[str, str], str]]:
    """(display path, front matter, body) of every template."""
    found = []
    for path in sorted((content / TEMPLATES_FOLDER).glob("*.md")):
        shown = path.relative_to(project_root).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        meta: dict[str, str] = {}
        index = 0
        for index, line in enumerate(lines):  # noqa: B007 (index is used after the loop)
            match = FRONT_MATTER.match(line)
            if not match:
                break
            meta[match["key"].lower()] = match["value"].strip()
        kind = meta.get("kind", "")
        if kind not in KINDS:
            raise NewsroomError.single(
                "template-kind-unknown",
                Location(shown, 1),
                f'"Kind: {kind}" is not a kind of generated article. {did_you_mean(kind, KINDS)}',
                "Write 'Kind: new-release' or 'Kind: unit-in-numbers' in the front matter.",
            )
        found.append((shown, meta, "\n".join(lines[index:])))
    return found


# Sandboxed: a template is written by a comms officer, not a developer.
ENVIRONMENT = jinja2.sandbox.SandboxedEnvironment(
    undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False
)
# `{{ text|yaml }}` writes text as one YAML scalar (JSON is YAML), whatever it holds.
ENVIRONMENT.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)


@functools.lru_cache(maxsize=256)
def _compiled(text: str) -> jinja2.Template:
    return ENVIRONMENT.from_string(text)


def _render(template: str, text: str, line_offset: int, values: dict[str, Any]) -> str:
    try:
        return _compiled(text).render(**values)
    except jinja2.TemplateSyntaxError as error:
        line = (error.lineno or 1) + line_offset
        message = error.message or str(error)
    except (jinja2.UndefinedError, jinja2.sandbox.SecurityError, TypeError) as error:
        line, message = None, str(error)
    raise NewsroomError.single(
        "template-error",
        Location(template, line),
        f"the template could not be filled in: {message}.",
        "Check the placeholder names against docs/generated-articles.md.",
    )


def _excluded(meta: dict[str, str]) -> set[str]:
    return {name.strip() for name in meta.get("exclude", "").split(",") if name.strip()}


def _only(meta: dict[str, str]) -> set[str]:
    """`Only: id, id` limits a template to those units or packages (e.g. a translation)."""
    return {name.strip() for name in meta.get("only", "").split(",") if name.strip()}


def release_date(package: ValidatedPackage) -> str:
    text = package.descriptor.get("published") or package.descriptor.get("modified")
    return str(text or package.descriptor.get("created") or "1970-01-01")[:16].replace("T", " ")


def time_field(resource: TabularResource) -> str | None:
    fields = [f["name"] for f in resource.schema["fields"] if f.get("type") in TIME_TYPES]
    return fields[0] if len(fields) == 1 else None


def headline_fields(resource: TabularResource) -> list[str]:
    return [f["name"] for f in resource.schema["fields"] if f.get("headline") is True]


def _period_text(value: Any, spec: dict[str, Any]) -> str:
    kind = spec.get("type")
    if kind == "year":
        return str(int(value))
    return pd.Timestamp(value).strftime(PUBLISHED_FORMATS[kind])


def _year_before(value: Any, spec: dict[str, Any]) -> Any:
    if spec.get("type") == "year":
        return int(value) - 1
    return pd.Timestamp(value) - pd.DateOffset(years=1)


def _readable_period(text: str, spec: dict[str, Any], lang: str = "en") -> str:
    """June 2021 / Mehefin 2021: month names from Babel's data for the template's language."""
    kind = spec.get("type")
    if kind == "yearmonth":
        return format_date(pd.Timestamp(text + "-01").date(), "MMMM y", locale=lang)
    if kind == "date":
        return format_date(pd.Timestamp(text).date(), "d MMMM y", locale=lang)
    return text


def indicators_for(
    unit: Unit, catalog: DataCatalog, unit_field: str, lang: str = "en"
) -> list[Indicator]:
    found = []
    for name, package in sorted(catalog.packages.items()):
        for resource in package.resources:
            time = time_field(resource)
            if unit_field not in resource.field_names or time is None:
                continue
            table = catalog.table(name, resource.name)
            rows = table[table[unit_field].astype(str) == unit.id]
            for measure in headline_fields(resource):
                if rows.empty:
                    continue
                found.append(
                    _indicator(unit, package, resource, measure, time, table, unit_field, lang)
                )
    return found


def _indicator(
    unit: Unit,
    package: ValidatedPackage,
    resource: TabularResource,
    measure: str,
    time: str,
    table: pd.DataFrame,
    unit_field: str,
    lang: str = "en",
) -> Indicator:
    spec, time_spec = resource.field(measure), resource.field(time)
    mine = table[table[unit_field].astype(str) == unit.id]
    latest = mine[time].max()
    before = _year_before(latest, time_spec)
    period, previous = _period_text(latest, time_spec), _period_text(before, time_spec)
    value = float(mine.loc[mine[time] == latest, measure].sum())
    earlier = mine.loc[mine[time] == before, measure]
    key = f"{package.name}-{measure}".replace("_", "-")
    figures: dict[str, dict[str, Any]] = {
        f"{key}-latest": {
            "package": package.name, "resource": resource.name, "field": measure,
            "filter": {unit_field: unit.id, time: period},
            "format": "whole" if spec.get("type") == "integer" else "decimal",
        },
        f"{key}-rank": {
            "package": package.name, "resource": resource.name, "field": measure,
            "filter": {time: period}, "calculation": "rank", "by": unit_field,
            "highlight": unit.id,
        },
    }  # fmt: skip
    change, direction, summary = "", "unknown", f"no figure for {previous} to compare with"
    percent_words: int | None = None
    if not earlier.empty and float(earlier.sum()) != 0:
        percent = (value / float(earlier.sum()) - 1) * 100
        direction = "unchanged" if round(percent) == 0 else "up" if percent > 0 else "down"
        readable = _readable_period(previous, time_spec, lang)
        summary = (
            f"unchanged on {readable}"
            if direction == "unchanged"
            else f"{direction} {abs(round(percent))}% on {readable}"
        )
        figures[f"{key}-change"] = {
            "package": package.name, "resource": resource.name, "field": measure,
            "filter": {unit_field: unit.id}, "calculation": "percent-change",
            "period-field": time, "before": f"{previous} to {previous}",
            "after": f"{period} to {period}", "of": "sum",
        }  # fmt: skip
        change = f"[{summary}](figure:{key}-change)"
        percent_words = abs(round(percent))
    return Indicator(
        package=package,
        resource=resource,
        field=measure,
        time_field=time,
        title=str(spec.get("title") or measure),
        unit_of_measure=str(spec.get("unit", "")),
        period=_readable_period(period, time_spec, lang),
        latest=f"[](figure:{key}-latest)",
        change=change,
        rank=f"[](figure:{key}-rank)",
        direction=direction,
        change_summary=summary,
        figures=figures,
        change_percent=percent_words,
        change_figure=f"{key}-change" if change else "",
    )


def release_changes(
    release: ValidatedPackage, previous: ValidatedPackage | None, catalog: DataCatalog
) -> ReleaseChanges:
    """What a release adds, removes and revises in its keyed resources."""
    added = removed = revised = 0
    periods: list[str] = []
    for resource in release.resources:
        key = resource.schema.get("primaryKey")
        new = catalog.release_table(release, resource.name)
        time = time_field(resource)
        if time:
            periods += [_period_text(v, resource.field(time)) for v in new[time].dropna()]
        old_resource = previous.resource(resource.name) if previous else None
        if not key or old_resource is None:
            added += len(new) if previous is not None else 0
            continue
        keys = [key] if isinstance(key, str) else list(key)
        old = catalog.release_table(previous, old_resource.name)
        merged = new.merge(old, on=keys, how="outer", suffixes=("", "_old"), indicator=True)
        added += int((merged["_merge"] == "left_only").sum())
        removed += int((merged["_merge"] == "right_only").sum())
        both = merged[merged["_merge"] == "both"]
        value_columns = [c for c in resource.field_names if c not in keys]
        changed = pd.Series(False, index=both.index)
        for column in value_columns:
            if column + "_old" in both:
                a, b = both[column].astype(str), both[column + "_old"].astype(str)
                changed |= a != b
        revised += int(changed.sum())
    first, last = (min(periods), max(periods)) if periods else ("", "")
    if previous is None:
        summary = f"This is the first release, covering {first} to {last}." if first else ""
    else:
        parts = [f"adds {added:,} rows"] if added else []
        parts += [f"removes {removed:,}"] if removed else []
        parts += [f"revises {revised:,} earlier values"] if revised else []
        summary = (
            f"Version {release.version} "
            + (", ".join(parts) if parts else "changes no values")
            + (f", and now covers {first} to {last}." if first else ".")
        )
    return ReleaseChanges(added, removed, revised, first, last, summary)


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
    key = content_key(
        *(f"{path.name}\n{path.read_text(encoding='utf-8')}" for path in templates),
        catalog.releases(), json.dumps([u.__dict__ for u in units.values()], default=str),
        unit_field, json.dumps(site, sort_keys=True), run_catalogue(), code_version(),
    )  # fmt: skip
    stored = cache.get("generated-articles", key)
    if stored is not None:
        return [GeneratedArticle(**article) for article in json.loads(stored)]
    articles = []
    for template, meta, body in load_templates(content, project_root):
        if meta.get("generate", "yes").lower() in ("no", "false", "off"):
            continue
        excluded = _excluded(meta)
        only = _only(meta)
        header_lines = len(meta)
        if meta["kind"] == "unit-in-numbers":
            for unit in units.values():
                if unit.id in excluded or (only and unit.id not in only):
                    continue
                indicators = indicators_for(unit, catalog, unit_field, meta.get("lang") or "en")
                if not indicators:
                    continue
                used = {i.package.name: i.package for i in indicators}
                values = {"unit": unit, "indicators": indicators, "site": site}
                figures = {k: v for i in indicators for k, v in i.figures.items()}
                date = max(release_date(p) for p in used.values())
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
                        "headline": _release_headline(release),
                        "site": site,
                    }
                    articles.append(
                        _article(template, meta, body, header_lines, values, {},
                                 release_date(release), f"{name} {release.version}",
                                 {name: release.version})
                    )  # fmt: skip
    cache.put("generated-articles", key, json.dumps([a.__dict__ for a in articles]).encode())
    return articles


def _release_headline(release: ValidatedPackage) -> dict[str, str] | None:
    """The resource, headline field and time field a release's chart draws."""
    for resource in release.resources:
        fields, time = headline_fields(resource), time_field(resource)
        if fields and time:
            spec = resource.field(fields[0])
            return {
                "resource": resource.name,
                "field": fields[0],
                "title": str(spec.get("title") or fields[0]),
                "time_field": time,
                "aggregate": "sum" if spec.get("type") == "integer" else "mean",
            }
    return None


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
    header = {k: _render(template, v, 0, values) for k, v in meta.items()
              if k not in ("kind", "exclude", "generate", "only")}  # fmt: skip
    slug = header.get("slug") or re.sub(r"[^a-z0-9]+", "-", header.get("title", "").lower())
    header.setdefault("date", date)
    header["generated-from"] = template
    text = "\n".join(f"{k.title()}: {v}" for k, v in header.items())
    text += "\n" + _render(template, body, header_lines, values) + figures_block(figures)
    return GeneratedArticle(slug.strip("-"), text, template, subject, pins, meta.get("lang", ""))
