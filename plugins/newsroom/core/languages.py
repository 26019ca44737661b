"""Step 0: the site's languages. One Pelican run per language, each into its own folder.

`NEWSROOM_LANGUAGES` lists the site's languages, the first being the default (its pages
keep the site's URLs); every other language is a sub-site under `/<code>/` with the same
structure. A run has `DEFAULT_LANG` set to its language: it writes that language's
articles and pages, knows the others only as counterparts (for the language switcher
and `hreflang`), and renders the theme with that language's message catalogue
(`theme/translations/<code>/LC_MESSAGES/messages.po`, compiled with Babel in memory),
dates and numbers in that language's Babel locale data.

Articles are linked by their slug (Pelican's `ARTICLE_TRANSLATION_ID`): a Welsh article
with the slug of an English one is its translation. `Translation: true` in a file's
front matter says it must have an original in another language.
"""

from __future__ import annotations

import functools
import io
import json
import re
from collections import defaultdict
from contextvars import ContextVar
from datetime import date, datetime
from pathlib import Path
from typing import Any

import babel
import babel.dates
import babel.numbers
import jinja2
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from newsroom.core import PLUGIN_FOLDER
from newsroom.core.cache import INTERFACE_TEXT_LIBRARIES, ContentCache, cache_key
from newsroom.core.errors import Location, NewsroomError, NewsroomProblem, did_you_mean, shown_path
from newsroom.core.settings import setting

LANGUAGES_SETTING = "NEWSROOM_LANGUAGES"
CATALOGUE = "translations/{lang}/LC_MESSAGES/messages.po"  # under the theme folder
TEMPLATE_FOLDERS = (PLUGIN_FOLDER / "templates",)  # the plugin's own templates
DATE_FORMAT = "d MMMM y, HH:mm"  # 12 July 2021, 10:00 / 12 Gorffennaf 2021, 10:00
FRONT_MATTER_LINE = re.compile(r"^(?P<key>[A-Za-z][\w-]*)\s*:\s*(?P<value>.*)$")


def site_languages(settings: dict[str, Any]) -> list[str]:
    """The site's language codes, the default first; an unknown code is a located error."""
    codes = [str(c).strip() for c in setting(settings, LANGUAGES_SETTING)]
    codes = codes or [str(settings.get("DEFAULT_LANG", "en"))]
    problems = [
        NewsroomProblem(
            "language-unknown",
            Location("pelicanconf.py"),
            f'{LANGUAGES_SETTING} names "{code}", which is not a language code Babel knows.',
            "Use ISO 639-1 codes such as en, cy, ga, gd.",
        )
        for code in codes
        if not known_language(code)
    ]
    if problems:
        raise NewsroomError(problems)
    return codes


def known_language(code: str) -> bool:
    try:
        babel.Locale.parse(code)
    except (ValueError, babel.UnknownLocaleError):
        return False
    return True


def language_prefix(languages: list[str], lang: str) -> str:
    """The folder of a language's pages inside the site: '' for the default, 'cy/'."""
    return "" if lang == languages[0] else f"{lang}/"


def run_settings(settings: dict[str, Any], lang: str) -> dict[str, Any]:
    """Settings that make one Pelican run publish one language of the site."""
    languages = site_languages(settings)
    prefix = language_prefix(languages, lang)
    here = "../" * prefix.count("/")
    overrides: dict[str, Any] = {
        "DEFAULT_LANG": lang,
        LANGUAGES_SETTING: languages,
        # relative path from this language's root to each language's root
        "NEWSROOM_LANGUAGE_PATHS": {
            code: "" if code == lang else here + language_prefix(languages, code)
            for code in languages
        },
        "NEWSROOM_LANGUAGE_URLS": {
            code: _join(settings.get("SITE_ABSOLUTE_URL", ""), language_prefix(languages, code))
            for code in languages
        },
        "NEWSROOM_LANGUAGE_NAMES": {code: language_name(code) for code in languages},
        # a file without `Lang:` is in the site's default language, whichever run reads it
        "DEFAULT_METADATA": {**settings.get("DEFAULT_METADATA", {}), "lang": languages[0]},
    }
    for kind in ("ARTICLE", "PAGE", "DRAFT", "DRAFT_PAGE"):
        for what in ("URL", "SAVE_AS"):
            if f"{kind}_{what}" in settings:  # a counterpart has the same address pattern
                overrides[f"{kind}_LANG_{what}"] = settings[f"{kind}_{what}"]
    if prefix:
        for name in ("SITEURL", "SITE_ABSOLUTE_URL"):
            if name in settings:
                overrides[name] = _join(settings[name], prefix).rstrip("/")
    # the language's own site name, subtitle, description, date formats...
    overrides.update(setting(settings, "NEWSROOM_LANGUAGE_SETTINGS").get(lang, {}))
    return overrides


def _join(url: str, prefix: str) -> str:
    return url.rstrip("/") + "/" + prefix if url else prefix


