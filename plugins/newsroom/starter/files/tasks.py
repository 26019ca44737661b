"""Tasks for this site (`invoke --list`): each calls the newsroom library."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import Context, Exit, task

ROOT = Path(__file__).parent
SETTINGS = ROOT / "pelicanconf.py"


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
    from newsroom.site.build import main

    output = ROOT / ("preview" if preview else "output")
    arguments = ["--settings", str(ROOT / settings), "--output", str(output)]
    arguments += (["--preview"] if preview else []) + (["--force"] if force else [])
    if main(arguments) != 0:
        raise Exit(code=1)


@task(help={"title": "the article's title"})
def new(c: Context, title: str) -> None:
    """Start a new article in content/news/, with its front matter."""
    from newsroom.core.errors import NewsroomError, render_errors
    from newsroom.core.languages import site_languages
    from newsroom.news.new_release import new_release
    from pelican.settings import read_settings

    settings = read_settings(str(SETTINGS))
    now = datetime.now(ZoneInfo(settings["TIMEZONE"]))
    try:
        path = new_release(
            ROOT / settings["PATH"], ROOT, site_languages(settings), title, now, "", None
        )
    except NewsroomError as error:
        raise Exit(render_errors(error.problems), code=1) from None
    print(f"Written {path.relative_to(ROOT)}.")


@task(help={"csv": "where to write the table as CSV (default figures.csv)"})
def figures(c: Context, csv: str = "figures.csv") -> None:
    """List every figure and chart with its source line, value, definition and status."""
    from newsroom.core.errors import render_errors
    from newsroom.figures.report import render_table, report_rows, write_csv
    from newsroom.site.build import inspect_site

    report = inspect_site(SETTINGS)
    rows = report_rows(report.builds)
    print(render_table(rows))
    write_csv(rows, Path(csv))
    if report.problems:
        raise Exit(render_errors(report.problems), code=1)


@task
def test(c: Context) -> None:
    """Build the site in a temporary folder and check what a reader sees."""
    c.run("pytest -q tests", pty=False)
