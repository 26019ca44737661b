"""The W3C Feed Validation Service's own checks, run offline on a feed's bytes.

The validator's package is vendored unchanged in tests/fixtures/feedvalidator (README
there). It parses the HTML inside entries with html5lib, pinned in the lock for it.
"""

from __future__ import annotations

import functools
import io
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FEEDVALIDATOR = Path(__file__).resolve().parents[1] / "fixtures" / "feedvalidator"


@functools.cache
def feedvalidator() -> Any:
    """The vendored package, imported once; the socket timeout it sets is put back."""
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