def language_name(code: str) -> str:
    """The language's name in itself: English, Cymraeg."""
    return babel.Locale.parse(code).get_display_name(code).capitalize()


# --- Interface strings ------------------------------------------------------------


# Interface words drawn into charts by Python code (legends, table headings): they come
# from the same catalogue as the templates' words, for the language of the current run.
PYTHON_MESSAGES = (
    "Average of %(count)s units", "Period", "Period average", "Data dictionary",
    "Average %(period)s: %(value)s", "%(first)s to %(last)s",
    "Field", "Title", "Type", "Unit", "Description", "Constraints",
    "keyword “%(keyword)s”", "unit %(unit)s", "%(value)s (computed: %(exact)s)",
    # the GSS symbols' meanings (data/disclosure.py) and the note under a chart with one
    "confidential", "not available", "not applicable", "low: rounds to zero, but is not zero",
    "%(symbol)s: %(meaning)s. Values that could identify people are withheld, and so is"
    " any total or average that includes one.", "%(symbol)s: %(meaning)s.",
)  # fmt: skip
_RUN_TRANSLATIONS: ContextVar[NullTranslations | None] = ContextVar(
    "newsroom_run_translations", default=None
)


_RUN_LANGUAGE: ContextVar[str] = ContextVar("newsroom_run_language", default="en")


def use_run_translations(translations: NullTranslations | None, lang: str = "en") -> None:
    _RUN_TRANSLATIONS.set(translations)
    _RUN_LANGUAGE.set(lang)


def run_wording() -> list[str]:
    """The run's language and its words for PYTHON_MESSAGES: part of the cache key of
    whatever Python code words (a chart's legend, headings and dates)."""
    translations = _RUN_TRANSLATIONS.get() or NullTranslations()
    return [_RUN_LANGUAGE.get(), *(translations.gettext(m) for m in PYTHON_MESSAGES)]


def run_catalogue() -> str:
    """The run's language and its whole message catalogue: part of the cache key of what
    Python code words in many messages (a figure's definition)."""
    return _catalogue_text(_RUN_TRANSLATIONS.get(), _RUN_LANGUAGE.get())


@functools.lru_cache(maxsize=8)
def _catalogue_text(translations: NullTranslations | None, lang: str) -> str:
    """Worked out once per run's catalogue, not once per figure. Without the header (the
    empty msgid), whose POT-Creation-Date Babel sets to the minute the catalogue is
    compiled: with it, every build in a new minute computed every figure again."""
    catalogue = getattr(translations, "_catalog", {})  # gettext's own msgid: msgstr
    return repr([lang, sorted(repr(item) for item in catalogue.items() if item[0])])


def interface_date(value: date | datetime, pattern: str) -> str:
    """A date in the current run's language, with a Babel pattern ("MMM y": Apr 2018)."""
    return babel.dates.format_date(value, pattern, locale=_RUN_LANGUAGE.get())


def interface_text(msgid: str, **values: Any) -> str:
    """msgid in the current run's language, with %(name)s values filled in."""
    translations = _RUN_TRANSLATIONS.get() or NullTranslations()
    return translations.gettext(msgid) % values


def load_translations(
    theme: Path, lang: str, default: str, root: Path
) -> tuple[NullTranslations, set[str]]:
    """The theme's catalogue for lang compiled in memory, and the strings it translates.

    The default language has none: its strings are the templates' own."""
    if lang == default:
        return NullTranslations(), set()
    path = theme / CATALOGUE.format(lang=lang)
    if not path.is_file():
        raise NewsroomError.single(
            "translation-catalogue-missing",
            Location(shown_path(path, root)),
            f'the site has the language "{lang}" but the theme has no message catalogue for it.',
            f"Copy theme/translations/cy/LC_MESSAGES/messages.po to {path} and translate it"
            " (docs/bilingual.md).",
        )
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    translated = {str(m.id) for m in catalogue if m.id and m.string and not m.fuzzy}
    return Translations(fp=compiled), translated


def untranslated_strings(
    theme: Path, lang: str, translated: set[str], root: Path, cache: ContentCache
) -> list[NewsroomProblem]:
    """Every interface string of the templates that lang's catalogue does not translate."""
    problems = [
        NewsroomProblem(
            "translation-missing",
            Location(shown_path(Path(__file__), root)),
            f'the interface text "{msgid}" has no translation in "{lang}".',
            f"Add it to theme/{CATALOGUE.format(lang=lang)} (msgid and msgstr).",
        )
        for msgid in PYTHON_MESSAGES
        if msgid not in translated
    ]
    for path, line, msgid in interface_messages(theme, cache):
        if msgid not in translated:
            problems.append(
                NewsroomProblem(
                    "translation-missing",
                    Location(shown_path(Path(path), root), line),
                    f'the interface text "{msgid}" has no translation in "{lang}".',
                    f"Add it to theme/{CATALOGUE.format(lang=lang)} (msgid and msgstr).",
                )
            )
    return problems


