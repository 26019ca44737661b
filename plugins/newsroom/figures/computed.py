"""Step 3d: numbers in prose, computed from the data and checked against the words.

A figure is defined once (package, filter, calculation, format). An author either
lets the build write it (`[](figure:NAME)`) or keeps their own wording and lets the
build check it (`[a 13% decrease](figure:NAME)`): the rule is read from the words
("nearly N" means within 2% below N; "13%" means rounded to a whole per cent; "decrease"
means a fall), and a disagreement stops the build with the typed text, the computed
value and the rule.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import babel.dates

from newsroom.core.cache import ContentCache, cache_key
from newsroom.core.errors import did_you_mean
from newsroom.core.languages import interface_text, run_catalogue
from newsroom.core.lazy_import import lazy_module
from newsroom.data.packages import TabularResource, ValidatedPackage
from newsroom.data.selection import (
    OptionBlock,
    filtered_rows,
    find_field,
    find_package,
    find_resource,
    parse_value,
    published_text,
)
from newsroom.data.tables import DataCatalog

pd = lazy_module("pandas")

PERIOD_COLUMN = "period"  # added to the rows of a percent-change: before or after
CALCULATIONS = ("value", "sum", "mean", "count", "percent-change", "rank", "latest")
FORMATS = ("whole", "decimal", "nearly", "percent", "change", "rank", "date")
DEFAULT_FORMATS = {
    "value": "whole",
    "sum": "whole",
    "count": "whole",
    "mean": "decimal",
    "percent-change": "change",
    "rank": "rank",
    "latest": "date",
}
OPTIONS = {
    "package", "resource", "filter", "field", "calculation", "format", "period-field",
    "before", "after", "of", "by", "highlight", "order", "decimals", "description",
}  # fmt: skip
# English and Welsh words: a Welsh article is checked by the same rules
# ("gostyngiad o 13%" is "a decrease of 13%", "cynnydd o 13%" "an increase of 13%").
UNCHANGED = re.compile(r"\b(unchanged|no change|dim newid|heb newid)\b", re.I)
NEARLY = re.compile(r"\b(nearly|almost|just under|close to|bron|bron i)\b", re.I)
ABOUT = re.compile(r"\b(about|around|approximately|roughly|some|tua|oddeutu|rhyw)\b", re.I)
OVER = re.compile(r"\b(over|more than|above|at least|dros|mwy na|o leiaf)\b", re.I)
UNDER = re.compile(r"\b(under|fewer than|less than|below|llai na|o dan)\b", re.I)
FALL = re.compile(
    r"\b(decrease|fall|fell|drop|down|lower|reduction|decline|fewer|gostyngiad|gostwng|"
    r"gostyngodd)\b",
    re.I,
)
RISE = re.compile(r"\b(increase|rise|rose|up|higher|growth|more|cynnydd|codi|cododd|uwch)\b", re.I)
NUMBER = re.compile(
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?\s*(?P<pct>%|per ?cent|y cant)?"
)
ORDINAL = re.compile(
    r"\b(?P<n>\d+)(?:st|nd|rd|th|af|il|ydd|ed|fed|eg|ain)\b"
    r"|\b(?P<top>highest|lowest|largest|smallest|uchaf|isaf|mwyaf|lleiaf)\b"
)
# Welsh ordinals as numerals (1af, 2il, 3ydd...), NEEDS REVIEW by a Welsh speaker.
WELSH_ORDINAL_ENDINGS = {
    1: "af", 2: "il", 3: "ydd", 4: "ydd", 5: "ed", 6: "ed", 11: "eg", 13: "eg", 14: "eg",
    16: "eg", 17: "eg", 19: "eg",
}  # fmt: skip
TOLERANCE = 0.02


@dataclass(frozen=True)
class ComputedFigure:
    """A figure's value with everything needed to show how it was computed."""

    name: str
    block: OptionBlock
    package: ValidatedPackage
    resource: TabularResource
    value: float | datetime  # a date is a pandas Timestamp when computed here
    formatted: str
    definition: str
    # the rows it used, written as in the published CSV, under their fields' titles
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class FigureCheck:
    matches: bool
    rule: str
    expected: str


