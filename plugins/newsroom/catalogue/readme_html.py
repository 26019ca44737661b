"""Step 4c: a package's README (Markdown written by anyone) as HTML safe to publish.

Markdown is rendered first, then sanitised with nh3 (Ammonia) against an allow-list:
no script, style, iframe, form or event handler survives, links keep only http(s) and
mailto targets, and remote images become plain links so that a page never loads
anything from another host.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import nh3

from newsroom.core.cache import README_LIBRARIES, ContentCache, cache_key

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
IMAGE = re.compile(r"<img\b[^>]*>", re.I)
LINKED_IMAGE = re.compile(r"(<a\b[^>]*>)\s*(<img\b[^>]*>)\s*(</a>)", re.I)
LINK_WITHOUT_TARGET = re.compile(r"<a\b(?![^>]*\bhref=)[^>]*>(.*?)</a>", re.I | re.S)
ATTRIBUTE = re.compile(r'(\w+)\s*=\s*("([^"]*)"|\'([^\']*)\'|([^\s>]+))')
HEADING = re.compile(r"<(/?)h([1-5])\b", re.I)


def _attributes(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(m.group(3) or m.group(4) or m.group(5) or "")
        for m in ATTRIBUTE.finditer(tag)
    }


def _linked_image_as_text(match: re.Match[str]) -> str:
    """A badge: the link stays, its image becomes the image's alt text."""
    label = _attributes(match.group(2)).get("alt") or "image"
    return match.group(1) + html.escape(label) + match.group(3)


def _image_as_link(match: re.Match[str]) -> str:
    attributes = _attributes(match.group(0))
    source = attributes.get("src", "")
    label = attributes.get("alt", "") or "image"
    if not source.startswith(("https://", "http://")):
        return html.escape(f"[{label}]")
    return f'<a href="{html.escape(source)}">{html.escape(label)} (image)</a>'


def readme_html(text: str) -> str:
    """The README as sanitised HTML, its headings moved below the page's own h1 and h2."""
    rendered = markdown.markdown(text, extensions=["tables", "fenced_code"])
    rendered = LINKED_IMAGE.sub(_linked_image_as_text, rendered)
    rendered = IMAGE.sub(_image_as_link, rendered)
    rendered = HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}", rendered)
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
        strip_comments=True,
    )
    # A link whose target was refused (javascript:, data:) is left as its words.
    return LINK_WITHOUT_TARGET.sub(r"\1", cleaned)


def cached_readme_html(readme: Path, cache: ContentCache) -> str:
    """The README as HTML, converted once per text and version of the converters."""
    text = readme.read_text(encoding="utf-8")
    key = cache_key("readme", data=text, libraries=README_LIBRARIES)
    return cache.made("readme", key, lambda: readme_html(text).encode("utf-8")).decode("utf-8")
