"""One unit against the average of all: a line for the 'highlight' value of 'by' and a
dashed line for the mean over every value of 'by'."""

from __future__ import annotations

from typing import Any

from newsroom.charts.encodings import ChartDrawing, vega_field
from newsroom.charts.kinds.registry import ChartKind
from newsroom.charts.resolved import BY_COLUMN
from newsroom.charts.style import HOUSE_MUTED, HOUSE_PRIMARY
from newsroom.core.languages import interface_text
from newsroom.core.lazy_import import lazy_module
from newsroom.data.selection import OptionBlock

pd = lazy_module("pandas")


def unit_and_average(block: OptionBlock, rows: pd.DataFrame, x: str, y: str) -> pd.DataFrame:
    """The highlighted unit's rows and, as one more series, the average of every unit."""
    unit = block.text("highlight")
    units = rows[BY_COLUMN].astype(str)
    block.require(
        unit,
        set(units),
        "chart-highlight-unknown",
        "highlight",
        f'no rows have "{unit}".',
        "Use a value that appears in the 'by' field.",
    )
    count = units.nunique()
    per_unit = rows.groupby([x, BY_COLUMN], as_index=False)[y].sum()
    average = per_unit.groupby(x, as_index=False)[y].mean()
    average[y] = average[y].round(1)  # the value alone: x may be a date
    average[BY_COLUMN] = interface_text("Average of %(count)s units", count=count)
    return pd.concat([per_unit[per_unit[BY_COLUMN].astype(str) == unit], average])


def draw(drawing: ChartDrawing) -> Any:
    import altair as alt

    chart, by_title = drawing.chart, drawing.by_title
    average = next(v for v in drawing.data[by_title].unique() if v != chart.highlight)
    series = f"{vega_field(by_title)}:N"
    figure = drawing.base().mark_line().encode(
        x=drawing.x_axis(),
        y=drawing.y_axis(),
        **drawing.channels(colour=False),
        color=alt.Color(series, title=by_title, scale=alt.Scale(
            domain=[chart.highlight, average], range=[HOUSE_PRIMARY, HOUSE_MUTED])),
        # The same title as the colour's, so that Vega-Lite draws one key showing both
        # (a key of its own hidden would hide the colour's too).
        strokeDash=alt.StrokeDash(series, title=by_title, scale=alt.Scale(
            domain=[chart.highlight, average], range=[[1, 0], [6, 3]])),
    )  # fmt: skip
    return drawing.on_axes(figure)


KIND = ChartKind(
    name="unit-vs-average",
    description="a line for the `highlight` value of `by` against the average of all its"
    " values, dashed",
    draw=draw,
    needs=("by", "highlight"),
    select_rows=unit_and_average,
    colours_each_series=False,  # two colours of its own: the unit and the average
)
