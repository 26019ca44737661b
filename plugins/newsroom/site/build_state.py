"""What one build knows, in parts each step owns: the data it reads (`SiteData`), the
URL scheme (`Urls`), its tools (`BuildTools`), the charts and figures reading makes
(`ChartsMade`, `FiguresMade`), the embargoes it meets and the problems it finds.

One `NewsroomBuild` holds the parts of a Pelican run (made on `initialized`, by
build_start) and is kept in the run's settings under `NEWSROOM_BUILD`, where the
wiring finds it and hands each step the parts it needs.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import jinja2

from newsroom.charts.drawing import RenderedChart
from newsroom.charts.images import ChartImages
from newsroom.charts.named import NamedChart
from newsroom.core import PLUGIN_FOLDER
from newsroom.core.cache import ContentCache
from newsroom.core.errors import Location, NewsroomError, NewsroomProblem, shown_path
from newsroom.core.progress import BuildProgress
from newsroom.core.settings import setting
from newsroom.data.tables import DataCatalog
from newsroom.data.units import Unit, find_units
from newsroom.figures.computed import ComputedFigure
from newsroom.figures.uses import FigureUse, NumberUse
from newsroom.news.pins import Revision

PLUGIN_TEMPLATES = PLUGIN_FOLDER / "templates"
SETTINGS_KEY = "NEWSROOM_BUILD"
DATASET_LINK_PREFIX = "@newsroom/datasets/"
CHART_LINK_PREFIX = "@newsroom/charts/"
FIGURE_LINK_PREFIX = "@newsroom/figures/"
EMBED_LINK_PREFIX = "@newsroom/embed/"
UNIT_LINK_PREFIX = "@newsroom/units/"
SCRIPT_LINK = "@newsroom/static/interactive-charts.js"


@dataclass
class SiteData:
    """What the build reads before any content: the settings, the validated data and
    named charts, which releases each article is pinned to, and the build's time."""

    settings: dict[str, Any]
    project_root: Path
    catalog: DataCatalog
    named_charts: dict[str, NamedChart]
    now: datetime
    preview: bool
    cache: ContentCache  # the units are found in it
    pins: dict[str, dict[str, str]] = field(default_factory=dict)
    _shown_paths: dict[str, str] = field(default_factory=dict)

    def catalog_for(self, source: str) -> DataCatalog:
        """The data an article is built from: its pinned releases, else the newest."""
        return self.catalog.as_of(self.pins.get(source, {}))

    def is_pinned_to_older_data(self, source: str) -> bool:
        pins = self.pins.get(source, {})
        return any(
            name in self.catalog.packages and self.catalog.packages[name].version != version
            for name, version in pins.items()
        )

    @functools.cached_property
    def units(self) -> dict[str, Unit]:
        """The units of the lookup resource, found once per build."""
        units = find_units(
            self.catalog,
            setting(self.settings, "NEWSROOM_UNIT_RESOURCE"),
            setting(self.settings, "NEWSROOM_UNIT_FIELD"),
            self.cache,
        )
        # A unit's name in the run's language (NEWSROOM_LANGUAGE_SETTINGS), for pages;
        # the data keep the names they have.
        labels = setting(self.settings, "NEWSROOM_UNIT_LABELS")
        return {
            key: dataclasses.replace(unit, label=str(labels[key])) if key in labels else unit
            for key, unit in units.items()
        }

    def shown_path(self, path: Path) -> str:
        """A content file's path as problems and records name it (errors.shown_path),
        worked out once per build: resolving it is a system call per folder."""
        key = str(path)
        if key not in self._shown_paths:
            self._shown_paths[key] = shown_path(path, self.project_root)
        return self._shown_paths[key]


@dataclass(frozen=True)
class Urls:
    """Where the newsroom's pages and files go, from the settings (read when asked: a
    language's run sets its own)."""

    settings: dict[str, Any]

    def dataset_url(self, name: str) -> str:
        return setting(self.settings, "NEWSROOM_DATASET_URL").format(name=name)

    def chart_url(self, chart_id: str, extension: str) -> str:
        return f"{setting(self.settings, 'NEWSROOM_CHART_URL')}{chart_id}.{extension}"

    def figure_url(self, key: str) -> str:
        return f"figures/{key}/"

    def embed_url(self, chart_id: str) -> str:
        return f"embed/{chart_id}/"


@dataclass
class BuildTools:
    """What every step may use: the content cache, the progress line, the templates of
    the chart figures."""

    cache: ContentCache
    progress: BuildProgress
    templates: jinja2.Environment


