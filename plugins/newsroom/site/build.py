"""Run one whole build: Pelican into a staging folder, swapped into output/ on success.

A failed build (any located problem, any error or warning Pelican logs, a plugin that
does not load) prints the problems without a traceback, exits non-zero and leaves the
last good `output/` exactly as it was.

    python -m newsroom.site.build [--settings pelicanconf.py] [--output output]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from newsroom.core.cache import ContentCache
from newsroom.core.errors import (
    Location,
    NewsroomError,
    NewsroomProblem,
    render_errors,
    render_warnings,
)
from newsroom.core.languages import (
    language_prefix,
    run_settings,
    site_languages,
    use_run_translations,
)
from newsroom.core.paths import LIVE_OUTPUT_SETTING
from newsroom.core.settings import check_settings, fast_rebuilds
from newsroom.site.search_index import build_search_index

if TYPE_CHECKING:
    from newsroom.site.build_state import RunOutcome

STAGING_PREFIX = ".output-building-"
PREVIEW_FOLDER = "preview"  # never output/: a preview cannot be published by mistake
RETIRED_PREFIX = ".output-retired-"


class BuildFailedError(Exception):
    """The build stopped; the message lists every problem, ready to print, and problems
    holds them as data (for `newsroom serve`'s overlay)."""

    def __init__(self, problems: list[NewsroomProblem]) -> None:
        super().__init__(render_errors(problems))
        self.problems = problems


class RecordingHandler(logging.Handler):
    """Keeps every warning and error Pelican logs, so that none passes unnoticed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class BuildReport:
    """What a Pelican run left: what the newsroom made (None if data failed), problems.

    `build` is the default language's run; `builds` holds every language's that ran."""

    build: RunOutcome | None = None
    problems: list[NewsroomProblem] = field(default_factory=list)
    builds: list[RunOutcome] = field(default_factory=list)

    @property
    def warnings(self) -> list[NewsroomProblem]:
        """Every language's warnings, for the development build's summary."""
        return [warning for run in self.builds for warning in run.warnings]

    @property
    def noted(self) -> list[NewsroomProblem]:
        """Every language's warnings that every build publishes with (BuildWarnings)."""
        return [warning for run in self.builds for warning in run.noted]


@dataclass(frozen=True)
class BuildResult:
    """built: False when the output was up to date and nothing ran; warnings: the
    summary of what the production build would refuse (the last build's, if none ran)."""

    built: bool
    warnings: str = ""
    charts_drawn: list[str] = field(default_factory=list)  # every language's, by id


def build_site(
    settings_file: Path,
    output: Path,
    overrides: dict[str, Any] | None = None,
    force: bool = False,
) -> BuildResult:
    """Build the site defined by settings_file into output; raise BuildFailedError.

    Nothing is built when output is what a build of the same inputs would write (see
    up_to_date, with NEWSROOM_FAST_REBUILDS on); force builds anyway."""
    # Here: chart workers import this module at start.
    from newsroom.rebuilds.up_to_date import BuildRecord

    settings_file, output = settings_file.resolve(), output.resolve()
    overrides = overrides or {}
    output.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(output.parent)
    try:
        settings = site_settings(settings_file, overrides)
    except NewsroomError as error:
        raise BuildFailedError(error.problems) from None
    record = None
    if fast_rebuilds(settings):
        record = BuildRecord(settings_file, output, overrides, settings)
        if not force and record.holds():
            return BuildResult(built=False, warnings=record.warnings)
    staging = Path(tempfile.mkdtemp(dir=output.parent, prefix=STAGING_PREFIX))
    try:
        report = run_languages(settings_file, staging, overrides, settings, replacing=output)
        if report.problems:
            raise BuildFailedError(report.problems)
        try:
            build_search_index(staging, output)
        except NewsroomError as error:
            raise BuildFailedError(error.problems) from None
        _swap_into_place(staging, output, record.cache if record else ContentCache(None))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    warnings = render_warnings(report.warnings, report.noted)
    if record is not None:
        ends = (end for run in report.builds for end in run.embargo_ends)
        record.save(min(ends, default=None), warnings)
    drawn = sorted(chart for run in report.builds for chart in run.charts_drawn)
    return BuildResult(built=True, warnings=warnings, charts_drawn=drawn)


def inspect_site(settings_file: Path) -> BuildReport:
    """Run a whole build, every language, into a throw-away folder, for reports such as
    `newsroom figures` and `newsroom pin`."""
    try:
        settings = site_settings(settings_file.resolve(), {})
    except NewsroomError as error:
        return BuildReport(problems=error.problems)
    with tempfile.TemporaryDirectory(prefix="newsroom-inspect-") as folder:
        return run_languages(settings_file, Path(folder), {}, settings)


def site_settings(settings_file: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    """The site's settings, read once per build; an unknown setting or language is a
    located error."""
    from pelican.settings import read_settings  # see run_pelican

    settings = read_settings(str(settings_file), override=overrides)
    check_settings(settings)
    site_languages(settings)
    return settings


def run_languages(
    settings_file: Path,
    output: Path,
    overrides: dict[str, Any],
    settings: dict[str, Any],
    replacing: Path | None = None,
) -> BuildReport:
    """One Pelican run per site language: the default into output, the others below it.
    replacing: the live site the output will replace, whose unchanged files are reused."""
    languages = site_languages(settings)
    report = BuildReport()
    for lang in languages:
        prefix = language_prefix(languages, lang)
        live = {LIVE_OUTPUT_SETTING: str(replacing / prefix)} if replacing else {}
        run_overrides = {**overrides, **run_settings(settings, lang), **live}
        run = run_pelican(settings_file, output / prefix, run_overrides)
        report.build = report.build or run.build
        report.builds += [run.build] if run.build is not None else []
        report.problems += run.problems
        if run.problems:
            break
    return report


def run_pelican(settings_file: Path, output: Path, overrides: dict[str, Any]) -> BuildReport:
    """Run Pelican into output and collect every problem instead of raising."""
    # Imported here: the chart workers re-import this module when it runs as __main__.
    from pelican import Pelican
    from pelican.settings import read_settings

    from newsroom.rebuilds.parallel_writing import end_page_renderer
    from newsroom.site.build_state import SETTINGS_KEY, NewsroomBuild

    settings_file = settings_file.resolve()
    root = settings_file.parent
    handler = RecordingHandler()
    logger = logging.getLogger("pelican")
    logger.addHandler(handler)
    logger.propagate = False
    report = BuildReport()
    build: NewsroomBuild | None = None
    try:
        settings = read_settings(
            str(settings_file),
            override={**overrides, "OUTPUT_PATH": str(output), "DELETE_OUTPUT_DIRECTORY": False},
        )
        pelican = Pelican(settings)
        build = pelican.settings.get(SETTINGS_KEY)
        pelican.run()
    except NewsroomError as error:
        explained = {problem.location.file for problem in error.problems}
        report.problems = error.problems + _logged(handler, root, explained)
        return report
    except Exception as error:  # any other failure still gets a readable line
        if "--debug" in sys.argv:
            raise
        report.problems = [_crash(error, settings_file), *_logged(handler, root)]
        return report
    finally:
        end_page_renderer()
        logger.removeHandler(handler)
        if build is not None:
            report.build = build.outcome()
            build.close()
        use_run_translations(None)  # the run's interface language ends with the run
    report.problems = _logged(handler, root)
    return report


def _crash(error: Exception, settings_file: Path) -> NewsroomProblem:
    """A template's error at the template's file and line; anything else as a crash."""
    text = f"{type(error).__name__}: {error}"
    place = _template_place(error)
    if place is not None:
        file, line = place
        return NewsroomProblem(
            "template-error",
            Location(_relative(file, settings_file.parent), line),
            text,
            "Correct the template; every variable it writes must be defined.",
        )
    return NewsroomProblem(
        "build-crashed",
        Location(settings_file.name),
        text,
        "This is a bug in the build or a theme template; run with --debug for details.",
    )


def _template_place(error: Exception) -> tuple[str, int | None] | None:
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return error.filename, error.lineno
    if isinstance(error, jinja2.TemplateError):
        # Jinja rewrites the traceback so that template frames carry the template's line.
        frames = traceback.extract_tb(error.__traceback__)
        templates = [f for f in frames if f.filename.endswith((".html", ".xml", ".txt"))]
        if templates:
            return templates[-1].filename, templates[-1].lineno
    return None


def _relative(file: str, root: Path) -> str:
    try:
        return Path(file).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file


def _logged(
    handler: RecordingHandler, root: Path, explained: set[str] | None = None
) -> list[NewsroomProblem]:
    """Pelican's records as problems, less "Could not process" for files we explained.

    Pelican names files by their absolute paths: they are shown relative to the project,
    and the first one the message names is the problem's location."""
    prefix = str(root) + "/"
    problems = []
    for record in handler.records:
        if _explained(record, explained or set()):
            continue
        message = record.getMessage().strip()
        files = re.findall(re.escape(prefix) + r"([^\s:;,'\"]+)", message)
        problems.append(
            NewsroomProblem(
                "pelican-critical"
                if record.levelno >= logging.CRITICAL
                else "pelican-error"
                if record.levelno >= logging.ERROR
                else "pelican-warning",
                Location(files[0] if files else record.name),
                message.replace(prefix, ""),
                "Pelican reported this; warnings are errors in the newsroom's builds.",
            )
        )
    return problems


def _explained(record: logging.LogRecord, explained: set[str]) -> bool:
    if not record.getMessage().startswith("Could not process") or not record.args:
        return False
    path = Path(str(record.args[0])).as_posix()  # type: ignore[index]
    return any(file.endswith(path) for file in explained)


def _swap_into_place(staging: Path, output: Path, cache: ContentCache) -> None:
    """Replace output with staging using renames, never a half-written folder. The old
    output goes to the cache's bin (see ContentCache.throw_away), or is removed here."""
    if output.exists():
        retired = Path(tempfile.mkdtemp(dir=output.parent, prefix=RETIRED_PREFIX))
        output.rename(retired / output.name)
        staging.rename(output)
        if not cache.throw_away(retired):
            shutil.rmtree(retired)
    else:
        staging.rename(output)


def _remove_leftovers(folder: Path) -> None:
    """Staging folders of builds that were killed; never the live output."""
    for prefix in (STAGING_PREFIX, RETIRED_PREFIX):
        for leftover in folder.glob(prefix + "*"):
            shutil.rmtree(leftover, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--output", type=Path, default=None, help="default: output/")
    parser.add_argument(
        "--preview",
        action="store_true",
        help="include embargoed articles and releases, under a banner, in preview/",
    )
    parser.add_argument("--force", action="store_true", help="build even if nothing changed")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of crashes")
    parser.add_argument(
        "--record", type=Path, help="write what the build did (charts drawn) to this JSON file"
    )
    parser.add_argument(
        "--problems-json",
        type=Path,
        help="also write the problems there, as JSON (an empty list when the build succeeds)",
    )
    args = parser.parse_args(argv)
    output = args.output or Path(PREVIEW_FOLDER if args.preview else "output")
    started = time.monotonic()
    overrides = {"NEWSROOM_PREVIEW": True} if args.preview else None
    try:
        result = build_site(args.settings, output, overrides, force=args.force)
    except BuildFailedError as failure:
        print(failure, file=sys.stderr)
        _write_problems(args.problems_json, failure.problems)
        return 1
    _write_problems(args.problems_json, [])
    if result.warnings:
        print(result.warnings, file=sys.stderr)
    if args.record:
        record = {"built": result.built, "charts_drawn": result.charts_drawn}
        args.record.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(finished_message(output, result.built, time.monotonic() - started))
    return 0


def _write_problems(path: Path | None, problems: list[NewsroomProblem]) -> None:
    if path is not None:
        path.write_text(json.dumps([problem.as_data() for problem in problems]), "utf-8")


def finished_message(output: Path, built: bool, seconds: float) -> str:
    if built:
        return f"Built {output.name}/ in {seconds:.1f} s."
    return (
        f"{output.name}/ is up to date: nothing changed since its last build"
        f" ({seconds:.1f} s). Use --force to build it again."
    )


def exit_now(code: int) -> None:
    """End the process without freeing the build's objects one by one, which took a
    tenth of a warm rebuild: every file is written and closed by now (mypy's
    `hard_exit` does the same)."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_now(main())