def interface_messages(theme: Path, cache: ContentCache) -> list[tuple[str, int, str]]:
    """(file, line, msgid) of every interface string of the templates, and of the plugin's
    own `interface_text("...")` calls (figure definitions, revision notices, download
    names): Python writes those into pages. Kept by the templates' content and the
    plugin's code: Babel's extraction took a tenth of a rebuild that had nothing to do."""
    folders = (theme / "templates", *TEMPLATE_FOLDERS)
    templates = sorted(path for folder in folders for path in folder.rglob("*.html"))
    key = cache_key(
        "interface-messages",
        data=[part for path in templates for part in (str(path), path.read_bytes())],
        libraries=INTERFACE_TEXT_LIBRARIES,
    )
    found = cache.made("interface-messages", key, lambda: json.dumps(_extracted(folders)).encode())
    return [(path, line, msgid) for path, line, msgid in json.loads(found)]


def _extracted(template_folders: tuple[Path, ...]) -> list[tuple[str, int, str]]:
    extracted = [
        (folder, extract_from_dir(
            str(folder),
            method_map=[("**.html", "jinja2.ext:babel_extract")],
            options_map={"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}},
        ))
        for folder in template_folders
    ]  # fmt: skip
    extracted.append(
        (PLUGIN_FOLDER, extract_from_dir(
            str(PLUGIN_FOLDER), method_map=[("**.py", "python")],
            keywords={"interface_text": None},
        ))
    )  # fmt: skip
    return [
        (str(folder / filename), line, message if isinstance(message, str) else message[0])
        for folder, messages in extracted
        for filename, line, message, _comments, _context in messages
    ]


def install_language(env: jinja2.Environment, lang: str, translations: NullTranslations) -> None:
    """Jinja's i18n extension with lang's catalogue, and Babel's dates and numbers."""
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["localdate"] = lambda value, fmt=DATE_FORMAT: format_date(value, lang, fmt)
    # Every digit kept (Babel's own pattern would round 0.123456 to 0.123).
    env.filters["localnumber"] = lambda value: babel.numbers.format_decimal(
        value, locale=lang, decimal_quantization=False
    )
    env.globals["page_lang"] = lang
    env.globals["language_name_in_page"] = lambda code: (
        babel.Locale.parse(code).get_display_name(lang) or code
    )


@functools.lru_cache(maxsize=8192)  # every list page writes the same dates again
def format_date(value: date | datetime | str, lang: str, fmt: str = DATE_FORMAT) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return babel.dates.format_datetime(value, fmt, tzinfo=value.tzinfo, locale=lang)
    return babel.dates.format_date(value, fmt.split(",")[0], locale=lang)


# --- Articles and their translations ------------------------------------------------


def front_matter_lang(text: str) -> tuple[str, int] | None:
    """The `Lang:` of a Markdown file's front matter and its line, read without rendering."""
    for number, line in enumerate(text.splitlines(), start=1):
        match = FRONT_MATTER_LINE.match(line)
        if not match:
            return None
        if match["key"].lower() == "lang":
            return match["value"].strip(), number
    return None


def unknown_language(lang: str, line: int, source: str, languages: list[str]) -> NewsroomProblem:
    return NewsroomProblem(
        "language-unknown",
        Location(source, line),
        f'"Lang: {lang}" is not a language of this site. {did_you_mean(lang, languages)}',
        f"Use one of {', '.join(languages)}, or add the language to {LANGUAGES_SETTING}.",
    )


def link_translations(items: list[Any], root: Path) -> list[NewsroomProblem]:
    """Give every item `counterparts` ({lang: item}); report duplicates and orphans."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        groups[item.slug].append(item)
    problems = []
    for slug, group in sorted(groups.items()):
        by_lang: dict[str, Any] = {}
        for item in sorted(group, key=lambda i: i.source_path):
            earlier = by_lang.setdefault(item.lang, item)
            if earlier is not item:
                problems.append(
                    NewsroomProblem(
                        "translation-duplicate",
                        Location(shown_path(Path(item.source_path), root)),
                        f'"{slug}" already has a translation in "{item.lang}":'
                        f" {shown_path(Path(earlier.source_path), root)}.",
                        "Keep one file per language for each Slug, or give one another Slug.",
                    )
                )
        for item in group:
            item.counterparts = {
                lang: other for lang, other in by_lang.items() if other is not item
            }
            declared = str(item.metadata.get("translation", "false")).lower() != "false"
            if declared and not item.counterparts:
                problems.append(
                    NewsroomProblem(
                        "translation-orphan",
                        Location(shown_path(Path(item.source_path), root)),
                        f"this file says it is a translation, but no article or page in another"
                        f' language has the Slug "{slug}".',
                        "Give it the Slug of the original, or remove 'Translation: true'.",
                    )
                )
    return problems
