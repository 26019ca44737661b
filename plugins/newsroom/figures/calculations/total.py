"""`sum`: the field added up over the selected rows."""

from __future__ import annotations

from newsroom.core.languages import interface_text
from newsroom.core.lazy_import import lazy_module
from newsroom.data.packages import TabularResource
from newsroom.data.selection import OptionBlock
from newsroom.figures.calculations.registry import Calculation

pd = lazy_module("pandas")


def total(
    block: OptionBlock, resource: TabularResource, field: str, rows: pd.DataFrame, title: str
) -> tuple[float, str, pd.DataFrame]:
    return float(rows[field].sum()), interface_text("sum of %(title)s", title=title), rows


CALCULATION = Calculation(
    name="sum",
    description="the field added up over the selected rows",
    default_format="whole",
    calculate=total,
)
