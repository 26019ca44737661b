"""Step 3a: turn an author's chart options into the exact rows to plot.

Every mistake (an unknown option, package, resource, field or unit, a filter that
selects nothing, a missing alt text) becomes a located error with a did-you-mean.
Filtering, period bucketing and aggregation happen here with pandas, so a page
carries only the rows the chart draws. What a kind asks beyond that (the options it
needs, its own checks and rows) comes from its module in charts/kinds/.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newsroom.charts.kinds import CHART_KINDS, chart_kind
from newsroom.charts.resolved import BY_COLUMN, Annotation, ResolvedChart
from newsroom.charts.style import HOUSE_PALETTE
from newsroom.charts.withheld import SYMBOL_COLUMN, mark_withheld, take_symbols
from newsroom.core.errors import NewsroomError, NewsroomProblem, did_you_mean
from newsroom.core.lazy_import import lazy_module
from newsroom.data.packages import TabularResource
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

OPTIONS = {
    "id": "a short name for the chart's files, e.g. gm-admissions",
    "use": "the name of a chart defined once in content/charts/ or a package's views",
    "package": "the data package's name",
    "resource": "the resource (table) in the package",
    "kind": "one of the kinds registered in newsroom.charts.kinds",
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
# How a kind's missing option is explained, and an example of it: (meaning, value).
NEEDED_OPTION_HINTS = {
    "by": (OPTIONS["by"], "unit_id"),
    "highlight": ("the unit to compare", "greater-manchester"),
}
TEMPORAL_TYPES = ("date", "yearmonth", "datetime")
PERIODS = {"month": "M", "quarter": "Q", "year": "Y"}
AGGREGATES = ("sum", "mean")
OPTION_UNKNOWN_CODE = {"aggregate": "chart-aggregate-unknown", "per": "chart-per-unknown"}


def option_meaning(name: str) -> str:
    """What an option is for, as a message says it; the kinds as registered now."""
    if name == "kind":
        return "one of " + ", ".join(CHART_KINDS)
    return OPTIONS[name]


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
            problems.append(
                NewsroomProblem(
                    "chart-alt-missing" if name == "alt" else "chart-option-missing",
                    block.at(name),
                    f'the chart has no "{name}": {option_meaning(name)}.',
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
            block.require(value, choices, OPTION_UNKNOWN_CODE[name], name,
                          f'"{name}: {value}" is not known.')  # fmt: skip
    for name in chart_kind(kind).needs:
        if name not in block.options:
            meaning, example = NEEDED_OPTION_HINTS.get(name, (option_meaning(name), "..."))
            raise block.error(
                "chart-option-missing",
                "kind",
                f'a {kind} chart needs "{name}": {meaning}.',
                f"Add e.g. '{name}: {example}'.",
            )
    chart_kind(kind).check_options(block)


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
    kind = chart_kind(block.text("kind"))
    temporal = resource.field(x).get("type") in TEMPORAL_TYPES
    rows = filtered_rows(block, resource, catalog.table(package.name, resource.name), "chart")
    rows, withheld_symbol = mark_withheld(
        rows, catalog.symbols(package.name, resource.name), resource, y
    )
    rows = rows[[c for c in (x, by, y, SYMBOL_COLUMN) if c in rows.columns]]
    rows = rows.rename(columns={by: BY_COLUMN} if by else {})
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
    rows = kind.select_rows(block, rows, x, y)
    if kind.one_row_per_point or block.text("aggregate"):
        rows = _one_row_per_point(block, rows, x, y)
    # The value of 'by' the chart singles out, for the kinds that need one.
    highlight = block.text("highlight") if "highlight" in kind.needs else None
    if by and kind.colours_each_series:
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
    rows, cell_symbols = take_symbols(rows)
    chart = ResolvedChart(
        block=block,
        package=package,
        resource=resource,
        kind=kind.name,
        x=x,
        y=y,
        by=by,
        rows=rows.reset_index(drop=True),
        temporal=temporal,
        per=per,
        highlight=highlight,
        withheld_symbol=withheld_symbol,
        cell_symbols=cell_symbols,
    )
    # The kind's details first: its errors come before those of the annotations.
    chart = kind.add_details(chart)
    return replace(chart, annotations=_annotations(block, resource, x, temporal))


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
