"""Step 4a: what a dataset page shows that only the loaded table tells.

A resource's row count, its text fields that a spreadsheet would run as formulas, and
the first and last date, month or year in it: kept in the cache by the release's data
version, so that a rebuild with unchanged data loads no table (nor pandas).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from newsroom.core.cache import ContentCache, cache_key
from newsroom.core.lazy_import import lazy_module
from newsroom.data.packages import TabularResource, ValidatedPackage
from newsroom.data.tables import DataCatalog

pd = lazy_module("pandas")

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class TableFacts:
    """What a dataset page shows that only the loaded table tells."""

    row_count: int
    formula_fields: list[tuple[str, int]]
    # the first and last date, month or year: (ISO time to compare, text as in the data)
    first: tuple[str, str] | None
    last: tuple[str, str] | None


def table_facts(
    package: ValidatedPackage, resource: TabularResource, catalog: DataCatalog, cache: ContentCache
) -> TableFacts:
    def made() -> bytes:
        table = catalog.release_table(package, resource.name)
        first, last = _date_range(resource, table) or (None, None)
        facts = TableFacts(len(table), formula_fields(resource, table), first, last)
        return json.dumps(facts.__dict__).encode("utf-8")

    key = cache_key("table-facts", data=package.data_version, options=resource.name)
    facts = json.loads(cache.made("table-facts", key, made))
    return TableFacts(
        row_count=facts["row_count"],
        formula_fields=[(name, count) for name, count in facts["formula_fields"]],
        first=_pair(facts["first"]),
        last=_pair(facts["last"]),
    )


def _pair(stored: list[str] | None) -> tuple[str, str] | None:
    return (stored[0], stored[1]) if stored else None


def formula_fields(resource: TabularResource, table: pd.DataFrame) -> list[tuple[str, int]]:
    """Text fields with values a spreadsheet would run as a formula, and how many."""
    found = []
    for spec in resource.schema["fields"]:
        if spec.get("type", "string") == "string":
            values = table[spec["name"]].dropna().astype(str)
            count = int(values.str.startswith(FORMULA_START).sum())
            if count:
                found.append((spec["name"], count))
    return found


def _date_range(
    resource: TabularResource, table: pd.DataFrame
) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """The first and last value of any date, month or year field: (ISO time, text)."""
    found: list[tuple[pd.Timestamp, str]] = []
    for spec in resource.schema["fields"]:
        kind = spec.get("type")
        column = table[spec["name"]].dropna()
        if column.empty or kind not in ("date", "yearmonth", "year"):
            continue
        if kind == "year":
            found += [(pd.Timestamp(year=int(v), month=1, day=1), str(v)) for v in column]
        else:
            fmt = "%Y-%m" if kind == "yearmonth" else "%Y-%m-%d"
            found += [(column.min(), column.min().strftime(fmt))]
            found += [(column.max(), column.max().strftime(fmt))]
    if not found:
        return None
    (first, first_text), (last, last_text) = min(found), max(found)
    return (first.isoformat(), first_text), (last.isoformat(), last_text)


def temporal_coverage(facts: list[TableFacts]) -> tuple[str, str] | None:
    """The first and last date, month or year in any resource, written like the data."""
    firsts = [f.first for f in facts if f.first is not None]
    lasts = [f.last for f in facts if f.last is not None]
    if not firsts or not lasts:
        return None
    return min(firsts)[1], max(lasts)[1]
