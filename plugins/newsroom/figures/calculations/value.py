"""`value`, the default: the field's value in the one row the filter selects."""

from __future__ import annotations

from newsroom.core.lazy_import import lazy_module
from newsroom.data.packages import TabularResource
from newsroom.data.selection import OptionBlock
from newsroom.figures.calculations.registry import Calculation

pd = lazy_module("pandas")


def one_value(
    block: OptionBlock, resource: TabularResource, field: str, rows: pd.DataFrame, title: str
) -> tuple[float, str, pd.DataFrame]:
    if len(rows) != 1:
        raise block.error(
            "figure-rows-ambiguous",
            "filter",
            f'"value" needs exactly one row, but the filter selects {len(rows)}.',
            "Narrow the filter to one row, or use sum, mean or count.",
        )
    return float(rows[field].iloc[0]), title, rows


CALCULATION = Calculation(
    name="value",
    description="the field's value in the one row the filter selects (the default)",
    default_format="whole",
    calculate=one_value,
)
