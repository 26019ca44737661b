"""The plugin's wiring into Pelican: `register()` is the table of contents of one build:
validate data → read Markdown with chart syntax → add generated articles →
write dataset, unit, figure and embed pages, downloads and chart files.
"""

from __future__ import annotations

from typing import Any

from pelican import Pelican, signals
from pelican.readers import Readers

from newsroom.charts.named import CHARTS_FOLDER
from newsroom.core.paths import project_cache
from newsroom.core.settings import check_settings
from newsroom.news.assembly import add_generated_articles
from newsroom.news.generated import TEMPLATES_FOLDER
from newsroom.rebuilds.parallel_writing import fork_page_renderer, sharded_writer
from newsroom.site.build_state import SETTINGS_KEY, WrittenUndefined, start_build
from newsroom.site.generator import NewsroomGenerator
from newsroom.site.language_runs import (
    install_theme_language,
    keep_run_language,
    keep_run_language_pages,
    prepare_language,
)
from newsroom.site.markdown_extension import NewsroomMarkdownReader


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
    environment["bytecode_cache"] = project_cache(pelican.settings).compiled_templates(
        {**environment, "i18n": True}
    )
    pelican.settings["JINJA_ENVIRONMENT"] = environment


def read_markdown_with_charts(readers: Readers) -> None:
    for extension in NewsroomMarkdownReader.file_extensions:
        readers.reader_classes[extension] = NewsroomMarkdownReader


def count_written_page(path: str, context: dict[str, Any]) -> None:
    build = context.get(SETTINGS_KEY)
    if build is not None:
        build.progress.done("pages written")


def add_generator(pelican: Pelican) -> type[NewsroomGenerator]:
    return NewsroomGenerator


def register() -> None:
    signals.initialized.connect(validate_data)
    signals.initialized.connect(set_up_templates)
    signals.readers_init.connect(read_markdown_with_charts)
    signals.generator_init.connect(install_theme_language)
    signals.get_writer.connect(sharded_writer)
    signals.all_generators_finalized.connect(fork_page_renderer)
    signals.article_generator_pretaxonomy.connect(add_generated_articles)
    signals.article_generator_pretaxonomy.connect(keep_run_language)
    signals.page_generator_finalized.connect(keep_run_language_pages)
    signals.get_generators.connect(add_generator)
    signals.content_written.connect(count_written_page)
