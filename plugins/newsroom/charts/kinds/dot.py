"""The dot chart: a dot for each x value, one colour for each value of 'by'; a numeric
x is a scale of its own (a scatter plot), not one place per value."""

from __future__ import annotations

from typing import Any

from newsroom.charts.encodings import ChartDrawing, vega_field
from newsroom.charts.kinds.registry import ChartKind
from newsroom.charts.style import HOUSE_PRIMARY

NUMERIC_TYPES = ("integer", "number")


def draw(drawing: ChartDrawing) -> Any:
    import altair as alt

    chart = drawing.chart
    x = drawing.x_axis()
    if chart.resource.field(chart.x).get("type") in NUMERIC_TYPES:
        x = alt.X(
            f"{vega_field(drawing.x_title)}:Q",
            title=chart.option("x-title", drawing.x_title),
            axis=alt.Axis(format=drawing.number_format),
        )
    figure = (
        drawing.base()
        .mark_circle(size=60, opacity=1, color=HOUSE_PRIMARY)
        .encode(x=x, y=drawing.y_axis(), **drawing.channels())
    )
    return drawing.on_axes(figure)


KIND = ChartKind(
    name="dot",
    description="a dot for each x value (a scatter plot where x is a number); with `by`,"
    " a colour for each of its values",
    draw=draw,
    one_row_per_point=False,
)
