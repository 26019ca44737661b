"""Tasks for people and CI (`invoke --list`). `make` wraps them after setting up .venv."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import Context, Exit, task

ROOT = Path(__file__).parent
sys.path.insert(0, str(ROOT / "plugins"))

from newsroom.core.errors import NewsroomError, render_errors  # noqa: E402
from newsroom.site.build import inspect_site  # noqa: E402

OUTPUT = ROOT / "output"
WATCHED = ("content", "data", "theme", "plugins", "pelicanconf.py")


@task(
    help={
        "settings": "settings file: pelicanconf.py (default) or publishconf.py",
        "preview": "include embargoed articles and releases, with a banner, in preview/",
        "force": "build even if nothing changed since the last build",
    }
)
def build(
    c: Context, settings: str = "pelicanconf.py", preview: bool = False, force: bool = False
) -> None:
    """Validate every data package and build the site into output/ (or preview/)."""
    # In a process of its own, the one `invoke bench` measures: it imports only what
    # the build needs, ends without freeing the build's objects, and under `serve` it
    # runs the plugin's code as it is now. It prints its own problems.
    command = [sys.executable, "-m", "newsroom.site.build", "--settings", settings]
    command += (["--preview"] if preview else []) + (["--force"] if force else [])
    paths = [str(ROOT / "plugins"), *filter(None, [os.environ.get("PYTHONPATH")])]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    if subprocess.run(command, cwd=ROOT, env=environment, check=False).returncode != 0:
        raise Exit(code=1)


@task(help={"article": "the article's path, e.g. content/news/x.md (default: every article)"})
def pin(c: Context, article: str = "") -> None:
    """Pin articles, in every language, to the data releases they use now (re-pinning
    accepts revisions)."""
    from newsroom.news.pins import articles_data_releases, write_pins

    report = inspect_site(ROOT / "pelicanconf.py")
    if report.problems or report.build is None:
        raise Exit(render_errors(report.problems), code=1)
    used = articles_data_releases(report.builds)
    if article:
        if article not in used:
            raise Exit(f"{article} uses no chart or figure, or is not an article.", code=1)
        used = {article: used[article]}
    write_pins(ROOT / "content", used, report.build.now.date().isoformat())
    for source, versions in sorted(used.items()):
        print(f"pinned {source}: " + ", ".join(f"{n} {v}" for n, v in sorted(versions.items())))


@task(
    help={
        "title": "the release's title, in its language",
        "lang": "its language (default: the site's default language), e.g. cy",
        "original": "the release it translates, e.g. content/news/x.md (shares its Slug)",
    }
)
def new(c: Context, title: str, lang: str = "", original: str = "") -> None:
    """Start a new press release (or the translation of one) in content/news/."""
    from newsroom.core.languages import site_languages
    from newsroom.news.new_release import new_release
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    try:
        path = new_release(
            ROOT / settings["PATH"],
            ROOT,
            site_languages(settings),
            title,
            datetime.now(ZoneInfo(settings["TIMEZONE"])),  # the time the site's dates are in
            lang,
            Path(original) if original else None,
        )
    except NewsroomError as error:
        raise Exit("\n".join(str(problem) for problem in error.problems), code=1) from None
    print(f"Written {path.relative_to(ROOT)}: write the release there (docs/authors-guide.md).")


@task
def validate(c: Context) -> None:
    """Validate every data package in data/ without building the site."""
    from newsroom.core.cache import ContentCache
    from newsroom.core.paths import CACHE_PATH_DEFAULT, DATA_PATH_DEFAULT
    from newsroom.data.packages import load_packages

    try:
        packages = load_packages(
            ROOT / DATA_PATH_DEFAULT,
            ROOT,
            ContentCache(ROOT / CACHE_PATH_DEFAULT),
        )
    except NewsroomError as error:
        raise Exit(render_errors(error.problems), code=1) from None
    for package in packages:
        rows = ", ".join(r.name for r in package.resources)
        print(f"valid  {package.display_path}  ({rows})")


@task(help={"csv": "where to write the CSV (default figures.csv)"})
def figures(c: Context, csv: str = "figures.csv") -> None:
    """List every figure and chart, in every language, with its source line, value,
    definition and status."""
    from newsroom.figures.report import render_table, report_rows, write_csv

    report = inspect_site(ROOT / "pelicanconf.py")
    rows = report_rows(report.builds)
    print(render_table(rows))
    write_csv(rows, Path(csv))
    print(f"\n{len(rows)} figures and charts; written to {csv}.")
    if report.problems:
        raise Exit(render_errors(report.problems), code=1)


@task
def translations(c: Context) -> None:
    """List articles and pages missing a translation, or older than their original."""
    from newsroom.core.languages import site_languages
    from newsroom.news.translation_report import render_table as translation_table
    from newsroom.news.translation_report import translation_rows

    report = inspect_site(ROOT / "pelicanconf.py")
    if report.problems or report.build is None:
        raise Exit(render_errors(report.problems), code=1)
    languages = site_languages(report.build.settings)
    rows = translation_rows(report.build.contents, languages, ROOT)
    print(translation_table(rows) if rows else "Every article and page is translated.")
    missing = sum(row["status"] == "missing" for row in rows)
    print(f"\n{missing} missing, {len(rows) - missing} outdated, in {', '.join(languages[1:])}.")


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
                with contextlib.suppress(Exit):  # the build printed its problems
                    build(c)
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


@task(
    help={
        "scale": "comma-separated scales (1 = 500 articles, 100 charts, 100,000 rows)",
        "repeats": "runs of each measurement; the median is reported",
    }
)
def bench(c: Context, scale: str = "1,4,16", repeats: int = 3) -> None:
    """Measure builds and validation against their baselines; write docs/benchmarks.md."""
    from tests.benchmark.run import main

    main(scale, repeats)


@task
def vendor(c: Context) -> None:
    """Re-create the vendored Vega JavaScript from the npm registry (needs npm)."""
    import subprocess
    import tarfile
    import tempfile

    from newsroom.site.vendored import INTERPRETER_IMPORT, SOURCE_MAP_COMMENT, VENDORED

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


@task(
    help={
        "target": "s3 (default) or git",
        "bucket": "S3 bucket (default: $NEWSROOM_S3_BUCKET)",
        "endpoint": "S3 endpoint URL for non-AWS hosts (default: $NEWSROOM_S3_ENDPOINT)",
        "prefix": "key prefix inside the bucket (default: $NEWSROOM_S3_PREFIX, else none)",
        "branch": "git branch that holds the site (default gh-pages)",
        "remote": "git remote to push the branch to (default: do not push)",
        "dry-run": "list what would be uploaded and deleted, and change nothing",
    }
)
def publish(
    c: Context,
    target: str = "s3",
    bucket: str = "",
    endpoint: str = "",
    prefix: str = "",
    branch: str = "gh-pages",
    remote: str = "",
    dry_run: bool = False,
) -> None:
    """Publish output/ to an S3-compatible bucket or a git branch (it does not build).

    Build first with `invoke build --settings publishconf.py`; see docs/publishing.md.
    """
    from newsroom.publish.common import PublishError
    from newsroom.publish.git import publish_to_git
    from newsroom.publish.s3 import S3Target, publish_to_s3

    if not OUTPUT.is_dir():
        raise Exit("output/ is missing: run `invoke build --settings publishconf.py`.", code=1)
    try:
        if target == "s3":
            s3 = S3Target(
                bucket=bucket or os.environ.get("NEWSROOM_S3_BUCKET", ""),
                endpoint=endpoint or os.environ.get("NEWSROOM_S3_ENDPOINT", ""),
                prefix=prefix or os.environ.get("NEWSROOM_S3_PREFIX", ""),
            )
            result = publish_to_s3(OUTPUT, s3, dry_run=dry_run)
        elif target == "git":
            result = publish_to_git(OUTPUT, ROOT, branch=branch, remote=remote, dry_run=dry_run)
        else:
            raise Exit(f'Unknown target "{target}": use --target s3 or --target git.', code=1)
    except PublishError as error:
        raise Exit(str(error), code=1) from None
    print(result.summary())
