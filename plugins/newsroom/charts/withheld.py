"""Step 3a': disclosure control in a chart: withheld cells, and what is computed from them.

A withheld cell ([c], or its field's rule symbol) enters the chart's rows as infinity:
every total, average or difference the chart computes from it (`aggregate`, the average
of units, the average of a period) is then infinite too, with no code of its own in
each kind, and no Python loop over the rows. What is infinite when the chart is written
is suppressed: a gap in the drawing, the symbol in the table and the CSV, and a note.

The other GSS symbols ([x], [z], [low]) are missing values; a chart that draws the rows
as selected (no total or average of its own) shows each one's symbol in its table and
CSV too, carried through in a column of its own, and says in the note what it means.
"""

from __future__ import annotations

import math

from newsroom.core.languages import interface_text
from newsroom.core.lazy_import import lazy_module
from newsroom.data.disclosure import GSS_SYMBOLS, symbol_meaning, withheld, withheld_symbol
from newsroom.data.packages import TabularResource

pd = lazy_module("pandas")

WITHHELD = math.inf
SYMBOL_COLUMN = "newsroom:symbol"  # the GSS symbol of y in a row, while the rows are made


def mark_withheld(
    rows: pd.DataFrame, symbols: pd.DataFrame, resource: TabularResource, y: str
) -> tuple[pd.DataFrame, str]:
    """The rows with each withheld y as infinity, and the symbol shown for it ('' if
    none); where y holds other symbols, they are kept in SYMBOL_COLUMN."""
    if y not in symbols.columns:
        return rows, ""
    mask = withheld(symbols, resource, rows.index, y)
    marked = symbols[y].reindex(rows.index)
    rows = rows.copy()
    if marked.notna().any() and not marked.dropna().isin([withheld_symbol(resource, y)]).all():
        rows[SYMBOL_COLUMN] = marked.where(~mask)
    if not mask.any():
        return rows, ""
    rows[y] = rows[y].astype("Float64").mask(mask, WITHHELD)
    return rows, withheld_symbol(resource, y)


def take_symbols(rows: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The rows without SYMBOL_COLUMN, and its symbols ('' where none) if it survived
    the kind's selection: a total or an average made from the rows drops it."""
    if SYMBOL_COLUMN not in rows.columns:
        return rows, ()
    symbols = tuple(rows[SYMBOL_COLUMN].fillna("").astype(str))
    return rows.drop(columns=SYMBOL_COLUMN), symbols if any(symbols) else ()


def is_withheld(value: object) -> bool:
    return isinstance(value, float) and math.isinf(value)


def without_withheld(table: pd.DataFrame) -> pd.DataFrame:
    """The table with every withheld (infinite) value missing: what the chart draws."""
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].mask(out[column].isin([math.inf, -math.inf]))
    return out


def symbols_note(withheld_symbol: str, cell_symbols: tuple[str, ...] = ()) -> str:
    """The note under a chart with withheld values or other symbols, in the run's
    language: what each symbol means."""
    notes = []
    if withheld_symbol:
        notes.append(
            interface_text(
                "%(symbol)s: %(meaning)s. Values that could identify people are withheld,"
                " and so is any total or average that includes one.",
                symbol=withheld_symbol,
                meaning=symbol_meaning(withheld_symbol) or symbol_meaning("[c]"),
            )
        )
    for symbol in GSS_SYMBOLS:
        if symbol in cell_symbols and symbol != withheld_symbol:
            notes.append(
                interface_text(
                    "%(symbol)s: %(meaning)s.", symbol=symbol, meaning=symbol_meaning(symbol)
                )
            )
    return " ".join(notes)
