"""Step 3a': disclosure control in a chart: withheld cells, and what is computed from them.

A withheld cell ([c], or its field's rule symbol) enters the chart's rows as infinity:
every total, average or difference the chart computes from it (`aggregate`, the average
of units, the average of a period) is then infinite too, with no code of its own in
each kind, and no Python loop over the rows. What is infinite when the chart is written
is suppressed: a gap in the drawing, the symbol in the table and the CSV, and a note.
"""

from __future__ import annotations

import math

from newsroom.core.languages import interface_text
from newsroom.core.lazy_import import lazy_module
from newsroom.data.disclosure import symbol_meaning, withheld, withheld_symbol
from newsroom.data.packages import TabularResource

pd = lazy_module("pandas")

WITHHELD = math.inf


def mark_withheld(
    rows: pd.DataFrame, symbols: pd.DataFrame, resource: TabularResource, y: str
) -> tuple[pd.DataFrame, str]:
    """The rows with each withheld y as infinity, and the symbol shown for it ('' if none)."""
    mask = withheld(symbols, resource, rows.index, y)
    if not mask.any():
        return rows, ""
    rows = rows.copy()
    rows[y] = rows[y].astype("Float64").mask(mask, WITHHELD)
    return rows, withheld_symbol(resource, y)


def is_withheld(value: object) -> bool:
    return isinstance(value, float) and math.isinf(value)


def without_withheld(table: pd.DataFrame) -> pd.DataFrame:
    """The table with every withheld (infinite) value missing: what the chart draws."""
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].mask(out[column].isin([math.inf, -math.inf]))
    return out


def withheld_note(symbol: str) -> str:
    """The note under a chart with withheld values, in the run's language."""
    if not symbol:
        return ""
    return interface_text(
        "%(symbol)s: %(meaning)s. Values that could identify people are withheld, and so is"
        " any total or average that includes one.",
        symbol=symbol,
        meaning=symbol_meaning(symbol) or symbol_meaning("[c]"),
    )
