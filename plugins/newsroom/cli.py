"""The `newsroom` command: start a site, build it, check it, serve it, publish it.

Every command but `init` works on the site in the current folder (the one holding
`pelicanconf.py`), as `make` and `git` do; the repository's invoke tasks call the same
functions (newsroom.commands). A problem the user can mend is printed with its place and
what to do, and the command exits 1, without a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from newsroom.commands import (
    OUTPUT_FOLDER,
    SETTINGS_FILE,
    CommandError,
    figures_report,
    pin_articles,
    publish_output,
    run_build,
    start_release,
    translations_report,
    validate_packages,
)
from newsroom.core.errors import NewsroomError


class NewsroomCommands(click.Group):
    """Renders every failure in one place: the command's own words, then exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CommandError as failure:
            if failure.output:
                click.echo(failure.output)
            if str(failure):  # else it has printed its problems (a build does)
                click.echo(str(failure), err=True)
        except NewsroomError as error:  # one the library raised where no build ran
            click.echo("\n".join(str(problem) for problem in error.problems), err=True)
        ctx.exit(1)


def current_site() -> Path:
    """The site in the current folder; refused, with what to do, where there is none."""
    site = Path.cwd()
    if not (site / SETTINGS_FILE).is_file():
        raise CommandError(
            f"There is no {SETTINGS_FILE} here: run newsroom in a site's folder, or start"
            " a site with `newsroom init DIR`."
        )
    return site


@click.group(cls=NewsroomCommands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsroom")
def main() -> None:
    """An open-data newsroom: press releases and the data behind them, as a static site.

    Run the commands in the site's folder (the one with pelicanconf.py); start one with
    `newsroom init DIR`.
    """


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Write a starter site into DIRECTORY (new or empty): settings, an article, a data
    package with a chart, ready for `newsroom build`."""
    from newsroom.starter import write_starter_site

    written = write_starter_site(directory)
    click.echo(f"Wrote {len(written)} files into {directory}/. Next:")
    click.echo(f"  cd {directory}\n  newsroom build\n  newsroom serve")


@main.command()
@click.option(
    "--settings",
    default=SETTINGS_FILE,
    show_default=True,
    help="Settings file: pelicanconf.py, or publishconf.py for the public site.",
)
@click.option(
    "--preview",
    is_flag=True,
    help="Include embargoed articles and releases, under a banner, in preview/.",
)
@click.option("--force", is_flag=True, help="Build even if nothing changed since the last build.")
def build(settings: str, preview: bool, force: bool) -> None:
    """Validate every data package and build the site into output/ (or preview/).

    Any located problem stops the build: it is printed with its file, line or row and
    field, the command exits 1 and the last good output/ stays as it was."""
    site = Path.cwd()
    if not (site / settings).is_file():
        raise CommandError(f"There is no {settings} here: run newsroom in a site's folder.")
    if not run_build(site, settings, preview, force):
        raise CommandError("")


@main.command()
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
def serve(port: int) -> None:
    """Build, serve output/ on http://127.0.0.1:PORT/, rebuild when a file changes and
    reload the open pages (or show the build's problems over them)."""
    from newsroom.site.serve import serve_site

    serve_site(current_site(), port)


@main.command()
def validate() -> None:
    """Validate every data package in data/ without building the site."""
    click.echo(validate_packages(current_site()))


@main.command()
@click.option(
    "--csv",
    type=click.Path(dir_okay=False, path_type=Path),
    default="figures.csv",
    show_default=True,
    help="Where to write the table as CSV.",
)
def figures(csv: Path) -> None:
    """List every figure and chart, in every language, with its source line, value,
    definition and status."""
    click.echo(figures_report(current_site(), csv))


@main.command()
@click.option(
    "--article",
    default="",
    help="The article's path, e.g. content/news/x.md (default: every article).",
)
def pin(article: str) -> None:
    """Pin articles, in every language, to the data releases they use now (pinning
    again accepts revisions)."""
    click.echo(pin_articles(current_site(), article))


@main.command()
@click.option("--title", required=True, help="The release's title, in its language.")
@click.option("--lang", default="", help="Its language (default: the site's first), e.g. cy.")
@click.option(
    "--original",
    default="",
    help="The release it translates, e.g. content/news/x.md (it shares its Slug).",
)
def new(title: str, lang: str, original: str) -> None:
    """Start a new press release, or the translation of one, in content/news/."""
    click.echo(start_release(current_site(), title, lang, original))


@main.command()
def translations() -> None:
    """List articles and pages missing a translation, or older than their original."""
    click.echo(translations_report(current_site()))


@main.command()
@click.option(
    "--target",
    type=click.Choice(["s3", "git"]),
    default="s3",
    show_default=True,
    help="Where to publish: an S3-compatible bucket or a git branch.",
)
@click.option("--bucket", default="", help="S3 bucket (default: $NEWSROOM_S3_BUCKET).")
@click.option(
    "--endpoint",
    default="",
    help="S3 endpoint URL for non-AWS hosts (default: $NEWSROOM_S3_ENDPOINT).",
)
@click.option(
    "--prefix",
    default="",
    help="Key prefix inside the bucket (default: $NEWSROOM_S3_PREFIX, else none).",
)
@click.option(
    "--branch", default="gh-pages", show_default=True, help="Git branch that holds the site."
)
@click.option("--remote", default="", help="Git remote to push the branch to (default: none).")
@click.option("--dry-run", is_flag=True, help="List what would change, and change nothing.")
def publish(
    target: str, bucket: str, endpoint: str, prefix: str, branch: str, remote: str, dry_run: bool
) -> None:
    """Publish output/ to an S3-compatible bucket or a git branch (it does not build).

    Build first with `newsroom build --settings publishconf.py`; see docs/publishing.md."""
    site = current_site()
    summary = publish_output(
        site / OUTPUT_FOLDER, site, target, bucket, endpoint, prefix, branch, remote, dry_run
    )
    click.echo(summary)
