"""Step 3a: a package's views in the Observable Plot form, as public data hubs publish
them, translated into the chart options every other chart has.

    {"name": "by-area", "title": "Counts by area", "resources": ["counts"],
     "specType": "plot",
     "spec": {"marks": [{"type": "barY", "x": "year", "y": "count", "fill": "area"}]}}

is drawn as `kind: stacked-column, x: year, y: count, by: area`, so the chart gets what
every chart has: its text alternative, data table, CSV, house style and status. One
mark draws the package's rows (line, lineY, lineX, bar, barY, barX, area, areaY, dot);
a field as its stroke, fill or z gives a series each, a field as fx or fy (or the plot's
facet) a panel each for a line. Beside it, a ruleY at 0 is the axis the chart draws
anyway, and ruleX marks at dates with text marks at the same dates are the chart's
annotations. A constant colour gives way to the house style. Anything else raises
PlotViewUnsupportedError with the reason, which the dataset page shows in place of the chart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsroom.data.packages import ValidatedPackage

PLOT_SPEC_TYPE = "plot"


class PlotViewUnsupportedError(Exception):
    """A Plot view the site cannot draw; the message says why, for the reader."""


@dataclass(frozen=True)
class MarkForm:
    """How a Plot mark drawing the package's rows becomes a chart kind."""

    kind: str  # the kind drawing one series
    kind_by: str  # the kind drawing a series for each value of a field
    values: str  # the channel holding the quantities: "y", or "x" for the sideways marks
    # "sum" where Plot stacks the rows sharing a place (bars, areas): their total shows.
    aggregate: str | None


DATA_MARKS = {
    "line": MarkForm("line", "line", "y", None),
    "lineY": MarkForm("line", "line", "y", None),
    "lineX": MarkForm("line", "line", "x", None),
    "bar": MarkForm("column", "stacked-column", "y", "sum"),
    "barY": MarkForm("column", "stacked-column", "y", "sum"),
    "barX": MarkForm("bar", "bar", "x", "sum"),
    "area": MarkForm("area", "area", "y", "sum"),
    "areaY": MarkForm("area", "area", "y", "sum"),
    "dot": MarkForm("dot", "dot", "y", None),
}
DECORATION_MARKS = ("ruleX", "ruleY", "text")
# A mark's options that only style it: the house style draws the chart instead.
STYLE_OPTIONS = {
    "type", "x", "y", "z", "stroke", "fill", "fx", "fy", "text", "data", "staticData",
    "tip", "title", "strokeWidth", "strokeOpacity", "strokeDasharray", "strokeLinecap",
    "strokeLinejoin", "fillOpacity", "opacity", "curve", "marker", "r", "symbol",
    "fontSize", "fontWeight", "fontFamily", "textAnchor", "lineAnchor", "rotate", "dx",
    "dy", "frameAnchor", "inset", "insetLeft", "insetRight", "insetTop", "insetBottom",
    "rx", "ry", "sort",
}  # fmt: skip
SERIES_CHANNELS = ("stroke", "fill", "z")
DATED_KINDS = ("line", "area", "dot")  # the kinds drawing annotations on a time scale