def compute_figure(
    name: str,
    block: OptionBlock,
    catalog: DataCatalog,
    lang: str = "en",
    cache: ContentCache | None = None,
) -> ComputedFigure:
    """The figure, from the data. With a cache it is kept by its definition, its package's
    release and content hash, the languages (the file's, and the run's with the messages
    that word its definition) and the plugin's code: a rebuild loads no table for it
    unless its own package changed."""
    if cache is None:
        return _computed(name, block, catalog, lang)
    package = catalog.packages.get(block.text("package"))
    release = (package.name, package.version, package.data_version) if package else None
    key = cache_key(
        "figure", data=repr(release), options=[name, block.options],
        language=[lang, run_catalogue()],
    )  # fmt: skip
    stored = cache.get("figure", key)
    figure = _from_record(json.loads(stored), name, block, catalog) if stored else None
    if figure is None:
        figure = _computed(name, block, catalog, lang)
        cache.put("figure", key, json.dumps(_record(figure)).encode("utf-8"))
    return figure


def _record(figure: ComputedFigure) -> dict[str, Any]:
    value = figure.value
    is_date = isinstance(value, datetime)
    return {
        "package": figure.package.name,
        "resource": figure.resource.name,
        "date": is_date,
        # numpy's scalars as Python's int or float, which format alike
        "value": value.isoformat() if is_date else getattr(value, "item", lambda: value)(),
        "formatted": figure.formatted,
        "definition": figure.definition,
        "columns": figure.columns,
        "rows": figure.rows,
    }


def _from_record(
    record: dict[str, Any], name: str, block: OptionBlock, catalog: DataCatalog
) -> ComputedFigure | None:
    package = catalog.packages.get(record["package"])
    resource = package.resource(record["resource"]) if package else None
    if package is None or resource is None:
        return None
    value = record["value"]
    return ComputedFigure(
        name=name,
        block=block,
        package=package,
        resource=resource,
        value=datetime.fromisoformat(value) if record["date"] else value,
        formatted=record["formatted"],
        definition=record["definition"],
        columns=record["columns"],
        rows=record["rows"],
    )


def _computed(name: str, block: OptionBlock, catalog: DataCatalog, lang: str) -> ComputedFigure:
    unknown = [o for o in block.options if o not in OPTIONS]
    if unknown:
        raise block.error(
            "figure-option-unknown",
            unknown[0],
            f'unknown figure option "{unknown[0]}". {did_you_mean(unknown[0], OPTIONS)}',
            "Remove the option or correct its spelling.",
        )
    calculation = block.text("calculation", "value")
    block.require(calculation, CALCULATIONS, "figure-calculation-unknown", "calculation",
                  f'unknown calculation "{calculation}".')  # fmt: skip
    fmt = block.text("format", DEFAULT_FORMATS[calculation])
    block.require(fmt, FORMATS, "figure-format-unknown", "format", f'unknown format "{fmt}".')
    package = find_package(block, catalog, "figure")
    wanted = {block.text(n) for n in ("field", "period-field", "by") if n in block.options}
    resource = find_resource(block, package, wanted, "figure")
    field = find_field(block, resource, "field", "figure")
    rows = filtered_rows(block, resource, catalog.table(package.name, resource.name), "figure")
    if calculation not in ("count", "latest") and resource.field(field).get("type") not in (
        "integer",
        "number",
    ):
        raise block.error(
            "figure-field-not-numeric",
            "field",
            f'"{calculation}" needs numbers, but "{field}" holds'
            f" {resource.field(field).get('type')} values.",
            "Choose an integer or number field.",
        )
    value, definition, used = _calculate(block, calculation, resource, field, rows)
    columns, readable = readable_rows(used, resource.schema["fields"])
    return ComputedFigure(
        name=name,
        block=block,
        package=package,
        resource=resource,
        value=value,
        formatted=format_value(value, fmt, int(block.text("decimals", "1")), lang),
        definition=definition + _filter_words(block),
        columns=columns,
        rows=readable,
    )


