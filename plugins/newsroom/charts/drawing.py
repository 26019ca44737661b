"""Step 3b: draw a resolved chart with Altair, as a Vega-Lite spec and its images.

The data is always inlined in the Vega-Lite spec: vl-convert resolves any other URL
against a remote site and draws an empty chart without an error. chart_images renders
the spec, cached by a hash of the spec, so an unchanged chart is rendered once.
"""

from __future__ import annotations

import io
import json
import numbers
import re
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import markupsafe
from markupsafe import Markup

from newsroom.charts.images import ChartImages, PendingImage
from newsroom.charts.requests import BY_COLUMN, ResolvedChart, resolve_chart
from newsroom.charts.style import (
    HOUSE_ACCENT,
    HOUSE_CONFIG,
    HOUSE_MUTED,
    HOUSE_PRIMARY,
    NUMBER_FORMATS,
)
from newsroom.core.cache import cache_key
from newsroom.core.languages import interface_date, interface_text, run_wording
from newsroom.core.lazy_import import lazy_module
from newsroom.data.selection import OptionBlock
from newsroom.data.tables import DataCatalog, xml_safe

pd = lazy_module("pandas")

if TYPE_CHECKING:  # Altair is imported where a spec is built: a rebuild whose charts
    import altair as alt  # are all cached does not pay for its import.

WIDTH, HEIGHT = 640, 300
CARD_WIDTH, CARD_HEIGHT = 1200, 630
TITLE_LINE_LENGTH = 80
CARD_TITLE_LINE_LENGTH = 60
PANEL_WIDTH, PANEL_HEIGHT = 180, 110
DATE_FORMATS = {"yearmonth": ("%b %Y", "%B %Y"), "date": ("%d %b %Y", "%d %B %Y")}
PERIOD_FORMATS = {"month": ("%b %Y", "%B %Y"), "year": ("%Y", "%Y")}


@dataclass(frozen=True)
class RenderedChart:
    """A chart ready to publish: images, the plotted rows and their readable form."""

    chart_id: str
    title: str
    subtitle: str
    alt: str
    caption: str
    source_line: str
    source: str
    line: int
    package_name: str
    package_title: str
    package_version: str
    data_version: str
    svg: str
    png: PendingImage
    card: PendingImage | None  # None where Vega cannot fit the chart to a card
    spec: str
    interactive: bool
    width: int
    height: int
    columns: list[str]
    row_count: int
    # The rows as escaped <tr> rows, written once per chart. Kept as lists of text as
    # well, they were a tenth of a gigabyte of a build drawing 1,600 charts.
    table_body: Markup
    csv: bytes
    cache_key: str  # of the chart's record in the cache (chart_from_cache)


def _period_of(chart: ResolvedChart) -> str:
    if chart.per:
        return chart.per
    return "month" if chart.resource.field(chart.x).get("type") == "yearmonth" else "date"


def readable_date(value: pd.Timestamp, chart: ResolvedChart) -> str:
    period = _period_of(chart)
    if period == "quarter":
        return f"{value.year} Q{value.quarter}"
    return value.strftime(PERIOD_FORMATS.get(period, DATE_FORMATS["date"])[1])


def published_date(value: pd.Timestamp, chart: ResolvedChart) -> str:
    period = _period_of(chart)
    if period == "quarter":
        return f"{value.year}-Q{value.quarter}"
    return value.strftime({"month": "%Y-%m", "year": "%Y"}.get(period, "%Y-%m-%d"))


def plotted_table(chart: ResolvedChart) -> pd.DataFrame:
    """The rows the chart draws, in field names, with derived columns."""
    table = chart.rows.copy()
    if chart.kind == "before-after":
        after = table[chart.x] >= chart.split
        labels = {
            False: period_label(table[~after], chart),
            True: period_label(table[after], chart),
        }
        table["period"] = after.map(labels)
        table["period_average"] = table.groupby("period")[chart.y].transform("mean").round(1)
    return table


def period_label(rows: pd.DataFrame, chart: ResolvedChart) -> str:
    first, last = rows[chart.x].min(), rows[chart.x].max()
    return interface_text(
        "%(first)s to %(last)s",
        first=interface_date(first, "MMM y"),
        last=interface_date(last, "MMM y"),
    )


def _field(title: str) -> str:
    """A column title as a Vega-Lite field name: `.`, `:`, brackets, quotes and backslashes
    would otherwise be read as a path into nested data (and the chart drawn empty)."""
    return re.sub(r"([.:\[\]\\'\"])", r"\\\1", title)


