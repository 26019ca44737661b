"""Step 5, on two cores: the pages are rendered by this process and a forked one.

Rendering templates is half of a rebuild, and Pelican renders one page after another.
Once every generator has its context (`all_generators_finalized`) the build forks. The
child runs the generators that write only through Pelican's writer (articles, pages,
template pages, and our generator's pages) and renders the pages and feeds whose output
path falls in its half (a stable hash of the path); the parent renders the other half
and alone writes everything else (static files, downloads, chart images, catalogues).
Both processes hold the same state, so a page is the same whichever renders it.

The parent waits for the child before Pelican's `finalized`. If the child failed, or
logged a warning (a warning fails the build), the parent renders the child's half
itself, so every problem is raised and reported exactly as in one process.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
import zlib
from typing import Any

from pelican.generators import (
    ArticlesGenerator,
    Generator,
    PagesGenerator,
    TemplatePagesGenerator,
)

from newsroom.site.build_state import SETTINGS_KEY, NewsroomBuild
from newsroom.site.language_runs import LanguageFeedWriter

PELICAN_PAGE_GENERATORS = (ArticlesGenerator, PagesGenerator, TemplatePagesGenerator)
PARENT, CHILD = 0, 1
_pages_only = False  # in the child, and in the parent while it renders the child's half
_forked_child = False
_running_child: tuple[int, int] | None = None  # the parent's child and its pipe, till waited for


def pages_only() -> bool:
    """Whether generators are to render their pages and write nothing else now."""
    return _pages_only


def end_page_renderer() -> None:
    """Where the build returns from Pelican, however it ends. A child that gets there
    failed: it leaves rather than go on as a second copy of the build. A parent that
    gets there without waiting for its child (it failed first) stops the child."""
    global _running_child
    if _forked_child:
        os._exit(1)
    if _running_child is not None:
        child, pipe = _running_child
        _running_child = None
        os.close(pipe)
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)


class ShardedWriter(LanguageFeedWriter):
    """Pelican's writer; while `shard` is set it writes only the paths in that half."""

    shard: int | None = None

    def write_file(self, name: Any, *args: Any, **kwargs: Any) -> None:
        if not self._elsewhere(name):
            super().write_file(name, *args, **kwargs)

    def write_feed(self, elements: Any, context: Any, path: Any = None, *args: Any, **kw: Any):
        if not self._elsewhere(path):
            return super().write_feed(elements, context, path, *args, **kw)
        return None

    def _elsewhere(self, path: Any) -> bool:
        if self.shard is None or not path:
            return False
        return zlib.crc32(str(path).encode("utf-8")) % 2 != self.shard


def sharded_writer(pelican: Any) -> type[ShardedWriter]:
    return ShardedWriter


def fork_page_renderer(generators: list[Any]) -> None:
    """Split the rendering of pages with a forked child, where that can help."""
    pages = [g for g in generators if _shares_pages(g)]
    for generator in pages:
        for content in _contents(generator):
            _settle(content)
    if not pages or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return
    build: NewsroomBuild = pages[0].settings[SETTINGS_KEY]
    sys.stdout.flush()
    sys.stderr.flush()
    readable, writable = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(readable)
        global _pages_only, _forked_child
        _pages_only = _forked_child = True
        build.progress.silence()
        generators[:] = [_Shard(CHILD), *pages, _EndOfChild(writable, build)]
        return
    os.close(writable)
    global _running_child
    _running_child = child, readable
    generators[:] = [
        step
        for generator in generators
        for step in (_Shard(PARENT if generator in pages else None), generator)
    ] + [_AwaitChild(pages, build)]


def _shares_pages(generator: Generator) -> bool:
    """Whether the two processes split this generator's pages (Pelican's page writers
    and ours, whose other files the parent alone writes)."""
    from newsroom.site.generator import NewsroomGenerator

    return isinstance(generator, (*PELICAN_PAGE_GENERATORS, NewsroomGenerator))


def _settle(content: Any) -> None:
    """Work that every page would otherwise repeat, done once before the fork.

    An {attach} link moves its file in this process, before the static files are
    copied. A content's address no longer changes once every generator has its context,
    yet Pelican formats it again on every page that links to it (listings, feeds, tags):
    its own `override_url` holds the address from here on."""
    content.get_content(content.get_siteurl())
    content.override_url = content.url


def _contents(generator: Generator) -> list[Any]:
    names = ("articles", "translations", "hidden_articles", "hidden_translations",
             "drafts", "drafts_translations", "pages", "hidden_pages", "draft_pages")  # fmt: skip
    return [content for name in names for content in getattr(generator, name, [])]


class _Shard:
    """A step in Pelican's list of generators: the writer's half from here on."""

    def __init__(self, shard: int | None) -> None:
        self.shard = shard

    def generate_output(self, writer: ShardedWriter) -> None:
        writer.shard = self.shard


class _EndOfChild:
    """The child's last step: tell the parent how it went, and leave."""

    def __init__(self, pipe: int, build: NewsroomBuild) -> None:
        self.pipe = pipe
        self.build = build
        self.warnings = _warnings_logged()
        self.pages = build.progress.count("pages written")

    def generate_output(self, writer: ShardedWriter) -> None:
        report = {
            "clean": _warnings_logged() == self.warnings,
            "pages": self.build.progress.count("pages written") - self.pages,
        }
        os.write(self.pipe, json.dumps(report).encode("utf-8"))
        os._exit(0)


class _AwaitChild:
    """The parent's last step: wait for the child; render its half if it failed."""

    def __init__(self, pages: list[Any], build: NewsroomBuild) -> None:
        self.pages = pages
        self.build = build

    def generate_output(self, writer: ShardedWriter) -> None:
        global _running_child
        assert _running_child is not None, "the parent's child was already waited for"
        (child, pipe), _running_child = _running_child, None
        with os.fdopen(pipe, "rb") as stream:
            received = stream.read()
        _, status = os.waitpid(child, 0)
        report: dict[str, Any] = {}
        with contextlib.suppress(ValueError):
            report = json.loads(received or b"{}")
        if os.waitstatus_to_exitcode(status) == 0 and report.get("clean"):
            self.build.progress.done("pages written", int(report["pages"]))
            writer.shard = None
            return
        global _pages_only
        writer.shard, _pages_only = CHILD, True  # only what the child should have written
        try:
            for generator in self.pages:
                generator.generate_output(writer)
        finally:
            writer.shard, _pages_only = None, False


def _warnings_logged() -> int:
    """Warnings and errors recorded so far by the build's handler on Pelican's logger."""
    handlers = logging.getLogger("pelican").handlers
    return sum(len(getattr(handler, "records", [])) for handler in handlers)
