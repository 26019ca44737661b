"""Step 3b: a chart's words in the run's language.

Any text option of a chart block (title, subtitle, alt, caption, axis titles, source,
and the label of each annotation) may be one text, or a mapping of language codes to
texts:

    title: {en: Knife crime in South Wales, cy: Troseddau cyllyll yn Ne Cymru}

Each language's run draws the chart with its own text. When a site has several
languages, a mapping must give the required alt text in every one of them (a missing
one is an error at the `alt:` line); another text missing in a language falls back to
the site's default language.
"""

from __future__ import annotations

from typing import Any

from newsroom.core.errors import NewsroomError, NewsroomProblem
from newsroom.data.selection import OptionBlock

TEXT_OPTIONS = ("title", "subtitle", "alt", "caption", "x-title", "y-title", "source")
REQUIRED_IN_EVERY_LANGUAGE = ("alt",)


def chart_in_language(block: OptionBlock, lang: str, languages: list[str]) -> OptionBlock:
    """The block with each per-language text replaced by the text for lang."""
    options: dict[str, Any] = dict(block.options)
    problems: list[NewsroomProblem] = []
    for name in TEXT_OPTIONS:
        value = options.get(name)
        if not isinstance(value, dict):
            continue
        unknown = sorted(str(code) for code in value if code not in languages)
        if unknown:
            problems += block.error(
                "chart-language-unknown",
                name,
                f'"{name}" has a text for "{unknown[0]}", which is not a language of the site'
                f" ({', '.join(languages)}).",
                "Use the codes of NEWSROOM_LANGUAGES as keys, e.g. {en: ..., cy: ...}.",
            ).problems
            continue
        missing = [code for code in languages if not str(value.get(code) or "").strip()]
        if name in REQUIRED_IN_EVERY_LANGUAGE and missing:
            problems += block.error(
                "chart-alt-translation-missing",
                name,
                f'the alt text has no translation in "{missing[0]}": screen readers on the'
                f" {missing[0]} page would read nothing, or the wrong language.",
                f"Add `{missing[0]}: ...` under alt (docs/bilingual.md).",
            ).problems
            continue
        options[name] = _pick(value, lang, languages)
    if isinstance(options.get("annotations"), list):  # each label may be per language
        options["annotations"] = [
            {**item, "label": _pick(item["label"], lang, languages)}
            if isinstance(item, dict) and isinstance(item.get("label"), dict)
            else item
            for item in options["annotations"]
        ]
    if problems:
        raise NewsroomError(problems)
    return OptionBlock(block.source, block.line, options, block.option_lines)


def _pick(texts: dict[str, Any], lang: str, languages: list[str]) -> Any:
    return texts.get(lang) or texts.get(languages[0]) or next(iter(texts.values()), "")
