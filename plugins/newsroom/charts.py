"""Step 3b: draw a resolved chart with Altair and render it to a static SVG.

The data is always inlined in the Vega-Lite spec: vl-convert resolves any other URL
against a remote site and draws an empty chart without an error. SVGs are cached by a
hash of the spec and the library versions, so an unchanged chart is rendered once.
"""

from __future__ import annotations

import io
import json
import numbers
import re
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any
from xml.sax.saxutils import escape

import altair as alt
import pandas as pd
import vl_convert

from .cache import ContentCache, content_key
from .chart_requests import ResolvedChart

# One house style for every chart. Marks pass 3:1 and text 4.5:1 against white.
HOUSE_FONT = "Arial, Helvetica, sans-serif"
HOUSE_TEXT = "#1f1f1f"
HOUSE_PRIMARY = "#005ea5"
HOUSE_ACCENT = "#b0440c"
HOUSE_PALETTE = ["#005ea5", "#b0440c", "#00703c", "#6f2c91", "#5c5c5c", "#8a5a00"]
HOUSE_CONFIG: dict[str, Any] = {
    "font": HOUSE_FONT,
    "background": "white",
    "view": {"stroke": None},
    "title": {"fontSize": 16, "anchor": "start", "color": HOUSE_TEXT},
    "axis": {
        "labelFontSize": 12,
        "titleFontSize": 13,
        "labelColor": HOUSE_TEXT,
        "titleColor": HOUSE_TEXT,
        "gridColor": "#dddddd",
        "domainColor": "#6f6f6f",
        "tickColor": "#6f6f6f",
    },
    "legend": {"labelFontSize": 12, "titleFontSize": 13, "labelColor": HOUSE_TEXT},
    "range": {"category": HOUSE_PALETTE},
    "line": {"strokeWidth": 2.5, "color": HOUSE_PRIMARY},
    "bar": {"color": HOUSE_PRIMARY},
}
WIDTH, HEIGHT = 640, 300
DATE_FORMATS = {"yearmonth": ("%b %Y", "%B %Y"), "date": ("%d %b %Y", "%d %B %Y")}


@dataclass(frozen=True)
class RenderedChart:
    """A chart ready to publish: its image, the plotted rows and their readable form."""

    chart_id: str
    title: str
    alt: str
    caption: str
    source: str
    line: int
    package_name: str
    package_title: str
    data_version: str
    svg: str
    width: int
    height: int
    columns: list[str]
    table_rows: list[list[str]]
    csv: bytes


def field_title(chart: ResolvedChart, name: str) -> str:
    return str(chart.resource.field(name).get("title") or name)


def plotted_table(chart: ResolvedChart) -> pd.DataFrame:
    """The rows the chart draws, with derived columns, headed by field titles."""
    table = chart.rows.copy()
    if chart.kind == "before-after":
        after = table[chart.x] >= chart.split
        periods = {
            False: period_label(table[~after], chart),
            True: period_label(table[after], chart),
        }
        table["period"] = after.map(periods)
        table["period_average"] = table.groupby("period")[chart.y].transform("mean").round(1)
    titles = {name: field_title(chart, name) for name in chart.rows.columns}
    titles |= {"period": "Period", "period_average": "Period average"}
    return table.rename(columns=titles)


def period_label(rows: pd.DataFrame, chart: ResolvedChart) -> str:
    first, last = rows[chart.x].min(), rows[chart.x].max()
    return f"{first:%b %Y} to {last:%b %Y}"


