"""Step 3e: the templates of generated news, read and filled in.

A template is a Markdown file in `content/article-templates/` with Pelican front matter
and Jinja placeholders; `Kind:` says what it is written for (see `generated`), `Exclude:`
and `Only:` which units or packages it skips or keeps. Templates are filled in by a
sandboxed Jinja: a template is written by a comms officer, not a developer.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox

from newsroom.core.errors import Location, NewsroomError, did_you_mean

TEMPLATES_FOLDER = "article-templates"
KINDS = ("new-release", "unit-in-numbers")
FRONT_MATTER = re.compile(r"^(?P<key>[A-Za-z][\w-]*)\s*:\s*(?P<value>.*)$")


def load_templates(content: Path, project_root: Path) -> list[tuple[str, dict[str, str], str]]:
    """(display path, front matter, body) of every template."""
    found = []
    for path in sorted((content / TEMPLATES_FOLDER).glob("*.md")):
        shown = path.relative_to(project_root).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        meta: dict[str, str] = {}
        index = 0
        for index, line in enumerate(lines):  # noqa: B007 (index is used after the loop)
            match = FRONT_MATTER.match(line)
            if not match:
                break
            meta[match["key"].lower()] = match["value"].strip()
        kind = meta.get("kind", "")
        if kind not in KINDS:
            raise NewsroomError.single(
                "template-kind-unknown",
                Location(shown, 1),
                f'"Kind: {kind}" is not a kind of generated article. {did_you_mean(kind, KINDS)}',
                "Write 'Kind: new-release' or 'Kind: unit-in-numbers' in the front matter.",
            )
        found.append((shown, meta, "\n".join(lines[index:])))
    return found


ENVIRONMENT = jinja2.sandbox.SandboxedEnvironment(
    undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False
)
# `{{ text|yaml }}` writes text as one YAML scalar (JSON is YAML), whatever it holds.
ENVIRONMENT.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)


@functools.lru_cache(maxsize=256)
def _compiled(text: str) -> jinja2.Template:
    return ENVIRONMENT.from_string(text)


def render_template(template: str, text: str, line_offset: int, values: dict[str, Any]) -> str:
    """The text of a template (its body, or one front matter value) filled in."""
    try:
        return _compiled(text).render(**values)
    except jinja2.TemplateSyntaxError as error:
        line = (error.lineno or 1) + line_offset
        message = error.message or str(error)
    except (jinja2.UndefinedError, jinja2.sandbox.SecurityError, TypeError) as error:
        line, message = None, str(error)
    raise NewsroomError.single(
        "template-error",
        Location(template, line),
        f"the template could not be filled in: {message}.",
        "Check the placeholder names against docs/generated-articles.md.",
    )


def excluded_names(meta: dict[str, str]) -> set[str]:
    return {name.strip() for name in meta.get("exclude", "").split(",") if name.strip()}


def only_names(meta: dict[str, str]) -> set[str]:
    """`Only: id, id` limits a template to those units or packages (e.g. a translation)."""
    return {name.strip() for name in meta.get("only", "").split(",") if name.strip()}
