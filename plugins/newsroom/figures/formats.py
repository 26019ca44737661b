"""Step 3d: how a figure is written in prose, in English or Welsh.

The formats a figure may ask for (`format:`), and the "nearly N" target: the roundest
number at most 2% above the value.
"""

from __future__ import annotations

import math
from datetime import datetime

import babel.dates

FORMATS = ("whole", "decimal", "nearly", "percent", "change", "rank", "date")
# Welsh ordinals as numerals (1af, 2il, 3ydd...), NEEDS REVIEW by a Welsh speaker.
WELSH_ORDINAL_ENDINGS = {
    1: "af", 2: "il", 3: "ydd", 4: "ydd", 5: "ed", 6: "ed", 11: "eg", 13: "eg", 14: "eg",
    16: "eg", 17: "eg", 19: "eg",
}  # fmt: skip
TOLERANCE = 0.02


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
