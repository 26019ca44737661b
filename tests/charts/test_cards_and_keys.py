"""What a reader sees of a chart, whole: every social card keeps its margins in both
languages (nothing cut off at an edge), and every chart of more than one line has a key
naming each line."""

from __future__ import annotations

import io
import json
import re

import numpy as np
import vl_convert
from newsroom.charts.drawing import card_spec
from newsroom.charts.images import PNG_SCALE
from newsroom.charts.style import HOUSE_CONFIG
from PIL import Image

from tests.conftest import SiteCopy

WELSH_Y_TITLE = "Cyfradd fesul 100,000 o bobl dan 25 oed"
WELSH_TITLE = "Troseddau cyllyll yn ymwneud â phobl dan 25 oed yn Ne Cymru a chyfartaledd"


def drawn_edges(png: bytes, margin: int = 8) -> list[str]:
    """The edges of the image with anything but white within `margin` pixels of them."""
    with Image.open(io.BytesIO(png)) as image:
        pixels = np.asarray(image.convert("L"))
    strips = {
        "top": pixels[:margin],
        "bottom": pixels[-margin:],
        "left": pixels[:, :margin],
        "right": pixels[:, -margin:],
    }
    return [edge for edge, strip in strips.items() if (strip < 250).any()]


def line_spec(y_title: str) -> str:
    """Two lines, a two-line title and the given y-axis title, in the house style."""
    rows = [
        {"Blwyddyn": year, "Cyfradd": rate, "Uned": unit}
        for unit, rates in (("De Cymru", (96, 105, 83)), ("Cyfartaledd", (98, 92, 87)))
        for year, rate in zip(("2018", "2019", "2020"), rates, strict=True)
    ]
    spec = {
        "data": {"values": rows},
        "mark": "line",
        "encoding": {
            "x": {"field": "Blwyddyn", "type": "ordinal", "title": "Blwyddyn"},
            "y": {"field": "Cyfradd", "type": "quantitative", "title": y_title},
            "color": {"field": "Uned", "type": "nominal", "title": "Uned"},
        },
        "title": {"text": [WELSH_TITLE, "yr holl unedau"]},
        "config": HOUSE_CONFIG,
    }
    return json.dumps(spec)


def card_png(spec: dict) -> bytes:
    return vl_convert.vegalite_to_png(json.dumps(spec), scale=PNG_SCALE)


def test_every_card_of_the_site_keeps_its_margins_in_both_languages(
    built_site: SiteCopy,
) -> None:
    cards = sorted(built_site.output.rglob("*.card.png"))
    assert any(card.parts[-3] == "cy" for card in cards), "no Welsh card to look at"
    cut = {
        str(card.relative_to(built_site.output)): edges
        for card in cards
        if (edges := drawn_edges(card.read_bytes()))
    }
    assert cut == {}


def test_a_long_y_axis_title_is_wrapped_on_the_card_so_it_stays_inside() -> None:
    card = json.loads(card_spec(line_spec(WELSH_Y_TITLE)) or "{}")
    assert card["encoding"]["y"]["title"] == ["Cyfradd fesul 100,000 o", "bobl dan 25 oed"]
    assert drawn_edges(card_png(card)) == []
    # Control: the same card with the title on one line, as cards were drawn before,
    # stands out of the top edge, and the margin check sees it.
    card["encoding"]["y"]["title"] = WELSH_Y_TITLE
    assert "top" in drawn_edges(card_png(card))


def test_every_chart_of_more_than_one_line_has_a_key(built_site: SiteCopy) -> None:
    charts = sorted(built_site.output.glob("**/charts/*.svg"))
    several = [c for c in charts if c.read_text(encoding="utf-8").count("mark-line role-mark") > 1]
    assert len(several) >= 2 and any(c.parts[-3] == "cy" for c in several)
    keyless = [str(c) for c in several if "role-legend" not in c.read_text(encoding="utf-8")]
    assert keyless == []


def test_the_unit_against_the_average_names_both_lines_in_its_key(built_site: SiteCopy) -> None:
    for svg, unit, average in (
        ("charts/south-wales-in-numbers-rates.svg", "South Wales", "Average of 18 units"),
        ("cy/charts/south-wales-in-numbers-rates.svg", "De Cymru", "Cyfartaledd 18 uned"),
    ):
        text = (built_site.output / svg).read_text(encoding="utf-8")
        key = text[text.index("role-legend") :]
        labels = re.findall(r"<text[^>]*>([^<]+)</text>", key)
        assert unit in labels and average in labels, labels
        # Told apart by the dash as well as the colour: the key's two symbols differ.
        assert 'stroke-dasharray="6,3"' in key