@dataclass
class ChartsMade:
    """The charts drawn so far (by the articles and the dataset pages' views) and the
    workers that draw their images."""

    images: ChartImages
    progress: BuildProgress
    charts: dict[str, RenderedChart] = field(default_factory=dict)
    # {language: chart ids its articles draw}, for the other languages' counterparts, which
    # this run reads but does not render: an embed links to its translation if it has one.
    counterpart_charts: dict[str, set[str]] = field(default_factory=dict)

    def add_chart(self, chart: RenderedChart) -> None:
        earlier = self.charts.get(chart.chart_id)
        if earlier is not None:
            # Reported at the later place in path order, whichever file was read first.
            first, second = sorted([(earlier.source, earlier.line), (chart.source, chart.line)])
            raise NewsroomError.single(
                "chart-id-duplicate",
                Location(*second),
                f'the chart id "{chart.chart_id}" is already used at {first[0]}:{first[1]}.',
                "Give one of the charts another 'id'.",
            )
        self.charts[chart.chart_id] = chart
        self.progress.done("charts drawn")

    def add_counterpart_charts(self, lang: str, chart_ids: list[str]) -> None:
        self.counterpart_charts.setdefault(lang, set()).update(chart_ids)


@dataclass
class FiguresMade:
    """The figures the prose writes or checks, its other numbers, and what changed in
    the data since the release an article is pinned to."""

    figures: dict[str, ComputedFigure] = field(default_factory=dict)
    figure_uses: list[FigureUse] = field(default_factory=list)
    revisions: dict[str, list[Revision]] = field(default_factory=dict)
    number_uses: list[NumberUse] = field(default_factory=list)  # numbers not figures

    def use_figure(self, use: FigureUse) -> None:
        self.figures[use.key] = use.figure
        self.figure_uses.append(use)

    def add_revision(self, revision: Revision) -> None:
        self.revisions.setdefault(revision.source, []).append(revision)


class ReadingAdditions(Protocol):
    """Where reading a file puts what it adds to the build: `BuildAdditions`, or the
    reading cache's recorder in front of it."""

    def add_chart(self, chart: RenderedChart) -> None: ...
    def add_counterpart_charts(self, lang: str, chart_ids: list[str]) -> None: ...
    def use_figure(self, use: FigureUse, lang: str) -> None: ...
    def add_revision(self, revision: Revision) -> None: ...
    def review_number(self, use: NumberUse) -> None: ...
    def warn(self, problem: NewsroomProblem) -> None: ...


@dataclass
class BuildWarnings:
    """What the development build reports in its summary without stopping, and the
    production build (`NEWSROOM_PRODUCTION`, set in publishconf.py) refuses: a number
    nobody reviewed, a package whose status is not stated."""

    production: bool
    problems: list[NewsroomProblem]  # the build's: where a warning goes in production
    found: list[NewsroomProblem] = field(default_factory=list)
    # Warnings the production build reports too and publishes: what they leave out, the
    # page says (a package's view that cannot be drawn).
    noted: list[NewsroomProblem] = field(default_factory=list)

    def warn(self, problem: NewsroomProblem) -> None:
        (self.problems if self.production else self.found).append(problem)

    def note(self, problem: NewsroomProblem) -> None:
        self.noted.append(problem)


@dataclass
class BuildAdditions:
    """Reading's additions, put in the charts and figures made and the warnings."""

    charts: ChartsMade
    figures: FiguresMade
    warnings: BuildWarnings

    def add_chart(self, chart: RenderedChart) -> None:
        self.charts.add_chart(chart)

    def add_counterpart_charts(self, lang: str, chart_ids: list[str]) -> None:
        self.charts.add_counterpart_charts(lang, chart_ids)

    def use_figure(self, use: FigureUse, lang: str) -> None:
        """lang: the file's, in which a replay computes the figure again."""
        self.figures.use_figure(use)

    def add_revision(self, revision: Revision) -> None:
        self.figures.add_revision(revision)

    def review_number(self, use: NumberUse) -> None:
        self.figures.number_uses.append(use)

    def warn(self, problem: NewsroomProblem) -> None:
        self.warnings.warn(problem)


@dataclass
class Embargoes:
    """When the site will change (an embargo ends), and each embargoed file's end."""

    ends: list[datetime] = field(default_factory=list)
    of_files: dict[str, datetime] = field(default_factory=dict)  # {shown path: until}

    def note(self, source: str, until: datetime) -> None:
        self.ends.append(until)
        self.of_files[source] = until


