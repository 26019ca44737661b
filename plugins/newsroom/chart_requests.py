"""Step 3a: turn an author's chart block into the exact rows to plot.

A chart block is YAML written by a comms officer. Every mistake in it (bad YAML, an
unknown option, package, resource, field or unit, a filter that selects nothing, a
missing alt text) becomes a located error with a did-you-mean. Aggregation and
filtering happen here with pandas, so a page carries only the plotted rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import yaml

from .errors import Location, NewsroomError, NewsroomProblem, did_you_mean
from .packages import TabularResource, ValidatedPackage
from .tables import DataCatalog

CHART_KINDS = ("line", "column", "before-after")
OPTIONS = {
    "id": "a short name for the chart's files, e.g. gm-admissions",
    "package": "the data package's name",
    "resource": "the resource (table) in the package",
    "kind": "one of " + ", ".join(CHART_KINDS),
    "x": "the field along the horizontal axis",
    "y": "the field with the values",
    "color": "a field whose values get a line or bar each",
    "filter": "field: value pairs that select the rows to plot",
    "split": "for before-after: the first period of the 'after' part, e.g. 2019-10",
    "title": "the chart's title",
    "alt": "a sentence describing what the chart shows, read by screen readers",
    "caption": "a sentence shown under the chart",
}
REQUIRED = ("package", "kind", "x", "y", "title", "alt")
PUBLISHED_FORMATS = {"date": "%Y-%m-%d", "yearmonth": "%Y-%m", "year": "%Y"}


@dataclass(frozen=True)
class ChartBlock:
    """A chart block as written: its options and the line of each option."""

    source: str
    line: int
    options: dict[str, Any]
    option_lines: dict[str, int]

    def at(self, option: str | None = None) -> Location:
        return Location(self.source, self.option_lines.get(option or "", self.line))


@dataclass(frozen=True)
class ResolvedChart:
    """What to draw: the validated options and the rows they select."""

    block: ChartBlock
    package: ValidatedPackage
    resource: TabularResource
    kind: str
    x: str
    y: str
    color: str | None
    split: pd.Timestamp | None
    rows: pd.DataFrame

    def option(self, name: str, default: str = "") -> str:
        return str(self.block.options.get(name, default))


def parse_chart_block(text: str, source: str, first_line: int) -> ChartBlock:
    """Parse the YAML of a chart block whose first YAML line is `first_line`."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        options = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        problem = getattr(error, "problem", None) or str(error)
        raise NewsroomError.single(
            "chart-yaml",
            Location(source, line),
            f"the chart block is not valid YAML: {problem}.",
            "Write one 'option: value' per line; quote values that contain ': '.",
        ) from None
    if not isinstance(options, dict) or not isinstance(node, yaml.MappingNode):
        raise NewsroomError.single(
            "chart-yaml",
            Location(source, first_line),
            "the chart block must be a list of 'option: value' lines.",
            "Write e.g. 'package: my-package' on its own line.",
        )
    lines = {str(key.value): first_line + key.start_mark.line for key, _ in node.value}
    return ChartBlock(source, first_line - 1, options, lines)


def resolve_chart(block: ChartBlock, catalog: DataCatalog) -> ResolvedChart:
    problems = _option_problems(block)
    if problems:
        raise NewsroomError(problems)
    options = block.options
    package = _package(block, catalog)
    resource = _resource(block, package)
    kind = str(options["kind"])
    if kind not in CHART_KINDS:
        raise NewsroomError.single(
            "chart-kind-unknown",
            block.at("kind"),
            f'unknown chart kind "{kind}". {did_you_mean(kind, CHART_KINDS)}',
            "Choose one of: " + ", ".join(CHART_KINDS) + ".",
        )
    names = {n: _field(block, resource, n) for n in ("x", "y", "color") if n in options}
    y_type = resource.field(names["y"]).get("type")
    if y_type not in ("integer", "number"):
        raise NewsroomError.single(
            "chart-field-not-numeric",
            block.at("y"),
            f'the field "{names["y"]}" holds {y_type} values, which cannot be plotted'
            " as a quantity.",
            "Choose a field of type integer or number for y.",
        )
    rows = _filtered_rows(block, resource, catalog.table(package.name, resource.name))
    split = _split(block, resource, names["x"]) if kind == "before-after" else None
    columns = [c for c in (names["x"], names.get("color"), names["y"]) if c]
    return ResolvedChart(
        block=block,
        package=package,
        resource=resource,
        kind=kind,
        x=names["x"],
        y=names["y"],
        color=names.get("color"),
        split=split,
        rows=rows[columns].sort_values(columns[:-1]).reset_index(drop=True),
    )