def readable_rows(
    rows: pd.DataFrame, fields: list[dict[str, Any]]
) -> tuple[list[str], list[list[str]]]:
    """The rows a figure used, written as in the published CSV."""
    specs = {f["name"]: f for f in fields}

    def heading(column: str) -> str:
        if column in specs:
            return str(specs[column].get("title") or column)
        return interface_text("Period") if column == PERIOD_COLUMN else column

    columns = [heading(c) for c in rows.columns]
    text = pd.DataFrame(
        {
            c: published_text(rows[c], specs[c]) if c in specs else rows[c].astype("string")
            for c in rows.columns
        }
    )
    return columns, text.fillna("").astype(str).values.tolist()


def _calculate(
    block: OptionBlock,
    calculation: str,
    resource: TabularResource,
    field: str,
    rows: pd.DataFrame,
) -> tuple[float | pd.Timestamp, str, pd.DataFrame]:
    title = str(resource.field(field).get("title") or field).lower()
    if calculation == "value":
        if len(rows) != 1:
            raise block.error(
                "figure-rows-ambiguous",
                "filter",
                f'"value" needs exactly one row, but the filter selects {len(rows)}.',
                "Narrow the filter to one row, or use sum, mean or count.",
            )
        return float(rows[field].iloc[0]), title, rows
    if calculation == "sum":
        return float(rows[field].sum()), interface_text("sum of %(title)s", title=title), rows
    if calculation == "mean":
        return float(rows[field].mean()), interface_text("mean of %(title)s", title=title), rows
    if calculation == "count":
        return float(len(rows)), interface_text("number of rows"), rows
    if calculation == "latest":
        return rows[field].max(), interface_text("latest %(title)s", title=title), rows
    if calculation == "percent-change":
        return _percent_change(block, resource, field, rows, title)
    return _rank(block, resource, field, rows, title)


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


