"""Before and after: a line along dates, with the average before and after 'split' drawn
as dashed lines, each labelled."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newsroom.charts.encodings import ChartDrawing
from newsroom.charts.kinds.registry import ChartKind
from newsroom.charts.resolved import ResolvedChart
from newsroom.charts.style import HOUSE_ACCENT
from newsroom.core.languages import interface_date, interface_text
from newsroom.core.lazy_import import lazy_module
from newsroom.data.selection import parse_value

pd = lazy_module("pandas")


def with_split(chart: ResolvedChart) -> ResolvedChart:
    """The chart with its split: the first period of the 'after' part."""
    block, x, field = chart.block, chart.x, chart.resource.field(chart.x)
    if not chart.temporal:
        raise block.error(
            "chart-split-invalid",
            "x",
            f'a before-after chart needs dates along x; "{x}" is {field["type"]}.',
            "Use a date or yearmonth field for x.",
        )
    try:
        return replace(chart, split=parse_value(block.text("split"), field))
    except ValueError:
        raise block.error(
            "chart-split-invalid",
            "split",
            f'"split: {block.text("split")}" is not a {field["type"]} written like the data.',
            "Give the first period of the 'after' part, e.g. 'split: 2019-10'.",
        ) from None


def with_periods(chart: ResolvedChart, table: pd.DataFrame) -> pd.DataFrame:
    """The rows with the period each is in and that period's average."""
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


def period_average_layers(data: pd.DataFrame, x_title: str, withheld: str = "") -> list[Any]:
    """A dashed rule and a label for the average of each period; a withheld average
    (charts/withheld.py) is labelled with its symbol and has no rule."""
    import altair as alt

    period, average = interface_text("Period"), interface_text("Period average")
    periods = (
        data.groupby(period, sort=False)
        .agg(start=(x_title, "min"), end=(x_title, "max"), average=(average, "first"))
        .reset_index()
    )
    periods["label"] = [
        interface_text(
            "Average %(period)s: %(value)s",
            period=p,
            value=f"{a:,.1f}" if pd.notna(a) else withheld,
        )
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


def draw(drawing: ChartDrawing) -> Any:
    figure = (
        drawing.base()
        .mark_line()
        .encode(x=drawing.x_axis(), y=drawing.y_axis(), **drawing.channels())
    )
    return drawing.on_axes(
        figure,
        *period_average_layers(drawing.data, drawing.x_title, drawing.chart.withheld_symbol),
    )


KIND = ChartKind(
    name="before-after",
    description="a line along dates, with the average before and after `split` (the first"
    " period of the 'after' part) as dashed lines",
    draw=draw,
    add_details=with_split,
    derived_columns=with_periods,
)
