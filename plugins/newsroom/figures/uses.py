"""Step 3c: where the prose writes or checks a figure (the figure report's rows)."""

from __future__ import annotations

from dataclasses import dataclass

from newsroom.figures.computed import ComputedFigure, FigureCheck


@dataclass(frozen=True)
class FigureUse:
    """One place in the prose where a figure is written or checked."""

    source: str
    line: int
    key: str
    typed: str
    figure: ComputedFigure
    check: FigureCheck | None

    @property
    def status(self) -> str:
        if self.check is None:
            return "computed"
        return "checked" if self.check.matches else "MISMATCH"


@dataclass(frozen=True)
class NumberUse:
    """A number in the prose that is not a figure: marked by the author as not from data
    (`[third](not-data:)`, with an optional note), or unreviewed."""

    source: str
    line: int
    text: str
    kind: str  # figures.numbers.NumberSpan's: number, percent, money, ordinal, words
    status: str  # "not from data" or "UNREVIEWED"
    note: str = ""
