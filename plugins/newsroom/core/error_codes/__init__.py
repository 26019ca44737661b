"""The catalogue of error codes: every code a problem can carry, declared once.

Each declaration (in `data_steps`, `disclosure_steps`, `content_steps`, `output_steps`, by
the step that reports the code) gives the code, its step, a title and what to do in general;
`NewsroomProblem` refuses a code that is not declared here. docs/errors.md is generated
from the catalogue: `PYTHONPATH=plugins python -m newsroom.core.error_codes > docs/errors.md`.
Codes are written out in full where they are raised, so that grep finds them.
"""

from __future__ import annotations

from newsroom.core.error_codes.content_steps import CONTENT_CODES
from newsroom.core.error_codes.data_steps import DATA_CODES
from newsroom.core.error_codes.disclosure_steps import DISCLOSURE_CODES
from newsroom.core.error_codes.error_code import STEPS, ErrorCode
from newsroom.core.error_codes.output_steps import OUTPUT_CODES

CATALOGUE: tuple[ErrorCode, ...] = (
    *DATA_CODES,
    *DISCLOSURE_CODES,
    *CONTENT_CODES,
    *OUTPUT_CODES,
)
DECLARED: dict[str, ErrorCode] = {declared.code: declared for declared in CATALOGUE}
FRICTIONLESS_PREFIX = "frictionless/"
# frictionless' error types that the catalogue declares, each to its code.
FRICTIONLESS_CODES = {
    declared.code.removeprefix(FRICTIONLESS_PREFIX): declared.code
    for declared in CATALOGUE
    if declared.step == "frictionless"
}
# A note under a step's heading in docs/errors.md, where the codes need one.
STEP_NOTES = {
    "frictionless": (
        "frictionless validates every package that the newsroom's own checks cannot pass."
        " Its errors keep frictionless' own type after `frictionless/`"
        " (`frictionless/type-error` is frictionless' `type-error`), and its message;"
        " `frictionless validate data/PACKAGE/datapackage.json` gives its full report."
    ),
}


def refuse_undeclared(code: str) -> None:
    """A code missing from the catalogue is the plugin's bug, never the publisher's."""
    if code not in DECLARED:
        raise ValueError(f"error code {code!r} is not declared in newsroom.core.error_codes")


def frictionless_code(error_type: str) -> str:
    """The code of one of frictionless' errors, by its type (`type-error`).

    A type the catalogue does not declare (one a newer frictionless adds) is reported as
    frictionless' base type, `frictionless/error`: its message still says what it is."""
    return FRICTIONLESS_CODES.get(error_type, "frictionless/error")


def errors_markdown() -> str:
    """docs/errors.md: every code by step, each with an anchor, its title, what to do."""
    lines = [
        "<!-- Generated from plugins/newsroom/core/error_codes/ by"
        " `PYTHONPATH=plugins python -m newsroom.core.error_codes > docs/errors.md`:"
        " do not edit. -->",
        "",
        "# Error codes",
        "",
        "A build that stops prints each problem on a line of its own: the code, where the",
        "problem is, what is wrong, then `fix:` and what to do in that very case:",
        "",
        "```",
        'error[chart-field-unknown] content/news/example.md:20: resource "admissions" has'
        ' no field "admisions". Did you mean "admissions"?',
        "    fix: Use a field name from the resource's schema for 'y'.",
        "```",
        "",
        "Below is every code, by the step that reports it, with what to do in general.",
        "Each has an anchor: `docs/errors.md#chart-field-unknown`.",
    ]
    for step, heading in STEPS.items():
        codes = [declared for declared in CATALOGUE if declared.step == step]
        if not codes:
            continue
        lines += ["", f"## {heading}"]
        if step in STEP_NOTES:
            lines += ["", STEP_NOTES[step]]
        for declared in codes:
            lines += [
                "",
                f'<a id="{declared.code}"></a>',
                f"### `{declared.code}`",
                "",
                f"**{declared.title}.** {declared.what_to_do}",
            ]
    return "\n".join(lines) + "\n"
