"""Step 3b: draw a resolved chart with Altair, as a Vega-Lite spec and its images.

Each kind's marks come from its module in charts/kinds/; the title, the house style and
the images are the same for every kind. The data is always inlined in the Vega-Lite
spec: vl-convert resolves any other URL against a remote site and draws an empty chart
without an error. chart_images renders the spec, cached by a hash of the spec, so an
unchanged chart is rendered once.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from markupsafe import Markup

from newsroom.charts.data_table import column_titles, csv_bytes, readable_rows, table_body
from newsroom.charts.encodings import HEIGHT, WIDTH, ChartDrawing
from newsroom.charts.images import ChartImages, PendingImage
from newsroom.charts.kinds import chart_kind
from newsroom.charts.requests import ResolvedChart, resolve_chart
from newsroom.charts.style import CARD_HEIGHT, CARD_WIDTH, HOUSE_CONFIG
from newsroom.charts.teasers import card_teasers
from newsroom.charts.withheld import symbols_note, without_withheld
from newsroom.core.cache import cache_key
from newsroom.core.languages import run_wording
from newsroom.core.lazy_import import lazy_module
from newsroom.data.selection import OptionBlock
from newsroom.data.status import status_text
from newsroom.data.tables import DataCatalog, xml_safe

pd = lazy_module("pandas")

TITLE_LINE_LENGTH = 80
CARD_TITLE_LINE_LENGTH = 60
# The card's plot is about 195 px high at half size: a longer y-axis title (a Welsh one,
# say) is wrapped, or it would stand out of the card's top.
CARD_AXIS_TITLE_LINE_LENGTH = 26
# On the card the key sits right of the plot, where a 1200 by 630 card has room, not
# under it, where it would squeeze the plot to a strip.
CARD_LEGEND = {"orient": "right", "direction": "vertical", "labelLimit": 160}


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
    package_status: str  # data/status.py
    data_version: str
    svg: str
    png: PendingImage
    card: PendingImage | None  # None where Vega cannot fit the chart to a card
    symbols_note: str  # what the symbols in its table mean (charts/withheld.py), or ''
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


def plotted_table(chart: ResolvedChart) -> pd.DataFrame:
    """The rows the chart draws, in field names, with the columns its kind derives."""
    return chart_kind(chart.kind).derived_columns(chart, chart.rows.copy())


def chart_data(chart: ResolvedChart, table: pd.DataFrame) -> pd.DataFrame:
    """The table as JSON-safe values, headed by the titles the reader sees; a withheld
    value is missing, so the chart draws a gap."""
    data = without_withheld(table)
    for column in data.columns:
        if pd.api.types.is_datetime64_any_dtype(data[column]):
            data[column] = data[column].dt.strftime("%Y-%m-%d")
    gaps = [c for c in data.columns if pd.api.types.is_numeric_dtype(data[c]) and data[c].hasnans]
    data = data.astype(object).where(data.notna(), None)
    for column in gaps:
        # Altair writes None in an object column as NaN, which is not JSON (a browser's
        # JSON.parse refuses the spec); from a float column it writes null.
        data[column] = data[column].astype(float)
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

    drawing = ChartDrawing(chart, chart_data(chart, table), tooltips)
    drawn = chart_kind(chart.kind).draw(drawing)
    # A long title is set on several lines rather than cut off with an ellipsis.
    lines = textwrap.wrap(chart.option("title"), TITLE_LINE_LENGTH) or [""]
    subtitle = [chart.option("subtitle")] if chart.option("subtitle") else []
    note = symbols_note(chart.withheld_symbol, chart.cell_symbols)
    subtitle += textwrap.wrap(note, TITLE_LINE_LENGTH + 20)
    title = alt.TitleParams(lines, subtitle=subtitle or alt.Undefined)
    spec = drawn.properties(title=title, description=chart.option("alt"))
    return spec.configure(**HOUSE_CONFIG).to_dict(validate=False)


def card_spec(spec_json: str, status: str = "") -> str | None:
    """The spec resized to a 1200 by 630 social card, or None where Vega cannot fit it;
    status: the line saying what the statistics are (status_text), under the title."""
    spec = json.loads(spec_json)
    if "facet" in spec:
        return None
    # Drawn at half size and rendered at twice the scale, so its text is as large,
    # relative to the card, as on the page.
    title = spec.get("title")
    if isinstance(title, dict) and isinstance(title.get("text"), list):
        title["text"] = textwrap.wrap(" ".join(title["text"]), CARD_TITLE_LINE_LENGTH)
        if status:
            subtitle = title.get("subtitle", [])
            lines = [subtitle] if isinstance(subtitle, str) else list(subtitle)
            title["subtitle"] = lines + textwrap.wrap(status, CARD_TITLE_LINE_LENGTH)
    for view in [spec, *spec.get("layer", [])]:
        y = view.get("encoding", {}).get("y", {})
        if isinstance(y.get("title"), str) and len(y["title"]) > CARD_AXIS_TITLE_LINE_LENGTH:
            y["title"] = textwrap.wrap(y["title"], CARD_AXIS_TITLE_LINE_LENGTH)
    config = spec.setdefault("config", {})
    config["legend"] = {**config.get("legend", {}), **CARD_LEGEND}
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


def drawn_chart(
    block: OptionBlock, chart_id: str, catalog: DataCatalog, images: ChartImages
) -> RenderedChart:
    """The chart a block asks for. Its text, table and spec are cached by the block, the
    release of the package it draws (a chart reads no other) and the plugin's code, so an
    unchanged chart costs one file read rather than selecting rows and building its spec
    again, even after another package changed. Lines are counted from the block's first,
    so text added above a chart does not draw it again."""
    package = catalog.packages.get(block.text("package"))
    release = (
        (package.name, package.version, package.data_version, status_text(package.status))
        if package
        else None
    )
    option_offsets = {name: line - block.line for name, line in block.option_lines.items()}
    asked = [block.source, block.options, option_offsets, chart_id]
    key = cache_key("chart", data=repr(release), options=asked, language=run_wording())

    def draw() -> bytes:
        images.charts_drawn.append(chart_id)
        record = _chart_record(resolve_chart(block, catalog), chart_id, images)
        return json.dumps(record, sort_keys=True).encode("utf-8")

    cached = images.cache.made("chart", key, draw)
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
        card=images.card(card_json, then=card_teasers) if card_json else None,
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
        "symbols_note": symbols_note(chart.withheld_symbol, chart.cell_symbols),
        "source_line": chart.option("source"),
        "source": chart.block.source,
        "line": chart.block.line,
        "package_name": chart.package.name,
        "package_title": chart.package.title,
        "package_version": str(chart.package.descriptor.get("version", "")),
        "package_status": chart.package.status,
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
        "card_spec": card_spec(spec_json, status_text(chart.package.status)),
    }
