"""Lists in the documentation that are written from the code, so that they cannot drift.

A Markdown file marks such a list with `<!-- NAME: generated -->` and `<!-- end NAME -->`
lines; what is between them is the code's, replaced whole when it is regenerated.
"""

from __future__ import annotations

import re
from pathlib import Path


def _block(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"^(<!-- {re.escape(name)}: generated[^\n]*-->\n)(.*?)^(<!-- end {re.escape(name)} -->)$",
        re.M | re.S,
    )


def generated_block(text: str, name: str) -> str:
    """What the file holds between NAME's markers; ValueError if it has no such block."""
    found = _block(name).search(text)
    if found is None:
        raise ValueError(f"no '<!-- {name}: generated -->' ... '<!-- end {name} -->' block")
    return found.group(2)


def with_generated_block(text: str, name: str, body: str) -> str:
    """The text with NAME's block replaced by body (which ends with a newline)."""
    generated_block(text, name)
    return _block(name).sub(lambda m: m.group(1) + body + m.group(3), text, count=1)


def regenerate(path: Path, name: str, body: str) -> bool:
    """Write body into the file's NAME block; True if that changed the file."""
    text = path.read_text(encoding="utf-8")
    updated = with_generated_block(text, name, body)
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text
