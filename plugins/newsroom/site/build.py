"""Run one whole build: Pelican into a staging folder, swapped into output/ on success.

A failed build (any located problem, any error or warning Pelican logs, a plugin that
does not load) prints the problems without a traceback, exits non-zero and leaves the
last good `output/` exactly as it was.

    python -m newsroom.site.build [--settings pelicanconf.py] [--output output]
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsroom.core.cache import ContentCache
from newsroom.core.errors import (
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
from newsroom.rebuilds.freed_memory import release_freed_memory
from newsroom.site.pelican_problems import RecordingHandler, crash_problem, logged_problems
from newsroom.site.search_index import build_search_index

if TYPE_CHECKING:
    from newsroom.site.build_state import RunOutcome, RunSummary

STAGING_PREFIX = ".output-building-"
PREVIEW_FOLDER = "preview"  # never output/: a preview cannot be published by mistake
RETIRED_PREFIX = ".output-retired-"


class BuildFailedError(Exception):
    """The build stopped; the message lists every problem, ready to print, and problems
    holds them as data (for `newsroom serve`'s overlay)."""

    def __init__(self, problems: list[NewsroomProblem]) -> None:
        super().__init__(render_errors(problems))
        self.problems = problems


@dataclass
class BuildReport:
    """What a Pelican run left: what the newsroom made (None if data failed), problems.

    `build` is the default language's run; `builds` holds every language's that ran,
    where whole runs were asked for (reports); `summaries` every language's summary."""

    build: RunOutcome | None = None
    problems: list[NewsroomProblem] = field(default_factory=list)
    builds: list[RunOutcome] = field(default_factory=list)
    summaries: list[RunSummary] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # by step, for --record only

    @property
    def warnings(self) -> list[NewsroomProblem]:
        """Every language's warnings, for the development build's summary."""
        return [warning for run in self.summaries for warning in run.warnings]

    @property
    def noted(self) -> list[NewsroomProblem]:
        """Every language's warnings that every build publishes with (BuildWarnings)."""
        return [warning for run in self.summaries for warning in run.noted]


@dataclass(frozen=True)
class BuildResult:
    """built: False when the output was up to date and nothing ran; warnings: the
    summary of what the production build would refuse (the last build's, if none ran)."""

    built: bool
    warnings: str = ""
    charts_drawn: list[str] = field(default_factory=list)  # every language's, by id
    seconds: dict[str, float] = field(default_factory=dict)  # where the time went, by step


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
        release_freed_memory()  # the runs' memory, before Pagefind needs its own
        indexing = time.monotonic()
        try:
            build_search_index(staging, output)
        except NewsroomError as error:
            raise BuildFailedError(error.problems) from None
        report.seconds["search index"] = time.monotonic() - indexing
        _swap_into_place(staging, output, record.cache if record else ContentCache(None))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    warnings = render_warnings(report.warnings, report.noted)
    if record is not None:
        ends = (end for run in report.summaries for end in run.embargo_ends)
        record.save(min(ends, default=None), warnings)
    drawn = sorted(chart for run in report.summaries for chart in run.charts_drawn)
    return BuildResult(built=True, warnings=warnings, charts_drawn=drawn, seconds=report.seconds)


def inspect_site(settings_file: Path) -> BuildReport:
    """Run a whole build, every language, into a throw-away folder, for reports such as
    `newsroom figures` and `newsroom pin`."""
    try:
        settings = site_settings(settings_file.resolve(), {})
    except NewsroomError as error:
        return BuildReport(problems=error.problems)
    with tempfile.TemporaryDirectory(prefix="newsroom-inspect-") as folder:
        return run_languages(settings_file, Path(folder), {}, settings, whole_runs=True)


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
    whole_runs: bool = False,
) -> BuildReport:
    """One Pelican run per site language: the default into output, the others below it.
    replacing: the live site the output will replace, whose unchanged files are reused;
    whole_runs: keep each run's outcome (articles, charts, tables) for a report. A build
    keeps only their summaries: the default language's run held its memory through the
    other languages' runs and the search index."""
    languages = site_languages(settings)
    report = BuildReport()
    for lang in languages:
        prefix = language_prefix(languages, lang)
        live = {LIVE_OUTPUT_SETTING: str(replacing / prefix)} if replacing else {}
        run_overrides = {**overrides, **run_settings(settings, lang), **live}
        run = run_pelican(settings_file, output / prefix, run_overrides)
        if run.build is not None:
            report.summaries.append(run.build.summary())
            if whole_runs:
                report.build = report.build or run.build
                report.builds.append(run.build)
            run.build = None
            gc.collect()  # the run's articles refer to each other: free them before the next
        report.problems += run.problems
        report.seconds |= {f"{lang} {step}": seconds for step, seconds in run.seconds.items()}
        if run.problems:
            break
    return report


def run_pelican(settings_file: Path, output: Path, overrides: dict[str, Any]) -> BuildReport:
    """Run Pelican into output and collect every problem instead of raising."""
    # Imported here: the chart workers re-import this module when it runs as __main__.
    from pelican import Pelican, signals
    from pelican.contents import Content
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
    steps = [("set-up", time.monotonic())]  # each step's name and start, for --record

    def reading_done(generators: object) -> None:
        steps.append(("writing", time.monotonic()))

    signals.all_generators_finalized.connect(reading_done)
    try:
        settings = read_settings(
            str(settings_file),
            override={**overrides, "OUTPUT_PATH": str(output), "DELETE_OUTPUT_DIRECTORY": False},
        )
        pelican = Pelican(settings)
        build = pelican.settings.get(SETTINGS_KEY)
        steps.append(("reading", time.monotonic()))
        pelican.run()
        steps.append(("", time.monotonic()))
        report.seconds = {name: end - start for (name, start), (_, end) in pairwise(steps)}
    except NewsroomError as error:
        explained = {problem.location.file for problem in error.problems}
        report.problems = error.problems + logged_problems(handler, root, explained)
        return report
    except Exception as error:  # any other failure still gets a readable line
        if "--debug" in sys.argv:
            raise
        report.problems = [crash_problem(error, settings_file), *logged_problems(handler, root)]
        return report
    finally:
        signals.all_generators_finalized.disconnect(reading_done)
        end_page_renderer()
        logger.removeHandler(handler)
        if build is not None:
            report.build = build.outcome()
            build.close()
        for memoized in (Content.get_content, Content.get_summary):  # kept every article
            memoized.cache.clear()
        use_run_translations(None)  # the run's interface language ends with the run
    report.problems = logged_problems(handler, root)
    return report


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
        "--record",
        type=Path,
        help="write what the build did (charts drawn, seconds by step) here, as JSON",
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
        record["seconds"] = {step: round(took, 3) for step, took in result.seconds.items()}
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
