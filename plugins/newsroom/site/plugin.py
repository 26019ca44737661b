"""The plugin's wiring into Pelican: `register()` is the table of contents of one build:
validate data → read Markdown with chart syntax → add generated articles →
write dataset, unit, figure and embed pages, downloads and chart files.

Each handler takes the build's parts from the run's settings and hands a step what it
needs. What only makes rebuilds fast (rebuilds/) is plugged in here, run by run, while
NEWSROOM_FAST_REBUILDS is on: signals stay connected for the process, so the handlers
ask the run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from feedgenerator import Rss201rev2Feed
from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator, Generator
from pelican.readers import Readers
from pelican.writers import Writer

from newsroom.charts.named import CHARTS_FOLDER
from newsroom.core.languages import site_languages
from newsroom.core.settings import check_settings, fast_rebuilds, setting
from newsroom.figures.uses import NumberUse
from newsroom.news.article_templates import TEMPLATES_FOLDER, load_templates
from newsroom.news.assembly import add_generated_articles
from newsroom.rebuilds.parallel_writing import ShardedWriting, fork_page_renderer
from newsroom.site.build_start import (
    WrittenUndefined,
    compiled_templates,
    start_build,
)
from newsroom.site.build_state import SETTINGS_KEY, NewsroomBuild
from newsroom.site.feed_entries import entry_for_readers
from newsroom.site.generator import NewsroomGenerator
from newsroom.site.language_runs import (
    LanguageFeedWriter,
    install_theme_language,
    keep_run_language,
    keep_run_language_pages,
    prepare_language,
)
from newsroom.site.markdown_reader import NewsroomMarkdownReader
from newsroom.site.number_review import template_numbers, unreviewed


def validate_data(pelican: Pelican) -> None:
    check_settings(pelican.settings)
    pelican.settings[SETTINGS_KEY] = start_build(pelican.settings)
    prepare_language(pelican.settings)
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):  # templates are not articles
        pelican.settings[key] = [*pelican.settings.get(key, []), TEMPLATES_FOLDER, CHARTS_FOLDER]


def set_up_templates(pelican: Pelican) -> None:
    """Undefined variables are errors; compiled templates are cached between builds (each
    of Pelican's generators compiles the theme again, in both writing processes)."""
    environment = {**pelican.settings.get("JINJA_ENVIRONMENT", {})}
    environment.setdefault("undefined", WrittenUndefined)
    # language_runs.install_theme_language adds Jinja's i18n extension to every
    # generator's environment: that changes compiled code.
    environment["bytecode_cache"] = compiled_templates(
        pelican.settings, {**environment, "i18n": True}
    )
    pelican.settings["JINJA_ENVIRONMENT"] = environment


def read_markdown_with_charts(readers: Readers) -> None:
    for extension in NewsroomMarkdownReader.file_extensions:
        readers.reader_classes[extension] = NewsroomMarkdownReader


class NewsroomWriter(ShardedWriting, LanguageFeedWriter):
    """The run's writer with fast rebuilds on: feeds in the run's language, pages
    written in two halves (parallel_writing)."""


def choose_writer(pelican: Pelican) -> type[Writer]:
    return NewsroomWriter if fast_rebuilds(pelican.settings) else LanguageFeedWriter


def write_pages_in_two_processes(generators: list[Generator]) -> None:
    build: NewsroomBuild | None = generators[0].settings.get(SETTINGS_KEY) if generators else None
    if build is not None and build.fast_rebuilds:
        fork_page_renderer(generators, (NewsroomGenerator,), build.tools.progress)


def add_articles_from_data(generator: ArticlesGenerator) -> None:
    build: NewsroomBuild = generator.settings[SETTINGS_KEY]
    data = build.data
    unit_field = setting(data.settings, "NEWSROOM_UNIT_FIELD")
    add_generated_articles(generator, build.tools.cache, data.project_root, data.catalog,
                           data.units, unit_field, data.pins, build.problems)  # fmt: skip


def review_template_numbers(generator: ArticlesGenerator) -> None:
    """The numbers article templates write themselves, once (in the default language's
    run): the values they fill in are the data's."""
    build: NewsroomBuild = generator.settings[SETTINGS_KEY]
    languages = site_languages(generator.settings)
    if generator.settings["DEFAULT_LANG"] != languages[0]:
        return
    root = build.data.project_root
    for shown, meta, _ in load_templates(Path(generator.settings["PATH"]), root):
        text = (root / shown).read_text(encoding="utf-8")
        for line, span in template_numbers(text, meta.get("lang") or languages[0]):
            use = NumberUse(shown, line, span.text, span.kind, "UNREVIEWED")
            build.figures_made.number_uses.append(use)
            build.warnings.warn(unreviewed(shown, line, span))


def count_written_page(path: str, context: dict[str, Any]) -> None:
    build = context.get(SETTINGS_KEY)
    if build is not None:
        build.tools.progress.done("pages written")


def feed_for_readers(context: dict[str, Any], feed: Any) -> None:
    """Every feed, Pelican's and the unit feeds, just before it is written."""
    for item in feed.items:
        entry_for_readers(item, isinstance(feed, Rss201rev2Feed))


def add_generator(pelican: Pelican) -> type[NewsroomGenerator]:
    return NewsroomGenerator


def register() -> None:
    signals.initialized.connect(validate_data)
    signals.initialized.connect(set_up_templates)
    signals.readers_init.connect(read_markdown_with_charts)
    signals.generator_init.connect(install_theme_language)
    signals.get_writer.connect(choose_writer)
    signals.all_generators_finalized.connect(write_pages_in_two_processes)
    signals.article_generator_pretaxonomy.connect(add_articles_from_data)
    signals.article_generator_pretaxonomy.connect(review_template_numbers)
    signals.article_generator_pretaxonomy.connect(keep_run_language)
    signals.page_generator_finalized.connect(keep_run_language_pages)
    signals.get_generators.connect(add_generator)
    signals.feed_generated.connect(feed_for_readers)
    signals.content_written.connect(count_written_page)