def column_titles(chart: ResolvedChart, table: pd.DataFrame) -> list[str]:
    extra = {"period": interface_text("Period"), "period_average": interface_text("Period average")}
    return [extra.get(c) or chart.title_of(c) for c in table.columns]


def readable_cell(value: object, chart: ResolvedChart, column: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return readable_date(value, chart)
    if column in chart.resource.field_names and chart.resource.field(column).get("type") == "year":
        return str(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def readable_rows(chart: ResolvedChart, table: pd.DataFrame) -> list[list[str]]:
    """The table's cells as the reader sees them, row by row."""
    columns = [
        [readable_cell(value, chart, column) for value in table[column].astype(object)]
        for column in table.columns
    ]
    return [list(row) for row in zip(*columns, strict=True)]


def table_body(rows: list[list[str]]) -> str:
    """The rows of a chart's data table as HTML, every cell escaped. Built here rather
    than in a template loop: an article's table and its embed's are hundreds of rows."""
    cells = ("".join(f"<td>{markupsafe.escape(cell)}</td>" for cell in row) for row in rows)
    return "".join(f"<tr>{row}</tr>\n" for row in cells)


def chart_data(chart: ResolvedChart, table: pd.DataFrame) -> pd.DataFrame:
    """The table as JSON-safe values, headed by the titles the reader sees."""
    data = table.copy()
    for column in data.columns:
        if pd.api.types.is_datetime64_any_dtype(data[column]):
            data[column] = data[column].dt.strftime("%Y-%m-%d")
    data = data.astype(object).where(data.notna(), None)
    data.columns = column_titles(chart, table)
    return data


def chart_spec(chart: ResolvedChart, table: pd.DataFrame, tooltips: bool = False) -> dict[str, Any]:
    """The Vega-Lite spec, with every row inlined and dates as UTC ISO strings."""
    from altair.utils.schemapi import debug_mode

    # Our own code builds the spec, and the tests render every kind: Altair's schema
    # check of every object as it is made would double the time a chart takes.
    with debug_mode(False):
        return _chart_spec(chart, table, tooltips)


def _chart_spec(chart: ResolvedChart, table: pd.DataFrame, tooltips: bool) -> dict[str, Any]:
    import altair as alt

    data = chart_data(chart, table)
    x_title, y_title = chart.title_of(chart.x), chart.title_of(chart.y)
    by_title = chart.title_of(BY_COLUMN)
    number_format = NUMBER_FORMATS.get(chart.option("format", "auto"), chart.option("format"))
    x = _x_encoding(chart, x_title)
    y = alt.Y(
        f"{_field(y_title)}:Q",
        title=chart.option("y-title", y_title),
        axis=alt.Axis(format=number_format),
        stack="zero" if chart.kind == "stacked-column" else None,
    )
    encoding: dict[str, Any] = {"x": x, "y": y}
    if chart.by and chart.kind != "small-multiples":
        encoding["color"] = alt.Color(f"{_field(by_title)}:N", title=by_title)
    if tooltips:
        encoding["tooltip"] = [
            alt.Tooltip(f"{_field(c)}:N") if i != list(data.columns).index(y_title) else
            alt.Tooltip(f"{_field(c)}:Q", format=number_format)
            for i, c in enumerate(data.columns)
        ]  # fmt: skip
    base = alt.Chart(data)
    if chart.kind == "bar":
        figure = base.mark_bar().encode(
            y=alt.Y(f"{_field(x_title)}:N", title=chart.option("x-title", x_title), sort="-x"),
            x=alt.X(f"{_field(y_title)}:Q", title=chart.option("y-title", y_title),
                    axis=alt.Axis(format=number_format)),
            **{k: v for k, v in encoding.items() if k not in ("x", "y")},
        )  # fmt: skip
    elif chart.kind in ("column", "stacked-column"):
        figure = base.mark_bar().encode(**encoding)
    elif chart.kind == "unit-vs-average":
        encoding["color"] = alt.Color(
            f"{_field(by_title)}:N",
            title=by_title,
            scale=alt.Scale(domain=[chart.highlight, _average_label(data, by_title, chart)],
                            range=[HOUSE_PRIMARY, HOUSE_MUTED]),
        )  # fmt: skip
        encoding["strokeDash"] = alt.StrokeDash(
            f"{_field(by_title)}:N",
            legend=None,
            scale=alt.Scale(domain=[chart.highlight, _average_label(data, by_title, chart)],
                            range=[[1, 0], [6, 3]]),
        )  # fmt: skip
        figure = base.mark_line().encode(**encoding)
    else:
        figure = base.mark_line().encode(**encoding)
    layers = [figure]
    if chart.kind == "before-after":
        layers += before_after_layers(data, x_title)
    if chart.annotations:
        layers += annotation_layers(chart)
    # A long title is set on several lines rather than cut off with an ellipsis.
    lines = textwrap.wrap(chart.option("title"), TITLE_LINE_LENGTH) or [""]
    title = alt.TitleParams(lines, subtitle=chart.option("subtitle") or alt.Undefined)
    if chart.kind == "small-multiples":
        panels = figure.properties(width=PANEL_WIDTH, height=PANEL_HEIGHT).facet(
            facet=alt.Facet(f"{_field(by_title)}:N", title=None), columns=3
        )
        spec = panels.properties(title=title, description=chart.option("alt"))
    else:
        composed = alt.layer(*layers) if len(layers) > 1 else layers[0]
        spec = composed.properties(
            width=WIDTH, height=HEIGHT, title=title, description=chart.option("alt")
        )
    return spec.configure(**HOUSE_CONFIG).to_dict(validate=False)


def _average_label(data: pd.DataFrame, by_title: str, chart: ResolvedChart) -> str:
    return next(v for v in data[by_title].unique() if v != chart.highlight)


def _x_encoding(chart: ResolvedChart, x_title: str) -> alt.X:
    import altair as alt

    title = chart.option("x-title", x_title)
    if chart.temporal and chart.kind not in ("column", "stacked-column"):
        period = _period_of(chart)
        fmt = {"year": "%Y", "month": "%b %Y", "quarter": "Q%q %Y"}.get(period, "%d %b %Y")
        return alt.X(
            f"{_field(x_title)}:T",
            title=title,
            timeUnit="utcyearmonthdate",
            axis=alt.Axis(format=fmt, labelOverlap=True),
        )
    if chart.temporal:
        period = _period_of(chart)
        fmt = {"year": "%Y", "quarter": "Q%q %Y"}.get(period, "%b %Y")
        return alt.X(
            f"{_field(x_title)}:O",
            title=title,
            timeUnit="utcyearmonthdate",
            axis=alt.Axis(format=fmt, labelAngle=0, labelOverlap=True),
        )
    return alt.X(f"{_field(x_title)}:O", title=title, axis=alt.Axis(labelAngle=0))


def before_after_layers(data: pd.DataFrame, x_title: str) -> list[alt.Chart]:
    """A dashed rule and a label for the average of each period."""
    import altair as alt

    period, average = interface_text("Period"), interface_text("Period average")
    periods = (
        data.groupby(period, sort=False)
        .agg(start=(x_title, "min"), end=(x_title, "max"), average=(average, "first"))
        .reset_index()
    )
    periods["label"] = [
        interface_text("Average %(period)s: %(value)s", period=p, value=f"{a:,.1f}")
        for p, a in zip(periods[period], periods["average"], strict=True)
    ]
    x = alt.X("start:T", timeUnit="utcyearmonthdate")
    rules = (
        alt.Chart(periods)
        .mark_rule(color=HOUSE_ACCENT, strokeDash=[6, 3], size=2.5)
        .encode(x=x, x2="end:T", y="average:Q")
    )
    labels = (
        alt.Chart(periods)
        .mark_text(align="left", dy=-12, color=HOUSE_ACCENT, fontWeight="bold", fontSize=12)
        .encode(x=x, y="average:Q", text="label:N")
    )
    return [rules, labels]


def annotation_layers(chart: ResolvedChart) -> list[alt.Chart]:
    """A vertical line and a label for each dated event."""
    import altair as alt

    events = pd.DataFrame(
        {
            "date": [a.date.strftime("%Y-%m-%d") for a in chart.annotations],
            "label": [a.label for a in chart.annotations],
        }
    )
    x = alt.X("date:T", timeUnit="utcyearmonthdate")
    rule = alt.Chart(events).mark_rule(color=HOUSE_MUTED, strokeDash=[2, 2]).encode(x=x)
    text = (
        alt.Chart(events)
        .mark_text(align="left", baseline="top", dx=4, y=4, color=HOUSE_MUTED, fontSize=12)
        .encode(x=x, text="label:N")
    )
    return [rule, text]


def card_spec(spec_json: str) -> str | None:
    """The spec resized to a 1200 by 630 social card, or None where Vega cannot fit it."""
    spec = json.loads(spec_json)
    if "facet" in spec:
        return None
    # Drawn at half size and rendered at twice the scale, so its text is as large,
    # relative to the card, as on the page.
    title = spec.get("title")
    if isinstance(title, dict) and isinstance(title.get("text"), list):
        title["text"] = textwrap.wrap(" ".join(title["text"]), CARD_TITLE_LINE_LENGTH)
    spec.update(
        width=CARD_WIDTH // 2,
        height=CARD_HEIGHT // 2,
        autosize={"type": "fit", "contains": "padding"},
        padding=20,
    )
    return json.dumps(spec, sort_keys=True, ensure_ascii=False)


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


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_bytes(chart: ResolvedChart, table: pd.DataFrame) -> bytes:
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = [published_date(v, chart) for v in out[column]]
        elif not pd.api.types.is_numeric_dtype(out[column]):
            # A spreadsheet runs a cell starting with = + - @ as a formula (CSV injection).
            out[column] = [
                f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_START) else v
                for v in out[column]
            ]
    out.columns = column_titles(chart, table)
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\n", na_rep="")
    return buffer.getvalue().encode("utf-8")


def drawn_chart(
    block: OptionBlock, chart_id: str, catalog: DataCatalog, images: ChartImages
) -> RenderedChart:
    """The chart a block asks for. Its text, table and spec are cached by the block, the
    release of the package it draws (a chart reads no other) and the plugin's code, so an
    unchanged chart costs one file read rather than selecting rows and building its spec
    again, even after another package changed. Lines are counted from the block's first,
    so text added above a chart does not draw it again."""
    package = catalog.packages.get(block.text("package"))
    release = (package.name, package.version, package.data_version) if package else None
    option_offsets = {name: line - block.line for name, line in block.option_lines.items()}
    asked = [block.source, block.options, option_offsets, chart_id]
    key = cache_key("chart", data=repr(release), options=asked, language=run_wording())
    cached = images.cache.made(
        "chart",
        key,
        lambda: json.dumps(
            _chart_record(resolve_chart(block, catalog), chart_id, images), sort_keys=True
        ).encode("utf-8"),
    )
    return _from_record(json.loads(cached), key, block.line, images)


def chart_from_cache(key: str, line: int, images: ChartImages) -> RenderedChart | None:
    """A chart drawn before, by its key; None if the cache no longer holds it."""
    cached = images.cache.get("chart", key)
    return None if cached is None else _from_record(json.loads(cached), key, line, images)


def _from_record(record: dict[str, Any], key: str, line: int, images: ChartImages) -> RenderedChart:
    spec_json, card_json = record.pop("image_spec"), record.pop("card_spec")
    return RenderedChart(
        **{
            **record,
            "line": line,
            "table_body": Markup(record["table_body"]),  # escaped by table_body()
            "csv": record["csv"].encode("utf-8"),
        },
        png=images.png(spec_json),
        card=images.card(card_json) if card_json else None,
        cache_key=key,
    )


def _chart_record(chart: ResolvedChart, chart_id: str, images: ChartImages) -> dict[str, Any]:
    """Everything of a RenderedChart as JSON, and the specs its PNGs are drawn from."""
    table = plotted_table(chart)
    # XML cannot hold some control characters, and vl-convert aborts the process on them.
    spec = xml_safe(chart_spec(chart, table))
    spec_json = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    svg = label_svg(images.svg(spec_json), chart.option("title"), chart.option("alt"))
    size = re.search(r'width="(\d+)" height="(\d+)"', svg)
    interactive = chart.block.options.get("interactive") is True
    interactive_spec = chart_spec(chart, table, tooltips=True) if interactive else {}
    rows = readable_rows(chart, table)
    return {
        "chart_id": chart_id,
        "title": chart.option("title"),
        "subtitle": chart.option("subtitle"),
        "alt": chart.option("alt"),
        "caption": chart.option("caption"),
        "source_line": chart.option("source"),
        "source": chart.block.source,
        "line": chart.block.line,
        "package_name": chart.package.name,
        "package_title": chart.package.title,
        "package_version": str(chart.package.descriptor.get("version", "")),
        "data_version": chart.package.data_version,
        "svg": svg,
        "spec": json.dumps(interactive_spec, sort_keys=True, indent=1) if interactive else "",
        "interactive": interactive,
        "width": int(size.group(1)) if size else WIDTH,
        "height": int(size.group(2)) if size else HEIGHT,
        "columns": column_titles(chart, table),
        "row_count": len(rows),
        "table_body": table_body(rows),
        "csv": csv_bytes(chart, table).decode("utf-8"),
        "image_spec": spec_json,
        "card_spec": card_spec(spec_json),
    }
