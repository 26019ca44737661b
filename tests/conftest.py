"""Shared fixtures: a copy of the real site in tmp_path, built in-process or as a command."""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from newsroom.site.build import BuildFailedError, build_site

REPO = Path(__file__).resolve().parent.parent
SITE_PARTS = ("content", "data", "theme", "plugins", "pelicanconf.py", "publishconf.py")


@dataclass
class SiteCopy:
    """A copy of the project's site in a temporary folder, to build and to break."""

    root: Path
    warnings: str = ""

    @property
    def output(self) -> Path:
        return self.root / "output"

    def build(
        self, overrides: dict | None = None, output: Path | None = None, force: bool = False
    ) -> bool:
        """Build the site; False when it was up to date and nothing was built. The
        development build's summary of warnings is kept in `warnings`."""
        result = build_site(self.root / "pelicanconf.py", output or self.output, overrides, force)
        self.warnings = result.warnings
        return result.built

    def build_fails(self, overrides: dict | None = None) -> str:
        with pytest.raises(BuildFailedError) as failure:
            self.build(overrides)
        return str(failure.value)

    def run_build_command(
        self, memory_cap_mb: int | None = None, timeout: int = 300
    ) -> subprocess.CompletedProcess[str]:
        """`python -m newsroom.site.build` in the site, optionally with a memory cap."""

        def limit_memory() -> None:
            if memory_cap_mb:
                cap = memory_cap_mb * 2**20
                resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))

        env = {**os.environ, "PYTHONPATH": str(self.root / "plugins")}
        return subprocess.run(
            [sys.executable, "-m", "newsroom.site.build"],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            preexec_fn=limit_memory,
        )

    def page(self, url: str) -> BeautifulSoup:
        path = self.output / url
        if path.is_dir() or url.endswith("/"):
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def resolve(self, page_url: str, href: str) -> Path:
        """The file a relative link on a page points at."""
        base = (
            (self.output / page_url).parent
            if not page_url.endswith("/")
            else self.output / page_url
        )
        target = (base / href.split("#")[0]).resolve()
        return target / "index.html" if target.is_dir() else target

    def tree_digest(self, skip: str | None = None) -> str:
        digest = hashlib.sha256()
        for path in sorted(self.output.rglob("*")):
            if skip and path.relative_to(self.output).parts[0] == skip:
                continue
            digest.update(path.relative_to(self.output).as_posix().encode())
            if path.is_file():
                digest.update(path.read_bytes())
        return digest.hexdigest()


def copy_site(target: Path) -> SiteCopy:
    for part in SITE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return SiteCopy(target)


@pytest.fixture(scope="session", autouse=True)
def shared_build_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One content-addressed cache (validation, chart images) for every site the tests
    build, as a team shares one on a build machine: each entry is keyed by its inputs."""
    folder = tmp_path_factory.mktemp("newsroom-cache")
    os.environ["NEWSROOM_CACHE"] = str(folder)
    return folder


@pytest.fixture
def site(tmp_path: Path) -> SiteCopy:
    """A fresh, unbuilt copy of the project's site."""
    return copy_site(tmp_path / "site")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> SiteCopy:
    """The project's site built once for read-only tests."""
    copy = copy_site(tmp_path_factory.mktemp("built") / "site")
    copy.build()
    return copy


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
]
# Records every Content-Security-Policy violation the page reports.
CSP_RECORDER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push({directive: e.effectiveDirective, blocked: e.blockedURI,
                     source: e.sourceFile, sample: e.sample});
}, true);
"""


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; CI must have it, elsewhere tests skip."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run must install it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@contextlib.contextmanager
def serving(
    folder: Path,
    headers: dict[str, str] | None = None,
    like_a_host: bool = False,
    joining_headers: bool = False,
):
    """A folder over HTTP on 127.0.0.1 for the duration, sending any extra headers;
    yields its base URL. `like_a_host` serves it as a static host would (see
    tests/static_host.py): the headers of the folder's `_headers` file, text compressed;
    `joining_headers`, as Cloudflare Pages does, joining overlapping rules' values."""
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from tests.static_host import StaticHostHandler

    class QuietHandler(SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, *args: object) -> None:
            pass

    handler = (
        StaticHostHandler.for_folder(folder, joined=joining_headers)
        if like_a_host or joining_headers
        else QuietHandler
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def served_site(built_site: SiteCopy):
    """The built site over HTTP on 127.0.0.1; yields its base URL."""
    with serving(built_site.output) as url:
        yield url


@pytest.fixture(scope="session")
def hosted_site(built_site: SiteCopy):
    """The built site served as a static host serves it: the `_headers` file's headers,
    compressed text, cache validators; yields its base URL."""
    with serving(built_site.output, like_a_host=True) as url:
        yield url
