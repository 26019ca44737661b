"""Step 3c: every number of an article's prose reviewed, after its figures are written.

A number the prose shows (figures.numbers finds them) that is not a figure is either
marked by the author as not from data, `[third](not-data:)` (its words are shown as
written), or unreviewed: a warning, which the production build refuses. In an article
written from a template (news.generated) the numbers are filled in from the data, so
they are computed; the template's own words are reviewed at the template's lines
(`template_numbers`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from newsroom.core.errors import Location, NewsroomProblem
from newsroom.figures.numbers import NOT_DATA_MARK, NumberSpan, number_spans, prose_lines
from newsroom.figures.uses import NumberUse
from newsroom.site.build_state import ReadingAdditions

GENERATED_FROM = re.compile(r"^Generated-From:\s*(?P<template>.*)$", re.M)
TITLE = re.compile(r"^title\s*:", re.I)
CODE_SPAN = re.compile(r"(`+[^`]*`+)")
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def unreviewed(source: str, line: int, span: NumberSpan) -> NewsroomProblem:
    return NewsroomProblem(
        "number-unreviewed",
        Location(source, line),
        f'the number "{span.text}" is neither a figure nor marked as not from data, so'
        " nobody has checked it.",
        f"Make it a figure, [{span.text}](figure:NAME), or, if it does not come from data,"
        f" mark it: [{span.text}](not-data:).",
    )


class NumberReview:
    """The review of the file a Markdown converts: its body, then each formatted field
    (the summary), which Pelican converts on its own without the front matter."""

    def __init__(self, project_root: Path) -> None:
        self.project_root = project_root
        self.generated_from = ""
        self.prose: list[bool] = []
        self.field_text = ""
        self.field_line = 0
        self.title_line = 0

    def start(
        self, source: str, lang: str, additions: ReadingAdditions, lines: list[str], body: bool
    ) -> None:
        self.source, self.lang, self.additions = source, lang, additions
        self.field_text = "" if body else (lines[0].strip() if lines else "") or " "
        self.field_line = 0  # found when a number needs it
        self.prose = prose_lines(lines, front_matter=body)
        self.title_line = 0
        if body:
            end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
            found = GENERATED_FROM.search("\n".join(lines[:end]))
            self.generated_from = found["template"].strip() if found else ""
            # The title is shown to readers: its numbers are reviewed, and a mark gives
            # its words to the front matter, which Markdown reads after this.
            titles = [i + 1 for i in range(end) if TITLE.match(lines[i]) and not self.prose[i]]
            self.title_line = titles[0] if titles else 0

    def line(self, text: str, number: int) -> str:
        """The line as shown (marks give their words); its numbers reviewed."""
        if not self.prose[number - 1] and number != self.title_line:
            return text
        unmarked = _outside_code(
            text,
            lambda part: NOT_DATA_MARK.sub(lambda m: self._not_data(m, self._where(number)), part),
        )
        for span in number_spans(unmarked, self.lang):
            number = self._where(number)
            if self.generated_from:
                note = f"filled in from the data by {self.generated_from}"
                use = NumberUse(self.source, number, span.text, span.kind, "computed", note)
                self.additions.review_number(use)
                continue
            use = NumberUse(self.source, number, span.text, span.kind, "UNREVIEWED")
            self.additions.review_number(use)
            self.additions.warn(unreviewed(self.source, number, span))
        return _outside_code(text, lambda part: NOT_DATA_MARK.sub(r"\g<text>", part))

    def _not_data(self, match: re.Match[str], number: int) -> str:
        spans = number_spans(match["text"], self.lang)
        kind = spans[0].kind if spans else "number"
        note = match["note"].strip()
        self.additions.review_number(
            NumberUse(self.source, number, match["text"], kind, "not from data", note)
        )
        return " "

    def _where(self, number: int) -> int:
        """The file's line: a formatted field's is its front matter line."""
        if not self.field_text:
            return number
        if not self.field_line:
            self.field_line = self._field_line(self.field_text)
        return self.field_line

    def _field_line(self, first: str) -> int:
        """The line of the front matter that holds the field; 1 when it is not found."""
        path = self.project_root / self.source
        if first.strip() and path.is_file():
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if first in line:
                    return number
        return 1


def _outside_code(text: str, change: Callable[[str], str]) -> str:
    """text with change made to what is outside its code spans, which show the syntax."""
    if "`" not in text:
        return change(text)
    parts = CODE_SPAN.split(text)
    return "".join(part if index % 2 else change(part) for index, part in enumerate(parts))


def template_numbers(text: str, lang: str) -> list[tuple[int, NumberSpan]]:
    """(line, number) of each number an article template writes itself, outside its
    placeholders ({{ … }}, {% … %}), which the data fill in."""
    words = JINJA.sub(lambda m: "\n" * m.group(0).count("\n") or " ", text)
    lines = words.splitlines()
    front_matter = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    found = []
    for index, (line, prose) in enumerate(zip(lines, prose_lines(lines), strict=True)):
        shown = index < front_matter and line.lower().startswith(("title:", "summary:"))
        if prose or shown:
            unmarked = NOT_DATA_MARK.sub(" ", line)
            found += [(index + 1, span) for span in number_spans(unmarked, lang)]
    return found
