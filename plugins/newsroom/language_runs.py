"""Step 0b: one language per Pelican run, wired into Pelican's signals.

The theme's environments get the run's message catalogue and Babel filters; the
generators keep only the run's language and give every item its counterparts.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican.generators import ArticlesGenerator, Generator, PagesGenerator
from pelican.utils import order_content

from .build_state import SETTINGS_KEY, NewsroomBuild
from .errors import NewsroomError
from .languages import (
    install_language,
    link_translations,
    load_translations,
    run_settings,
    site_languages,
    untranslated_strings,
    use_run_translations,
)

TRANSLATIONS_KEY = "NEWSROOM_GETTEXT"


def _docutils_language(record: logging.LogRecord) -> bool:
    """Pelican's reStructuredText reader warns about every language docutils cannot
    label (Welsh among them) even when the site has no .rst file: not a problem."""
    return not record.getMessage().startswith("Docutils has no localization for")


def prepare_language(settings: dict[str, Any]) -> None:
    """Load the run's catalogue once; every interface string must be in it."""
    build: NewsroomBuild = settings[SETTINGS_KEY]
    languages = site_languages(settings)
    lang = settings["DEFAULT_LANG"]
    for name, value in run_settings(settings, lang).items():
        if name.startswith("NEWSROOM_"):  # a run made without site_build: one language
            settings.setdefault(name, value)
    theme = Path(settings["THEME"])
    try:
        translations, translated = load_translations(theme, lang, languages[0])
    except NewsroomError as error:
        build.problems.extend(error.problems)
        return
    if lang != languages[0]:
        build.problems.extend(untranslated_strings(theme, lang, translated, build.project_root))
    settings[TRANSLATIONS_KEY] = translations
    use_run_translations(translations, lang)
    logging.getLogger("pelican.readers").addFilter(_docutils_language)
    install_language(build.templates, lang, translations)


def install_theme_language(generator: Generator) -> None:
    translations = generator.settings.get(TRANSLATIONS_KEY)
    if translations is not None:
        install_language(generator.env, generator.settings["DEFAULT_LANG"], translations)


def keep_run_language(generator: ArticlesGenerator) -> None:
    """The run writes its own language's articles; the others are only counterparts."""
    build: NewsroomBuild = generator.settings[SETTINGS_KEY]
    lang = generator.settings["DEFAULT_LANG"]
    order = generator.settings["ARTICLE_ORDER_BY"]
    problems = []
    for kept, translated in (
        ("articles", "translations"),
        ("hidden_articles", "hidden_translations"),
        ("drafts", "drafts_translations"),
    ):
        items = getattr(generator, kept) + getattr(generator, translated)
        problems += link_translations(items, build.project_root)
        setattr(generator, kept, order_content([i for i in items if i.lang == lang], order))
        setattr(generator, translated, [])
        for item in items:  # Pelican adds `translations` to the all-articles feeds
            item.translations = []
        if kept == "articles":
            build.contents += items
    if problems:
        raise NewsroomError(problems)


def keep_run_language_pages(generator: PagesGenerator) -> None:
    build: NewsroomBuild = generator.settings[SETTINGS_KEY]
    lang = generator.settings["DEFAULT_LANG"]
    order = generator.settings["PAGE_ORDER_BY"]
    problems = []
    for kept, translated in (
        ("pages", "translations"),
        ("hidden_pages", "hidden_translations"),
        ("draft_pages", "draft_translations"),
    ):
        items = getattr(generator, kept) + getattr(generator, translated)
        problems += link_translations(items, build.project_root)
        setattr(generator, kept, order_content([i for i in items if i.lang == lang], order))
        setattr(generator, translated, [])
        for item in items:
            item.translations = []
        if kept == "pages":
            build.contents += items
    if problems:
        raise NewsroomError(problems)
    generator.context["pages"] = generator.pages
    generator.context["hidden_pages"] = generator.hidden_pages
    generator.context["draft_pages"] = generator.draft_pages
