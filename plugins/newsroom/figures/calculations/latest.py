"""`latest`: the field's latest value over the selected rows, usually a date."""

from __future__ import annotations

from newsroom.core.languages import interface_text
from newsroom.core.lazy_import import lazy_module
from newsroom.data.packages import TabularResource
from newsroom.data.selection import OptionBlock
from newsroom.figures.calculations.registry import Calculation

pd = lazy_module("pandas")


def latest(
    block: OptionBlock, resource: TabularResource, field: str, rows: pd.DataFrame, title: str
) -> tuple[pd.Timestamp, str, pd.DataFrame]:
    return rows[field].max(), interface_text("latest %(title)s", title=title), rows


CALCULATION = Calculation(
    name="latest",
    description="the field's latest value, e.g. the last month of the data",
    default_format="date",
    calculate=latest,
    needs_numbers=False,
)
