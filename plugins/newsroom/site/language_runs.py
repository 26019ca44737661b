"""Step 0b: one language per Pelican run, wired into Pelican's signals.

The theme's environments get the run's message catalogue and Babel filters; the
generators keep only the run's language and give every item its counterparts.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.support import NullTranslations
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator
from pelican.utils import order_content
from pelican.writers import Writer

from newsroom.core.errors import NewsroomError
from newsroom.core.languages import (
    install_language,
    link_translations,
    load_translations,
    run_settings,
    site_languages,
    untranslated_strings,
    use_run_translations,
)
from newsroom.data.status import status_label, status_notice
from newsroom.site.build_state import SETTINGS_KEY, NewsroomBuild

TRANSLATIONS_KEY = "NEWSROOM_GETTEXT"
EMPTY_FEED_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)  # the same in every build


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
        translations, translated = load_translations(
            theme, lang, languages[0], build.data.project_root
        )
    except NewsroomError as error:  # reported before anything is written
        build.problems.extend(error.problems)
        translations, translated = NullTranslations(), set()
    if lang != languages[0] and translated:
        missing = untranslated_strings(
            theme, lang, translated, build.data.project_root, build.tools.cache
        )
        build.problems.extend(missing)
    settings[TRANSLATIONS_KEY] = translations
    use_run_translations(translations, lang)
    logging.getLogger("pelican.readers").addFilter(_docutils_language)
    install_language(build.tools.templates, lang, translations)
    install_status_filters(build.tools.templates)


def install_status_filters(env: Any) -> None:
    """`status|status_label` and `status|status_notice` (data/status.py) for templates."""
    env.filters["status_label"] = status_label
    env.filters["status_notice"] = status_notice


class LanguageFeedWriter(Writer):
    """Pelican's writer, with the run's language on its feeds (xml:lang, <language>)
    when the site has more than one."""

    def _create_new_feed(self, feed_type: str, feed_title: str, context: dict[str, Any]) -> Any:
        feed = super()._create_new_feed(feed_type, feed_title, context)
        if len(site_languages(self.settings)) > 1:
            feed.feed["language"] = self.settings["DEFAULT_LANG"]
        # A feed with no entry (a language with no article yet) was dated with the clock.
        newest_entry = feed.latest_post_date
        feed.latest_post_date = lambda: newest_entry() if feed.items else EMPTY_FEED_UPDATED
        return feed


def install_theme_language(generator: Generator) -> None:
    translations = generator.settings.get(TRANSLATIONS_KEY)
    if translations is not None:
        install_language(generator.env, generator.settings["DEFAULT_LANG"], translations)
    install_status_filters(generator.env)


def keep_run_language(generator: ArticlesGenerator) -> None:
    """The run writes its own language's articles; the others are only counterparts."""
    _keep_run_language(
        generator,
        generator.settings["ARTICLE_ORDER_BY"],
        [("articles", "translations"), ("hidden_articles", "hidden_translations"),
         ("drafts", "drafts_translations")],
    )  # fmt: skip


def keep_run_language_pages(generator: PagesGenerator) -> None:
    _keep_run_language(
        generator,
        generator.settings["PAGE_ORDER_BY"],
        [("pages", "translations"), ("hidden_pages", "hidden_translations"),
         ("draft_pages", "draft_translations")],
    )  # fmt: skip
    for name in ("pages", "hidden_pages", "draft_pages"):  # pages set their context earlier
        generator.context[name] = getattr(generator, name)


def _keep_run_language(generator: Generator, order: Any, lists: list[tuple[str, str]]) -> None:
    build: NewsroomBuild = generator.settings[SETTINGS_KEY]
    lang = generator.settings["DEFAULT_LANG"]
    problems = []
    for kept, translated in lists:
        items = getattr(generator, kept) + getattr(generator, translated)
        problems += link_translations(items, build.data.project_root)
        setattr(generator, kept, order_content([i for i in items if i.lang == lang], order))
        setattr(generator, translated, [])
        for item in items:  # Pelican adds `translations` to the all-articles feeds
            item.translations = []
        if kept in ("articles", "pages"):
            build.contents += items  # for `newsroom translations`
    if problems:
        raise NewsroomError(problems)
