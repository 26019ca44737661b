"""The stacked column chart: a column for each x value, split into the values of 'by'."""

from __future__ import annotations

from typing import Any

from newsroom.charts.encodings import ChartDrawing
from newsroom.charts.kinds.registry import ChartKind


def draw(drawing: ChartDrawing) -> Any:
    figure = (
        drawing.base()
        .mark_bar()
        .encode(x=drawing.x_axis(banded=True), y=drawing.y_axis(stack="zero"), **drawing.channels())
    )
    return drawing.on_axes(figure)


KIND = ChartKind(
    name="stacked-column",
    description="a column for each x value, its parts the values of `by` stacked",
    draw=draw,
    needs=("by",),
)
