"""The house style of every chart, defined once: fonts, colours, gridlines, number formats.

The categorical palette was chosen so that every colour has at least 3.3:1 contrast
against white (WCAG 2.2 non-text contrast is 3:1) and every pair stays at least 30
CIELAB units apart under simulated protanopia, deuteranopia and tritanopia (Machado
2009); tests/test_chart_style.py measures both. Text colours pass 4.5:1.
"""

from __future__ import annotations

from typing import Any

CARD_WIDTH, CARD_HEIGHT = 1200, 630  # the social card, in pixels (1.91:1, as link previews crop)
HOUSE_FONT = "Arial, Helvetica, sans-serif"
HOUSE_TEXT = "#1f1f1f"
HOUSE_PRIMARY = "#005ea5"
HOUSE_ACCENT = "#b0440c"
HOUSE_MUTED = "#5c5c5c"
HOUSE_PALETTE = ["#005ea5", "#dd6611", "#664433", "#8800ff", "#998899"]
HOUSE_GRID = "#dddddd"
HOUSE_AXIS = "#6f6f6f"

NUMBER_FORMATS = {"auto": ",~r", "whole": ",.0f", "decimal": ",.1f", "percent": ".0%"}

HOUSE_CONFIG: dict[str, Any] = {
    "font": HOUSE_FONT,
    "background": "white",
    "view": {"stroke": None},
    "title": {
        "fontSize": 16,
        "anchor": "start",
        "color": HOUSE_TEXT,
        "subtitleColor": HOUSE_TEXT,
        "subtitleFontSize": 13,
        "limit": 620,
    },
    "axis": {
        "labelFontSize": 12,
        "titleFontSize": 13,
        "labelColor": HOUSE_TEXT,
        "titleColor": HOUSE_TEXT,
        "gridColor": HOUSE_GRID,
        "domainColor": HOUSE_AXIS,
        "tickColor": HOUSE_AXIS,
    },
    "header": {"labelFontSize": 12, "labelColor": HOUSE_TEXT},
    "legend": {
        "labelFontSize": 12,
        "titleFontSize": 13,
        "labelColor": HOUSE_TEXT,
        "titleColor": HOUSE_TEXT,
        "orient": "bottom",
        "direction": "vertical",
        "labelLimit": 400,
    },
    "range": {"category": HOUSE_PALETTE},
    "line": {"strokeWidth": 2.5, "color": HOUSE_PRIMARY},
    "bar": {"color": HOUSE_PRIMARY},
}
