"""Step 3b: what every chart kind draws with, in the house style.

A kind's drawing is given a ChartDrawing: the resolved chart, its rows headed by the
titles the reader sees, and the axes, colours, tooltips and dated annotations every
kind shares, so that a kind's module holds only its marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsroom.charts.resolved import BY_COLUMN, ResolvedChart
from newsroom.charts.style import HOUSE_MUTED, NUMBER_FORMATS
from newsroom.core.lazy_import import lazy_module

pd = lazy_module("pandas")

if TYPE_CHECKING:  # Altair is imported where a spec is built: a rebuild whose charts
    import altair as alt  # are all cached does not pay for its import.

WIDTH, HEIGHT = 640, 300


def vega_field(title: str) -> str:
    """A column title as a Vega-Lite field name: `.`, `:`, brackets, quotes and backslashes
    would otherwise be read as a path into nested data (and the chart drawn empty)."""
    return re.sub(r"([.:\[\]\\'\"])", r"\\\1", title)


@dataclass(frozen=True)
class ChartDrawing:
    """The chart to draw, its data as the spec inlines it, and the shared encodings."""

    chart: ResolvedChart
    data: pd.DataFrame  # headed by the titles the reader sees
    tooltips: bool

    @property
    def x_title(self) -> str:
        return self.chart.title_of(self.chart.x)

    @property
    def y_title(self) -> str:
        return self.chart.title_of(self.chart.y)

    @property
    def by_title(self) -> str:
        return self.chart.title_of(BY_COLUMN)

    @property
    def number_format(self) -> str:
        return NUMBER_FORMATS.get(self.chart.option("format", "auto"), self.chart.option("format"))

    def base(self) -> alt.Chart:
        import altair as alt

        return alt.Chart(self.data)

    def x_axis(self, banded: bool = False) -> alt.X:
        """The x field along the horizontal axis: dates on a time scale, or, banded
        (columns), one band per period."""
        import altair as alt

        chart = self.chart
        title = chart.option("x-title", self.x_title)
        if chart.temporal and not banded:
            period = chart.x_period()
            fmt = {"year": "%Y", "month": "%b %Y", "quarter": "Q%q %Y"}.get(period, "%d %b %Y")
            return alt.X(
                f"{vega_field(self.x_title)}:T",
                title=title,
                timeUnit="utcyearmonthdate",
                axis=alt.Axis(format=fmt, labelOverlap=True),
            )
        if chart.temporal:
            period = chart.x_period()
            fmt = {"year": "%Y", "quarter": "Q%q %Y"}.get(period, "%b %Y")
            return alt.X(
                f"{vega_field(self.x_title)}:O",
                title=title,
                timeUnit="utcyearmonthdate",
                axis=alt.Axis(format=fmt, labelAngle=0, labelOverlap=True),
            )
        return alt.X(f"{vega_field(self.x_title)}:O", title=title, axis=alt.Axis(labelAngle=0))

    def y_axis(self, stack: str | None = None) -> alt.Y:
        """The values along the vertical axis, in the chart's number format."""
        import altair as alt

        return alt.Y(
            f"{vega_field(self.y_title)}:Q",
            title=self.chart.option("y-title", self.y_title),
            axis=alt.Axis(format=self.number_format),
            stack=stack,
        )

    def channels(self, colour: bool = True) -> dict[str, Any]:
        """A colour for each series (where there is a 'by' and colour is asked for) and,
        on an interactive chart, a tooltip of every column."""
        import altair as alt

        encoding: dict[str, Any] = {}
        if self.chart.by and colour:
            encoding["color"] = alt.Color(f"{vega_field(self.by_title)}:N", title=self.by_title)
        if self.tooltips:
            values = list(self.data.columns).index(self.y_title)
            encoding["tooltip"] = [
                alt.Tooltip(f"{vega_field(c)}:N") if i != values else
                alt.Tooltip(f"{vega_field(c)}:Q", format=self.number_format)
                for i, c in enumerate(self.data.columns)
            ]  # fmt: skip
        return encoding

    def on_axes(self, figure: alt.Chart, *layers: alt.Chart) -> alt.Chart | alt.LayerChart:
        """The marks with the kind's further layers and the dated annotations, at the
        page's size."""
        import altair as alt

        drawn = [figure, *layers, *annotation_layers(self.chart)]
        composed = alt.layer(*drawn) if len(drawn) > 1 else drawn[0]
        return composed.properties(width=WIDTH, height=HEIGHT)


def annotation_layers(chart: ResolvedChart) -> list[alt.Chart]:
    """A vertical line and a label for each dated event."""
    import altair as alt

    if not chart.annotations:
        return []
    events = pd.DataFrame(
        {
            "date": [a.date.strftime("%Y-%m-%d") for a in chart.annotations],
            "label": [a.label for a in chart.annotations],
        }
    )
    x = alt.X("date:T", timeUnit="utcyearmonthdate")
    rule = alt.Chart(events).mark_rule(color=HOUSE_MUTED, strokeDash=[2, 2]).encode(x=x)
    text = (
        alt.Chart(events)
        .mark_text(align="left", baseline="top", dx=4, y=4, color=HOUSE_MUTED, fontSize=12)
        .encode(x=x, text="label:N")
    )
    return [rule, text]
