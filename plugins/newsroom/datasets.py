"""Step 4: what a dataset page shows about one package, and which files it offers.

Pure data for the templates: descriptor metadata, a data dictionary per resource, a
preview of the first rows as published, and the downloads with their sizes.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .packages import DESCRIPTOR_NAME, TabularResource, ValidatedPackage
from .tables import DataCatalog

PREVIEW_ROWS = 10
CONSTRAINT_WORDS = {
    "required": "required",
    "unique": "unique",
    "minimum": "at least {}",
    "maximum": "at most {}",
    "minLength": "at least {} characters",
    "maxLength": "at most {} characters",
    "pattern": "matches {}",
    "enum": "one of {}",
}


@dataclass(frozen=True)
class Download:
    label: str
    url: str
    source: Path
    media_type: str

    @property
    def size(self) -> int:
        return self.source.stat().st_size


@dataclass(frozen=True)
class FieldEntry:
    name: str
    title: str
    type: str
    unit: str
    description: str
    constraints: str
    reference: str


@dataclass(frozen=True)
class ResourceSection:
    name: str
    title: str
    description: str
    fields: list[FieldEntry]
    row_count: int
    preview_columns: list[str]
    preview_rows: list[list[str]]
    download: Download


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
    url: str
    save_as: str


def describe_constraints(constraints: dict[str, Any]) -> str:
    words = []
    for key, value in constraints.items():
        template = CONSTRAINT_WORDS.get(key, key + " {}")
        if value is True or "{}" in template:
            words.append(
                template.format(", ".join(map(str, value)) if isinstance(value, list) else value)
            )
    return "; ".join(words)


def field_entries(resource: TabularResource) -> list[FieldEntry]:
    references = {
        name: f"{fk['reference'].get('resource', '')}.{ref}"
        for fk in resource.schema.get("foreignKeys", [])
        for name, ref in zip(
            _as_list(fk["fields"]), _as_list(fk["reference"]["fields"]), strict=True
        )
    }
    return [
        FieldEntry(
            name=spec["name"],
            title=str(spec.get("title", "")),
            type=spec.get("type", "string")
            + (f" ({spec['format']})" if spec.get("format", "default") != "default" else ""),
            unit=str(spec.get("unit", "")),
            description=str(spec.get("description", "")),
            constraints=describe_constraints(spec.get("constraints", {})),
            reference=references.get(spec["name"], ""),
        )
        for spec in resource.schema["fields"]
    ]


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def preview(resource: TabularResource) -> tuple[list[str], list[list[str]]]:
    """The header and first rows exactly as published in the CSV."""
    with resource.path.open(encoding=resource.encoding, newline="") as stream:
        rows = list(itertools.islice(csv.reader(stream), PREVIEW_ROWS + 1))
    return (rows[0], rows[1:]) if rows else ([], [])


def dataset_page(package: ValidatedPackage, catalog: DataCatalog, url: str) -> DatasetPage:
    descriptor = package.descriptor
    sections = []
    for resource in package.resources:
        columns, rows = preview(resource)
        sections.append(
            ResourceSection(
                name=resource.name,
                title=resource.title,
                description=resource.description,
                fields=field_entries(resource),
                row_count=len(catalog.table(package.name, resource.name)),
                preview_columns=columns,
                preview_rows=rows,
                download=Download(
                    f"{resource.title} (CSV)",
                    url + resource.relative_path,
                    resource.path,
                    "text/csv",
                ),
            )
        )
    downloads = [
        Download(
            "Data package descriptor (JSON)",
            url + DESCRIPTOR_NAME,
            package.folder / DESCRIPTOR_NAME,
            "application/json",
        ),
    ]
    readme = package.folder / "README.md"
    if readme.is_file():
        downloads.append(Download("README (Markdown)", url + "README.md", readme, "text/markdown"))
    return DatasetPage(
        name=package.name,
        title=package.title,
        description=str(descriptor.get("description", "")),
        version=str(descriptor.get("version", "")),
        created=str(descriptor.get("created", "")),
        modified=str(descriptor.get("modified") or descriptor.get("created") or "")[:10],
        keywords=[str(k) for k in descriptor.get("keywords", [])],
        licences=[_text_dict(item) for item in descriptor.get("licenses", [])],
        sources=[_text_dict(item) for item in descriptor.get("sources", [])],
        contributors=[_text_dict(item) for item in descriptor.get("contributors", [])],
        resources=sections,
        downloads=downloads,
        url=url,
        save_as=url + "index.html",
    )


def _text_dict(item: object) -> dict[str, str]:
    """A licence, source or contributor as strings; links kept only if http(s)."""
    values = (
        {k: str(v) for k, v in item.items()} if isinstance(item, dict) else {"title": str(item)}
    )
    link = values.get("path", "")
    values["href"] = link if link.startswith(("https://", "http://")) else ""
    return values
