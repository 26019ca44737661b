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
