"""`mean`: the field's average over the selected rows."""

from __future__ import annotations

from newsroom.core.languages import interface_text
from newsroom.core.lazy_import import lazy_module
from newsroom.data.packages import TabularResource
from newsroom.data.selection import OptionBlock
from newsroom.figures.calculations.registry import Calculation

pd = lazy_module("pandas")


def mean(
    block: OptionBlock, resource: TabularResource, field: str, rows: pd.DataFrame, title: str
) -> tuple[float, str, pd.DataFrame]:
    return float(rows[field].mean()), interface_text("mean of %(title)s", title=title), rows


CALCULATION = Calculation(
    name="mean",
    description="the field's mean over the selected rows",
    default_format="decimal",
    calculate=mean,
)
