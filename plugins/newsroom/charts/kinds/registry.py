"""The registry itself: what kinds there are, by name. Apart from the package
so that each built-in module can import what it registers without a cycle."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from newsroom.charts.encodings import ChartDrawing
    from newsroom.charts.resolved import ResolvedChart
    from newsroom.data.selection import OptionBlock

GUIDE_BLOCK = "chart-kinds"


def _no_check(block: OptionBlock) -> None:
    """A kind with nothing to check beyond the options it needs."""


def _rows_as_selected(block: OptionBlock, rows: pd.DataFrame, x: str, y: str) -> pd.DataFrame:
    return rows


def _as_resolved(chart: ResolvedChart) -> ResolvedChart:
    return chart


def _no_derived_columns(chart: ResolvedChart, table: pd.DataFrame) -> pd.DataFrame:
    return table


@dataclass(frozen=True)
class ChartKind:
    """A kind of chart: how a block of its kind is checked, resolved and drawn."""

    name: str
    description: str  # one line for the authors' guide: what the chart shows
    # The Altair chart of the marks, sized but without title (the same for every kind).
    draw: Callable[[ChartDrawing], Any]
    # Options a block of this kind must have, e.g. ("by",); a kind needing "highlight"
    # is given that value of 'by', as the reader sees it, in ResolvedChart.highlight.
    needs: tuple[str, ...] = ()
    # Further checks of the options, before any data is read; raise block.error(...).
    check_options: Callable[[OptionBlock], None] = _no_check
    # The rows to plot from the selected (x, series, y) rows, before they are aggregated.
    select_rows: Callable[[OptionBlock, pd.DataFrame, str, str], pd.DataFrame] = _rows_as_selected
    # What the kind adds to the resolved chart (e.g. before-after: its split).
    add_details: Callable[[ResolvedChart], ResolvedChart] = _as_resolved
    # The plotted table: the rows with any columns the kind derives from them.
    derived_columns: Callable[[ResolvedChart, pd.DataFrame], pd.DataFrame] = _no_derived_columns
    # False where series are not told apart by the house palette's colours alone.
    colours_each_series: bool = True
    # False where rows sharing an x value (and series) are each drawn: a scatter plot.
    one_row_per_point: bool = True


CHART_KINDS: dict[str, ChartKind] = {}


def register(kind: ChartKind) -> None:
    """Make `kind:` NAME draw this kind; a name may be registered once."""
    if kind.name in CHART_KINDS:
        raise ValueError(f'the chart kind "{kind.name}" is registered already')
    CHART_KINDS[kind.name] = kind


def unregister(name: str) -> None:
    """Forget a kind (a test's, or one a site replaces with its own)."""
    del CHART_KINDS[name]


def chart_kind(name: str) -> ChartKind:
    """The registered kind of that name (a checked block's kind is one)."""
    return CHART_KINDS[name]


def guide_table() -> str:
    """The kinds as the authors' guide lists them, in order of registration."""
    lines = ["| kind | needs | what it draws |", "| --- | --- | --- |"]
    for kind in CHART_KINDS.values():
        needs = ", ".join(f"`{name}`" for name in kind.needs)
        lines.append(f"| `{kind.name}` | {needs} | {kind.description} |")
    return "\n".join(lines) + "\n"
