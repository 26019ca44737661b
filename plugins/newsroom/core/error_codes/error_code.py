"""What one declared error code holds, and the steps that group the codes.

Like frictionless' error classes, each code is declared once with a title and the
generic advice; the located message and the specific hint stay where it is raised.
"""

from __future__ import annotations

from dataclasses import dataclass

# The steps of the flow, in order: each code belongs to the step that reports it.
STEPS = {
    "settings": "Settings and setup",
    "languages": "Languages and translations",
    "data": "Data packages",
    "frictionless": "Data packages (frictionless)",
    "charts": "Charts",
    "figures": "Figures in the text",
    "articles": "Articles and pages",
    "news": "News releases",
    "catalogue": "Dataset pages and downloads",
    "site": "The build",
    "publish": "Publishing",
}


@dataclass(frozen=True)
class ErrorCode:
    """One code a problem can carry: greppable text, its step, a title, what to do."""

    code: str
    step: str
    title: str
    what_to_do: str

    def __post_init__(self) -> None:
        if self.step not in STEPS:
            raise ValueError(f"{self.code}: unknown step {self.step!r}")
