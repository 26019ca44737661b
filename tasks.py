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
from newsroom.figure_report import render_table, report_rows, write_csv  # noqa: E402
from newsroom.site_build import BuildFailedError, build_site, inspect_site  # noqa: E402

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


@task(help={"csv": "where to write the CSV (default figures.csv)"})
def figures(c: Context, csv: str = "figures.csv") -> None:
    """List every figure and chart with its source line, value, definition and status."""
    report = inspect_site(ROOT / "pelicanconf.py")
    rows = report_rows(report.build) if report.build else []
    print(render_table(rows))
    write_csv(rows, Path(csv))
    print(f"\n{len(rows)} figures and charts; written to {csv}.")
    if report.problems:
        raise Exit(render_errors(report.problems), code=1)


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
def vendor(c: Context) -> None:
    """Re-create the vendored Vega JavaScript from the npm registry (needs npm)."""
    import subprocess
    import tarfile
    import tempfile

    from newsroom.vendored import INTERPRETER_IMPORT, SOURCE_MAP_COMMENT, VENDORED

    target = ROOT / "plugins" / "newsroom" / "static" / "vendor"
    with tempfile.TemporaryDirectory() as folder:
        for package, (version, files) in VENDORED.items():
            packed = subprocess.run(
                ["npm", "pack", "--silent", f"{package}@{version}"],
                cwd=folder, check=True, capture_output=True, text=True,
            )  # fmt: skip
            tarball = Path(folder) / packed.stdout.strip().splitlines()[-1]
            with tarfile.open(tarball) as archive:
                for inside, name in files:
                    text = archive.extractfile(f"package/{inside}").read().decode("utf-8")
                    text = text.replace(*INTERPRETER_IMPORT)
                    lines = text.splitlines(keepends=True)
                    text = "".join(x for x in lines if not x.startswith(SOURCE_MAP_COMMENT))
                    (target / package).mkdir(parents=True, exist_ok=True)
                    (target / package / name).write_text(text, encoding="utf-8")
            print(f"vendored {package}@{version}")


@task
def clean(c: Context) -> None:
    """Remove output/ and the build cache."""
    for path in (OUTPUT, ROOT / ".cache"):
        shutil.rmtree(path, ignore_errors=True)
