"""Shared by charts and figures: an author's YAML options and the rows they select.

An `OptionBlock` is YAML written in Markdown, with the file line of every option so
that each mistake is reported where it was made. Lookups of packages, resources,
fields and filter values fail with a did-you-mean built from the real names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml

from newsroom.core.errors import Location, NewsroomError, did_you_mean
from newsroom.core.lazy_import import lazy_module
from newsroom.data.packages import TabularResource, ValidatedPackage
from newsroom.data.tables import DataCatalog

pd = lazy_module("pandas")

PUBLISHED_FORMATS = {"date": "%Y-%m-%d", "yearmonth": "%Y-%m", "year": "%Y"}
LABEL_FIELDS = ("label", "short_name", "name", "title")
# libyaml's safe loader where it is built in: the same results, ten times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The codes of a selection's mistakes, by the step that selects: a chart or a figure.
PACKAGE_UNKNOWN_CODE = {"chart": "chart-package-unknown", "figure": "figure-package-unknown"}
RESOURCE_UNKNOWN_CODE = {"chart": "chart-resource-unknown", "figure": "figure-resource-unknown"}
RESOURCE_AMBIGUOUS_CODE = {
    "chart": "chart-resource-ambiguous",
    "figure": "figure-resource-ambiguous",
}
FIELD_UNKNOWN_CODE = {"chart": "chart-field-unknown", "figure": "figure-field-unknown"}
FILTER_INVALID_CODE = {"chart": "chart-filter-invalid", "figure": "figure-filter-invalid"}
FILTER_EMPTY_CODE = {"chart": "chart-filter-empty", "figure": "figure-filter-empty"}


@dataclass(frozen=True)
class OptionBlock:
    """Options as an author wrote them, with the line of each top-level option."""

    source: str
    line: int
    options: dict[str, Any]
    option_lines: dict[str, int]

    def at(self, option: str | None = None) -> Location:
        return Location(self.source, self.option_lines.get(option or "", self.line))

    def text(self, name: str, default: str = "") -> str:
        value = self.options.get(name)
        return default if value is None else str(value)

    def error(self, code: str, option: str | None, message: str, hint: str) -> NewsroomError:
        return NewsroomError.single(code, self.at(option), message, hint)

    def require(
        self,
        value: str,
        choices: Iterable[str],
        code: str,
        option: str,
        message: str,
        hint: str | None = None,
    ) -> None:
        """Stop at `option`'s line unless value is one of choices, with a did-you-mean;
        the hint defaults to the list of choices."""
        choices = list(choices)
        if value not in choices:
            hint = hint or "Choose one of: " + ", ".join(choices) + "."
            raise self.error(code, option, f"{message} {did_you_mean(value, choices)}", hint)

    def merged_over(self, base: dict[str, Any]) -> OptionBlock:
        """These options over a named definition's; lines stay this block's."""
        return OptionBlock(self.source, self.line, {**base, **self.options}, self.option_lines)


def parse_yaml_mapping(text: str, source: str, first_line: int, code: str) -> OptionBlock:
    """Parse YAML whose first line is file line `first_line` into an OptionBlock."""
    try:
        node = yaml.compose(text, Loader=YAML_LOADER)
        options = yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise NewsroomError.single(
            code,
            Location(source, first_line + (mark.line if mark else 0)),
            f"the block is not valid YAML: {problem}.",
            "Write one 'option: value' per line; quote values that contain ': '.",
        ) from None
    if not isinstance(options, dict) or not isinstance(node, yaml.MappingNode):
        raise NewsroomError.single(
            code,
            Location(source, first_line),
            "the block must be a list of 'option: value' lines.",
            "Write e.g. 'package: my-package' on its own line.",
        )
    _refuse_duplicate_keys(node, source, first_line, code)
    lines = {str(key.value): first_line + key.start_mark.line for key, _ in node.value}
    return OptionBlock(source, first_line - 1, options, lines)


def _refuse_duplicate_keys(node: yaml.Node, source: str, first_line: int, code: str) -> None:
    """YAML keeps the last of two equal keys; an author meant one of them, so ask."""
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_duplicate_keys(item, source, first_line, code)
    if not isinstance(node, yaml.MappingNode):
        return
    seen: dict[str, int] = {}
    for key, value in node.value:
        line = first_line + key.start_mark.line
        if str(key.value) in seen:
            raise NewsroomError.single(
                code,
                Location(source, line),
                f'"{key.value}" is given twice (lines {seen[str(key.value)]} and {line}).',
                "Keep one of the two lines.",
            )
        seen[str(key.value)] = line
        _refuse_duplicate_keys(value, source, first_line, code)


def find_package(block: OptionBlock, catalog: DataCatalog, step: str) -> ValidatedPackage:
    name = block.text("package")
    block.require(
        name,
        catalog.packages,
        PACKAGE_UNKNOWN_CODE[step],
        "package",
        f'no data package is named "{name}".',
        "Use the 'name' from the package's datapackage.json.",
    )
    return catalog.packages[name]


def find_resource(
    block: OptionBlock, package: ValidatedPackage, wanted: set[str], step: str
) -> TabularResource:
    """The named resource, or else the one holding most of the wanted fields."""
    names = [r.name for r in package.resources]
    if "resource" in block.options:
        found = package.resource(block.text("resource"))
        if found is None:
            raise block.error(
                RESOURCE_UNKNOWN_CODE[step],
                "resource",
                f'package "{package.name}" has no resource "{block.text("resource")}".'
                f" {did_you_mean(block.text('resource'), names)}",
                "Use a resource 'name' from the package's datapackage.json.",
            )
        return found
    # A misspelt field is reported later, against the best resource: the one with most
    # of the fields, or else the only one that is not a lookup table of the others.
    scores = {r.name: len(wanted & set(r.field_names)) for r in package.resources}
    best = max(scores.values())
    matching = [r for r in package.resources if best and scores[r.name] == best]
    lookups = {
        key.get("reference", {}).get("resource")
        for r in package.resources
        for key in r.schema.get("foreignKeys", [])
    }
    if not best:
        matching = [r for r in package.resources if r.name not in lookups]
    if len(matching) != 1:
        raise block.error(
            RESOURCE_AMBIGUOUS_CODE[step],
            "package",
            f'{len(matching)} resources of package "{package.name}" fit the fields'
            f" {sorted(wanted)}; name the one to use.",
            "Add 'resource: NAME' with one of: " + ", ".join(names) + ".",
        )
    return matching[0]


def find_field(block: OptionBlock, resource: TabularResource, option: str, step: str) -> str:
    name = block.text(option)
    block.require(
        name,
        resource.field_names,
        FIELD_UNKNOWN_CODE[step],
        option,
        f'resource "{resource.name}" has no field "{name}".',
        f"Use a field name from the resource's schema for '{option}'.",
    )
    return name


def published_text(column: pd.Series, spec: dict[str, Any]) -> pd.Series:
    """A column written back as it is in the CSV, for matching filter values."""
    fmt = PUBLISHED_FORMATS.get(spec.get("type", ""))
    if fmt and spec.get("type") != "year":
        return column.dt.strftime(fmt)
    return column.astype("string")


def parse_value(text: object, spec: dict[str, Any]) -> Any:
    """A filter bound written like the data, as the column's type; ValueError if not."""
    kind = spec.get("type", "string")
    if kind in ("date", "yearmonth"):
        return pd.to_datetime(str(text), format=PUBLISHED_FORMATS[kind])
    if kind in ("integer", "year", "number"):
        return float(str(text))
    return str(text)


