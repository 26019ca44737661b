"""Step 3d: the teaser images of article lists, made from a chart's social card.

A list shows each article's chart at most 24rem wide; the card is a 1200 by 630 PNG of
up to 220 KB, drawn for other sites' link previews. A list gets the card scaled down to
a few widths as WebP (about 11 KB at 400 pixels, 28 KB at 800), for the browser to
choose from with `srcset`; the card itself stays a PNG for the previews. Pillow's WebP
encoder gives the same bytes for the same card every time, so the images are cached
beside the card and the output stays byte-identical. They are made by the chart worker
that draws the card, as soon as it is drawn: made by the build as it wrote the files,
they were a fifth of a cold build's own work.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from newsroom.charts.style import CARD_HEIGHT, CARD_WIDTH
from newsroom.core.cache import TEASER_IMAGE_LIBRARIES, ContentCache, FileContent, cache_key

TEASER_WIDTHS = (400, 800)  # one and two device pixels per CSS pixel of a 24rem teaser
WEBP_QUALITY = 80  # chart text stays sharp; a quarter of the size of quality 100
# libwebp's effort: 0.04 s a card's two teasers, against 0.14 s at its slowest (6), for
# 5% more bytes.
WEBP_METHOD = 2


@dataclass(frozen=True)
class TeaserImage:
    """One width of a teaser, as a list's `srcset` names it."""

    url: str
    width: int
    height: int


def teaser_images(card_url: str) -> list[TeaserImage]:
    """The teasers of the card at `card_url` (`charts/x.card.png` gives
    `charts/x.card-400.webp`, ...), narrowest first."""
    stem = card_url.removesuffix(".png")
    return [TeaserImage(f"{stem}-{width}.webp", width, _height(width)) for width in TEASER_WIDTHS]


def card_teasers(card_png: bytes, card_key: str, cache: ContentCache) -> None:
    """Every teaser of a card just drawn, into the cache (charts/images.py runs it in the
    worker that drew the card, and where there is a cache)."""
    for width in TEASER_WIDTHS:
        height = _height(width)
        cache.put("teaser", _teaser_key(card_key, width, height), _webp(card_png, width, height))


def teaser_webp(card: FileContent, image: TeaserImage, cache: ContentCache) -> FileContent:
    """The card scaled to the teaser's size as WebP. With a cache, the card is a cache
    entry, named by the key of what it was drawn from: the teaser is kept under that
    name, so that a rebuild finds it without reading the card."""
    if card.path is None:  # no cache: the card is in memory, and so is the teaser
        return FileContent.of(_webp(card.data or b"", image.width, image.height))
    card_path = card.path
    return cache.made_file(
        "teaser",
        _teaser_key(card_path.name, image.width, image.height),
        lambda: _webp(card_path.read_bytes(), image.width, image.height),
    )


def _teaser_key(card_key: str, width: int, height: int) -> str:
    """A teaser's key: its card's (the card's cache entry is named by it) and its size."""
    options = {"size": [width, height], "quality": WEBP_QUALITY, "method": WEBP_METHOD}
    return cache_key(
        "teaser", data=card_key, options=options, libraries=TEASER_IMAGE_LIBRARIES, code=False
    )


def _height(width: int) -> int:
    return round(CARD_HEIGHT * width / CARD_WIDTH)


def _webp(png: bytes, width: int, height: int) -> bytes:
    from PIL import Image  # only where a card is scaled: a cached build never needs it

    with Image.open(io.BytesIO(png)) as card:
        scaled = card.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    scaled.save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return out.getvalue()
