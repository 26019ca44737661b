"""Step 3e: a unit in numbers: the latest value of each headline indicator for one unit,
its change on the year and its rank among units, each written as a figure.

Disclosure control: where the latest value is withheld, the article shows its symbol
instead; where it or the year-earlier value is, there is no change; where any unit's
value of the period is, there is no rank (it would bound the withheld value)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babel.dates import format_date

from newsroom.core.lazy_import import lazy_module
from newsroom.data.disclosure import symbol_meaning, withheld, withheld_symbol
from newsroom.data.packages import TabularResource, ValidatedPackage
from newsroom.data.tables import DataCatalog
from newsroom.data.units import Unit
from newsroom.news.releases import headline_fields, period_text, time_field

pd = lazy_module("pandas")


@dataclass
class Indicator:
    """A headline field of a package, seen from one unit."""

    package: ValidatedPackage
    resource: TabularResource
    field: str
    time_field: str
    title: str
    unit_of_measure: str
    period: str
    latest: str
    change: str
    rank: str
    direction: str
    change_summary: str
    figures: dict[str, dict[str, Any]]
    change_percent: int | None = None  # rounded, without sign: for wording in any language
    change_figure: str = ""  # the name of the change figure, for `[words](figure:NAME)`
    withheld: str = ""  # the symbol of a withheld latest value, change or rank, or ''


def _year_before(value: Any, spec: dict[str, Any]) -> Any:
    if spec.get("type") == "year":
        return int(value) - 1
    return pd.Timestamp(value) - pd.DateOffset(years=1)


def _readable_period(text: str, spec: dict[str, Any], lang: str = "en") -> str:
    """June 2021 / Mehefin 2021: month names from Babel's data for the template's language."""
    kind = spec.get("type")
    if kind == "yearmonth":
        return format_date(pd.Timestamp(text + "-01").date(), "MMMM y", locale=lang)
    if kind == "date":
        return format_date(pd.Timestamp(text).date(), "d MMMM y", locale=lang)
    return text


def indicators_for(
    unit: Unit, catalog: DataCatalog, unit_field: str, lang: str = "en"
) -> list[Indicator]:
    found = []
    for name, package in sorted(catalog.packages.items()):
        for resource in package.resources:
            time = time_field(resource)
            if unit_field not in resource.field_names or time is None:
                continue
            table = catalog.table(name, resource.name)
            symbols = catalog.symbols(name, resource.name)
            rows = table[table[unit_field].astype(str) == unit.id]
            for measure in headline_fields(resource):
                if rows.empty:
                    continue
                found.append(
                    _indicator(
                        unit, package, resource, measure, time, (table, symbols), unit_field, lang
                    )
                )
    return found


def _indicator(
    unit: Unit,
    package: ValidatedPackage,
    resource: TabularResource,
    measure: str,
    time: str,
    loaded: tuple[pd.DataFrame, pd.DataFrame],
    unit_field: str,
    lang: str = "en",
) -> Indicator:
    table, symbols = loaded
    spec, time_spec = resource.field(measure), resource.field(time)
    mine = table[table[unit_field].astype(str) == unit.id]
    latest = mine[time].max()
    before = _year_before(latest, time_spec)
    period, previous = period_text(latest, time_spec), period_text(before, time_spec)
    value = float(mine.loc[mine[time] == latest, measure].sum())
    earlier = mine.loc[mine[time] == before, measure]

    def withheld_in(rows: pd.DataFrame) -> bool:
        return bool(withheld(symbols, resource, rows.index, measure).any())

    symbol = withheld_symbol(resource, measure)
    shown = f"{symbol} ({symbol_meaning(symbol)})"
    hidden_latest = withheld_in(mine[mine[time] == latest])
    hidden_change = hidden_latest or withheld_in(mine[mine[time] == before])
    hidden_rank = withheld_in(table[table[time] == latest])
    key = f"{package.name}-{measure}".replace("_", "-")
    figures: dict[str, dict[str, Any]] = {
        f"{key}-latest": {
            "package": package.name, "resource": resource.name, "field": measure,
            "filter": {unit_field: unit.id, time: period},
            "format": "whole" if spec.get("type") == "integer" else "decimal",
        },
        f"{key}-rank": {
            "package": package.name, "resource": resource.name, "field": measure,
            "filter": {time: period}, "calculation": "rank", "by": unit_field,
            "highlight": unit.id,
        },
    }  # fmt: skip
    if hidden_latest:
        del figures[f"{key}-latest"]
    if hidden_rank:
        del figures[f"{key}-rank"]
    change, direction, summary = "", "unknown", f"no figure for {previous} to compare with"
    percent_words: int | None = None
    if hidden_change:
        summary = f"change on {_readable_period(previous, time_spec, lang)} withheld ({symbol})"
    elif not earlier.empty and float(earlier.sum()) != 0:
        percent = (value / float(earlier.sum()) - 1) * 100
        direction = "unchanged" if round(percent) == 0 else "up" if percent > 0 else "down"
        readable = _readable_period(previous, time_spec, lang)
        summary = (
            f"unchanged on {readable}"
            if direction == "unchanged"
            else f"{direction} {abs(round(percent))}% on {readable}"
        )
        figures[f"{key}-change"] = {
            "package": package.name, "resource": resource.name, "field": measure,
            "filter": {unit_field: unit.id}, "calculation": "percent-change",
            "period-field": time, "before": f"{previous} to {previous}",
            "after": f"{period} to {period}", "of": "sum",
        }  # fmt: skip
        change = f"[{summary}](figure:{key}-change)"
        percent_words = abs(round(percent))
    return Indicator(
        package=package,
        resource=resource,
        field=measure,
        time_field=time,
        title=str(spec.get("title") or measure),
        unit_of_measure=str(spec.get("unit", "")),
        period=_readable_period(period, time_spec, lang),
        latest=shown if hidden_latest else f"[](figure:{key}-latest)",
        change=change,
        rank=symbol if hidden_rank else f"[](figure:{key}-rank)",
        direction=direction,
        change_summary=summary,
        figures=figures,
        change_percent=percent_words,
        change_figure=f"{key}-change" if change else "",
        withheld=symbol if hidden_latest or hidden_change or hidden_rank else "",
    )
