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
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from newsroom.catalogue.downloads import (
    DICTIONARY_SHEET,
    json_bytes,
    package_zip_bytes,
    parquet_bytes,
    xlsx_bytes,
)
from newsroom.catalogue.readme_html import readme_html
from newsroom.core.cache import ContentCache, FileContent, code_version, content_key
from newsroom.core.languages import interface_text
from newsroom.core.lazy_import import lazy_module
from newsroom.data.packages import DESCRIPTOR_NAME, TabularResource, ValidatedPackage
from newsroom.data.tables import DataCatalog
from newsroom.data.translations import PROPERTY as TRANSLATIONS_PROPERTY

pd = lazy_module("pandas")

PREVIEW_ROWS = 10
LATEST = "latest"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": ("CSV", "text/csv"),
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": ("JSON", "application/json"),
    "parquet": ("Parquet", "application/vnd.apache.parquet"),
    "zip": ("Zip", "application/zip"),
    "md": ("Markdown", "text/markdown"),
}


@dataclass(frozen=True)
class Download:
    label: str
    format: str
    url: str
    content: FileContent = field(repr=False)

    @property
    def size(self) -> int:
        return self.content.size

    @property
    def media_type(self) -> str:
        return FORMATS[self.format][1]

    @property
    def format_name(self) -> str:
        return FORMATS[self.format][0]


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
        entries.append(
            FieldEntry(
                name=spec["name"],
                title=str(spec.get("title", "")),
                type=kind,
                unit=str(spec.get("unit", "")),
                description=str(spec.get("description", "")),
                constraints=describe_constraints(spec.get("constraints", {})),
                reference=references.get(spec["name"], ""),
                missing_values=", ".join(f'"{m}"' for m in spec.get("missingValues", missing)),
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


@dataclass(frozen=True)
class TableFacts:
    """What a dataset page shows that only the loaded table tells: kept by the release's
    content hash, so that a rebuild with unchanged data loads no table (nor pandas)."""

    row_count: int
    formula_fields: list[tuple[str, int]]
    # the first and last date, month or year: (ISO time to compare, text as in the data)
    first: tuple[str, str] | None
    last: tuple[str, str] | None


def table_facts(
    package: ValidatedPackage, resource: TabularResource, catalog: DataCatalog, cache: ContentCache
) -> TableFacts:
    def made() -> bytes:
        table = catalog.release_table(package, resource.name)
        first, last = _date_range(resource, table) or (None, None)
        facts = TableFacts(len(table), formula_fields(resource, table), first, last)
        return json.dumps(facts.__dict__).encode("utf-8")

    key = content_key(package.data_version, resource.name, code_version())
    facts = json.loads(cache.made("table-facts", key, made))
    return TableFacts(
        row_count=facts["row_count"],
        formula_fields=[(name, count) for name, count in facts["formula_fields"]],
        first=_pair(facts["first"]),
        last=_pair(facts["last"]),
    )


def _pair(stored: list[str] | None) -> tuple[str, str] | None:
    return (stored[0], stored[1]) if stored else None


def formula_fields(resource: TabularResource, table: pd.DataFrame) -> list[tuple[str, int]]:
    """Text fields with values a spreadsheet would run as a formula, and how many."""
    found = []
    for spec in resource.schema["fields"]:
        if spec.get("type", "string") == "string":
            values = table[spec["name"]].dropna().astype(str)
            count = int(values.str.startswith(FORMULA_START).sum())
            if count:
                found.append((spec["name"], count))
    return found


def _date_range(
    resource: TabularResource, table: pd.DataFrame
) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """The first and last value of any date, month or year field: (ISO time, text)."""
    found: list[tuple[pd.Timestamp, str]] = []
    for spec in resource.schema["fields"]:
        kind = spec.get("type")
        column = table[spec["name"]].dropna()
        if column.empty or kind not in ("date", "yearmonth", "year"):
            continue
        if kind == "year":
            found += [(pd.Timestamp(year=int(v), month=1, day=1), str(v)) for v in column]
        else:
            fmt = "%Y-%m" if kind == "yearmonth" else "%Y-%m-%d"
            found += [(column.min(), column.min().strftime(fmt))]
            found += [(column.max(), column.max().strftime(fmt))]
    if not found:
        return None
    (first, first_text), (last, last_text) = min(found), max(found)
    return (first.isoformat(), first_text), (last.isoformat(), last_text)


def temporal_coverage(facts: list[TableFacts]) -> tuple[str, str] | None:
    """The first and last date, month or year in any resource, written like the data."""
    firsts = [f.first for f in facts if f.first is not None]
    lasts = [f.last for f in facts if f.last is not None]
    if not firsts or not lasts:
        return None
    return min(firsts)[1], max(lasts)[1]


def release_time(package: ValidatedPackage) -> datetime:
    """The time stamped into XLSX and zip files: the release's own date, never the clock."""
    stamp = str(package.descriptor.get("modified") or package.descriptor.get("created") or "")
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return datetime(1980, 1, 1, tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _cached(
    cache: ContentCache, kind: str, package: ValidatedPackage, name: str, make: Callable[[], bytes]
) -> FileContent:
    """A download made once per content: the data version hashes the descriptor and every
    data file; the README and the writers' versions are added for the files that use them."""
    readme = package.folder / "README.md"
    key = content_key(
        kind, package.data_version, name, readme.read_bytes() if readme.is_file() else b"",
        _version("xlsxwriter"), _version("pyarrow"),
        # the titles and descriptions in the run's language (the spreadsheet's dictionary)
        json.dumps(package.descriptor, sort_keys=True, ensure_ascii=False, default=str),
        interface_text(DICTIONARY_SHEET),  # the run's interface language
    )  # fmt: skip
    return cache.made_file("download", key, make)


@functools.cache
def _version(package: str) -> str:
    """Looked up once per package: `importlib.metadata.version` reads its metadata files."""
    return version(package)


def _readme_html(readme: Path, cache: ContentCache) -> str:
    """The README as HTML, converted once per text and version of the converters."""
    text = readme.read_text(encoding="utf-8")
    key = content_key("readme", text, _version("markdown"), _version("nh3"), code_version())
    return cache.made("readme", key, lambda: readme_html(text).encode("utf-8")).decode("utf-8")


def resource_downloads(
    package: ValidatedPackage,
    resource: TabularResource,
    table: Callable[[], pd.DataFrame],
    folder: str,
    cache: ContentCache,
) -> list[Download]:
    """table: loads the resource's table, for the downloads not cached yet."""
    stem = resource.path.stem
    label = resource.title

    def made(kind: str, make: Callable[[], bytes]) -> FileContent:
        return _cached(cache, kind, package, resource.name, make)

    return [
        Download(label, "csv", folder + resource.path.name,
                 FileContent.of(resource.path.read_bytes())),
        Download(
            label, "xlsx", f"{folder}{stem}.xlsx",
            made("xlsx", lambda: xlsx_bytes(package, resource, table(), release_time(package))),
        ),
        Download(label, "json", f"{folder}{stem}.json",
                 made("json", lambda: json_bytes(resource, table()))),
        Download(label, "parquet", f"{folder}{stem}.parquet",
                 made("parquet", lambda: parquet_bytes(resource, table()))),
    ]  # fmt: skip


def package_downloads(
    package: ValidatedPackage, folder: str, cache: ContentCache
) -> list[Download]:
    zipped = _cached(
        cache, "zip", package, "", lambda: package_zip_bytes(package, release_time(package))
    )
    everything = interface_text("Everything: data, descriptor and README")
    descriptor = FileContent.of((package.folder / DESCRIPTOR_NAME).read_bytes())
    downloads = [
        Download(everything, "zip", f"{folder}{package.name}.zip", zipped),
        Download(interface_text("Data package descriptor"), "json", folder + DESCRIPTOR_NAME,
                 descriptor),
    ]  # fmt: skip
    readme = package.folder / "README.md"
    if readme.is_file():
        text = FileContent.of(readme.read_bytes())
        downloads.append(Download(interface_text("README"), "md", folder + "README.md", text))
    return downloads


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
        sections.append(
            ResourceSection(
                name=resource.name,
                title=resource.title,
                description=resource.description,
                fields=field_entries(resource),
                row_count=facts[-1].row_count,
                preview_columns=columns,
                preview_rows=rows,
                downloads=resource_downloads(package, resource, table, folder, cache),
                formula_fields=facts[-1].formula_fields,
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
        readme=_readme_html(readme, cache) if readme.is_file() else "",
        temporal_coverage=temporal_coverage(facts),
        url=url if package is latest else f"{url}{package.version}/",
        latest_version=latest.version,
        translations=dict(descriptor.get(TRANSLATIONS_PROPERTY, {})),
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
