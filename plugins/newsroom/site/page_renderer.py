"""The preview's page renderer: a process that keeps one language's run of the last good
build warm and renders one article's page again on request (docs/preview.md).

    python -m newsroom.site.page_renderer --settings pelicanconf.py --lang en --output DIR

It builds the run's context as a build does (reading replayed from the reading cache,
figures checked against the data, charts from the chart cache) but writes nothing. Then,
for each request on stdin (a JSON line {"source": "content/news/x.md"}), it reads that
file again with the run's own readers, and answers one JSON line on stdout:

- {"written": ["news/x/index.html"]}: the page, written below DIR (its language's folder
  included), for `newsroom serve` to move into output/;
- {"problems": [...]}: what the full build would report about the file, as data;
- {"not_here": true}: the file is another language's article;
- {"fallback": "why"}: an edit this renderer cannot show alone (a new file, a URL, the
  front matter listings depend on, a chart): only the full build can.

Its first line is {"ready": true}, or {"fallback": ...} when the run does not build. Only
`newsroom serve` runs it; a published build never does.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, TextIO

from newsroom.core.errors import NewsroomError, NewsroomProblem
from newsroom.site.build_state import FileAdditions

# Front matter a page shows but listings, URLs and links do not decide: an edit that
# changes any other field goes to the full build alone.
PAGE_ONLY_FIELDS = frozenset({"title", "summary", "description"})


def chart_key(chart: Any) -> tuple[Any, ...]:
    """What the files written for a chart (images, embed page, data) are made of; its
    line in the article is not."""
    fields = ("chart_id", "title", "subtitle", "alt", "caption", "source_line", "spec")
    return (*(getattr(chart, name) for name in fields), chart.interactive, chart.width)


class WarmRun:
    """One language's Pelican run, its context built, its generators kept."""

    def __init__(self, settings_file: Path, lang: str, output: Path) -> None:
        from pelican import Pelican
        from pelican.generators import ArticlesGenerator
        from pelican.settings import read_settings

        from newsroom.core.languages import language_prefix, run_settings, site_languages
        from newsroom.site.build import site_settings
        from newsroom.site.build_state import SETTINGS_KEY
        from newsroom.site.pelican_problems import RecordingHandler

        self.settings_file = settings_file.resolve()
        self.root = self.settings_file.parent
        site = site_settings(self.settings_file, {})
        self.prefix = language_prefix(site_languages(site), lang)
        self.output = output
        overrides = {
            **run_settings(site, lang),
            "OUTPUT_PATH": str(output / self.prefix),
            "DELETE_OUTPUT_DIRECTORY": False,
        }
        self.handler = RecordingHandler()
        logger = logging.getLogger("pelican")
        logger.addHandler(self.handler)
        logger.propagate = False
        self.pelican = Pelican(read_settings(str(self.settings_file), override=overrides))
        self.build = self.pelican.settings[SETTINGS_KEY]
        self.build.tools.progress.silence()
        context = self.pelican.settings.copy()  # as Pelican.run, which writes as well
        context["generated_content"] = {}
        context["static_links"] = set()
        context["static_content"] = {}
        context["localsiteurl"] = self.pelican.settings["SITEURL"]
        self.context = context
        self.generators = [
            cls(
                context=context,
                settings=self.pelican.settings,
                path=self.pelican.path,
                theme=self.pelican.theme,
                output_path=self.pelican.output_path,
            )
            for cls in self.pelican._get_generator_classes()
        ]
        for generator in self.generators:
            if hasattr(generator, "generate_context"):
                generator.generate_context()
        for generator in self.generators:
            if hasattr(generator, "refresh_metadata_intersite_links"):
                generator.refresh_metadata_intersite_links()
        self.articles = next(g for g in self.generators if isinstance(g, ArticlesGenerator))
        # By source path, as Pelican names it; the others: read by this run, not written.
        self.by_source = {a.source_path: a for a in self.articles.articles}
        self.read_only = {item.source_path for item in self.build.contents} - set(self.by_source)
        if self.handler.records or self.build.problems:
            raise NewsroomError(self.build.problems or [])

    def render(self, source: str) -> dict[str, Any]:
        """Read source again and write its page; the answer as in the module's doc."""
        path = (self.root / source).resolve()
        old = self.by_source.get(str(path))
        if old is None:
            if str(path) in self.read_only:  # another language's article, or a page
                return {"not_here": True}
            return {"fallback": "not one of the articles this run read (new, a page, a draft)"}
        shown = self.build.data.shown_path(path)
        earlier = self.build.take_file_additions(shown)
        problems_before = len(self.build.problems)
        self.handler.records.clear()
        article = self._read(path)
        problems = self.build.problems[problems_before:] + self._logged(shown)
        if article is None or problems:
            del self.build.problems[problems_before:]
            self.build.put_back_file_additions(shown, earlier)
            if not problems:
                return {"fallback": "the file was not read"}
            return {"problems": [problem.as_data() for problem in problems]}
        why = self._cannot_show_alone(old, article, earlier, shown)
        if why:
            self.build.put_back_file_additions(shown, earlier)
            return {"fallback": why}
        written = self._write(old, article, self.articles.output_path)
        if self.handler.records:  # e.g. a link Pelican could not resolve, met on writing
            return {"fallback": "the page's writing logged a warning"}
        return {"written": [written]}

    def warm_up(self) -> None:
        """Write one page into a folder thrown away: the first answer then does not wait
        for the template's compiling and the first conversion's imports."""
        if self.articles.articles:
            article = self.articles.articles[0]
            with tempfile.TemporaryDirectory(prefix="newsroom-warm-up-") as folder:
                self._write(article, article, folder)

    def _read(self, path: Path) -> Any:
        from pelican import signals
        from pelican.contents import Article

        generator = self.articles
        try:
            return generator.readers.read_file(
                base_path=generator.path,
                path=os.path.relpath(path, generator.path),
                content_class=Article,
                context=generator.context,
                preread_signal=signals.article_generator_preread,
                preread_sender=generator,
                context_signal=signals.article_generator_context,
                context_sender=generator,
            )
        except Exception:  # the reader put the reason in the build's problems
            return None

    def _logged(self, shown: str) -> list[NewsroomProblem]:
        from newsroom.site.pelican_problems import logged_problems

        explained = {shown}
        return logged_problems(self.handler, self.root, explained)

    def _cannot_show_alone(self, old: Any, new: Any, earlier: FileAdditions, shown: str) -> str:
        """Why the new reading needs the full build (other pages, files or links change),
        or ''."""
        if (new.url, new.save_as, new.lang, new.status) != (
            old.url,
            old.save_as,
            old.lang,
            old.status,
        ):
            return "its URL, language or status changed"
        fields = (set(old.metadata) | set(new.metadata)) - PAGE_ONLY_FIELDS
        if any(old.metadata.get(name) != new.metadata.get(name) for name in fields):
            return "front matter that other pages show changed"
        charts = [c for c in self.build.charts_made.charts.values() if c.source == shown]
        if sorted(map(chart_key, charts)) != sorted(map(chart_key, earlier.charts)):
            return "a chart changed"
        uses = {use.key for use in self.build.figures_made.figure_uses if use.source == shown}
        if uses != {use.key for use in earlier.figure_uses}:
            return "the figures it links to changed"
        return ""

    def _write(self, old: Any, article: Any, output_path: str) -> str:
        from pelican import signals

        from newsroom.site.generator import NewsroomGenerator
        from newsroom.site.language_runs import LanguageFeedWriter

        # What the generators gave the article after reading (its translations, its
        # place among the others) holds: the fields that decide it did not change.
        for name, value in vars(old).items():
            if name not in vars(article):
                setattr(article, name, value)
        newsroom = next(g for g in self.generators if isinstance(g, NewsroomGenerator))
        newsroom.annotate_articles([article], [])
        article.refresh_metadata_intersite_links()
        _replace(self.context, old, article)
        self.articles.add_source_path(article)  # the target of {filename} links to it
        self.by_source[article.source_path] = article
        generator = self.articles
        signals.article_generator_write_article.send(generator, content=article)
        writer = LanguageFeedWriter(output_path, settings=generator.settings)
        writer.write_file(
            article.save_as,
            generator.get_template(article.template),
            generator.context,
            relative_urls=generator.settings["RELATIVE_URLS"],
            article=article,
            category=getattr(article, "category", None),
            override_output=hasattr(article, "override_save_as"),
            url=article.url,
            blog=True,
        )
        return self.prefix + article.save_as


