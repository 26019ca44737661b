"""Errors a publisher can cause, modelled on frictionless' error classes.

Every error has a stable code (tests assert on it), declared once in the catalogue
`newsroom.core.error_codes` (docs/errors.md), a location (a file and line, or a
package/resource/row/field) and a message that says what is wrong and what to do.
`render_errors` is the one place that turns them into the build's output.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsroom.core.error_codes import refuse_undeclared


@dataclass(frozen=True)
class Location:
    """Where an error is: a source file and line, or a cell of a data package."""

    file: str
    line: int | None = None
    package: str | None = None
    resource: str | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [self.file + (f":{self.line}" if self.line else "")]
        if self.package:
            parts.append(f"package {self.package!r}")
        if self.resource:
            parts.append(f"resource {self.resource!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)


@dataclass(frozen=True)
class NewsroomProblem:
    """One located problem found in a publisher's content or data."""

    code: str
    location: Location
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        refuse_undeclared(self.code)

    def __str__(self) -> str:
        return self.shown("error")

    def shown(self, kind: str) -> str:
        """The problem as the build prints it, as an error or a warning."""
        text = f"{kind}[{self.code}] {self.location}: {self.message}"
        return text + (f"\n    fix: {self.hint}" if self.hint else "")

    def as_data(self) -> dict[str, str | int | None]:
        """The problem for JSON: its code, its place (whole, and as file and line), what
        is wrong and what to do."""
        return {
            "code": self.code,
            "location": str(self.location),
            "file": self.location.file,
            "line": self.location.line,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class NewsroomError(Exception):
    """Raised when the build must stop; carries every problem found at that step."""

    problems: list[NewsroomProblem] = field(default_factory=list)

    @classmethod
    def single(cls, code: str, location: Location, message: str, hint: str = "") -> NewsroomError:
        return cls([NewsroomProblem(code, location, message, hint)])

    def __str__(self) -> str:
        return render_errors(self.problems)


def shown_path(path: Path, root: Path) -> str:
    """A file as a problem names it: relative to the project where it lies inside it."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def render_errors(problems: Iterable[NewsroomProblem]) -> str:
    problems = list(problems)
    lines = [str(problem) for problem in problems]
    noun = "error" if len(problems) == 1 else "errors"
    lines.append(f"Build stopped: {len(problems)} {noun}. output/ was not changed.")
    return "\n".join(lines)


def render_warnings(
    problems: Iterable[NewsroomProblem], noted: Iterable[NewsroomProblem] = ()
) -> str:
    """The build's summary of warnings: what the production build would refuse, and
    (noted) what every build publishes with a notice on the page."""
    lines = []
    for group, consequence in (
        (list(problems), "the production build (publishconf.py) stops on each."),
        (list(noted), "published as they are, with a notice on the page, by every build."),
    ):
        lines += [problem.shown("warning") for problem in group]
        if group:
            noun = "warning" if len(group) == 1 else "warnings"
            lines.append(f"{len(group)} {noun}: {consequence}")
    return "\n".join(lines)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' Did you mean "x"?' for the closest choice, or the list of choices."""
    choices = sorted(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f'Did you mean "{close[0]}"?'
    return "Known names: " + ", ".join(f'"{c}"' for c in choices) + "."