def readable_cell(value: object, spec: dict[str, Any] | None) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    kind = (spec or {}).get("type")
    if isinstance(value, pd.Timestamp):
        return value.strftime(DATE_FORMATS.get(kind or "date", DATE_FORMATS["date"])[1])
    if kind == "year":
        return str(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def csv_cell(value: object, spec: dict[str, Any] | None) -> object:
    if isinstance(value, pd.Timestamp):
        kind = (spec or {}).get("type")
        return value.strftime("%Y-%m" if kind == "yearmonth" else "%Y-%m-%d")
    return value


def chart_spec(chart: ResolvedChart, table: pd.DataFrame) -> dict[str, Any]:
    """The Vega-Lite spec, with every row inlined and dates as UTC ISO strings."""
    x_spec = chart.resource.field(chart.x)
    temporal = x_spec.get("type") in ("date", "yearmonth", "datetime")
    data = table.copy()
    for column in data.columns:
        if pd.api.types.is_datetime64_any_dtype(data[column]):
            data[column] = data[column].dt.strftime("%Y-%m-%d")
    data = data.astype(object).where(data.notna(), None)
    x_title, y_title = field_title(chart, chart.x), field_title(chart, chart.y)
    date_format = DATE_FORMATS.get(x_spec.get("type", ""), ("%b %Y",))[0]
    if temporal:
        x = alt.X(
            f"{x_title}:T",
            title=x_title,
            timeUnit="utcyearmonthdate",
            axis=alt.Axis(format=date_format, labelOverlap=True),
        )
    else:
        x = alt.X(f"{x_title}:O", title=x_title, axis=alt.Axis(labelAngle=0))
    y = alt.Y(f"{y_title}:Q", title=y_title, axis=alt.Axis(format=",~r"))
    encoding: dict[str, Any] = {"x": x, "y": y}
    if chart.color:
        color_title = field_title(chart, chart.color)
        encoding["color"] = alt.Color(f"{color_title}:N", title=color_title)
    base = alt.Chart(data)
    marks = base.mark_bar() if chart.kind == "column" else base.mark_line(point=False)
    layers = [marks.encode(**encoding)]
    if chart.kind == "before-after":
        layers += before_after_layers(data, x_title)
    figure = alt.layer(*layers) if len(layers) > 1 else layers[0]
    figure = figure.properties(
        width=WIDTH, height=HEIGHT, title=chart.option("title"), description=chart.option("alt")
    ).configure(**HOUSE_CONFIG)
    return figure.to_dict()


def before_after_layers(data: pd.DataFrame, x_title: str) -> list[alt.Chart]:
    """A dashed rule and a label for the average of each period."""
    periods = (
        data.groupby("Period", sort=False)
        .agg(start=(x_title, "min"), end=(x_title, "max"), average=("Period average", "first"))
        .reset_index()
    )
    periods["label"] = [
        f"Average {p}: {a:,.1f}" for p, a in zip(periods["Period"], periods["average"], strict=True)
    ]
    rules = (
        alt.Chart(periods)
        .mark_rule(color=HOUSE_ACCENT, strokeDash=[6, 3], size=2.5)
        .encode(
            x=alt.X("start:T", timeUnit="utcyearmonthdate"),
            x2="end:T",
            y="average:Q",
        )
    )
    labels = (
        alt.Chart(periods)
        .mark_text(align="left", dy=-10, color=HOUSE_ACCENT, fontWeight="bold", fontSize=12)
        .encode(x=alt.X("start:T", timeUnit="utcyearmonthdate"), y="average:Q", text="label:N")
    )
    return [rules, labels]


def render_svg(spec: dict[str, Any], cache: ContentCache) -> str:
    spec_json = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    key = content_key(spec_json, version("vl-convert-python"), version("altair"))
    cached = cache.get("svg", key)
    if cached is not None:
        return cached.decode("utf-8")
    svg = vl_convert.vegalite_to_svg(spec)
    cache.put("svg", key, svg.encode("utf-8"))
    return svg


def label_svg(svg: str, title: str, description: str) -> str:
    """Give the standalone SVG an accessible name and description."""
    opening = re.match(r"<svg\b[^>]*>", svg)
    assert opening is not None, "vl-convert returned something other than SVG"
    tag = opening.group(0)[:-1] + ' role="img" aria-labelledby="chart-title chart-desc">'
    labels = (
        f'<title id="chart-title">{escape(title)}</title>'
        f'<desc id="chart-desc">{escape(description)}</desc>'
    )
    return tag + labels + svg[opening.end() :]


def render_chart(chart: ResolvedChart, chart_id: str, cache: ContentCache) -> RenderedChart:
    table = plotted_table(chart)
    svg = label_svg(
        render_svg(chart_spec(chart, table), cache), chart.option("title"), chart.option("alt")
    )
    size = re.search(r'width="(\d+)" height="(\d+)"', svg)
    specs = {field_title(chart, n): chart.resource.field(n) for n in chart.rows.columns}
    csv_table = table.copy()
    for column in csv_table.columns:
        csv_table[column] = [csv_cell(v, specs.get(column)) for v in csv_table[column]]
    buffer = io.StringIO()
    csv_table.to_csv(buffer, index=False, lineterminator="\n", na_rep="")
    return RenderedChart(
        chart_id=chart_id,
        title=chart.option("title"),
        alt=chart.option("alt"),
        caption=chart.option("caption"),
        source=chart.block.source,
        line=chart.block.line,
        package_name=chart.package.name,
        package_title=chart.package.title,
        data_version=chart.package.data_version,
        svg=svg,
        width=int(size.group(1)) if size else WIDTH,
        height=int(size.group(2)) if size else HEIGHT,
        columns=list(table.columns),
        table_rows=[
            [readable_cell(value, specs.get(column)) for column, value in row.items()]
            for _, row in table.iterrows()
        ],
        csv=buffer.getvalue().encode("utf-8"),
    )
