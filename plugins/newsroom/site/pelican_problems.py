"""Step 0c: what a Pelican run logs or raises, as located problems.

Pelican logs a template it cannot render, a file it cannot read, a setting it ignores;
every warning or error it logs fails the newsroom's build, shown at the file it names
(relative to the project) rather than as a log line or a traceback.
"""

from __future__ import annotations

import logging
import re
import traceback
from pathlib import Path

import jinja2

from newsroom.core.errors import Location, NewsroomProblem


class RecordingHandler(logging.Handler):
    """Keeps every warning and error Pelican logs, so that none passes unnoticed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def crash_problem(error: Exception, settings_file: Path) -> NewsroomProblem:
    """A template's error at the template's file and line; anything else as a crash."""
    text = f"{type(error).__name__}: {error}"
    place = _template_place(error)
    if place is not None:
        file, line = place
        return NewsroomProblem(
            "template-error",
            Location(_relative(file, settings_file.parent), line),
            text,
            "Correct the template; every variable it writes must be defined.",
        )
    return NewsroomProblem(
        "build-crashed",
        Location(settings_file.name),
        text,
        "This is a bug in the build or a theme template; run with --debug for details.",
    )


def _template_place(error: Exception) -> tuple[str, int | None] | None:
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return error.filename, error.lineno
    if isinstance(error, jinja2.TemplateError):
        # Jinja rewrites the traceback so that template frames carry the template's line.
        frames = traceback.extract_tb(error.__traceback__)
        templates = [f for f in frames if f.filename.endswith((".html", ".xml", ".txt"))]
        if templates:
            return templates[-1].filename, templates[-1].lineno
    return None


def _relative(file: str, root: Path) -> str:
    try:
        return Path(file).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file


def logged_problems(
    handler: RecordingHandler, root: Path, explained: set[str] | None = None
) -> list[NewsroomProblem]:
    """Pelican's records as problems, less "Could not process" for files we explained.

    Pelican names files by their absolute paths: they are shown relative to the project,
    and the first one the message names is the problem's location."""
    prefix = str(root) + "/"
    problems = []
    for record in handler.records:
        if _explained(record, explained or set()):
            continue
        message = record.getMessage().strip()
        files = re.findall(re.escape(prefix) + r"([^\s:;,'\"]+)", message)
        problems.append(
            NewsroomProblem(
                "pelican-critical"
                if record.levelno >= logging.CRITICAL
                else "pelican-error"
                if record.levelno >= logging.ERROR
                else "pelican-warning",
                Location(files[0] if files else record.name),
                message.replace(prefix, ""),
                "Pelican reported this; warnings are errors in the newsroom's builds.",
            )
        )
    return problems


def _explained(record: logging.LogRecord, explained: set[str]) -> bool:
    if not record.getMessage().startswith("Could not process") or not record.args:
        return False
    path = Path(str(record.args[0])).as_posix()  # type: ignore[index]
    return any(file.endswith(path) for file in explained)
