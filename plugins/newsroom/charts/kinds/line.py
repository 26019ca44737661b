"""The line chart: a line along x, one for each value of 'by'."""

from __future__ import annotations

from typing import Any

from newsroom.charts.encodings import ChartDrawing
from newsroom.charts.kinds.registry import ChartKind


def draw(drawing: ChartDrawing) -> Any:
    figure = (
        drawing.base()
        .mark_line()
        .encode(x=drawing.x_axis(), y=drawing.y_axis(), **drawing.channels())
    )
    return drawing.on_axes(figure)


KIND = ChartKind(
    name="line",
    description="a line along x; with `by`, one line for each of its values",
    draw=draw,
)
