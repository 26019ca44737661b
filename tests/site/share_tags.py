"""What a page must tell those who share it: the Open Graph and Twitter card tags and the
meta description, with a social card that exists in the output at the size it claims."""

from __future__ import annotations

import struct
from pathlib import Path

from bs4 import BeautifulSoup

REQUIRED = ("og:title", "og:description", "og:type", "og:url", "og:image", "og:image:width",
            "og:image:height", "og:image:alt", "og:locale", "og:site_name")  # fmt: skip
CARD_SIZE = (1200, 630)


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk; None if it is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def _meta(page: BeautifulSoup, key: str, attribute: str = "property") -> list[str]:
    return [tag.get("content", "") for tag in page.find_all("meta", attrs={attribute: key})]


def share_problems(page: BeautifulSoup, output: Path, site_url: str) -> list[str]:
    """What is missing or wrong in one page's sharing tags; site_url is the site's
    absolute address (ending in /), below which og:url and og:image must be."""
    problems = [f"{key}: missing or empty" for key in REQUIRED if not any(_meta(page, key))]
    problems += [
        f"{key}: given {len(found)} times" for key in REQUIRED if len(found := _meta(page, key)) > 1
    ]
    if not any(_meta(page, "description", "name")):
        problems.append("meta description: missing or empty")
    if _meta(page, "twitter:card", "name") != ["summary_large_image"]:
        problems.append("twitter:card: not summary_large_image")
    alt = " ".join(_meta(page, "og:image:alt"))
    if _meta(page, "twitter:image:alt", "name") != [alt] or not alt:
        problems.append("twitter:image:alt: missing, or not og:image:alt")
    if alt and (len(alt.split()) < 3 or alt.lower().endswith((".png", ".svg"))):
        problems.append(f"og:image:alt: {alt!r} does not describe the image")
    for key in ("og:url", "og:image"):
        problems += [
            f"{key}: {url!r} is not below {site_url}"
            for url in _meta(page, key)
            if not url.startswith(site_url)
        ]
    lang = (page.html.get("lang") if page.html else "") or ""
    problems += [
        f"og:locale: {locale!r} is not for lang={lang!r}"
        for locale in _meta(page, "og:locale")
        if not locale.startswith(f"{lang}_")
    ]
    for url in _meta(page, "og:image"):
        if not url.startswith(site_url):
            continue
        image = output / url.removeprefix(site_url)
        size = png_size(image.read_bytes()) if image.is_file() else None
        claimed = (_meta(page, "og:image:width"), _meta(page, "og:image:height"))
        if size is None:
            problems.append(f"og:image: {url} is not a PNG file in the output")
        elif size != CARD_SIZE or claimed != ([str(size[0])], [str(size[1])]):
            problems.append(f"og:image: {url} is {size[0]} by {size[1]}, the tags say {claimed}")
    return problems
