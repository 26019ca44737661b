"""Small multiples: a small line chart for each value of 'by', three to a row."""

from __future__ import annotations

from typing import Any

from newsroom.charts.encodings import ChartDrawing, vega_field
from newsroom.charts.kinds.registry import ChartKind
from newsroom.data.selection import OptionBlock

PANEL_WIDTH, PANEL_HEIGHT = 180, 110


def check_options(block: OptionBlock) -> None:
    if "annotations" in block.options:
        raise block.error(
            "chart-option-unsupported",
            "annotations",
            "annotations are not drawn on small multiples.",
            "Remove 'annotations', or use a line chart of one unit.",
        )


def draw(drawing: ChartDrawing) -> Any:
    import altair as alt

    figure = (
        drawing.base()
        .mark_line()
        .encode(x=drawing.x_axis(), y=drawing.y_axis(), **drawing.channels(colour=False))
    )
    return figure.properties(width=PANEL_WIDTH, height=PANEL_HEIGHT).facet(
        facet=alt.Facet(f"{vega_field(drawing.by_title)}:N", title=None), columns=3
    )


KIND = ChartKind(
    name="small-multiples",
    description="a small line chart for each value of `by`, three to a row",
    draw=draw,
    needs=("by",),
    check_options=check_options,
    colours_each_series=False,  # a panel each
)
