"""Step 4: what a dataset page shows about one package, and every file it offers.

Pure data for the templates: descriptor metadata, the README (sanitised), coverage
computed from the data, a data dictionary and a preview per resource, and the
downloads of every published version, each with its bytes so that sizes are exact.

URLs: the page is `data/<name>/`; the files of a version are under
`data/<name>/<version>/`, and those of the newest version also under
`data/<name>/latest/`, so a link to "latest" always gives the newest data while a
link to a version never changes.
"""

from __future__ import annotations

import csv
import functools
import itertools
from dataclasses import dataclass, field
from typing import Any

from newsroom.catalogue.page_downloads import Download, package_downloads, resource_downloads
from newsroom.catalogue.readme_html import cached_readme_html
from newsroom.catalogue.table_facts import table_facts, temporal_coverage
from newsroom.core.cache import ContentCache
from newsroom.core.languages import interface_text
from newsroom.data.disclosure import RULE_KEY, rule_words, symbol_meaning, symbols_used
from newsroom.data.packages import TabularResource, ValidatedPackage
from newsroom.data.tables import DataCatalog
from newsroom.data.translations import PROPERTY as TRANSLATIONS_PROPERTY
from newsroom.data.units import Unit

PREVIEW_ROWS = 10
LATEST = "latest"


@dataclass(frozen=True)
class FieldEntry:
    name: str
    title: str
    type: str
    unit: str
    description: str
    constraints: str
    reference: str
    missing_values: str


@dataclass(frozen=True)
class ResourceSection:
    name: str
    title: str
    description: str
    fields: list[FieldEntry]
    row_count: int
    preview_columns: list[str]
    preview_rows: list[list[str]]
    downloads: list[Download]
    formula_fields: list[tuple[str, int]]
    # The GSS symbols the resource declares as missing values, with their meaning.
    symbols: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class VersionEntry:
    version: str
    modified: str
    url: str
    downloads: list[Download]
    current: bool


@dataclass(frozen=True)
class DatasetPage:
    name: str
    title: str
    description: str
    version: str
    created: str
    modified: str
    keywords: list[str]
    licences: list[dict[str, str]]
    sources: list[dict[str, str]]
    contributors: list[dict[str, str]]
    resources: list[ResourceSection]
    downloads: list[Download]
    readme: str
    temporal_coverage: tuple[str, str] | None
    url: str
    latest_version: str
    versions: list[VersionEntry] = field(default_factory=list)
    translations: dict[str, Any] = field(default_factory=dict)  # {lang: {title, description}}
    status: str = ""  # of its statistics (data/status.py); "" if not stated

    @property
    def cited_names(self) -> list[str]:
        """Whom "How to cite" names: the package's authors, else its publishers, else
        every contributor; empty if it names none (the site's author is named then)."""
        people = [p for p in self.contributors if p.get("title")]
        for roles in (("author", "creator"), ("publisher",)):
            named = [p["title"] for p in people if any(r in p.get("role", "") for r in roles)]
            if named:
                return named
        return [p["title"] for p in people]

    @property
    def cited_year(self) -> str:
        return (self.modified or self.created)[:4]

    @property
    def is_latest(self) -> bool:
        return self.version == self.latest_version

    def all_downloads(self) -> list[Download]:
        return [d for r in self.resources for d in r.downloads] + self.downloads


def describe_constraints(constraints: dict[str, Any]) -> str:
    """A field's constraints in the run's language: "required; at least 0"."""
    words = (_constraint_words(key, value) for key, value in constraints.items())
    return "; ".join(word for word in words if word)


def _constraint_words(key: str, value: Any) -> str:
    shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    if key in ("required", "unique"):
        if value is not True:
            return ""
        return interface_text("required") if key == "required" else interface_text("unique")
    worded = {
        "minimum": lambda: interface_text("at least %(value)s", value=shown),
        "maximum": lambda: interface_text("at most %(value)s", value=shown),
        "minLength": lambda: interface_text("at least %(value)s characters", value=shown),
        "maxLength": lambda: interface_text("at most %(value)s characters", value=shown),
        "pattern": lambda: interface_text("matches %(value)s", value=shown),
        "enum": lambda: interface_text("one of %(value)s", value=shown),
    }
    return worded[key]() if key in worded else f"{key} {shown}"


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def field_entries(resource: TabularResource) -> list[FieldEntry]:
    references = {
        name: f"{fk['reference'].get('resource', '')}.{ref}"
        for fk in resource.schema.get("foreignKeys", [])
        for name, ref in zip(
            _as_list(fk["fields"]), _as_list(fk["reference"]["fields"]), strict=True
        )
    }
    missing = resource.schema.get("missingValues", [""])
    entries = []
    for spec in resource.schema["fields"]:
        kind = spec.get("type", "string")
        if spec.get("format", "default") != "default":
            kind += f" ({spec['format']})"
        constraints = describe_constraints(spec.get("constraints", {}))
        if RULE_KEY in spec:
            rule = rule_words(resource, spec["name"])
            constraints = f"{constraints}; {rule}" if constraints else rule
        entries.append(
            FieldEntry(
                name=spec["name"],
                title=str(spec.get("title", "")),
                type=kind,
                unit=str(spec.get("unit", "")),
                description=str(spec.get("description", "")),
                constraints=constraints,
                reference=references.get(spec["name"], ""),
                missing_values=", ".join(
                    f'"{m}" ({symbol_meaning(m)})' if symbol_meaning(m) else f'"{m}"'
                    for m in spec.get("missingValues", missing)
                ),
            )
        )
    return entries


