"""Step 3a: turn an author's chart options into the exact rows to plot.

Every mistake (an unknown option, package, resource, field or unit, a filter that
selects nothing, a missing alt text) becomes a located error with a did-you-mean.
Filtering, period bucketing and aggregation happen here with pandas, so a page
carries only the rows the chart draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsroom.charts.style import HOUSE_PALETTE
from newsroom.core.errors import NewsroomError, NewsroomProblem, did_you_mean
from newsroom.core.languages import interface_text
from newsroom.core.lazy_import import lazy_module
from newsroom.data.packages import TabularResource, ValidatedPackage
from newsroom.data.selection import (
    OptionBlock,
    filtered_rows,
    find_field,
    find_package,
    find_resource,
    parse_value,
    value_labels,
)
from newsroom.data.tables import DataCatalog

pd = lazy_module("pandas")

CHART_KINDS = (
    "line",
    "column",
    "stacked-column",
    "bar",
    "small-multiples",
    "unit-vs-average",
    "before-after",
)
OPTIONS = {
    "id": "a short name for the chart's files, e.g. gm-admissions",
    "use": "the name of a chart defined once in content/charts/ or a package's views",
    "package": "the data package's name",
    "resource": "the resource (table) in the package",
    "kind": "one of " + ", ".join(CHART_KINDS),
    "x": "the field along the horizontal axis (the categories, for a bar chart)",
    "y": "the field with the values",
    "by": "a field whose values get a line, bar or panel each (e.g. unit_id)",
    "highlight": "for unit-vs-average: the value of 'by' to compare with the average",
    "filter": "field: value pairs (or {from: …, to: …}) selecting the rows to plot",
    "aggregate": "sum or mean: how rows sharing an x value are combined",
    "per": "month, quarter or year: the period each point or bar covers",
    "split": "for before-after: the first period of the 'after' part, e.g. 2019-10",
    "annotations": "a list of {date: …, label: …} events marked on the chart",
    "title": "the chart's title",
    "subtitle": "a line under the title",
    "x-title": "the horizontal axis title",
    "y-title": "the vertical axis title",
    "format": "the number format of values: whole, decimal or a d3-format string",
    "alt": "a sentence describing what the chart shows, read by screen readers",
    "caption": "a sentence shown under the chart",
    "source": "the source line; by default the data package's title",
    "interactive": "true to offer an interactive version, loaded only on request",
}
REQUIRED = ("package", "kind", "x", "y", "title", "alt")
NEEDS_BY = ("stacked-column", "small-multiples", "unit-vs-average")
TEMPORAL_TYPES = ("date", "yearmonth", "datetime")
PERIODS = {"month": "M", "quarter": "Q", "year": "Y"}
AGGREGATES = ("sum", "mean")
BY_COLUMN = "series"


@dataclass(frozen=True)
class Annotation:
    date: pd.Timestamp
    label: str


@dataclass(frozen=True)
class ResolvedChart:
    """What to draw: checked options and the rows they select (x, series, y)."""

    block: OptionBlock
    package: ValidatedPackage
    resource: TabularResource
    kind: str
    x: str
    y: str
    by: str | None
    rows: pd.DataFrame
    temporal: bool
    per: str | None
    split: pd.Timestamp | None = None
    highlight: str | None = None
    annotations: list[Annotation] = field(default_factory=list)

    def option(self, name: str, default: str = "") -> str:
        return self.block.text(name, default)

    def title_of(self, name: str) -> str:
        if name == BY_COLUMN:
            return self.title_of(self.by) if self.by else "Series"
        if name == self.x and self.per:
            return self.per.title()
        return str(self.resource.field(name).get("title") or name)


def check_options(block: OptionBlock) -> None:
    problems = [
        NewsroomProblem(
            "chart-option-unknown",
            block.at(str(name)),
            f'unknown chart option "{name}". {did_you_mean(str(name), OPTIONS)}',
            "Remove the option or correct its spelling.",
        )
        for name in block.options
        if name not in OPTIONS
    ]
    for name in REQUIRED:
        if not block.text(name).strip():
            code = "chart-alt-missing" if name == "alt" else "chart-option-missing"
            problems.append(
                NewsroomProblem(
                    code,
                    block.at(name),
                    f'the chart has no "{name}": {OPTIONS[name]}.',
                    f"Add a line '{name}: ...' to the chart block.",
                )
            )
    if problems:
        raise NewsroomError(problems)
    kind = block.text("kind")
    block.require(kind, CHART_KINDS, "chart-kind-unknown", "kind", f'unknown chart kind "{kind}".')
    for name, choices in (("aggregate", AGGREGATES), ("per", tuple(PERIODS))):
        value = block.text(name)
        if value:
            block.require(value, choices, f"chart-{name}-unknown", name,
                          f'"{name}: {value}" is not known.')  # fmt: skip
    if kind in NEEDS_BY and "by" not in block.options:
        raise block.error(
            "chart-option-missing",
            "kind",
            f'a {kind} chart needs "by": {OPTIONS["by"]}.',
            "Add e.g. 'by: unit_id'.",
        )
    if kind == "small-multiples" and "annotations" in block.options:
        raise block.error(
            "chart-option-unsupported",
            "annotations",
            "annotations are not drawn on small multiples.",
            "Remove 'annotations', or use a line chart of one unit.",
        )
    if kind == "unit-vs-average" and "highlight" not in block.options:
        raise block.error(
            "chart-option-missing",
            "kind",
            'a unit-vs-average chart needs "highlight": the unit to compare.',
            "Add e.g. 'highlight: greater-manchester'.",
        )


def resolve_chart(block: OptionBlock, catalog: DataCatalog) -> ResolvedChart:
    check_options(block)
    package = find_package(block, catalog, "chart")
    wanted = {block.text(n) for n in ("x", "y", "by") if n in block.options}
    resource = find_resource(block, package, wanted, "chart")
    x, y = (find_field(block, resource, n, "chart") for n in ("x", "y"))
    by = find_field(block, resource, "by", "chart") if "by" in block.options else None
    y_type = resource.field(y).get("type")
    if y_type not in ("integer", "number"):
        raise block.error(
            "chart-field-not-numeric",
            "y",
            f'the field "{y}" holds {y_type} values, which cannot be plotted as a quantity.',
            "Choose a field of type integer or number for y.",
        )
    kind = block.text("kind")
    temporal = resource.field(x).get("type") in TEMPORAL_TYPES
    rows = filtered_rows(block, resource, catalog.table(package.name, resource.name), "chart")
    rows = rows[[c for c in (x, by, y) if c]].rename(columns={by: BY_COLUMN} if by else {})
    per = block.text("per") or None
    if per:
        if not temporal:
            raise block.error(
                "chart-per-invalid",
                "per",
                f'"per: {per}" needs dates along x; "{x}" is {resource.field(x).get("type")}.',
                "Remove 'per', or use a date or yearmonth field for x.",
            )
        rows[x] = rows[x].dt.to_period(PERIODS[per]).dt.start_time
    highlight = None
    if kind == "unit-vs-average":
        rows, highlight = _unit_and_average(block, rows, x, y)
    rows = _one_row_per_point(block, rows, x, y)
    if by and kind not in ("small-multiples", "unit-vs-average"):
        series = rows[BY_COLUMN].nunique()
        if series > len(HOUSE_PALETTE):
            raise block.error(
                "chart-too-many-series",
                "by",
                f'"by: {by}" gives {series} series; the house palette tells apart at most'
                f" {len(HOUSE_PALETTE)}.",
                "Use kind: small-multiples (a panel each), or filter to fewer values.",
            )
    if by:
        labels = value_labels(catalog, package, resource, by)
        rows[BY_COLUMN] = rows[BY_COLUMN].astype(str).map(lambda v: labels.get(v, v))
        if highlight:
            highlight = labels.get(highlight, highlight)
    x_labels = value_labels(catalog, package, resource, x)
    if x_labels:
        rows[x] = rows[x].astype(str).map(lambda v: x_labels.get(v, v))
    return ResolvedChart(
        block=block,
        package=package,
        resource=resource,
        kind=kind,
        x=x,
        y=y,
        by=by,
        rows=rows.reset_index(drop=True),
        temporal=temporal,
        per=per,
        split=_split(block, resource, x, temporal) if kind == "before-after" else None,
        highlight=highlight,
        annotations=_annotations(block, resource, x, temporal),
    )


def _unit_and_average(
    block: OptionBlock, rows: pd.DataFrame, x: str, y: str
) -> tuple[pd.DataFrame, str]:
    unit = block.text("highlight")
    units = rows[BY_COLUMN].astype(str)
    block.require(
        unit,
        set(units),
        "chart-highlight-unknown",
        "highlight",
        f'no rows have "{unit}".',
        "Use a value that appears in the 'by' field.",
    )
    count = units.nunique()
    per_unit = rows.groupby([x, BY_COLUMN], as_index=False)[y].sum()
    average = per_unit.groupby(x, as_index=False)[y].mean().round(1)
    average[BY_COLUMN] = interface_text("Average of %(count)s units", count=count)
    return pd.concat([per_unit[per_unit[BY_COLUMN].astype(str) == unit], average]), unit


def _one_row_per_point(block: OptionBlock, rows: pd.DataFrame, x: str, y: str) -> pd.DataFrame:
    keys = [c for c in (x, BY_COLUMN) if c in rows.columns]
    how = block.text("aggregate")
    if not how and rows.duplicated(keys).any():
        raise block.error(
            "chart-rows-ambiguous",
            "x",
            f"several rows share each {', '.join(keys)}; the chart cannot tell which to draw.",
            "Add 'aggregate: sum' or 'aggregate: mean', a 'by' field, or a narrower filter.",
        )
    if how:
        rows = rows.groupby(keys, as_index=False, sort=False)[y].agg(how)
        if how == "mean":
            rows[y] = rows[y].round(1)
    return rows.sort_values(keys).reset_index(drop=True)


def _split(block: OptionBlock, resource: TabularResource, x: str, temporal: bool) -> pd.Timestamp:
    if not temporal:
        raise block.error(
            "chart-split-invalid",
            "x",
            f'a before-after chart needs dates along x; "{x}" is {resource.field(x)["type"]}.',
            "Use a date or yearmonth field for x.",
        )
    try:
        return parse_value(block.text("split"), resource.field(x))
    except ValueError:
        raise block.error(
            "chart-split-invalid",
            "split",
            f'"split: {block.text("split")}" is not a {resource.field(x)["type"]} written'
            " like the data.",
            "Give the first period of the 'after' part, e.g. 'split: 2019-10'.",
        ) from None


def _annotations(
    block: OptionBlock, resource: TabularResource, x: str, temporal: bool
) -> list[Annotation]:
    items: Any = block.options.get("annotations") or []
    found = []
    for item in items if isinstance(items, list) else [items]:
        try:
            if not temporal or not isinstance(item, dict) or not item.get("label"):
                raise ValueError
            found.append(
                Annotation(parse_value(item["date"], resource.field(x)), str(item["label"]))
            )
        except (ValueError, KeyError):
            raise block.error(
                "chart-annotation-invalid",
                "annotations",
                f"each annotation needs a date along x (written like the data) and a label;"
                f" got {item!r}.",
                "Write e.g. 'annotations: [{date: 2019-10, label: Scheme launched}]'.",
            ) from None
    return found
