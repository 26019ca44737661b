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
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from newsroom.commands import OUTPUT_FOLDER, CommandError, run_build
from newsroom.site.live_reload import BuildEvents, OutputFiles
from newsroom.site.preview_server import start_preview_server
from newsroom.site.source_watch import SourceWatch

STOP_CHECK_SECONDS = 0.25


@dataclass
class Preview:
    """A site served on 127.0.0.1 with its open pages told about every build."""

    site: Path
    server: ThreadingHTTPServer
    events: BuildEvents
    output: OutputFiles
    sources: SourceWatch
    stopping: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def watch(self) -> None:
        """Build again whenever a source changes, until stop."""
        while not self.stopping.is_set():
            if self.sources.wait(STOP_CHECK_SECONDS):
                self.rebuild()
        self.sources.close()

    def rebuild(self) -> bool:
        """Build; tell the pages which files changed, or what went wrong."""
        built, problems = build_with_problems(self.site)
        if built:
            self.events.built(self.output.changes())
        else:
            self.events.failed(problems)
        return built

    def stop(self) -> None:
        self.stopping.set()
        self.events.close()
        self.server.shutdown()
        self.server.server_close()


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
    return Preview(site, server, events, OutputFiles(output), sources)


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


def build_with_problems(site: Path) -> tuple[bool, list[dict[str, Any]]]:
    """Build in a process of its own; whether it succeeded, and its problems as data."""
    handle, name = tempfile.mkstemp(prefix="newsroom-problems-", suffix=".json")
    os.close(handle)
    report = Path(name)
    try:
        built = run_build(site, problems_json=report)
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
