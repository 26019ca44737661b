"""Step 3a's result: a chart block resolved to checked options and the rows to plot.

Kept apart from the resolving (requests.py) so that the chart kinds, which the
resolving asks for, can name what they are given without importing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsroom.core.lazy_import import lazy_module
from newsroom.data.packages import TabularResource, ValidatedPackage
from newsroom.data.selection import OptionBlock

pd = lazy_module("pandas")

BY_COLUMN = "series"


@dataclass(frozen=True)
class Annotation:
    date: pd.Timestamp
    label: str


@dataclass(frozen=True)
class ResolvedChart:
    """What to draw: checked options and the rows they select (x, series, y)."""

    block: OptionBlock
    package: ValidatedPackage
    resource: TabularResource
    kind: str
    x: str
    y: str
    by: str | None
    rows: pd.DataFrame
    temporal: bool
    per: str | None
    split: pd.Timestamp | None = None
    highlight: str | None = None
    annotations: list[Annotation] = field(default_factory=list)
    # The symbol of the withheld values (charts/withheld.py) among the rows, or ''.
    withheld_symbol: str = ""
    # Each row's GSS symbol for y ('' where none), for a chart that draws its rows as
    # selected; empty when no row has one, or when the chart computes its values.
    cell_symbols: tuple[str, ...] = ()

    def option(self, name: str, default: str = "") -> str:
        return self.block.text(name, default)

    def title_of(self, name: str) -> str:
        if name == BY_COLUMN:
            return self.title_of(self.by) if self.by else "Series"
        if name == self.x and self.per:
            return self.per.title()
        return str(self.resource.field(name).get("title") or name)

    def x_period(self) -> str:
        """What each x value stands for: month, quarter, year or (any other) date."""
        if self.per:
            return self.per
        return "month" if self.resource.field(self.x).get("type") == "yearmonth" else "date"
