"""The column chart: a column for each x value (each period, with 'per')."""

from __future__ import annotations

from typing import Any

from newsroom.charts.encodings import ChartDrawing
from newsroom.charts.kinds.registry import ChartKind


def draw(drawing: ChartDrawing) -> Any:
    figure = (
        drawing.base()
        .mark_bar()
        .encode(x=drawing.x_axis(banded=True), y=drawing.y_axis(), **drawing.channels())
    )
    return drawing.on_axes(figure)


KIND = ChartKind(
    name="column",
    description="a column for each x value (each period, with `per`)",
    draw=draw,
)
