"""`count`: how many rows the filter selects."""

from __future__ import annotations

from newsroom.core.languages import interface_text
from newsroom.core.lazy_import import lazy_module
from newsroom.data.packages import TabularResource
from newsroom.data.selection import OptionBlock
from newsroom.figures.calculations.registry import Calculation

pd = lazy_module("pandas")


def count(
    block: OptionBlock, resource: TabularResource, field: str, rows: pd.DataFrame, title: str
) -> tuple[float, str, pd.DataFrame]:
    return float(len(rows)), interface_text("number of rows"), rows


CALCULATION = Calculation(
    name="count",
    description="the number of rows the filter selects (the field may hold anything)",
    default_format="whole",
    calculate=count,
    needs_numbers=False,
)
