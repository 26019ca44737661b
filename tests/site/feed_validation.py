"""The W3C Feed Validation Service's own checks, run offline on a feed's bytes.

The validator's package is vendored unchanged in tests/fixtures/feedvalidator (README
there). It imports html5lib to check the HTML inside entries; html5lib is not one of
this project's dependencies, so when it is missing a small stand-in built on Python's
html.parser gives the validator the element tree it walks (element names and
attributes: what its script, event-handler and unknown-element checks read). The real
parser, when installed, also reports malformed HTML; the stand-in does not.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import socket
import sys
import types
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser as StandardHTMLParser
from pathlib import Path
from typing import Any

FEEDVALIDATOR = Path(__file__).resolve().parents[1] / "fixtures" / "feedvalidator"
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                 "source", "track", "wbr"}  # fmt: skip


class _StandInParseError(Exception):
    pass


class _StandInHTMLParser:
    """html5lib.html5parser.HTMLParser as the validator uses it: parseFragment(text)
    returns an ElementTree element whose iter() yields every element."""

    def __init__(self, strict: bool = False) -> None:
        self.strict = strict

    def parseFragment(self, text: str) -> ET.Element:  # noqa: N802 (html5lib's name)
        root = ET.Element("DOCUMENT_FRAGMENT")
        stack = [root]

        class TreeBuilder(StandardHTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                element = ET.SubElement(stack[-1], tag, {k: v or "" for k, v in attrs})
                if tag not in VOID_ELEMENTS:
                    stack.append(element)

            def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                ET.SubElement(stack[-1], tag, {k: v or "" for k, v in attrs})

            def handle_endtag(self, tag: str) -> None:
                for depth in range(len(stack) - 1, 0, -1):
                    if stack[depth].tag == tag:
                        del stack[depth:]
                        return

        builder = TreeBuilder(convert_charrefs=True)
        builder.feed(text)
        builder.close()
        return root


def _install_html5lib_stand_in() -> None:
    package = types.ModuleType("html5lib")
    parser = types.ModuleType("html5lib.html5parser")
    parser.HTMLParser = _StandInHTMLParser  # type: ignore[attr-defined]
    parser.ParseError = _StandInParseError  # type: ignore[attr-defined]
    package.html5parser = parser  # type: ignore[attr-defined]
    sys.modules["html5lib"] = package
    sys.modules["html5lib.html5parser"] = parser


@functools.cache
def feedvalidator() -> Any:
    """The vendored package, imported once; the socket timeout it sets is put back."""
    if importlib.util.find_spec("html5lib") is None:
        _install_html5lib_stand_in()
    timeout = socket.getdefaulttimeout()
    sys.path.insert(0, str(FEEDVALIDATOR))
    try:
        import feedvalidator as package
        import feedvalidator.compatibility
        import feedvalidator.formatter.text_plain
    finally:
        socket.setdefaulttimeout(timeout)
    return package


@dataclass(frozen=True)
class FeedProblem:
    """One error or warning as the validator reports it: its event class (the name in
    the validator's documentation, such as InvalidPermalink) and its message."""

    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


def feed_problems(data: bytes, url: str) -> list[FeedProblem]:
    """Every error and warning (the validator's "AA" level, as its web service shows them)
    for the feed served at `url`; its information notes are left out."""
    package = feedvalidator()
    try:
        events = package.validateStream(io.BytesIO(data), firstOccurrenceOnly=0, base=url)
        logged = package.compatibility.AA(events["loggedEvents"])
    except package.logging.ValidationFailure as failure:
        logged = [failure.event]
    formatter = package.formatter.text_plain.Formatter(logged)
    return [FeedProblem(type(event).__name__, formatter.format(event)) for event in logged]