def plot_view_options(package: ValidatedPackage, view: dict[str, Any]) -> dict[str, Any]:
    """The chart options of a Plot view (without id and alt); PlotViewUnsupportedError if the
    site cannot draw it."""
    spec = view.get("spec")
    if not isinstance(spec, dict) or not isinstance(spec.get("marks"), list):
        raise PlotViewUnsupportedError('its "spec" has no list of "marks".')
    if "projection" in spec:
        raise PlotViewUnsupportedError("it is a map (a projection), which the site does not draw.")
    marks = []
    for mark in spec["marks"]:
        if not isinstance(mark, dict) or not isinstance(mark.get("type"), str):
            raise PlotViewUnsupportedError('each of its marks needs a "type".')
        marks.append(mark)
    data_marks = [m for m in marks if m["type"] in DATA_MARKS]
    unknown = [m["type"] for m in marks if m["type"] not in (*DATA_MARKS, *DECORATION_MARKS)]
    if unknown:
        raise PlotViewUnsupportedError(f'the site does not draw "{unknown[0]}" marks.')
    if len(data_marks) != 1:
        drawn = ", ".join(m["type"] for m in data_marks) or "none"
        raise PlotViewUnsupportedError(
            f"the site draws a view with one mark of the package's rows (line, bar, area"
            f" or dot); this one has {len(data_marks)} ({drawn})."
        )
    mark = data_marks[0]
    options = _data_mark_options(package, view, spec, mark)
    resource = package.resource(options["resource"])
    known = resource is not None and options["x"] in resource.field_names
    x_type = resource.field(options["x"]).get("type") if resource and known else None
    annotations = _annotations([m for m in marks if m is not mark], options["kind"], x_type)
    if annotations:
        options["annotations"] = annotations
    return options


def plot_view_unsupported(package: ValidatedPackage, view: dict[str, Any]) -> str:
    """Why the site cannot draw a Plot view, or '' where it can."""
    try:
        plot_view_options(package, view)
    except PlotViewUnsupportedError as unsupported:
        return str(unsupported)
    return ""


def _data_mark_options(
    package: ValidatedPackage, view: dict[str, Any], spec: dict[str, Any], mark: dict[str, Any]
) -> dict[str, Any]:
    name, form = mark["type"], DATA_MARKS[mark["type"]]
    _only_style_options(mark)
    if "staticData" in mark or ("data" in mark and not isinstance(mark["data"], str)):
        raise PlotViewUnsupportedError(
            f"its {name} mark draws values written in the view, not the package's rows."
        )
    resource = mark.get("data") or _view_resource(package, view)
    found = package.resource(resource)
    fields = found.field_names if found else []
    x, y = (_field_channel(mark, channel, name) for channel in ("x", "y"))
    series = [
        mark[c] for c in SERIES_CHANNELS if isinstance(mark.get(c), str) and mark[c] in fields
    ]
    series = [s for s in dict.fromkeys(series) if s not in (x, y)]  # colour by x repeats x
    facets = [f for f in _facets(spec, mark) if f]
    if len(series) + len(facets) > 1:
        raise PlotViewUnsupportedError(
            f"its {name} mark splits the rows by more than one field"
            f" ({', '.join(series + facets)}); the site draws one."
        )
    if facets and form.kind != "line":
        raise PlotViewUnsupportedError(
            f"the site draws panels (facets) of lines only, not of {name}."
        )
    # A sideways mark (lineX, barX) has its quantities along x: the kinds' y is theirs.
    along, values = (y, x) if form.values == "x" else (x, y)
    options: dict[str, Any] = {
        "package": package.name,
        "resource": resource,
        "kind": "small-multiples" if facets else form.kind_by if series else form.kind,
        "x": along,
        "y": values,
        "title": view.get("title") or view["name"],
    }
    if series or facets:
        options["by"] = (series + facets)[0]
    if form.aggregate:
        options["aggregate"] = form.aggregate
    for channel, option in ((form.values, "y-title"), (_other(form.values), "x-title")):
        label = spec.get(channel, {}).get("label") if isinstance(spec.get(channel), dict) else None
        if isinstance(label, str) and label.strip():
            options[option] = label
    for text in ("subtitle", "caption"):
        if isinstance(spec.get(text), str) and spec[text].strip():
            options[text] = spec[text]
    return options


def _only_style_options(mark: dict[str, Any]) -> None:
    untranslated = sorted(set(mark) - STYLE_OPTIONS)
    if untranslated:
        raise PlotViewUnsupportedError(
            f'its {mark["type"]} mark has the option "{untranslated[0]}" (a transform or'
            " setting the site does not translate)."
        )
    sort = mark.get("sort")
    if sort is not None and not (mark["type"] == "barX" and sort == {"y": "-x"}):
        raise PlotViewUnsupportedError(
            f"its {mark['type']} mark is sorted ({sort!r}); the site sorts only sideways bars,"
            " longest first."
        )


