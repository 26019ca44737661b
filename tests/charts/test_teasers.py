"""Teaser images: the card scaled to the widths a list shows, as WebP, byte for byte the
same each time; lists offer them with `srcset`, sized, lazy below the first."""

from __future__ import annotations

import io
import json
import re

import pytest
from newsroom.charts import teasers
from newsroom.charts.images import ChartImages
from newsroom.charts.teasers import TEASER_WIDTHS, card_teasers, teaser_images, teaser_webp
from newsroom.core.cache import ContentCache, FileContent
from PIL import Image

from tests.conftest import SiteCopy


def card_png() -> bytes:
    card = Image.new("RGB", (1200, 630), "#005ea5")
    card.paste(Image.new("RGB", (600, 300), "#ffdd00"), (100, 100))
    out = io.BytesIO()
    card.save(out, "PNG")
    return out.getvalue()


def test_teasers_are_webp_at_each_width_and_the_same_bytes_every_time(tmp_path) -> None:
    card = FileContent.of(card_png())
    images = teaser_images("charts/x.card.png")
    assert [(i.url, i.width, i.height) for i in images] == [
        ("charts/x.card-400.webp", 400, 210),
        ("charts/x.card-800.webp", 800, 420),
    ]
    cache = ContentCache(tmp_path)
    cache.put("card", "ab" * 32, card.data)
    card_entry = cache.entry("card", "ab" * 32)
    for image in images:
        made = teaser_webp(card, image, ContentCache(None)).data
        assert made == teaser_webp(card, image, ContentCache(None)).data
        with Image.open(io.BytesIO(made)) as decoded:
            assert (decoded.format, decoded.size) == ("WEBP", (image.width, image.height))
        cached = teaser_webp(card_entry, image, cache)
        assert cached.path is not None and cached.path.read_bytes() == made
        card_entry.path.unlink()  # found again by the card's key, without the card
        assert teaser_webp(card_entry, image, cache).path == cached.path
        cache.put("card", "ab" * 32, card.data)


def test_the_worker_that_draws_a_card_makes_its_teasers(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made in the chart worker, the teasers are found by the build, which scales no
    card itself; they are the bytes the build would have made."""
    cache = ContentCache(tmp_path)
    spec = {"data": {"values": [{"x": 1}]}, "mark": "point", "width": 600, "height": 315}
    images = ChartImages(cache, workers=1)
    try:
        card = images.card(json.dumps(spec), then=card_teasers).content()
    finally:
        images.close()
    expected = {
        image.width: teaser_webp(FileContent.of(card.path.read_bytes()), image, ContentCache(None))
        for image in teaser_images("charts/x.card.png")
    }

    def not_here(*args: object) -> bytes:
        raise AssertionError("the build scaled a card")

    monkeypatch.setattr(teasers, "_webp", not_here)
    for image in teaser_images("charts/x.card.png"):
        found = teaser_webp(card, image, cache)
        assert found.path is not None and found.path.read_bytes() == expected[image.width].data
    with pytest.raises(AssertionError, match="scaled a card"):  # control: a card unseen
        teaser_webp(FileContent.of(b"png"), teaser_images("charts/y.card.png")[0], cache)


def test_lists_offer_sized_webp_teasers_and_articles_keep_the_png_card(
    built_site: SiteCopy,
) -> None:
    home = built_site.page("index.html")
    teasers = home.select("img.teaser-chart")
    assert len(teasers) >= 2
    for position, teaser in enumerate(teasers):
        offered = re.findall(r"(\S+) (\d+)w", teaser["srcset"])
        assert [int(width) for _, width in offered] == list(TEASER_WIDTHS)
        for url, _ in offered:
            path = built_site.output / url
            assert path.suffix == ".webp" and path.stat().st_size < 40_000
        assert teaser["sizes"] and (teaser["width"], teaser["height"]) == ("400", "210")
        assert teaser.get("loading") == (None if position == 0 else "lazy")
    article = built_site.page("news/2021/07/vru-national-conference/")
    card = article.find("meta", property="og:image")["content"]
    assert card.endswith(".card.png")
