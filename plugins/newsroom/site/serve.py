"""`newsroom serve`: build, serve output/ on localhost, build again on every change, and
tell the open pages (see preview_server and live_reload).

For writers and designers on their own machine, not for production: Python's HTTP server
sends no compression or caching headers. Each build is a process of its own (see
newsroom.commands.run_build), so an edit to the plugin's code is used by the next build;
it writes its problems as JSON, which the open pages show over themselves.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from newsroom.commands import OUTPUT_FOLDER, CommandError, run_build
from newsroom.site.live_reload import BuildEvents, OutputFiles
from newsroom.site.page_first import FirstPages, PageRenderers, markdown_sources
from newsroom.site.preview_server import start_preview_server
from newsroom.site.source_watch import SourceWatch

STOP_CHECK_SECONDS = 0.25


@dataclass
class FirstPage:
    """A page the page-first path wrote into output/ ahead of the full build: kept until
    a build that started after its save has ended, and written again after the builds
    that started before (whose swap replaced it with the older page)."""

    content: bytes
    save: int


@dataclass
class Preview:
    """A site served on 127.0.0.1 with its open pages told about every build.

    Each save is counted; the edited article's page comes first from the renderers
    (page_first) and the full build follows in a thread of its own."""

    site: Path
    server: ThreadingHTTPServer
    events: BuildEvents
    output: OutputFiles
    sources: SourceWatch
    renderers: PageRenderers
    stopping: threading.Event = field(default_factory=threading.Event)
    build_wanted: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    saves: int = 0
    first_pages: dict[str, FirstPage] = field(default_factory=dict)  # by output path
    renderers_stale: bool = False
    written_first: bool = False  # output/ holds pages no good build has written yet
    problems: list[dict[str, Any]] = field(default_factory=list)  # the last build's
    shown_first: list[FirstPages] = field(default_factory=list)  # the last ones, newest last

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def watch(self) -> None:
        """Until stop: show each saved article's page first, and build in the
        background after every change."""
        builder = threading.Thread(target=self._build_when_wanted, daemon=True)
        builder.start()
        while not self.stopping.is_set():
            if self.sources.wait(STOP_CHECK_SECONDS):
                with self.lock:
                    self.saves += 1
                self.show_first(self.sources.changes())
                self.build_wanted.set()
        builder.join()
        self.sources.close()

    def _build_when_wanted(self) -> None:
        while not self.stopping.is_set():
            if self.build_wanted.wait(STOP_CHECK_SECONDS):
                self.build_wanted.clear()
                self.rebuild()

    def show_first(self, changes: set[Path] | None) -> FirstPages | None:
        """Render the saved articles' pages with the warm renderers, move them into
        output/ and tell the pages; None when the change is not one they can show."""
        if changes is not None and not changes:  # editors' scratch files only
            return None
        sources = markdown_sources(self.site, changes)
        if sources is None:
            self._renderers_out_of_date()
            return None
        if not self.renderers.ready():
            return None
        made = self.renderers.render(sources)
        if made.fallback:
            print(f"Full build only: {made.fallback}", file=sys.stderr)
            self._renderers_out_of_date()
            return None
        with self.lock:
            shown = set(sources)
            self.problems = [p for p in self.problems if p.get("file") not in shown]
            self.problems += made.problems
            if made.problems:
                self.events.failed(self.problems)
            else:
                for relative in made.written:
                    page = self.renderers.folder / relative
                    self.first_pages[relative] = FirstPage(page.read_bytes(), self.saves)
                    self._put_in_output(relative, page)
                self.written_first = True
                self.events.built(set(made.written), self.problems)
            self.shown_first = [*self.shown_first[-9:], made]
        print(f"Shown first ({made.seconds:.2f} s): {', '.join(sources)}", file=sys.stderr)
        return made

    def _renderers_out_of_date(self) -> None:
        with self.lock:
            self.renderers_stale = True
        self.renderers.stop()

    def _put_in_output(self, relative: str, page: Path) -> None:
        """Move a page into output/ in one rename (a build may be swapping output/ at that
        moment: the page is written again after it)."""
        target = self.output.folder / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(page, target)
        except OSError:
            return
        self.output.note(relative)

    def rebuild(self) -> bool:
        """Build; tell the pages which files changed, or what went wrong."""
        with self.lock:
            started, force = self.saves, self.written_first
        # Forced after a page written first: the sources may be those of the last good
        # build again, while output/ is not its output any more.
        built, problems = build_with_problems(self.site, force=force)
        with self.lock:
            for relative, page in list(self.first_pages.items()):
                if page.save <= started:
                    del self.first_pages[relative]
                elif built:
                    self._write_again(relative, page.content)
            if built:
                self.written_first = bool(self.first_pages)
                self.problems = []
                self.events.built(self.output.changes())
                if self.renderers_stale or not self.renderers.running():
                    self.renderers_stale = False
                    self.renderers.start()
            else:
                self.problems = problems
                self.events.failed(problems)
        return built

    def _write_again(self, relative: str, content: bytes) -> None:
        staged = self.renderers.folder / (relative + ".again")
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(content)
        self._put_in_output(relative, staged)

    def stop(self) -> None:
        self.stopping.set()
        self.events.close()
        self.server.shutdown()
        self.server.server_close()
        self.renderers.close()


def open_preview(site: Path, port: int = 8000) -> Preview:
    """Build the site and serve it. A failed first build is served over the last good
    output/ with its problems; with no output/ at all there is nothing to serve."""
    sources = SourceWatch(site)  # before the build: a change during it is one to build
    built, problems = build_with_problems(site)
    output = site / OUTPUT_FOLDER
    if not built and not output.is_dir():
        sources.close()
        raise CommandError("The site did not build: there is nothing to serve.")
    events = BuildEvents()
    if not built:
        events.failed(problems)
    server = start_preview_server(output, port, events)
    renderers = PageRenderers(site)
    if built:
        renderers.start()
    preview = Preview(site, server, events, OutputFiles(output), sources, renderers)
    preview.problems = [] if built else problems
    return preview


def serve_site(site: Path, port: int = 8000) -> None:
    """Build the site, serve its output/ on 127.0.0.1:port and rebuild on change, until
    Ctrl-C. A failed rebuild prints its problems and shows them in the open pages; the
    last good output stays served."""
    preview = open_preview(site, port)
    print(f"Serving {preview.url} (Ctrl-C to stop); rebuilding and reloading on change.")
    try:
        preview.watch()
    except KeyboardInterrupt:
        preview.stop()


def build_with_problems(site: Path, force: bool = False) -> tuple[bool, list[dict[str, Any]]]:
    """Build in a process of its own; whether it succeeded, and its problems as data."""
    handle, name = tempfile.mkstemp(prefix="newsroom-problems-", suffix=".json")
    os.close(handle)
    report = Path(name)
    try:
        built = run_build(site, force=force, problems_json=report)
        try:
            problems = json.loads(report.read_text(encoding="utf-8") or "[]")
        except ValueError:
            problems = []
    finally:
        report.unlink(missing_ok=True)
    if not built and not problems:  # it ended before it could say why
        problems = [
            {
                "code": "build-crashed",
                "location": "the terminal",
                "file": "",
                "line": None,
                "message": "The build ended without a report.",
                "hint": "Read what it printed in the terminal that runs `newsroom serve`.",
            }
        ]
    return built, problems
