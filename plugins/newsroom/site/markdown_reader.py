"""Step 3b: Pelican's Markdown reader for the newsroom: each file's embargo and
language, then its reading with our syntax (markdown_extension).

With fast rebuilds on (NEWSROOM_FAST_REBUILDS), a reading is replayed while its file
and data are the same (rebuilds.reading_cache) and Markdown's parsing is cached
(rebuilds.markdown_cache); off, every file is read in full, to the same result.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime, pelican_open

from newsroom.core.errors import Location, NewsroomError, NewsroomProblem
from newsroom.core.languages import front_matter_lang, site_languages, unknown_language
from newsroom.data.tables import xml_safe
from newsroom.news.embargo import embargoed_until
from newsroom.rebuilds import reading_cache
from newsroom.rebuilds.markdown_cache import CachingMarkdown, configuration_salt
from newsroom.site.build_state import PLUGIN_TEMPLATES, SETTINGS_KEY, NewsroomBuild
from newsroom.site.markdown_extension import NewsroomExtension

META_PRIORITY = 27  # markdown.extensions.meta registers its preprocessor at 27
# Dates Python reads exactly as Pelican's dateutil does (a tenth of the reading of an
# article whose reading is replayed); any other form is left to Pelican.
PLAIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")


class NewsroomMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, with our extension told which file it reads."""

    def __init__(self, settings: dict) -> None:
        build: NewsroomBuild = settings[SETTINGS_KEY]
        self.data, self.embargoes, self.problems = build.data, build.embargoes, build.problems
        self.cache, self.images = build.tools.cache, build.charts_made.images
        self.additions = build.reading_additions()
        self.fast_rebuilds = build.fast_rebuilds
        self.extension = NewsroomExtension(build.data, build.urls, build.tools, self.images)
        self.extension.additions = self.additions
        markdown_settings = dict(settings["MARKDOWN"])
        markdown_settings["extensions"] = [*markdown_settings.get("extensions", []), self.extension]
        super().__init__({**settings, "MARKDOWN": markdown_settings})
        self._md: Markdown | None = None
        self._meta: Preprocessor | None = None
        self.markdown_salt = ""
        if self.fast_rebuilds:
            self.markdown_salt = configuration_salt(self.settings["MARKDOWN"])
        self.run_salt: str | None = None  # worked out at the first file: data are loaded

    def read(self, source_path: str) -> tuple[str, dict]:
        data = self.data
        shown = self.extension.source = data.shown_path(Path(source_path))
        try:
            source = Path(source_path).read_bytes()  # read once for every look at it
            text = source.decode("utf-8")
            # Remembered even when not skipped: the site changes then, and pages show it.
            until = embargoed_until(text, data.now, data.settings)
            if until is not None:
                self.embargoes.note(shown, until)
            if until and not data.preview:
                return "", {"status": "skip"}  # not even rendered: its data may be embargoed
            self.extension.file_lang = self._file_language(text)
            self.extension.render = self.extension.file_lang == data.settings["DEFAULT_LANG"]
            if self.fast_rebuilds:
                content, metadata = self._read_or_replayed(source_path, source)
            else:
                content, _, _, metadata = self._converted(source_path)
        except NewsroomError as error:
            self.problems.extend(error.problems)
            raise
        except Exception as error:  # Pelican would log it without its reason
            self.problems.append(
                NewsroomProblem(
                    "content-unreadable",
                    Location(shown),
                    f"the file could not be read: {str(error).rstrip('.')}.",
                    "Check the file's front matter and Markdown.",
                )
            )
            raise
        # XML 1.0 cannot hold these (feeds, SVG): a pasted control character is dropped.
        return xml_safe(content), xml_safe(metadata)

    def process_metadata(self, name: str, value: Any) -> Any:
        if name == "date" and isinstance(value, str):
            plain = value.replace("_", " ").strip()
            if PLAIN_DATE.fullmatch(plain):
                try:
                    return SafeDatetime.fromisoformat(plain)
                except ValueError:  # no such day: Pelican says so, in its words
                    pass
        return super().process_metadata(name, value)

    def _read_or_replayed(self, source_path: str, source: bytes) -> tuple[str, dict]:
        """The file's reading as recorded when it was last read with the same data, or
        read now and recorded (reading_cache)."""
        data = self.data
        if self.run_salt is None:
            theme = Path(data.settings["THEME"])
            self.run_salt = reading_cache.run_salt(
                self.markdown_salt,
                data.settings,
                data.named_charts,
                data.catalog,
                data.units,
                [theme / "templates", theme / "translations", PLUGIN_TEMPLATES],
            )
        shown, lang = self.extension.source, self.extension.file_lang
        releases = data.catalog_for(shown).releases()
        key = reading_cache.reading_key(self.run_salt, source, shown, lang, releases)
        known = self.cache.get(reading_cache.NAMESPACE, key)
        reading = reading_cache.load(known) if known is not None else None
        if reading is not None and reading_cache.replay(
            reading, self.additions, self.images, data.catalog_for, self.cache
        ):
            self._source_path = source_path
            markdown, self._md = self._md, reading_cache.RecordedConversions(reading.formatted)
            try:
                return reading.content, self._parse_metadata(reading.meta)
            finally:
                self._md = markdown
        recorder = reading_cache.RecordingAdditions(self.additions)
        self.extension.additions = recorder
        try:
            content, meta, formatted, metadata = self._converted(source_path)
        finally:
            self.extension.additions = self.additions
        recorded = reading_cache.Reading(content, meta, formatted, recorder.events)
        self.cache.put(reading_cache.NAMESPACE, key, reading_cache.dump(recorded))
        return content, metadata

    def _converted(self, source_path: str) -> tuple[str, dict, dict, dict]:
        """Pelican's `MarkdownReader.read`, with one Markdown for every file (setting one
        up cost as much as converting a cached text); also the raw front matter and, with
        Markdown's parsing cached, the conversions of its formatted fields, for the record."""
        self._source_path = source_path
        if self._md is None:
            self._md = self._new_markdown()
            self._meta = self._md.preprocessors["meta"]
        elif "meta" not in self._md.preprocessors:  # Pelican's _parse_metadata removes it
            self._md.preprocessors.register(self._meta, "meta", META_PRIORITY)
        self._md.reset()
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        meta = getattr(self._md, "Meta", {})
        if not isinstance(self._md, CachingMarkdown):
            return content, meta, {}, self._parse_metadata(meta)
        self._md.conversions = {}
        try:
            metadata = self._parse_metadata(meta)
        finally:
            formatted, self._md.conversions = self._md.conversions, None
        return content, meta, formatted, metadata

    def _new_markdown(self) -> Markdown:
        settings = self.settings["MARKDOWN"]
        if self.fast_rebuilds:
            return CachingMarkdown(self.cache, self.markdown_salt, settings)
        return Markdown(**settings)

    def _file_language(self, text: str) -> str:
        """The file's language (this run publishes it if it is the run's); an unknown
        `Lang:` stops the build."""
        languages = site_languages(self.data.settings)
        found = front_matter_lang(text)
        if found is None:
            return languages[0]
        lang, line = found
        if lang not in languages:
            raise NewsroomError([unknown_language(lang, line, self.extension.source, languages)])
        return lang
