"""Newsroom: a Pelican plugin that publishes Frictionless data packages with the news.

`register()` is the table of contents of one build:
validate data → read Markdown with chart syntax → write dataset pages and chart files.
"""

from __future__ import annotations

from pelican import Pelican, signals
from pelican.readers import Readers

from .build_state import SETTINGS_KEY, start_build
from .generator import NewsroomGenerator
from .markdown_extension import NewsroomMarkdownReader


def validate_data(pelican: Pelican) -> None:
    pelican.settings[SETTINGS_KEY] = start_build(pelican.settings)


def read_markdown_with_charts(readers: Readers) -> None:
    for extension in NewsroomMarkdownReader.file_extensions:
        readers.reader_classes[extension] = NewsroomMarkdownReader


def add_generator(pelican: Pelican) -> type[NewsroomGenerator]:
    return NewsroomGenerator


def register() -> None:
    signals.initialized.connect(validate_data)
    signals.readers_init.connect(read_markdown_with_charts)
    signals.get_generators.connect(add_generator)