def _replace(context: dict[str, Any], old: Any, new: Any) -> None:
    """new in old's place in the context's lists (articles, dates, each category's...)."""
    seen: set[int] = set()

    def visit(value: Any) -> None:
        if id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, list):
            for index, item in enumerate(value):
                if item is old:
                    value[index] = new
                elif isinstance(item, list | tuple):
                    visit(item)
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, list | tuple):
                    visit(item)

    for value in context.values():
        visit(value)
    for generator_list in ("articles", "translations", "hidden_articles"):
        visit(context.get(generator_list, []))


def serve_requests(run: WarmRun, requests: TextIO, answers: TextIO) -> None:
    for line in requests:
        request = json.loads(line)
        started = time.monotonic()
        try:
            answer = run.render(request["source"])
        except Exception as error:  # the run may be half-changed: serve starts it again
            answer = {"fallback": f"{type(error).__name__}: {error}"}
        answer["seconds"] = round(time.monotonic() - started, 4)
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--lang", required=True)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    # The answers have stdout to themselves; what the run prints goes to stderr.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        run = WarmRun(args.settings, args.lang, args.output.resolve())
        run.warm_up()
    except Exception as error:  # the full build reports it; this renderer is not used
        answers.write(json.dumps({"fallback": f"{type(error).__name__}: {error}"}) + "\n")
        answers.flush()
        return 1
    answers.write(json.dumps({"ready": True}) + "\n")
    answers.flush()
    serve_requests(run, sys.stdin, answers)
    return 0


if __name__ == "__main__":
    from newsroom.site.build import exit_now

    exit_now(main())
