"""Error codes of disclosure control: rules in a schema, the published file that breaks
them, and a figure that would publish a withheld value. (A chart does not stop the build:
it withholds what it computes from a withheld value, charts/withheld.py.)"""

from __future__ import annotations

from newsroom.core.error_codes.error_code import ErrorCode

DISCLOSURE_CODES = (
    ErrorCode(
        "disclosure-rule-invalid",
        "data",
        'A field\'s "newsroom:disclosure" rule that cannot hold',
        'Write the rule on an integer or number field as {"suppress-below": 8, "symbol":'
        ' "[c]"}, and declare its symbol in the schema\'s "missingValues"'
        " (docs/publishing-data.md#disclosure-control-small-counts-and-symbols).",
    ),
    ErrorCode(
        "disclosure-unsuppressed-value",
        "data",
        "A published CSV holding a value its own disclosure rule suppresses",
        "Write the rule's symbol in that cell: the package's CSV is the file readers download,"
        " so it must already be suppressed.",
    ),
    ErrorCode(
        "figure-suppressed",
        "figures",
        "A figure that rests on a withheld value",
        "Choose rows without a withheld value: a figure may neither show one nor be"
        " computed from one (a total, average, rank or change would give it away).",
    ),
)
