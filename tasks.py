"""Tasks for people and CI (`invoke --list`). `make` wraps them after setting up .venv."""

from __future__ import annotations

import shutil
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from invoke import Context, Exit, task

ROOT = Path(__file__).parent
sys.path.insert(0, str(ROOT / "plugins"))

from newsroom.build_state import DEFAULTS  # noqa: E402
from newsroom.errors import NewsroomError, render_errors  # noqa: E402
from newsroom.site_build import BuildFailedError, build_site  # noqa: E402

OUTPUT = ROOT / "output"
WATCHED = ("content", "data", "theme", "plugins", "pelicanconf.py")


@task(help={"settings": "settings file: pelicanconf.py (default) or publishconf.py"})
def build(c: Context, settings: str = "pelicanconf.py") -> None:
    """Validate every data package and build the site into output/."""
    started = time.monotonic()
    try:
        build_site(ROOT / settings, OUTPUT)
    except BuildFailedError as failure:
        raise Exit(str(failure), code=1) from None
    print(f"Built output/ in {time.monotonic() - started:.1f} s.")


@task
def validate(c: Context) -> None:
    """Validate every data package in data/ without building the site."""
    from newsroom.cache import ContentCache
    from newsroom.packages import load_packages

    try:
        packages = load_packages(
            ROOT / DEFAULTS["NEWSROOM_DATA_PATH"],
            ROOT,
            ContentCache(ROOT / DEFAULTS["NEWSROOM_CACHE_PATH"]),
        )
    except NewsroomError as error:
        raise Exit(render_errors(error.problems), code=1) from None
    for package in packages:
        rows = ", ".join(r.name for r in package.resources)
        print(f"valid  {package.display_path}  ({rows})")


@task(help={"port": "port on localhost (default 8000)"})
def serve(c: Context, port: int = 8000) -> None:
    """Build, serve output/ on localhost and rebuild when a source file changes."""
    build(c)
    handler = partial(SimpleHTTPRequestHandler, directory=str(OUTPUT))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving http://127.0.0.1:{port}/ (Ctrl-C to stop); rebuilding on change.")
    seen = _snapshot()
    try:
        while True:
            time.sleep(1)
            now = _snapshot()
            if now != seen:
                seen = now
                try:
                    build(c)
                except Exit as failure:
                    print(failure.message, file=sys.stderr)
    except KeyboardInterrupt:
        server.shutdown()


def _snapshot() -> dict[Path, float]:
    files: dict[Path, float] = {}
    for name in WATCHED:
        path = ROOT / name
        for file in [path] if path.is_file() else path.rglob("*"):
            if file.is_file() and "__pycache__" not in file.parts:
                files[file] = file.stat().st_mtime
    return files


@task(help={"k": "only tests matching this expression"})
def test(c: Context, k: str = "") -> None:
    """Run ruff and the whole test suite."""
    python = sys.executable
    c.run(f"{python} -m ruff check .")
    c.run(f"{python} -m ruff format --check .")
    c.run(f"{python} -m pytest" + (f" -k {k!r}" if k else ""))


@task
def clean(c: Context) -> None:
    """Remove output/ and the build cache."""
    for path in (OUTPUT, ROOT / ".cache"):
        shutil.rmtree(path, ignore_errors=True)
