"""What a long build has done so far, on one line of a terminal.

A build of thousands of pages runs for minutes when nothing is cached yet; on a terminal
it shows its counts (packages validated, charts drawn, pages written), redrawn in place
a few times a second, one line per language run. Anywhere else (CI, a log file, the
tests) it writes nothing.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

REDRAW_SECONDS = 0.2


class BuildProgress:
    def __init__(self, label: str = "") -> None:
        self._label = f"{label}: " if label else ""
        self._stream: TextIO = sys.stderr
        self._shown = self._stream.isatty() and not os.environ.get("CI")
        self._counts: dict[str, int] = {}
        self._drawn_at = 0.0

    def done(self, what: str, count: int = 1) -> None:
        """One more (or count more) of `what` (e.g. "charts drawn") is done."""
        self._counts[what] = self._counts.get(what, 0) + count
        if self._shown and time.monotonic() - self._drawn_at >= REDRAW_SECONDS:
            self._draw()

    def count(self, what: str) -> int:
        return self._counts.get(what, 0)

    def silence(self) -> None:
        """Nothing more on the terminal (a forked process counts for its parent)."""
        self._shown = False

    def close(self) -> None:
        if self._shown and self._counts:
            self._draw()
            self._stream.write("\n")
            self._stream.flush()

    def _draw(self) -> None:
        line = ", ".join(f"{what}: {count:,}" for what, count in self._counts.items())
        self._stream.write("\r\x1b[K" + self._label + line)
        self._stream.flush()
        self._drawn_at = time.monotonic()