def filtered_rows(
    block: OptionBlock, resource: TabularResource, table: pd.DataFrame, step: str
) -> pd.DataFrame:
    """Rows matching `filter`: a value, a list of values or a {from, to} range per field."""
    filters = block.options.get("filter") or {}
    if not isinstance(filters, dict):
        raise block.error(
            FILTER_INVALID_CODE[step],
            "filter",
            "'filter' must list 'field: value' pairs.",
            "Write e.g. 'filter: {unit_id: greater-manchester}'.",
        )
    selected = table
    for name, wanted in filters.items():
        name = str(name)
        if name not in resource.field_names:
            raise block.error(
                FIELD_UNKNOWN_CODE[step],
                "filter",
                f'resource "{resource.name}" has no field "{name}" to filter on.'
                f" {did_you_mean(name, resource.field_names)}",
                "Filter on a field name from the resource's schema.",
            )
        spec = resource.field(name)
        if isinstance(wanted, dict):
            selected = _in_range(block, selected, name, spec, wanted, step)
            described = " to ".join(str(wanted.get(k, "…")) for k in ("from", "to"))
        else:
            values = [str(v) for v in (wanted if isinstance(wanted, list) else [wanted])]
            selected = selected[published_text(selected[name], spec).isin(values)]
            described = ", ".join(values)
        if selected.empty:
            known = set(published_text(table[name], spec).dropna())
            first = str(wanted[0] if isinstance(wanted, list) and wanted else wanted)
            raise block.error(
                FILTER_EMPTY_CODE[step],
                "filter",
                f"the filter {name} = {described} selects no rows. {did_you_mean(first, known)}",
                f'Use values that appear in the "{name}" column.',
            )
    return selected


def _in_range(
    block: OptionBlock,
    rows: pd.DataFrame,
    name: str,
    spec: dict[str, Any],
    bounds: dict[str, Any],
    step: str,
) -> pd.DataFrame:
    unknown = set(map(str, bounds)) - {"from", "to"}
    try:
        if unknown:
            raise ValueError
        low = parse_value(bounds["from"], spec) if "from" in bounds else None
        high = parse_value(bounds["to"], spec) if "to" in bounds else None
    except (ValueError, KeyError):
        raise block.error(
            FILTER_INVALID_CODE[step],
            "filter",
            f'the range for "{name}" must be {{from: …, to: …}} written like the data'
            f" ({spec.get('type')}).",
            "Write e.g. 'month: {from: 2019-10, to: 2021-06}'.",
        ) from None
    keep = pd.Series(True, index=rows.index)
    if low is not None:
        keep &= rows[name] >= low
    if high is not None:
        keep &= rows[name] <= high
    return rows[keep.fillna(False).astype(bool)]


def value_labels(
    catalog: DataCatalog, package: ValidatedPackage, resource: TabularResource, name: str
) -> dict[str, str]:
    """Readable labels for a field's values: for a key, the referenced resource's name
    column; each in the run's language where the package names values in it."""
    for key in resource.schema.get("foreignKeys", []):
        fields = [key["fields"]] if isinstance(key["fields"], str) else key["fields"]
        reference = key.get("reference", {})
        target = package.resource(reference.get("resource", ""))
        ref_fields = reference.get("fields")
        ref_fields = [ref_fields] if isinstance(ref_fields, str) else ref_fields
        if fields != [name] or target is None or not ref_fields:
            continue
        label = next((f for f in LABEL_FIELDS if f in target.field_names), None)
        if label:
            table = catalog.table(package.name, target.name)
            names = target.value_names.get(label, {})
            labels = table[label].astype(str).replace(names)
            return dict(zip(table[ref_fields[0]].astype(str), labels, strict=True))
    return dict(resource.value_names.get(name, {}))
