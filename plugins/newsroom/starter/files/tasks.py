"""Tasks for this site (`invoke --list`): the `newsroom` command's own functions, so that
`invoke build` and `newsroom build` are one thing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from invoke import Context, Exit, task
from newsroom import commands

ROOT = Path(__file__).parent


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


@task(help={"title": "the article's title"})
def new(c: Context, title: str) -> None:
    """Start a new article in content/news/, with its front matter."""
    _report(lambda: commands.start_release(ROOT, title))


@task(help={"csv": "where to write the table as CSV (default figures.csv)"})
def figures(c: Context, csv: str = "figures.csv") -> None:
    """List every figure and chart with its source line, value, definition and status."""
    _report(lambda: commands.figures_report(ROOT, ROOT / csv))


@task
def test(c: Context) -> None:
    """Build the site in a temporary folder and check what a reader sees."""
    c.run("pytest -q tests", pty=False)