@dataclass(frozen=True)
class RunOutcome:
    """What one language's run made, for the reports (`newsroom figures`, `pin`,
    `translations`) and the up-to-date record."""

    settings: dict[str, Any]
    project_root: Path
    catalog: DataCatalog
    now: datetime
    charts: dict[str, RenderedChart]
    figure_uses: list[FigureUse]
    number_uses: list[NumberUse]
    revisions: dict[str, list[Revision]]
    embargo_ends: list[datetime]
    contents: list[Any]
    warnings: list[NewsroomProblem]
    noted: list[NewsroomProblem]  # warnings the production build publishes with
    charts_drawn: list[str]  # not found in the cache, by id

    def summary(self) -> RunSummary:
        return RunSummary(self.warnings, self.noted, self.embargo_ends, self.charts_drawn)


@dataclass(frozen=True)
class RunSummary:
    """What a build keeps of a language's run once it is over (site.build.run_languages)."""

    warnings: list[NewsroomProblem]
    noted: list[NewsroomProblem]
    embargo_ends: list[datetime]
    charts_drawn: list[str]


@dataclass
class FileAdditions:
    """What reading one file added to the run, taken out before it is read again and put
    back when the new reading is not used."""

    charts: list[Any]
    figure_uses: list[Any]
    number_uses: list[Any]
    revisions: list[Any]
    warnings: list[NewsroomProblem]
    embargo: Any


@dataclass
class NewsroomBuild:
    """The parts of one Pelican run; `fast_rebuilds`: whether rebuilds/ is plugged in
    (NEWSROOM_FAST_REBUILDS)."""

    data: SiteData
    urls: Urls
    tools: BuildTools
    charts_made: ChartsMade
    figures_made: FiguresMade
    embargoes: Embargoes
    fast_rebuilds: bool
    warnings: BuildWarnings
    contents: list[Any] = field(default_factory=list)  # articles and pages, every language

    @property
    def problems(self) -> list[NewsroomProblem]:
        """Every problem found so far: any stops the build."""
        return self.warnings.problems

    def reading_additions(self) -> BuildAdditions:
        return BuildAdditions(self.charts_made, self.figures_made, self.warnings)

    def outcome(self) -> RunOutcome:
        return RunOutcome(
            settings=self.data.settings,
            project_root=self.data.project_root,
            catalog=self.data.catalog,
            now=self.data.now,
            charts=self.charts_made.charts,
            figure_uses=self.figures_made.figure_uses,
            number_uses=self.figures_made.number_uses,
            revisions=self.figures_made.revisions,
            embargo_ends=self.embargoes.ends,
            contents=self.contents,
            warnings=self.warnings.found,
            noted=self.warnings.noted,
            charts_drawn=self.charts_made.images.charts_drawn,
        )

    def take_file_additions(self, shown: str) -> FileAdditions:
        """Remove what reading the file at `shown` added to this run and return it (the
        preview's page renderer reads one file again)."""
        charts, figures = self.charts_made, self.figures_made
        taken = FileAdditions(
            charts=[chart for chart in charts.charts.values() if chart.source == shown],
            figure_uses=[use for use in figures.figure_uses if use.source == shown],
            number_uses=[use for use in figures.number_uses if use.source == shown],
            revisions=figures.revisions.pop(shown, []),
            warnings=[w for w in self.warnings.found if w.location.file == shown],
            embargo=self.embargoes.of_files.pop(shown, None),
        )
        for chart in taken.charts:
            del charts.charts[chart.chart_id]
        figures.figure_uses[:] = [use for use in figures.figure_uses if use.source != shown]
        figures.number_uses[:] = [use for use in figures.number_uses if use.source != shown]
        self.warnings.found[:] = [w for w in self.warnings.found if w.location.file != shown]
        return taken

    def put_back_file_additions(self, shown: str, additions: FileAdditions) -> None:
        """Undo a new reading of `shown`: its additions out, the earlier ones back."""
        self.take_file_additions(shown)
        for chart in additions.charts:
            self.charts_made.charts[chart.chart_id] = chart
        self.figures_made.figure_uses += additions.figure_uses
        self.figures_made.number_uses += additions.number_uses
        if additions.revisions:
            self.figures_made.revisions[shown] = additions.revisions
        self.warnings.found += additions.warnings
        if additions.embargo is not None:
            self.embargoes.of_files[shown] = additions.embargo

    def close(self) -> None:
        """Stop the chart workers and end the progress line, whether the build succeeded."""
        self.charts_made.images.close()
        self.tools.progress.close()
