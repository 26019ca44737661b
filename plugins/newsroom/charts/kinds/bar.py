"""The bar chart: a horizontal bar for each x value (a category), longest first."""

from __future__ import annotations

from typing import Any

from newsroom.charts.encodings import ChartDrawing, vega_field
from newsroom.charts.kinds.registry import ChartKind


def draw(drawing: ChartDrawing) -> Any:
    import altair as alt

    chart, x_title, y_title = drawing.chart, drawing.x_title, drawing.y_title
    figure = drawing.base().mark_bar().encode(
        y=alt.Y(f"{vega_field(x_title)}:N", title=chart.option("x-title", x_title), sort="-x"),
        x=alt.X(f"{vega_field(y_title)}:Q", title=chart.option("y-title", y_title),
                axis=alt.Axis(format=drawing.number_format)),
        **drawing.channels(),
    )  # fmt: skip
    return drawing.on_axes(figure)


KIND = ChartKind(
    name="bar",
    description="a horizontal bar for each x value (the categories), ranked longest first",
    draw=draw,
)
