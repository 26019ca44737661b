"""Tasks for people and CI (`invoke --list`). `make` wraps them after setting up .venv.

The site's tasks are the `newsroom` command's (newsroom/cli.py) for this repository's
site, and call the same functions (newsroom/commands.py); the developers' tasks (test,
bench, vendor, clean) are only here.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from invoke import Context, Exit, task

ROOT = Path(__file__).parent
try:
    import newsroom  # noqa: F401  `make` installs this checkout's plugins/, editable
except ImportError:  # a Python that has not installed it, or a copy of the site in a test
    sys.path.insert(0, str(ROOT / "plugins"))

from newsroom import commands  # noqa: E402
from newsroom.site.serve import serve_site  # noqa: E402

OUTPUT = ROOT / "output"


def _report(command: Callable[[], str]) -> None:
    """Print what the command says; a failure exits 1 with its message."""
    try:
        print(command())
    except commands.CommandError as failure:
        if failure.output:
            print(failure.output)
        raise Exit(str(failure) or None, code=1) from None


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
    if not commands.run_build(ROOT, settings, preview, force):
        raise Exit(code=1)  # the build printed its problems


@task(help={"article": "the article's path, e.g. content/news/x.md (default: every article)"})
def pin(c: Context, article: str = "") -> None:
    """Pin articles, in every language, to the data releases they use now (re-pinning
    accepts revisions)."""
    _report(lambda: commands.pin_articles(ROOT, article))


@task(
    help={
        "title": "the release's title, in its language",
        "lang": "its language (default: the site's default language), e.g. cy",
        "original": "the release it translates, e.g. content/news/x.md (shares its Slug)",
    }
)
def new(c: Context, title: str, lang: str = "", original: str = "") -> None:
    """Start a new press release (or the translation of one) in content/news/."""
    _report(lambda: commands.start_release(ROOT, title, lang, original))


@task
def validate(c: Context) -> None:
    """Validate every data package in data/ without building the site."""
    _report(lambda: commands.validate_packages(ROOT))


@task(help={"csv": "where to write the CSV (default figures.csv)"})
def figures(c: Context, csv: str = "figures.csv") -> None:
    """List every figure and chart, in every language, with its source line, value,
    definition and status."""
    _report(lambda: commands.figures_report(ROOT, Path(csv)))


@task
def translations(c: Context) -> None:
    """List articles and pages missing a translation, or older than their original."""
    _report(lambda: commands.translations_report(ROOT))


@task(help={"port": "port on localhost (default 8000)"})
def serve(c: Context, port: int = 8000) -> None:
    """Build, serve output/ on localhost, rebuild when a source changes, reload the page."""
    try:
        serve_site(ROOT, port)
    except commands.CommandError as failure:
        raise Exit(str(failure), code=1) from None


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
        "shape-rows": "rows of each package shape the validation table measures",
    }
)
def bench(c: Context, scale: str = "1,4,16", repeats: int = 3, shape_rows: int = 1_000_000) -> None:
    """Measure builds and validation against their baselines; write docs/benchmarks.md."""
    from tests.benchmark.run import main

    main(scale, repeats, shape_rows)


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
    _report(
        lambda: commands.publish_output(
            OUTPUT, ROOT, target, bucket, endpoint, prefix, branch, remote, dry_run
        )
    )
