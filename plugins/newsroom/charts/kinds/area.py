"""The area chart: the area under a line along x; with 'by', the values of 'by' stacked."""

from __future__ import annotations

from typing import Any

from newsroom.charts.encodings import ChartDrawing
from newsroom.charts.kinds.registry import ChartKind
from newsroom.charts.style import HOUSE_PRIMARY


def draw(drawing: ChartDrawing) -> Any:
    figure = (
        drawing.base()
        .mark_area(color=HOUSE_PRIMARY)  # a colour for each series, with 'by'
        .encode(x=drawing.x_axis(), y=drawing.y_axis(stack="zero"), **drawing.channels())
    )
    return drawing.on_axes(figure)


KIND = ChartKind(
    name="area",
    description="the area under a line along x; with `by`, its values' areas stacked",
    draw=draw,
)
