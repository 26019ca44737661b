"""Step 3d: the author's words checked against a figure's value.

The rule is read from the words: "nearly N" means within 2% below N; "13%" means rounded
to a whole per cent; "decrease" means a fall. English and Welsh words follow the same
rules.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from newsroom.core.languages import interface_text
from newsroom.figures.calculations import registered_calculation
from newsroom.figures.formats import TOLERANCE, format_value, ordinal

if TYPE_CHECKING:
    from newsroom.figures.computed import ComputedFigure

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


@dataclass(frozen=True)
class FigureCheck:
    matches: bool
    rule: str
    expected: str


def typed_check(typed: str, figure: ComputedFigure, lang: str) -> FigureCheck | None:
    """The check of the author's words against a figure; None where the figure's value
    is written by the build (no words typed)."""
    if not typed.strip():
        return None
    default = registered_calculation(figure.block.text("calculation", "value")).default_format
    fmt = figure.block.text("format", default)
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
