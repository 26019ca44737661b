"""`percent-change`: the change of the field's mean (or sum) from one period to another,
in per cent; the rows it used are labelled with their period."""

from __future__ import annotations

from newsroom.core.languages import interface_text
from newsroom.core.lazy_import import lazy_module
from newsroom.data.packages import TabularResource
from newsroom.data.selection import OptionBlock, find_field, parse_value
from newsroom.figures.calculations.registry import PERIOD_COLUMN, Calculation

pd = lazy_module("pandas")


def _period(
    block: OptionBlock, resource: TabularResource, period_field: str, option: str
) -> tuple[list[pd.Timestamp], str]:
    """The first and last period of option ("2018-04 to 2019-09"), and it in words."""
    text = block.text(option)
    parts = [p.strip() for p in text.split(" to ")]
    try:
        if len(parts) != 2:
            raise ValueError
        words = interface_text("%(first)s to %(last)s", first=parts[0], last=parts[1])
        return [parse_value(p, resource.field(period_field)) for p in parts], words
    except ValueError:
        raise block.error(
            "figure-period-invalid",
            option,
            f'"{option}: {text}" must be a period written like the data, "FIRST to LAST".',
            f"Write e.g. '{option}: 2018-04 to 2019-09'.",
        ) from None


def percent_change(
    block: OptionBlock, resource: TabularResource, field: str, rows: pd.DataFrame, title: str
) -> tuple[float, str, pd.DataFrame]:
    period_field = find_field(block, resource, "period-field", "figure")
    of = block.text("of", "mean")
    if of not in ("mean", "sum"):
        raise block.error(
            "figure-option-invalid", "of", f'"of: {of}" must be mean or sum.', "Write 'of: mean'."
        )
    spec = resource.field(period_field)
    labelled = []
    totals = {}
    periods = {}
    for option in ("before", "after"):
        (first, last), periods[option] = _period(block, resource, period_field, option)
        part = rows[(rows[period_field] >= first) & (rows[period_field] <= last)]
        if part.empty:
            raise block.error(
                "figure-filter-empty",
                option,
                f'the period "{block.text(option)}" selects no rows.',
                "Use a period that the data covers.",
            )
        totals[option] = float(part[field].agg(of))
        label = (
            interface_text("before: %(period)s", period=periods[option])
            if option == "before"
            else interface_text("after: %(period)s", period=periods[option])
        )
        labelled.append(part.assign(**{PERIOD_COLUMN: label}))
    if totals["before"] == 0:
        raise block.error(
            "figure-division-by-zero",
            "before",
            "the 'before' period totals 0, so a percentage change has no meaning.",
            "Choose another period.",
        )
    change = (totals["after"] / totals["before"] - 1) * 100
    values = {
        "title": title,
        "before": periods["before"],
        "before_total": f"{totals['before']:,.2f}",
        "after": periods["after"],
        "after_total": f"{totals['after']:,.2f}",
        "period": spec.get("title", period_field),
    }
    definition = (
        interface_text(
            "percentage change in the mean of %(title)s from %(before)s (%(before_total)s)"
            " to %(after)s (%(after_total)s); periods by %(period)s",
            **values,
        )
        if of == "mean"
        else interface_text(
            "percentage change in the sum of %(title)s from %(before)s (%(before_total)s)"
            " to %(after)s (%(after_total)s); periods by %(period)s",
            **values,
        )
    )
    return change, definition, pd.concat(labelled)


CALCULATION = Calculation(
    name="percent-change",
    description="the change in per cent of the field's mean (`of: sum`: its sum) from the"
    " `before` period to the `after` period, both of `period-field`",
    default_format="change",
    calculate=percent_change,
)
