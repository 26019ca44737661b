"""Step 4b: the units a site reports on (areas, services, organisations...).

Nothing here is specific to one kind of unit: a unit is a row of the lookup resource named by
NEWSROOM_UNIT_RESOURCE, and data rows refer to it by NEWSROOM_UNIT_FIELD. Articles say
which units they are about with `Units: id, id` in their front matter.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsroom.core.cache import ContentCache, cache_key
from newsroom.core.errors import Location, NewsroomError, did_you_mean
from newsroom.data.selection import LABEL_FIELDS, published_text
from newsroom.data.tables import DataCatalog

PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?$")  # not a symbol such as [x], nor 1e6


@dataclass(frozen=True)
class Unit:
    id: str
    label: str
    # (title, text as published, whether the text is a number to write in the page's
    # language): a population of 1330000 reads 1,330,000.
    details: list[tuple[str, str, bool]]
    url: str
    datasets: list[str] = field(default_factory=list)
    # The package the details come from, and the status of its statistics, so that a
    # unit page says where they come from and labels invented ones as such.
    source: str = ""
    status: str = ""


def find_units(
    catalog: DataCatalog, resource_name: str, unit_field: str, cache: ContentCache
) -> dict[str, Unit]:
    """Units from the first package (by name) with the lookup resource, in row order.

    Kept by the content hash of every package, its descriptor and schemas as this run
    reads them (in the run's language), and the plugin's code: with unchanged data a
    rebuild loads no table (nor pandas) to find them."""
    releases = [
        (name, package.data_version, package.descriptor,
         [(r.name, r.schema, r.value_names) for r in package.resources])
        for name, package in sorted(catalog.packages.items())
    ]  # fmt: skip
    key = cache_key(
        "units",
        data=json.dumps(releases, sort_keys=True, default=str),
        options=[resource_name, unit_field],
    )
    stored = cache.made(
        "units",
        key,
        lambda: json.dumps(
            [unit.__dict__ for unit in _read_units(catalog, resource_name, unit_field).values()]
        ).encode(),
    )
    return {
        unit["id"]: Unit(**{**unit, "details": [tuple(detail) for detail in unit["details"]]})
        for unit in json.loads(stored)
    }


def _read_units(catalog: DataCatalog, resource_name: str, unit_field: str) -> dict[str, Unit]:
    for name in sorted(catalog.packages):
        package = catalog.packages[name]
        resource = package.resource(resource_name)
        if resource is None:
            continue
        table = catalog.table(name, resource.name)
        key = next(iter(_as_list(resource.schema.get("primaryKey", []))), resource.field_names[0])
        label = next((f for f in LABEL_FIELDS if f in resource.field_names), key)
        symbols = catalog.symbols(name, resource.name)
        text = {  # a GSS symbol where the CSV has one, as it is published
            spec["name"]: published_text(table[spec["name"]], spec)
            .fillna(symbols[spec["name"]] if spec["name"] in symbols.columns else "")
            .fillna("")
            for spec in resource.schema["fields"]
        }
        for field_name, names in resource.value_names.items():
            if field_name != key:  # names in the run's language; ids stay as they are
                text[field_name] = text[field_name].replace(names)
        coverage = _unit_coverage(catalog, unit_field)
        units = {}
        for index in range(len(table)):
            unit_id = str(text[key].iloc[index])
            details = []
            for spec in resource.schema["fields"]:
                value = str(text[spec["name"]].iloc[index])
                numeric = spec.get("type") in ("integer", "number")
                number = numeric and PLAIN_NUMBER.match(value) is not None
                details.append((str(spec.get("title") or spec["name"]), value, number))
            units[unit_id] = Unit(
                id=unit_id,
                label=str(text[label].iloc[index]),
                details=details,
                url=f"units/{unit_id}/",
                datasets=[name for name, ids in coverage.items() if unit_id in ids],
                source=name,
                status=package.status,
            )
        return units
    return {}


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _unit_coverage(catalog: DataCatalog, unit_field: str) -> dict[str, set[str]]:
    """The unit ids each package (in name order) has rows for, in any resource."""
    coverage = {}
    for name, package in sorted(catalog.packages.items()):
        coverage[name] = {
            unit_id
            for resource in package.resources
            if unit_field in resource.field_names
            for unit_id in catalog.table(name, resource.name)[unit_field].astype(str).unique()
        }
    return coverage


def article_units(
    metadata_value: Any, source_path: Path, project_root: Path, units: dict[str, Unit]
) -> list[Unit]:
    """The units an article's `Units:` names, or a located error for an unknown one."""
    names = metadata_value if isinstance(metadata_value, list) else str(metadata_value).split(",")
    found = []
    for name in (n.strip() for n in names if n.strip()):
        if name not in units:
            shown = source_path.resolve().relative_to(project_root).as_posix()
            line = metadata_line(source_path, "units")
            raise NewsroomError.single(
                "article-unit-unknown",
                Location(shown, line),
                f'"Units:" names "{name}", which is not a unit. {did_you_mean(name, units)}',
                "Use unit ids from the units resource, separated by commas.",
            )
        found.append(units[name])
    return found


def metadata_line(path: Path, name: str) -> int | None:
    """The line of a front-matter key in a content file, if it has one."""
    pattern = re.compile(rf"^{name}\s*:", re.I)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if pattern.match(line):
            return number
    return None
