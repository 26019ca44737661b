"""Step 3c, cached: Markdown's parsing of a text is done once per distinct input.

Block and inline parsing is most of the cost of reading an article, and on a rebuild
almost every article is as it was. The key is what Markdown's later stages see: the
lines after every preprocessor and the HTML those preprocessors set aside, with
Markdown's configuration and the versions of the code. Our own preprocessor (charts,
figures, links) still runs on every build, so what it adds to the build (charts,
figure checks, revisions) and the errors it finds are never skipped; only its result's
conversion to HTML is reused.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from newsroom.core.cache import MARKDOWN_LIBRARIES, ContentCache, cache_key

NAMESPACE = "markdown"


class _ConvertedBefore(Exception):  # noqa: N818 (a way out, not an error)
    """Raised by the probe to leave Markdown's pipeline with a known result."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.html = html


class _CacheProbe(Preprocessor):
    """The last preprocessor: stops the conversion when its result is in the cache."""

    def __init__(self, md: CachingMarkdown) -> None:
        super().__init__(md)
        self.caching = md

    def run(self, lines: list[str]) -> list[str]:
        stash = self.caching.htmlStash
        stashed = [
            block if isinstance(block, str) else ElementTree.tostring(block, encoding="unicode")
            for block in stash.rawHtmlBlocks
        ]
        key = cache_key(
            "markdown",
            data=("\n".join(lines), repr(stash.tag_data), *stashed),
            options=self.caching.salt,
        )
        known = self.caching.cache.get(NAMESPACE, key)
        if known is not None:
            raise _ConvertedBefore(known.decode("utf-8"))
        self.caching.pending_key = key
        return lines


class CachingMarkdown(Markdown):
    """Markdown whose `convert` returns the remembered HTML of an input it has seen."""

    def __init__(self, cache: ContentCache, salt: str, settings: dict[str, Any]) -> None:
        super().__init__(**settings)
        self.cache = cache
        self.salt = salt
        self.pending_key: str | None = None
        self.preprocessors.register(_CacheProbe(self), "newsroom-cache", 0)
        # {text: HTML} of each conversion while set, for the reading cache.
        self.conversions: dict[str, str] | None = None

    def convert(self, source: str) -> str:
        html = self._converted(source)
        if self.conversions is not None:
            self.conversions[source] = html
        return html

    def _converted(self, source: str) -> str:
        self.pending_key = None
        try:
            html = super().convert(source)
        except _ConvertedBefore as known:
            return known.html
        if self.pending_key is not None:
            self.cache.put(NAMESPACE, self.pending_key, html.encode("utf-8"))
        return html


def configuration_salt(settings: dict[str, Any]) -> str:
    """Markdown's settings (an extension object by its class) and the code's versions."""
    extensions = [
        item if isinstance(item, str) else type(item).__qualname__
        for item in settings.get("extensions", [])
    ]
    described = {**settings, "extensions": extensions}
    return cache_key(
        "markdown-settings", options=repr(sorted(described.items())), libraries=MARKDOWN_LIBRARIES
    )