def preview(resource: TabularResource) -> tuple[list[str], list[list[str]]]:
    """The header and first rows exactly as published in the CSV."""
    # A UTF-8 byte-order mark is not part of the first heading.
    encoding = (
        "utf-8-sig" if resource.encoding.lower().replace("_", "-") == "utf-8" else resource.encoding
    )
    with resource.path.open(encoding=encoding, newline="") as stream:
        rows = list(itertools.islice(csv.reader(stream), PREVIEW_ROWS + 1))
    return (rows[0], rows[1:]) if rows else ([], [])


def dataset_page(
    package: ValidatedPackage,
    catalog: DataCatalog,
    url: str,
    latest: ValidatedPackage,
    cache: ContentCache,
) -> DatasetPage:
    """The page of one release; `latest` is the newest release of the same package."""
    descriptor = package.descriptor
    folder = url + (LATEST if package is latest else package.version) + "/"
    sections, facts = [], []
    for resource in package.resources:
        facts.append(table_facts(package, resource, catalog, cache))
        columns, rows = preview(resource)
        table = functools.partial(catalog.release_table, package, resource.name)
        symbols = functools.partial(catalog.release_symbols, package, resource.name)
        sections.append(
            ResourceSection(
                name=resource.name,
                title=resource.title,
                description=resource.description,
                fields=field_entries(resource),
                row_count=facts[-1].row_count,
                preview_columns=columns,
                preview_rows=rows,
                downloads=resource_downloads(package, resource, (table, symbols), folder, cache),
                formula_fields=facts[-1].formula_fields,
                symbols=[(s, symbol_meaning(s)) for s in symbols_used(resource)],
            )
        )
    readme = package.folder / "README.md"
    return DatasetPage(
        name=package.name,
        title=package.title,
        description=str(descriptor.get("description", "")),
        version=package.version,
        created=str(descriptor.get("created", "")),
        modified=str(descriptor.get("modified") or descriptor.get("created") or "")[:10],
        keywords=[str(k) for k in descriptor.get("keywords", [])],
        licences=[_text_dict(item) for item in descriptor.get("licenses", [])],
        sources=[_text_dict(item) for item in descriptor.get("sources", [])],
        contributors=[_contributor(item) for item in descriptor.get("contributors", [])],
        resources=sections,
        downloads=package_downloads(package, folder, cache),
        readme=cached_readme_html(readme, cache) if readme.is_file() else "",
        temporal_coverage=temporal_coverage(facts),
        url=url if package is latest else f"{url}{package.version}/",
        latest_version=latest.version,
        translations=dict(descriptor.get(TRANSLATIONS_PROPERTY, {})),
        status=package.status,
    )


def dataset_pages(
    package: ValidatedPackage, catalog: DataCatalog, url: str, cache: ContentCache
) -> list[DatasetPage]:
    """The page of the newest release, with every release listed, then one per old release."""
    releases = [package, *package.archive]
    pages = [dataset_page(release, catalog, url, package, cache) for release in releases]
    versions = [
        VersionEntry(
            version=page.version,
            modified=page.modified,
            url=page.url,
            downloads=[d for d in page.downloads if d.format == "zip"],
            current=page.is_latest,
        )
        for page in pages
    ]
    return [_with_versions(page, versions) for page in pages]


def _with_versions(page: DatasetPage, versions: list[VersionEntry]) -> DatasetPage:
    return DatasetPage(**{**page.__dict__, "versions": versions})


def version_files(page: DatasetPage) -> list[Download]:
    """Every file of a release; the newest release's also under its version number."""
    files = page.all_downloads()
    if page.is_latest:
        latest = f"{page.url}{LATEST}/"
        versioned = f"{page.url}{page.version}/"
        files += [
            Download(d.label, d.format, d.url.replace(latest, versioned, 1), d.content)
            for d in page.all_downloads()
        ]
    return files


def _text_dict(item: object) -> dict[str, str]:
    """A licence or source as strings; links kept only if http(s)."""
    values = (
        {k: str(v) for k, v in item.items()} if isinstance(item, dict) else {"title": str(item)}
    )
    link = values.get("path", "")
    values["href"] = link if link.startswith(("https://", "http://")) else ""
    return values


def _contributor(item: object) -> dict[str, str]:
    """Data Package v1 has 'role', v2 'roles': show either."""
    values = _text_dict(item)
    if isinstance(item, dict) and isinstance(item.get("roles"), list):
        values["role"] = ", ".join(map(str, item["roles"]))
    return values


def keyword_catalogue_url(slug: str) -> str:
    """The catalogue filtered to one keyword (slugify_keyword's slug)."""
    return f"data/keyword/{slug}/"


def unit_catalogue_url(unit: Unit) -> str:
    """The catalogue filtered to the datasets about one unit."""
    return f"data/unit/{unit.id}/"


def slugify_keyword(keyword: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in keyword.lower()).split())
