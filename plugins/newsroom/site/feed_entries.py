"""Step 5c: what a feed reader gets of each entry: the article without its scripts and
without the markup that only works in the site's own pages, every link absolute, and
RSS `guid`s marked as identifiers rather than addresses.

Pelican's feed writer copies an article's HTML as its page has it. A feed reader runs no
script and shows no form control (so the interactive-chart button and the embed code box
are noise there), and it may resolve a relative link against the feed's address or not
at all. Pelican's RSS `guid` is a `tag:` URI, which RSS reads as a permalink unless it
says otherwise.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import nh3

# Removed with everything inside them: they only work in a browser running the page.
INTERACTIVE_ONLY = frozenset(
    {"script", "style", "template", "button", "textarea", "select", "input", "label",
     "form", "dialog", "iframe", "object", "embed"}
)  # fmt: skip
FEED_TAGS = frozenset(nh3.ALLOWED_TAGS) - INTERACTIVE_ONLY
# What a reader can use: structure, text direction and accessible names. Not `tabindex`,
# `data-*` or event handlers, which only the page's scripts and keyboard focus need.
FEED_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"id", "class", "title", "lang", "dir", "role"},
}
FEED_ATTRIBUTES["a"] = FEED_ATTRIBUTES.get("a", set()) | {"download"}  # a data file, not a page
EMPTY_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>\s*</p>")
# A disclosure whose content was all interactive-only (the embed code box): only its
# summary would be left.
SUMMARY_ONLY = re.compile(
    r"<details(?:\s[^>]*)?>\s*<summary(?:\s[^>]*)?>(?:(?!</summary>).)*</summary>\s*</details>",
    re.S,
)


@functools.lru_cache(maxsize=1024)
def entry_html(html: str, entry_url: str) -> str:
    """An entry's content or summary as a feed should carry it; relative links are
    resolved against the entry's own address (where they point from on the page).
    Kept for the feeds that follow: an article is in its site's, its category's and its
    tags' feeds, Atom and RSS, and cleaning it was a tenth of a rebuild's rendering."""
    cleaned = nh3.clean(
        html,
        tags=set(FEED_TAGS),
        clean_content_tags=set(INTERACTIVE_ONLY),
        attributes=FEED_ATTRIBUTES,
        generic_attribute_prefixes={"aria-"},
        link_rel=None,
        strip_comments=True,
        url_relative=("rewrite_with_base", entry_url),
    )
    previous = None
    while cleaned != previous:
        previous = cleaned
        cleaned = SUMMARY_ONLY.sub("", EMPTY_PARAGRAPH.sub("", cleaned))
    return cleaned


def entry_for_readers(item: dict[str, Any], rss: bool) -> None:
    """Rewrite one of feedgenerator's items in place: its HTML, and for RSS its guid."""
    for key in ("content", "description"):
        if item.get(key):
            item[key] = entry_html(str(item[key]), item["link"])
    if rss and item.get("unique_id"):
        item["unique_id_is_permalink"] = False  # a tag: URI identifies, it does not locate