def _view_resource(package: ValidatedPackage, view: dict[str, Any]) -> str:
    """The resource the view names first (by name, index or {"name": ...}), else the
    package's first, as the Views spec says."""
    resources = view.get("resources") or [0]
    first = resources[0] if isinstance(resources, list) else resources
    if isinstance(first, dict):
        first = first.get("name")
    if isinstance(first, int) and 0 <= first < len(package.resources):
        return package.resources[first].name
    if isinstance(first, str):
        return first
    raise PlotViewUnsupportedError(
        f'its "resources" ({resources!r}) name no resource of the package.'
    )


def _field_channel(mark: dict[str, Any], channel: str, name: str) -> str:
    value = mark.get(channel)
    if not isinstance(value, str) or not value:
        raise PlotViewUnsupportedError(f"its {name} mark needs a field name as {channel}.")
    return value


def _facets(spec: dict[str, Any], mark: dict[str, Any]) -> list[str]:
    facet = spec.get("facet") if isinstance(spec.get("facet"), dict) else {}
    named = [mark.get("fx"), mark.get("fy"), facet.get("x"), facet.get("y")]
    if any(value is not None and not isinstance(value, str) for value in named):
        raise PlotViewUnsupportedError("its facets are not field names.")
    return list(dict.fromkeys(v for v in named if v))


def _other(channel: str) -> str:
    return "x" if channel == "y" else "y"


def _annotations(
    marks: list[dict[str, Any]], kind: str, x_type: str | None
) -> list[dict[str, str]]:
    """The chart's dated annotations from ruleX and text marks at the same dates; a ruleY
    at 0 adds nothing (the value axis starts at 0). Any other mark: PlotViewUnsupportedError."""
    rules: list[str] = []
    labels: dict[str, str] = {}
    for mark in marks:
        _only_style_options(mark)
        rows = mark.get("staticData", mark.get("data"))
        if mark["type"] == "ruleY" and _constant_values(rows, mark.get("y")) == [0]:
            continue
        if mark["type"] == "ruleX" and kind in DATED_KINDS:
            rules += [_as_data(v, x_type) for v in _constant_values(rows, mark.get("x"))]
            continue
        if (
            mark["type"] == "text"
            and isinstance(rows, list)
            and all(isinstance(row, dict) for row in rows)
        ):
            at, text = mark.get("x"), mark.get("text")
            labels.update({_as_data(row.get(at), x_type): str(row.get(text, "")) for row in rows})
            continue
        raise PlotViewUnsupportedError(
            f"the site does not translate its {mark['type']} mark: it draws a ruleY at 0, and"
            " ruleX marks at dates labelled by text marks."
        )
    missing = [date for date in rules if not labels.get(date)]
    if missing or set(labels) - set(rules):
        raise PlotViewUnsupportedError(
            "its ruleX and text marks do not pair up: the site draws each rule at a date with"
            " the text at that date as its label."
        )
    return [{"date": date, "label": labels[date]} for date in rules]


def _as_data(date: object, x_type: str | None) -> str:
    """A date of the view written like the data: Plot's 2024-03-01 is 2024-03 in a
    yearmonth field."""
    text = str(date)
    if x_type == "yearmonth" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text[:7]
    return text


def _constant_values(rows: object, channel: object) -> list[Any]:
    """The values a decoration mark is drawn at: a list of numbers or dates, or rows of
    which `channel` names the field."""
    if not isinstance(rows, list) or not rows:
        return []
    if all(isinstance(row, dict) for row in rows):
        return [row.get(channel) for row in rows] if isinstance(channel, str) else []
    return list(rows)
