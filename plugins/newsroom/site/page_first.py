"""`newsroom serve`'s page-first path: after a save of one article, its page is
rendered by a warm renderer (page_renderer, one process per language) and shown before
the full build, which follows and always has the last word (docs/preview.md).

Only the preview uses it; published builds never run a renderer.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from newsroom.commands import SETTINGS_FILE, build_environment

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
RENDERERS_PREFIX = ".preview-pages-"
STOP_SECONDS = 2.0


def markdown_sources(site: Path, changes: set[Path] | None) -> list[str] | None:
    """The changed Markdown files of content/ (relative to the site), or None when any
    change is of another kind (data, theme, settings, code, a removed file)."""
    if not changes:
        return None
    content = (site / "content").resolve()
    found = []
    for path in changes:
        path = path.resolve()
        if path.suffix not in MARKDOWN_SUFFIXES or not path.is_file():
            return None
        if not path.is_relative_to(content):
            return None
        found.append(path.relative_to(site.resolve()).as_posix())
    return sorted(found)


@dataclass
class FirstPages:
    """What the renderers made of saved sources: pages written below `folder`, or the
    problems the full build will report, or why only the full build can show them."""

    sources: list[str]
    written: list[str] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    fallback: str = ""
    seconds: float = 0.0


class Renderer:
    """One language's page_renderer process."""

    def __init__(self, site: Path, lang: str, folder: Path) -> None:
        command = [sys.executable, "-m", "newsroom.site.page_renderer"]
        command += ["--settings", SETTINGS_FILE, "--lang", lang, "--output", str(folder)]
        self.process = subprocess.Popen(
            command,
            cwd=site,
            env=build_environment(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # the full build prints the same problems
            text=True,
        )
        self.started = threading.Event()  # it said whether it is ready
        self.failed = False
        self.reason = ""  # why it did not start
        self.stopped = False
        threading.Thread(target=self._wait_until_started, daemon=True).start()

    def _wait_until_started(self) -> None:
        answer = _answer(self.process.stdout)
        self.failed = not answer.get("ready")
        self.reason = answer.get("fallback", "")
        if self.failed and not self.stopped:
            print(f"No page first until the next good build: {self.reason}", file=sys.stderr)
        self.started.set()

    def ask(self, source: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"source": source}) + "\n")
        self.process.stdin.flush()

    def answer(self) -> dict[str, Any]:
        return _answer(self.process.stdout)

    def stop(self) -> None:
        """End the process: its requests end, or it is killed while it starts."""
        assert self.process.stdin is not None
        self.stopped = True
        if not self.started.is_set():
            self.process.kill()
        try:
            self.process.stdin.close()
            self.process.wait(timeout=STOP_SECONDS)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


def _answer(stream: IO[str] | None) -> dict[str, Any]:
    line = stream.readline() if stream is not None else ""
    try:
        return json.loads(line) if line else {"fallback": "the renderer ended"}
    except ValueError:
        return {"fallback": "the renderer said something else"}


class PageRenderers:
    """The renderers of the site's languages, started after a good build, stopped when
    a change needs the full build alone (their context is then out of date)."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.folder = Path(tempfile.mkdtemp(dir=site, prefix=RENDERERS_PREFIX))
        self.renderers: list[Renderer] = []
        self.lock = threading.Lock()
        self.closed = False
        self.reason = ""  # why the last start failed

    def start(self) -> None:
        """Start one renderer per language (in the background: each builds its context)."""
        from newsroom.core.languages import site_languages
        from newsroom.site.build import site_settings

        self.stop()
        self.reason = ""
        try:
            languages = site_languages(site_settings(self.site / SETTINGS_FILE, {}))
        except Exception as error:  # the full build reports it; no page comes first
            self.reason = f"{type(error).__name__}: {error}"
            print(f"No page first until the next good build: {self.reason}", file=sys.stderr)
            return
        with self.lock:
            if not self.closed:  # a build that ended after the preview stopped
                self.renderers = [Renderer(self.site, lang, self.folder) for lang in languages]

    def running(self) -> bool:
        """Whether renderers are starting or ready (none failed to start)."""
        with self.lock:
            return bool(self.renderers) and not any(r.failed for r in self.renderers)

    def ready(self) -> bool:
        with self.lock:
            renderers = list(self.renderers)
        return bool(renderers) and all(r.started.is_set() and not r.failed for r in renderers)

    def wait_until_ready(self, timeout: float) -> bool:
        with self.lock:
            renderers = list(self.renderers)
        started = all(r.started.wait(timeout) for r in renderers)
        return bool(renderers) and started and not any(r.failed for r in renderers)

    def render(self, sources: list[str]) -> FirstPages:
        """Ask every language's renderer for each source's page."""
        made = FirstPages(sources)
        with self.lock:
            for source in sources:
                for renderer in self.renderers:
                    renderer.ask(source)
                answers = [renderer.answer() for renderer in self.renderers]
                made.seconds = max([made.seconds, *(a.get("seconds", 0) for a in answers)])
                fallback = next((a["fallback"] for a in answers if "fallback" in a), "")
                if not fallback and all(a.get("not_here") for a in answers):
                    fallback = "no language's renderer writes it"
                if fallback:
                    made.fallback = f"{source}: {fallback}"
                    return made
                for answer in answers:
                    made.written += answer.get("written", [])
                    made.problems += answer.get("problems", [])
        return made

    def stop(self) -> None:
        with self.lock:
            for renderer in self.renderers:
                renderer.stop()
            self.renderers = []

    def close(self) -> None:
        with self.lock:
            self.closed = True
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
