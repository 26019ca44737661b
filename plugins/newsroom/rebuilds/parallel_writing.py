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
import gc
import json
import logging
import os
import signal
import sys
import zlib
from typing import Any, Protocol

from pelican.generators import (
    ArticlesGenerator,
    Generator,
    PagesGenerator,
    TemplatePagesGenerator,
)
from pelican.writers import Writer

from newsroom.core.progress import BuildProgress

PELICAN_PAGE_GENERATORS = (ArticlesGenerator, PagesGenerator, TemplatePagesGenerator)
PARENT, CHILD = 0, 1
# The process's own place in the split, for end_page_renderer: not what is written.
_forked_child = False
_running_child: tuple[int, int] | None = None  # the parent's child and its pipe, till waited for


class WritesOtherFiles(Protocol):
    """A generator of the plugin's own: it renders pages through the writer, and writes
    other files itself unless `pages_only` is set (by this module, while only pages are
    to be written: in the child, and in the parent while it renders the child's half)."""

    pages_only: bool

    def generate_output(self, writer: Writer) -> None: ...


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
        gc.unfreeze()


class ShardedWriting(Writer):
    """Pelican's writer, to be mixed in before it (or a subclass of it): while `shard` is
    set it writes only the paths in that half."""

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


def fork_page_renderer(
    generators: list[Any], own: tuple[type[WritesOtherFiles], ...], progress: BuildProgress
) -> None:
    """Split the rendering of pages with a forked child, where that can help; own: the
    plugin's generators (WritesOtherFiles), whose pages are split too."""
    pages = [g for g in generators if isinstance(g, (*PELICAN_PAGE_GENERATORS, *own))]
    for generator in pages:
        for content in _contents(generator):
            _settle(content)
    if not pages or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    readable, writable = os.pipe()
    # The objects of the run so far, out of the collector's reach until the child is
    # done: a collection writes to every object it visits, and each page it writes to is
    # then copied for the process that wrote it (the forked child grew to a third of
    # the parent's size). Python's documentation advises freezing before a fork.
    gc.freeze()
    child = os.fork()
    if child == 0:
        os.close(readable)
        global _forked_child
        _forked_child = True
        _set_pages_only(pages, own, True)
        progress.silence()
        generators[:] = [_Shard(CHILD), *pages, _EndOfChild(writable, progress)]
        return
    os.close(writable)
    global _running_child
    _running_child = child, readable
    generators[:] = [
        step
        for generator in generators
        for step in (_Shard(PARENT if generator in pages else None), generator)
    ] + [_AwaitChild(pages, own, progress)]


def _set_pages_only(generators: list[Any], own: tuple[type, ...], pages_only: bool) -> None:
    for generator in generators:
        if isinstance(generator, own):
            generator.pages_only = pages_only


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

    def generate_output(self, writer: ShardedWriting) -> None:
        writer.shard = self.shard


class _EndOfChild:
    """The child's last step: tell the parent how it went, and leave."""

    def __init__(self, pipe: int, progress: BuildProgress) -> None:
        self.pipe = pipe
        self.progress = progress
        self.warnings = _warnings_logged()
        self.pages = progress.count("pages written")

    def generate_output(self, writer: ShardedWriting) -> None:
        report = {
            "clean": _warnings_logged() == self.warnings,
            "pages": self.progress.count("pages written") - self.pages,
        }
        os.write(self.pipe, json.dumps(report).encode("utf-8"))
        os._exit(0)


class _AwaitChild:
    """The parent's last step: wait for the child; render its half if it failed."""

    def __init__(self, pages: list[Any], own: tuple[type, ...], progress: BuildProgress) -> None:
        self.pages = pages
        self.own = own
        self.progress = progress

    def generate_output(self, writer: ShardedWriting) -> None:
        global _running_child
        assert _running_child is not None, "the parent's child was already waited for"
        (child, pipe), _running_child = _running_child, None
        with os.fdopen(pipe, "rb") as stream:
            received = stream.read()
        _, status = os.waitpid(child, 0)
        gc.unfreeze()
        report: dict[str, Any] = {}
        with contextlib.suppress(ValueError):
            report = json.loads(received or b"{}")
        if os.waitstatus_to_exitcode(status) == 0 and report.get("clean"):
            self.progress.done("pages written", int(report["pages"]))
            writer.shard = None
            return
        writer.shard = CHILD  # only what the child should have written
        _set_pages_only(self.pages, self.own, True)
        try:
            for generator in self.pages:
                generator.generate_output(writer)
        finally:
            writer.shard = None
            _set_pages_only(self.pages, self.own, False)


def _warnings_logged() -> int:
    """Warnings and errors recorded so far by the build's handler on Pelican's logger."""
    handlers = logging.getLogger("pelican").handlers
    return sum(len(getattr(handler, "records", [])) for handler in handlers)
