"""Step 3b: the rows a chart draws as the reader gets them: its table and its CSV.

Dates are written for the period each x value stands for (month, quarter, year or
day); numbers with thousands separators in the table and bare in the CSV.
"""

from __future__ import annotations

import io
import numbers

import markupsafe

from newsroom.charts.resolved import ResolvedChart
from newsroom.charts.withheld import is_withheld
from newsroom.core.languages import interface_text
from newsroom.core.lazy_import import lazy_module
from newsroom.data.status import status_text

pd = lazy_module("pandas")

DATE_FORMATS = {"yearmonth": ("%b %Y", "%B %Y"), "date": ("%d %b %Y", "%d %B %Y")}
PERIOD_FORMATS = {"month": ("%b %Y", "%B %Y"), "year": ("%Y", "%Y")}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def readable_date(value: pd.Timestamp, chart: ResolvedChart) -> str:
    period = chart.x_period()
    if period == "quarter":
        return f"{value.year} Q{value.quarter}"
    return value.strftime(PERIOD_FORMATS.get(period, DATE_FORMATS["date"])[1])


def published_date(value: pd.Timestamp, chart: ResolvedChart) -> str:
    period = chart.x_period()
    if period == "quarter":
        return f"{value.year}-Q{value.quarter}"
    return value.strftime({"month": "%Y-%m", "year": "%Y"}.get(period, "%Y-%m-%d"))


def column_titles(chart: ResolvedChart, table: pd.DataFrame) -> list[str]:
    extra = {"period": interface_text("Period"), "period_average": interface_text("Period average")}
    return [extra.get(c) or chart.title_of(c) for c in table.columns]


def readable_cell(value: object, chart: ResolvedChart, column: str) -> str:
    if is_withheld(value):
        return chart.withheld_symbol
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return readable_date(value, chart)
    if column in chart.resource.field_names and chart.resource.field(column).get("type") == "year":
        return str(value)
    if chart.withheld_symbol and _is_whole(value) and _is_integer_field(chart, column):
        # marked as withheld, the field's counts became floats (charts/withheld.py)
        return f"{int(value):,}"
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _is_whole(value: object) -> bool:
    return isinstance(value, float) and value.is_integer()


def _is_integer_field(chart: ResolvedChart, column: str) -> bool:
    return column in chart.resource.field_names and chart.resource.field(column).get("type") in (
        "integer",
        "year",
    )


def _cell_symbols(chart: ResolvedChart, table: pd.DataFrame, column: str) -> tuple[str, ...]:
    """The GSS symbol of each of the column's cells ('' where none): y's, row for row."""
    if column == chart.y and len(chart.cell_symbols) == len(table):
        return chart.cell_symbols
    return ("",) * len(table)


def readable_rows(chart: ResolvedChart, table: pd.DataFrame) -> list[list[str]]:
    """The table's cells as the reader sees them, row by row; a missing value that the
    package marks with a symbol shows it."""
    columns = [
        [
            readable_cell(value, chart, column) or symbol
            for value, symbol in zip(
                table[column].astype(object), _cell_symbols(chart, table, column), strict=True
            )
        ]
        for column in table.columns
    ]
    return [list(row) for row in zip(*columns, strict=True)]


def table_body(rows: list[list[str]]) -> str:
    """The rows of a chart's data table as HTML, every cell escaped. Built here rather
    than in a template loop: an article's table and its embed's are hundreds of rows."""
    cells = ("".join(f"<td>{markupsafe.escape(cell)}</td>" for cell in row) for row in rows)
    return "".join(f"<tr>{row}</tr>\n" for row in cells)


def csv_bytes(chart: ResolvedChart, table: pd.DataFrame) -> bytes:
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = [published_date(v, chart) for v in out[column]]
        elif (chart.withheld_symbol and pd.api.types.is_float_dtype(out[column])) or (
            chart.cell_symbols and column == chart.y
        ):
            # The symbol where a value is withheld or marked, as in the package's own CSV.
            integer = _is_integer_field(chart, column)
            out[column] = [
                chart.withheld_symbol if is_withheld(v) else symbol if pd.isna(v)
                else int(v) if integer and float(v).is_integer() else v
                for v, symbol in zip(
                    out[column].astype(object), _cell_symbols(chart, table, column), strict=True
                )
            ]  # fmt: skip
        elif not pd.api.types.is_numeric_dtype(out[column]):
            # A spreadsheet runs a cell starting with = + - @ as a formula (CSV injection).
            out[column] = [
                f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_START) else v
                for v in out[column]
            ]
    out.columns = column_titles(chart, table)
    # Each row says what its numbers are, as a file taken away from the page must.
    out[interface_text("Status")] = status_text(chart.package.status)
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\n", na_rep="")
    return buffer.getvalue().encode("utf-8")
