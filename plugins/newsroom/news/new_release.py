"""`newsroom new`: the skeleton of a new press release, in any of the site's languages.

A release in the default language gets a Slug made from its title. A translation
(`newsroom new --lang cy --original content/news/x.md`) shares the original's Slug, says
`Translation: true`, is named after the original (`x.cy.md`) and repeats the original's
`Date:` (so its address is the original's under /cy/), `Units:` and figures blocks (so
that the translated words are checked against the same definitions). Without
`--original`, a release in another language stands alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from newsroom.core.errors import Location, NewsroomError, NewsroomProblem, did_you_mean, shown_path
from newsroom.core.languages import FRONT_MATTER_LINE

NEWS_FOLDER = "news"  # under the content folder
FIGURES_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*figures\s*$")
# Words of the skeleton, by language: the category and a first line to write over.
# The Welsh was written carefully; NEEDS REVIEW by a Welsh speaker.
SKELETON_WORDS = {
    "en": ("News", "Write the release here: the news first, then the figures and a quote."),
    "cy": ("Newyddion", "Ysgrifennwch y datganiad yma: y newyddion yn gyntaf, yna'r ffigurau a"
           " dyfyniad."),
}  # fmt: skip


@dataclass(frozen=True)
class OriginalRelease:
    """What a translation takes from its original."""

    path: Path
    slug: str
    lang: str
    date: str  # as written: the translation has the same, so the same address
    units: str
    figures_blocks: list[str]


def new_release(
    content: Path,
    project_root: Path,
    languages: list[str],
    title: str,
    now: datetime,
    lang: str = "",
    original: Path | None = None,
) -> Path:
    """Write the skeleton of a new release under content/news/ and return its path."""
    lang = lang or languages[0]
    if not title.strip():
        raise _problem("new-title-missing", "tasks.py", "the release needs a title.",
                       'Give one: newsroom new --title "..."')  # fmt: skip
    if lang not in languages:
        raise _problem(
            "language-unknown",
            "pelicanconf.py",
            f'"{lang}" is not a language of this site. {did_you_mean(lang, languages)}',
            f"Use one of {', '.join(languages)}.",
        )
    source = read_original(original, project_root, languages) if original else None
    if source is not None and source.lang == lang:
        raise _problem(
            "new-original-same-language",
            shown_path(source.path, project_root),
            f'the original is already in "{lang}": a translation is in another language.',
            f"Choose another --lang ({', '.join(c for c in languages if c != lang)}).",
        )
    slug = source.slug if source else slugify(title, DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    suffix = "" if lang == languages[0] else f".{lang}"
    if source is not None:  # x.md → x.cy.md, and x.cy.md → x.md: the original's name
        name = source.path.stem.removesuffix(f".{source.lang}") + f"{suffix}.md"
    else:
        name = f"{now:%Y-%m-%d}-{slug}{suffix}.md"
    target = content / NEWS_FOLDER / name
    if target.exists():
        raise _problem(
            "new-release-exists",
            shown_path(target, project_root),
            "a file with this name exists already; it is left as it is.",
            "Open it, or give the new release another title.",
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        release_skeleton(title, lang, slug, now, source, languages[0]), encoding="utf-8"
    )
    return target


def release_skeleton(
    title: str,
    lang: str,
    slug: str,
    now: datetime,
    original: OriginalRelease | None,
    default_lang: str,
) -> str:
    """The new file's text: front matter, a first line to write over, the figures."""
    category, first_line = SKELETON_WORDS.get(lang, SKELETON_WORDS["en"])
    date = original.date if original and original.date else f"{now:%Y-%m-%d %H:%M}"
    lines = [f"Title: {title.strip()}", f"Date: {date}", f"Category: {category}",
             f"Slug: {slug}"]  # fmt: skip
    lines += [f"Lang: {lang}"] if lang != default_lang else []
    if original is not None:
        lines += ["Translation: true"]
        lines += [f"Units: {original.units}"] if original.units else []
    lines += ["", first_line, ""]
    for block in original.figures_blocks if original else []:
        lines += [block, ""]
    return "\n".join(lines)


def read_original(path: Path, project_root: Path, languages: list[str]) -> OriginalRelease:
    """The Slug, language, Units and figures blocks of the release to translate."""
    if not path.is_absolute():
        path = project_root / path
    if not path.is_file():
        raise _problem(
            "new-original-missing",
            shown_path(path, project_root),
            "there is no such file to translate.",
            "Give the path of the original, e.g. --original content/news/x.md.",
        )
    text = path.read_text(encoding="utf-8")
    front: dict[str, str] = {}
    for line in text.splitlines():
        match = FRONT_MATTER_LINE.match(line)
        if not match:
            break
        front[match["key"].lower()] = match["value"].strip()
    title = front.get("title", path.stem)
    return OriginalRelease(
        path=path,
        slug=front.get("slug") or slugify(title, DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]),
        lang=front.get("lang") or languages[0],
        date=front.get("date", ""),
        units=front.get("units", ""),
        figures_blocks=_figures_blocks(text.splitlines()),
    )


def _figures_blocks(lines: list[str]) -> list[str]:
    blocks = []
    index = 0
    while index < len(lines):
        opening = FIGURES_FENCE.match(lines[index])
        if opening:
            end = next(
                (j for j in range(index + 1, len(lines)) if lines[j].strip() == opening["fence"]),
                None,
            )
            if end is None:  # the original's build reports it
                break
            blocks.append("\n".join(lines[index : end + 1]))
            index = end
        index += 1
    return blocks


def _problem(code: str, file: str, message: str, hint: str) -> NewsroomError:
    return NewsroomError([NewsroomProblem(code, Location(file), message, hint)])