def _option_problems(block: ChartBlock) -> list[NewsroomProblem]:
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
        value = block.options.get(name)
        if value is None or not str(value).strip():
            code = "chart-alt-missing" if name == "alt" else "chart-option-missing"
            problems.append(
                NewsroomProblem(
                    code,
                    block.at(name),
                    f'the chart has no "{name}": {OPTIONS[name]}.',
                    f"Add a line '{name}: ...' to the chart block.",
                )
            )
    return problems


def _package(block: ChartBlock, catalog: DataCatalog) -> ValidatedPackage:
    name = str(block.options["package"])
    if name not in catalog.packages:
        raise NewsroomError.single(
            "chart-package-unknown",
            block.at("package"),
            f'no data package is named "{name}". {did_you_mean(name, catalog.packages)}',
            "Use the 'name' from the package's datapackage.json.",
        )
    return catalog.packages[name]


def _resource(block: ChartBlock, package: ValidatedPackage) -> TabularResource:
    names = [r.name for r in package.resources]
    if "resource" in block.options:
        name = str(block.options["resource"])
        found = package.resource(name)
        if found is None:
            raise NewsroomError.single(
                "chart-resource-unknown",
                block.at("resource"),
                f'package "{package.name}" has no resource "{name}". {did_you_mean(name, names)}',
                "Use a resource 'name' from the package's datapackage.json.",
            )
        return found
    # The resource with most of the named fields; a misspelt field is reported later.
    wanted = {str(block.options[n]) for n in ("x", "y") if n in block.options}
    scores = {r.name: len(wanted & set(r.field_names)) for r in package.resources}
    best = max(scores.values())
    matching = [r for r in package.resources if best and scores[r.name] == best]
    if len(matching) != 1:
        raise NewsroomError.single(
            "chart-resource-ambiguous",
            block.at("package"),
            f'package "{package.name}" has {len(matching)} resources with the fields'
            f" {sorted(wanted)}; the chart must name one.",
            "Add 'resource: NAME' with one of: " + ", ".join(names) + ".",
        )
    return matching[0]


def _field(block: ChartBlock, resource: TabularResource, option: str) -> str:
    name = str(block.options[option])
    if name not in resource.field_names:
        raise NewsroomError.single(
            "chart-field-unknown",
            block.at(option),
            f'resource "{resource.name}" has no field "{name}".'
            f" {did_you_mean(name, resource.field_names)}",
            f"Use a field name from the resource's schema for '{option}'.",
        )
    return name


def published_text(column: pd.Series, spec: dict[str, Any]) -> pd.Series:
    """A column written back as it is in the CSV, for matching filter values."""
    fmt = PUBLISHED_FORMATS.get(spec.get("type", ""))
    if fmt and spec.get("type") != "year":
        return column.dt.strftime(fmt)
    return column.astype("string")


def _filtered_rows(
    block: ChartBlock, resource: TabularResource, table: pd.DataFrame
) -> pd.DataFrame:
    filters = block.options.get("filter") or {}
    if not isinstance(filters, dict):
        raise NewsroomError.single(
            "chart-filter-invalid",
            block.at("filter"),
            "'filter' must list 'field: value' pairs.",
            "Write e.g. 'filter: {unit_id: greater-manchester}'.",
        )
    selected = table
    for name, wanted in filters.items():
        if str(name) not in resource.field_names:
            raise NewsroomError.single(
                "chart-field-unknown",
                block.at("filter"),
                f'resource "{resource.name}" has no field "{name}" to filter on.'
                f" {did_you_mean(str(name), resource.field_names)}",
                "Filter on a field name from the resource's schema.",
            )
        values = [str(v) for v in (wanted if isinstance(wanted, list) else [wanted])]
        text = published_text(selected[str(name)], resource.field(str(name)))
        matched = selected[text.isin(values)]
        if matched.empty:
            known = set(published_text(table[str(name)], resource.field(str(name))).dropna())
            raise NewsroomError.single(
                "chart-filter-empty",
                block.at("filter"),
                f"the filter {name} = {', '.join(values)} selects no rows."
                f" {did_you_mean(values[0], known)}",
                f'Use a value that appears in the "{name}" column.',
            )
        selected = matched
    return selected


def _split(block: ChartBlock, resource: TabularResource, x: str) -> pd.Timestamp:
    spec = resource.field(x)
    fmt = PUBLISHED_FORMATS.get(spec.get("type", ""))
    value = block.options.get("split")
    if fmt is None or spec.get("type") == "year":
        raise NewsroomError.single(
            "chart-split-invalid",
            block.at("x"),
            f'a before-after chart needs dates along x; "{x}" is {spec.get("type")}.',
            "Use a date or yearmonth field for x.",
        )
    try:
        return pd.to_datetime(str(value), format=fmt)
    except ValueError:
        raise NewsroomError.single(
            "chart-split-invalid",
            block.at("split"),
            f'"split: {value}" is not a {spec["type"]} written like "{fmt}".',
            "Give the first period of the 'after' part, e.g. 'split: 2019-10'.",
        ) from None
