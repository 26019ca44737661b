"""`rank`: the position of one unit (`highlight`, a value of `by`) among all the selected
rows, by the field."""

from __future__ import annotations

from newsroom.core.languages import interface_text
from newsroom.core.lazy_import import lazy_module
from newsroom.data.packages import TabularResource
from newsroom.data.selection import OptionBlock, find_field
from newsroom.figures.calculations.registry import Calculation

pd = lazy_module("pandas")


def rank(
    block: OptionBlock, resource: TabularResource, field: str, rows: pd.DataFrame, title: str
) -> tuple[float, str, pd.DataFrame]:
    by = find_field(block, resource, "by", "figure")
    unit = block.text("highlight")
    keys = rows[by].astype(str)
    block.require(
        unit,
        set(keys),
        "figure-highlight-unknown",
        "highlight",
        f'no selected row has {by} = "{unit}".',
        f'Use a value of "{by}" that the filter keeps.',
    )
    if keys.duplicated().any():
        raise block.error(
            "figure-rows-ambiguous",
            "filter",
            f'several selected rows share a "{by}"; rank needs one row each.',
            "Narrow the filter, e.g. to one year.",
        )
    highest_first = block.text("order", "highest-first") != "lowest-first"
    ranks = rows[field].rank(ascending=not highest_first, method="min")
    position = float(ranks[keys == unit].iloc[0])
    values = {"unit": unit, "title": title, "count": len(rows)}
    definition = (
        interface_text("rank of %(unit)s by %(title)s, highest first, among %(count)s", **values)
        if highest_first
        else interface_text(
            "rank of %(unit)s by %(title)s, lowest first, among %(count)s", **values
        )
    )
    return position, definition, rows


CALCULATION = Calculation(
    name="rank",
    description="the position of `highlight` (a value of `by`) among the selected rows by"
    " the field, `order: highest-first` (the default) or `lowest-first`",
    default_format="rank",
    calculate=rank,
)
