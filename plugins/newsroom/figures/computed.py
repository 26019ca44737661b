"""Step 3d: numbers in prose, computed from the data and checked against the words.

A figure is defined once (package, filter, calculation, format). An author either
lets the build write it (`[](figure:NAME)`) or keeps their own wording and lets the
build check it (`[a 13% decrease](figure:NAME)`): the rule is read from the words
(checks.py), and a disagreement stops the build with the typed text, the computed
value and the rule. This module reads a figure's block and computes it, with the
calculation registered under its name (figures/calculations/) and written in its format
(formats.py); what the site and the report use of the checks and formats is named here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newsroom.core.cache import ContentCache, cache_key
from newsroom.core.errors import did_you_mean
from newsroom.core.languages import interface_text, run_catalogue
from newsroom.core.lazy_import import lazy_module
from newsroom.data.disclosure import rule_words, withheld
from newsroom.data.packages import TabularResource, ValidatedPackage
from newsroom.data.selection import (
    OptionBlock,
    filtered_rows,
    find_field,
    find_package,
    find_resource,
    published_text,
)
from newsroom.data.tables import DataCatalog
from newsroom.figures.calculations import CALCULATIONS, PERIOD_COLUMN, registered_calculation
from newsroom.figures.checks import FigureCheck, check_wording, typed_check
from newsroom.figures.formats import FORMATS, format_value, nearly_target, ordinal

pd = lazy_module("pandas")

__all__ = [
    "ComputedFigure",
    "FigureCheck",
    "check_wording",
    "compute_figure",
    "format_value",
    "nearly_target",
    "ordinal",
    "readable_rows",
    "typed_check",
]
OPTIONS = {
    "package", "resource", "filter", "field", "calculation", "format", "period-field",
    "before", "after", "of", "by", "highlight", "order", "decimals", "description",
}  # fmt: skip


@dataclass(frozen=True)
class ComputedFigure:
    """A figure's value with everything needed to show how it was computed."""

    name: str
    block: OptionBlock
    package: ValidatedPackage
    resource: TabularResource
    value: float | datetime  # a date is a pandas Timestamp when computed here
    formatted: str
    definition: str
    # the rows it used, written as in the published CSV, under their fields' titles
    columns: list[str]
    rows: list[list[str]]


def compute_figure(
    name: str,
    block: OptionBlock,
    catalog: DataCatalog,
    lang: str = "en",
    cache: ContentCache | None = None,
) -> ComputedFigure:
    """The figure, from the data. With a cache it is kept by its definition, its package's
    release and content hash, the languages (the file's, and the run's with the messages
    that word its definition) and the plugin's code: a rebuild loads no table for it
    unless its own package changed."""
    if cache is None:
        return _computed(name, block, catalog, lang)
    package = catalog.packages.get(block.text("package"))
    release = (package.name, package.version, package.data_version) if package else None
    key = cache_key(
        "figure", data=repr(release), options=[name, block.options],
        language=[lang, run_catalogue()],
    )  # fmt: skip
    stored = cache.get("figure", key)
    figure = _from_record(json.loads(stored), name, block, catalog) if stored else None
    if figure is None:
        figure = _computed(name, block, catalog, lang)
        cache.put("figure", key, json.dumps(_record(figure)).encode("utf-8"))
    return figure


def _record(figure: ComputedFigure) -> dict[str, Any]:
    value = figure.value
    is_date = isinstance(value, datetime)
    return {
        "package": figure.package.name,
        "resource": figure.resource.name,
        "date": is_date,
        # numpy's scalars as Python's int or float, which format alike
        "value": value.isoformat() if is_date else getattr(value, "item", lambda: value)(),
        "formatted": figure.formatted,
        "definition": figure.definition,
        "columns": figure.columns,
        "rows": figure.rows,
    }


def _from_record(
    record: dict[str, Any], name: str, block: OptionBlock, catalog: DataCatalog
) -> ComputedFigure | None:
    package = catalog.packages.get(record["package"])
    resource = package.resource(record["resource"]) if package else None
    if package is None or resource is None:
        return None
    value = record["value"]
    return ComputedFigure(
        name=name,
        block=block,
        package=package,
        resource=resource,
        value=datetime.fromisoformat(value) if record["date"] else value,
        formatted=record["formatted"],
        definition=record["definition"],
        columns=record["columns"],
        rows=record["rows"],
    )