def _percent_change(
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


def _rank(
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


def _filter_words(block: OptionBlock) -> str:
    filters = block.options.get("filter") or {}
    if not filters:
        return ""
    where = "; ".join(f"{k} = {v}" for k, v in filters.items())
    return interface_text(", where %(filters)s", filters=where)


def nearly_target(value: float) -> float:
    """The number with the fewest significant figures at most 2% above value
    ("nearly 12,500" for 12,437; "nearly 1,000" for 986)."""
    if value <= 0:
        return value
    magnitude = math.floor(math.log10(value))
    for figures in range(1, 5):
        step = 10 ** (magnitude - figures + 1)
        target = math.ceil(value / step) * step
        if (target - value) / target <= TOLERANCE:
            return float(target)
    return float(math.ceil(value))


def ordinal(n: int, lang: str = "en") -> str:
    if lang == "cy":
        return f"{n}{WELSH_ORDINAL_ENDINGS.get(n, 'fed')}"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_value(value: float | datetime, fmt: str, decimals: int = 1, lang: str = "en") -> str:
    """A figure as the prose writes it, in English or Welsh."""
    if isinstance(value, datetime):
        pattern = "MMMM y" if value.day == 1 else "d MMMM y"
        return babel.dates.format_date(value.date(), pattern, locale=lang)
    if lang == "cy" and fmt == "nearly" and nearly_target(value) != value:
        return f"bron i {nearly_target(value):,.0f}"
    if lang == "cy" and fmt == "change":
        if round(value) == 0:
            return "dim newid"
        return f"{'cynnydd' if value > 0 else 'gostyngiad'} o {abs(round(value))}%"
    if fmt == "rank":
        return ordinal(int(value), lang)
    if fmt == "whole":
        return f"{round(value):,}"
    if fmt == "decimal":
        return f"{value:,.{decimals}f}"
    if fmt == "nearly":
        target = nearly_target(value)
        return f"{round(value):,}" if target == value else f"nearly {target:,.0f}"
    if fmt == "percent":
        return f"{round(value):,}%"
    if fmt == "change":
        if round(value) == 0:
            return "no change"
        return f"{abs(round(value))}% {'increase' if value > 0 else 'decrease'}"
    if fmt == "rank":
        return ordinal(int(value))
    return f"{value:,}"


def typed_check(typed: str, figure: ComputedFigure, lang: str) -> FigureCheck | None:
    """The check of the author's words against a figure; None where the figure's value
    is written by the build (no words typed)."""
    if not typed.strip():
        return None
    fmt = figure.block.text("format", DEFAULT_FORMATS[figure.block.text("calculation", "value")])
    return check_wording(typed, figure.value, fmt, lang)


def check_wording(typed: str, value: float | datetime, fmt: str, lang: str = "en") -> FigureCheck:
    """Does the author's text agree with the value? The rule comes from the words."""
    if isinstance(value, datetime):
        expected = format_value(value, "date", lang=lang)
        return FigureCheck(typed.strip() == expected, interface_text("the same date"), expected)
    if fmt == "rank":
        return _check_rank(typed, value, lang)
    if UNCHANGED.search(typed):
        rule = interface_text('"unchanged" means a change that rounds to 0%%')
        return FigureCheck(round(value) == 0, rule, format_value(value, "change", lang=lang))
    number = NUMBER.search(typed)
    if number is None:
        rule = interface_text("the text must contain the number")
        return FigureCheck(False, rule, format_value(value, fmt, lang=lang))
    typed_value = float(number["int"].replace(",", "") + "." + (number["dec"] or "0"))
    decimals = len(number["dec"] or "")
    if number["pct"]:
        return _check_percent(typed, typed_value, decimals, value, lang)
    if NEARLY.search(typed):
        ok = typed_value * (1 - TOLERANCE) <= value <= typed_value
        rule = interface_text('"nearly N" means within %(share)s below N', share=f"{TOLERANCE:.0%}")
        return FigureCheck(ok, rule, format_value(value, "nearly", lang=lang))
    if ABOUT.search(typed):
        ok = abs(value - typed_value) <= typed_value * TOLERANCE
        rule = interface_text('"about N" means within %(share)s of N', share=f"{TOLERANCE:.0%}")
        return FigureCheck(ok, rule, format_value(value, "nearly", lang=lang))
    if OVER.search(typed):
        rule = interface_text('"over N" means more than N')
        return FigureCheck(value > typed_value, rule, format_value(value, "whole", lang=lang))
    if UNDER.search(typed):
        rule = interface_text('"under N" means less than N')
        return FigureCheck(value < typed_value, rule, format_value(value, "whole", lang=lang))
    rounded = round(value, decimals)
    rule = (
        interface_text("rounded to a whole number")
        if decimals == 0
        else interface_text("rounded to %(decimals)s decimal places", decimals=decimals)
    )
    expected = f"{rounded:,.{decimals}f}"
    return FigureCheck(math.isclose(rounded, typed_value), rule, expected)


def _check_percent(
    typed: str, typed_value: float, decimals: int, value: float, lang: str = "en"
) -> FigureCheck:
    rounded = round(abs(value), decimals)
    rule = (
        interface_text("percentage rounded to a whole per cent")
        if decimals == 0
        else interface_text("percentage rounded to %(decimals)s decimal places", decimals=decimals)
    )
    ok = math.isclose(rounded, typed_value)
    direction = "increase" if value > 0 else "decrease"
    if FALL.search(typed):
        rule += interface_text('; "decrease" means a fall')
        ok = ok and value < 0
    elif RISE.search(typed):
        rule += interface_text('; "increase" means a rise')
        ok = ok and value > 0
    elif value < 0 and not typed.strip().startswith(("-", "\N{MINUS SIGN}")):
        ok = ok and rounded == 0
    if lang == "cy":
        word = "cynnydd" if value > 0 else "gostyngiad"
        return FigureCheck(ok, rule, f"{word} o {rounded:,.{decimals}f}%")
    return FigureCheck(ok, rule, f"{rounded:,.{decimals}f}% {direction}")


def _check_rank(typed: str, value: float, lang: str = "en") -> FigureCheck:
    match = ORDINAL.search(typed)
    position = int(match["n"]) if match and match["n"] else 1 if match else None
    rule = interface_text("the same position")
    return FigureCheck(position == int(value), rule, ordinal(int(value), lang))
