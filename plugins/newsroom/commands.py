"""What the `newsroom` command and the repository's invoke tasks do, once, for both.

Each function works on one site: the folder that holds its settings (`pelicanconf.py`),
its content/ and data/. It returns what to tell the user and raises CommandError, whose
message is ready to print, when it cannot do what was asked. Nothing heavy is imported
until a command runs, so that `newsroom --help` answers at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from newsroom.core import PLUGIN_FOLDER
from newsroom.core.errors import NewsroomError, render_errors

SETTINGS_FILE = "pelicanconf.py"
OUTPUT_FOLDER = "output"


class CommandError(Exception):
    """A command failed; the message says why, ready to print. output: what the command
    had to say all the same (printed first, on standard output)."""

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


def run_build(
    site: Path,
    settings: str = SETTINGS_FILE,
    preview: bool = False,
    force: bool = False,
    problems_json: Path | None = None,
) -> bool:
    """Validate every data package and build the site into output/ (or preview/); False
    if the build failed. It prints its own progress and problems, and writes them as JSON
    into problems_json when given."""
    # In a process of its own, the one `invoke bench` measures: it imports only what
    # the build needs, ends without freeing the build's objects, and under `serve` it
    # runs the plugin's code as it is now.
    command = [sys.executable, "-m", "newsroom.site.build", "--settings", settings]
    command += (["--preview"] if preview else []) + (["--force"] if force else [])
    command += ["--problems-json", str(problems_json)] if problems_json else []
    completed = subprocess.run(command, cwd=site, env=build_environment(), check=False)
    return completed.returncode == 0


def build_environment() -> dict[str, str]:
    """The build imports the very `newsroom` this process runs: an installed one is found
    as it was here; sources on sys.path (a checkout without `make`) are handed over."""
    found_in = str(PLUGIN_FOLDER.parent)
    installed = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    if found_in in installed:
        return dict(os.environ)
    paths = [found_in, *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def validate_packages(site: Path) -> str:
    """Validate every data package in the site's data folder (`NEWSROOM_DATA_PATH`)
    without building the site."""
    from newsroom.core.paths import data_root, project_cache, project_root
    from newsroom.data.packages import load_packages

    settings = _site_settings(site)
    try:
        packages = load_packages(
            data_root(settings), project_root(settings), project_cache(settings)
        )
    except NewsroomError as error:
        raise CommandError(render_errors(error.problems)) from None
    lines = []
    for package in packages:
        rows = ", ".join(r.name for r in package.resources)
        lines.append(f"valid  {package.display_path}  ({rows})")
    return "\n".join(lines)


def _site_settings(site: Path) -> dict[str, Any]:
    """The site's settings, read from its settings file as a build reads them."""
    from pelican.settings import read_settings

    return read_settings(str(site / SETTINGS_FILE))


def pin_articles(site: Path, article: str = "") -> str:
    """Pin articles (one, or every one), in every language, to the data releases they use
    now; re-pinning accepts revisions."""
    from newsroom.news.pins import articles_data_releases, write_pins
    from newsroom.site.build import inspect_site

    report = inspect_site(site / SETTINGS_FILE)
    if report.problems or report.build is None:
        raise CommandError(render_errors(report.problems))
    used = articles_data_releases(report.builds)
    if article:
        if article not in used:
            raise CommandError(f"{article} uses no chart or figure, or is not an article.")
        used = {article: used[article]}
    write_pins(site / "content", used, report.build.now.date().isoformat())
    return "\n".join(
        f"pinned {source}: " + ", ".join(f"{n} {v}" for n, v in sorted(versions.items()))
        for source, versions in sorted(used.items())
    )


def start_release(site: Path, title: str, lang: str = "", original: str = "") -> str:
    """Write the skeleton of a new press release (or of a translation) in content/news/."""
    from newsroom.core.languages import site_languages
    from newsroom.news.new_release import new_release

    settings = _site_settings(site)
    try:
        path = new_release(
            site / settings["PATH"],
            site,
            site_languages(settings),
            title,
            datetime.now(ZoneInfo(settings["TIMEZONE"])),  # the time the site's dates are in
            lang,
            Path(original) if original else None,
        )
    except NewsroomError as error:
        raise CommandError("\n".join(str(problem) for problem in error.problems)) from None
    return f"Written {path.relative_to(site)}: write the release there (docs/authors-guide.md)."


def figures_report(site: Path, csv: Path) -> str:
    """Every figure, chart and other number of the prose, in every language, with its
    source line, value, definition and status: as a table, and as CSV into csv."""
    from newsroom.figures.report import render_table, report_rows, write_csv
    from newsroom.site.build import inspect_site

    report = inspect_site(site / SETTINGS_FILE)
    rows = report_rows(report.builds)
    write_csv(rows, csv)
    unreviewed = sum(row["status"] == "UNREVIEWED" for row in rows)
    output = (
        f"{render_table(rows)}\n\n{len(rows)} figures, charts and numbers"
        f" ({unreviewed} unreviewed); written to {csv}."
    )
    if report.problems:
        raise CommandError(render_errors(report.problems), output=output)
    return output


def translations_report(site: Path) -> str:
    """Articles and pages missing a translation, or older than their original."""
    from newsroom.core.languages import site_languages
    from newsroom.news.translation_report import render_table, translation_rows
    from newsroom.site.build import inspect_site

    report = inspect_site(site / SETTINGS_FILE)
    if report.problems or report.build is None:
        raise CommandError(render_errors(report.problems))
    languages = site_languages(report.build.settings)
    rows = translation_rows(report.build.contents, languages, site)
    table = render_table(rows) if rows else "Every article and page is translated."
    missing = sum(row["status"] == "missing" for row in rows)
    others = ", ".join(languages[1:])
    return f"{table}\n\n{missing} missing, {len(rows) - missing} outdated, in {others}."


def publish_output(
    output: Path,
    repository: Path,
    target: str = "s3",
    bucket: str = "",
    endpoint: str = "",
    prefix: str = "",
    branch: str = "gh-pages",
    remote: str = "",
    dry_run: bool = False,
) -> str:
    """Publish output (a built site) to an S3-compatible bucket or to a branch of the git
    repository (it does not build). Empty bucket, endpoint and prefix come from
    $NEWSROOM_S3_BUCKET, $NEWSROOM_S3_ENDPOINT and $NEWSROOM_S3_PREFIX."""
    from newsroom.publish.common import PublishError
    from newsroom.publish.git import publish_to_git
    from newsroom.publish.s3 import S3Target, publish_to_s3

    if not output.is_dir():
        raise CommandError("output/ is missing: build the site with --settings publishconf.py.")
    try:
        if target == "s3":
            s3 = S3Target(
                bucket=bucket or os.environ.get("NEWSROOM_S3_BUCKET", ""),
                endpoint=endpoint or os.environ.get("NEWSROOM_S3_ENDPOINT", ""),
                prefix=prefix or os.environ.get("NEWSROOM_S3_PREFIX", ""),
            )
            result = publish_to_s3(output, s3, dry_run=dry_run)
        elif target == "git":
            result = publish_to_git(
                output, repository, branch=branch, remote=remote, dry_run=dry_run
            )
        else:
            raise CommandError(f'Unknown target "{target}": use --target s3 or --target git.')
    except PublishError as error:
        raise CommandError(str(error)) from None
    return result.summary()