def _computed(name: str, block: OptionBlock, catalog: DataCatalog, lang: str) -> ComputedFigure:
    unknown = [o for o in block.options if o not in OPTIONS]
    if unknown:
        raise block.error(
            "figure-option-unknown",
            unknown[0],
            f'unknown figure option "{unknown[0]}". {did_you_mean(unknown[0], OPTIONS)}',
            "Remove the option or correct its spelling.",
        )
    asked = block.text("calculation", "value")
    block.require(asked, CALCULATIONS, "figure-calculation-unknown", "calculation",
                  f'unknown calculation "{asked}".')  # fmt: skip
    calculation = registered_calculation(asked)
    fmt = block.text("format", calculation.default_format)
    block.require(fmt, FORMATS, "figure-format-unknown", "format", f'unknown format "{fmt}".')
    package = find_package(block, catalog, "figure")
    wanted = {block.text(n) for n in ("field", "period-field", "by") if n in block.options}
    resource = find_resource(block, package, wanted, "figure")
    field = find_field(block, resource, "field", "figure")
    rows = filtered_rows(block, resource, catalog.table(package.name, resource.name), "figure")
    if calculation.needs_numbers and resource.field(field).get("type") not in ("integer", "number"):
        raise block.error(
            "figure-field-not-numeric",
            "field",
            f'"{calculation.name}" needs numbers, but "{field}" holds'
            f" {resource.field(field).get('type')} values.",
            "Choose an integer or number field.",
        )
    title = str(resource.field(field).get("title") or field).lower()
    if calculation.needs_numbers and len(rows) == 1:  # the figure is that one value
        _refuse_withheld(name, block, catalog, resource, field, rows, "value")
    value, definition, used = calculation.calculate(block, resource, field, rows, title)
    if calculation.needs_numbers:
        _refuse_withheld(name, block, catalog, resource, field, used, calculation.name)
    columns, readable = readable_rows(used, resource.schema["fields"])
    return ComputedFigure(
        name=name,
        block=block,
        package=package,
        resource=resource,
        value=value,
        formatted=format_value(value, fmt, int(block.text("decimals", "1")), lang),
        definition=definition + _filter_words(block),
        columns=columns,
        rows=readable,
    )


def _refuse_withheld(
    name: str,
    block: OptionBlock,
    catalog: DataCatalog,
    resource: TabularResource,
    field: str,
    used: pd.DataFrame,
    calculation: str,
) -> None:
    """A figure computed from a withheld cell would publish it, or let a reader recover
    it from the other values (a sum, a mean, a rank, a change): stop at its field."""
    symbols = catalog.symbols(resource.package, resource.name)
    found = withheld(symbols, resource, used.index.unique(), field)
    if not found.any():
        return
    first = int(found.index[found][0])
    how = (
        "would show it"
        if calculation == "value"
        else f"is a {calculation} over it, which would let a reader recover it from the"
        " other values"
    )
    raise block.error(
        "figure-suppressed",
        "field",
        f'the figure "{name}" rests on a withheld value: "{field}" in row {first + 2} of'
        f" {resource.relative_path} is {symbols[field][first]}"
        f" ({rule_words(resource, field)}), and the figure {how}"
        + (f"; {int(found.sum()) - 1} more of its rows are withheld too." if found.sum() > 1
           else "."),
        "Narrow the filter to rows whose value is shown, or write the sentence without"
        " this figure.",
    )  # fmt: skip


def readable_rows(
    rows: pd.DataFrame, fields: list[dict[str, Any]]
) -> tuple[list[str], list[list[str]]]:
    """The rows a figure used, written as in the published CSV."""
    specs = {f["name"]: f for f in fields}

    def heading(column: str) -> str:
        if column in specs:
            return str(specs[column].get("title") or column)
        return interface_text("Period") if column == PERIOD_COLUMN else column

    columns = [heading(c) for c in rows.columns]
    text = pd.DataFrame(
        {
            c: published_text(rows[c], specs[c]) if c in specs else rows[c].astype("string")
            for c in rows.columns
        }
    )
    return columns, text.fillna("").astype(str).values.tolist()


def _filter_words(block: OptionBlock) -> str:
    filters = block.options.get("filter") or {}
    if not filters:
        return ""
    where = "; ".join(f"{k} = {v}" for k, v in filters.items())
    return interface_text(", where %(filters)s", filters=where)
