"""What one build knows: the validated data, the charts made so far, the problems found.

One `NewsroomBuild` is made per Pelican run (on `initialized`) and kept in the run's
settings under `NEWSROOM_BUILD`, where readers and generators find it.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2

from newsroom import PLUGIN_FOLDER
from newsroom.charts.drawing import RenderedChart
from newsroom.charts.images import ChartImages
from newsroom.charts.named import NamedChart, load_named_charts
from newsroom.core.cache import ContentCache
from newsroom.core.errors import Location, NewsroomError, NewsroomProblem, shown_path
from newsroom.core.languages import site_languages
from newsroom.core.paths import data_root, project_cache, project_root
from newsroom.core.progress import BuildProgress
from newsroom.core.settings import setting
from newsroom.data.packages import load_packages
from newsroom.data.tables import DataCatalog
from newsroom.data.translations import translate_packages
from newsroom.data.units import Unit, find_units
from newsroom.figures.computed import ComputedFigure, FigureCheck
from newsroom.news.embargo import build_now, embargoed_until, releases_to_come, visible_releases
from newsroom.news.pins import Revision, read_pins

PLUGIN_TEMPLATES = PLUGIN_FOLDER / "templates"
SETTINGS_KEY = "NEWSROOM_BUILD"
DATASET_LINK_PREFIX = "@newsroom/datasets/"
CHART_LINK_PREFIX = "@newsroom/charts/"
FIGURE_LINK_PREFIX = "@newsroom/figures/"
EMBED_LINK_PREFIX = "@newsroom/embed/"
UNIT_LINK_PREFIX = "@newsroom/units/"
SCRIPT_LINK = "@newsroom/static/interactive-charts.js"


@dataclass(frozen=True)
class FigureUse:
    """One place in the prose where a figure is written or checked."""

    source: str
    line: int
    key: str
    typed: str
    figure: ComputedFigure
    check: FigureCheck | None

    @property
    def status(self) -> str:
        if self.check is None:
            return "computed"
        return "checked" if self.check.matches else "MISMATCH"


@dataclass
class NewsroomBuild:
    settings: dict[str, Any]
    project_root: Path
    catalog: DataCatalog
    cache: ContentCache
    images: ChartImages
    progress: BuildProgress
    templates: jinja2.Environment
    named_charts: dict[str, NamedChart]
    now: datetime
    preview: bool
    pins: dict[str, dict[str, str]] = field(default_factory=dict)
    revisions: dict[str, list[Revision]] = field(default_factory=dict)
    charts: dict[str, RenderedChart] = field(default_factory=dict)
    figures: dict[str, ComputedFigure] = field(default_factory=dict)
    figure_uses: list[FigureUse] = field(default_factory=list)
    problems: list[NewsroomProblem] = field(default_factory=list)
    contents: list[Any] = field(default_factory=list)  # articles and pages, every language
    embargo_ends: list[datetime] = field(default_factory=list)  # when the site will change
    # {language: chart ids its articles draw}, for the other languages' counterparts, which
    # this run reads but does not render: an embed links to its translation if it has one.
    counterpart_charts: dict[str, set[str]] = field(default_factory=dict)
    # While a file is read: what reading it adds to the build, to replay when the same
    # file is read again with the same data (reading_cache).
    recording: list[tuple[Any, ...]] | None = None
    _shown_paths: dict[str, str] = field(default_factory=dict)
    embargoes: dict[str, datetime] = field(default_factory=dict)  # {shown path: until}

    def setting(self, name: str) -> Any:
        return setting(self.settings, name)

    def dataset_url(self, name: str) -> str:
        return self.setting("NEWSROOM_DATASET_URL").format(name=name)

    def chart_url(self, chart_id: str, extension: str) -> str:
        return f"{self.setting('NEWSROOM_CHART_URL')}{chart_id}.{extension}"

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
            self.setting("NEWSROOM_UNIT_RESOURCE"),
            self.setting("NEWSROOM_UNIT_FIELD"),
            self.cache,
        )
        # A unit's name in the run's language (NEWSROOM_LANGUAGE_SETTINGS), for pages;
        # the data keep the names they have.
        labels = self.setting("NEWSROOM_UNIT_LABELS")
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

    def embargo_of(self, text: str, source: str) -> datetime | None:
        """A file's embargo (source: its shown path), if it is still on; remembered, since
        the site changes then, and kept for the pages that show it (`embargoes`)."""
        until = embargoed_until(text, self.now, self.settings)
        if until is not None:
            self.embargo_ends.append(until)
            self.embargoes[source] = until
        return until

    def figure_url(self, key: str) -> str:
        return f"figures/{key}/"

    def embed_url(self, chart_id: str) -> str:
        return f"embed/{chart_id}/"

    def add_counterpart_charts(self, lang: str, chart_ids: list[str]) -> None:
        self._record("counterpart", lang, chart_ids)
        self.counterpart_charts.setdefault(lang, set()).update(chart_ids)

    def add_revision(self, revision: Revision) -> None:
        self._record("revision", revision)
        self.revisions.setdefault(revision.source, []).append(revision)

    def use_figure(self, use: FigureUse, lang: str) -> None:
        """A figure written or checked in the prose; recorded by its definition, which a
        replay computes again from the data."""
        matches = use.check.matches if use.check else None
        figure = use.figure
        self._record("figure", use.source, use.line, use.key, use.typed, figure.name,
                     figure.block, lang, figure.formatted, matches)  # fmt: skip
        self.figures[use.key] = figure
        self.figure_uses.append(use)

    def _record(self, *event: Any) -> None:
        if self.recording is not None:
            self.recording.append(event)

    def add_chart(self, chart: RenderedChart) -> None:
        self._record("chart", chart.cache_key, chart.line)
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

    def close(self) -> None:
        """Stop the chart workers and end the progress line, whether the build succeeded."""
        self.images.close()
        self.progress.close()


class WrittenUndefined(jinja2.Undefined):
    """Falsy in tests, an error when written out: a misspelt variable cannot vanish."""

    __slots__ = ()

    def __str__(self) -> str:
        self._fail_with_undefined_error()


def template_environment(settings: dict[str, Any]) -> jinja2.Environment:
    """Theme templates first, then the plugin's defaults; always autoescaped."""
    theme = Path(settings["THEME"]) / "templates"
    options = {
        "autoescape": True,
        "undefined": jinja2.StrictUndefined,
        "keep_trailing_newline": True,
    }
    # language_runs.prepare_language adds Jinja's i18n extension to it in every run.
    compiled = project_cache(settings).compiled_templates({**options, "i18n": True})
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(str(theme)), jinja2.FileSystemLoader(str(PLUGIN_TEMPLATES))]
        ),
        bytecode_cache=compiled,
        **options,
    )


def start_build(settings: dict[str, Any]) -> NewsroomBuild:
    """Validate every data package; raises NewsroomError before anything is written."""
    if settings.get("LOAD_CONTENT_CACHE"):
        raise NewsroomError.single(
            "content-cache-unsupported",
            Location("pelicanconf.py"),
            "LOAD_CONTENT_CACHE is on: Pelican would reuse unchanged articles without"
            " reading them, and their charts and figures would be missing from the site.",
            "Remove LOAD_CONTENT_CACHE: the newsroom caches Markdown's parsing and every"
            " chart itself, by content, so that a change in the data always shows.",
        )
    root, cache = project_root(settings), project_cache(settings)
    now = build_now(settings)
    preview = setting(settings, "NEWSROOM_PREVIEW")
    languages = site_languages(settings)
    progress = BuildProgress(settings["DEFAULT_LANG"] if len(languages) > 1 else "")
    packages = load_packages(data_root(settings), root, cache, progress)
    embargo_ends = releases_to_come(packages, now, settings)
    if not preview:
        packages = visible_releases(packages, now, settings)
    packages = translate_packages(packages, settings["DEFAULT_LANG"], languages)
    named_charts = load_named_charts(Path(settings["PATH"]), root, packages)
    catalog = DataCatalog({p.name: p for p in packages})
    return NewsroomBuild(
        settings=settings,
        project_root=root,
        catalog=catalog,
        pins=read_pins(Path(settings["PATH"]), root, catalog),
        cache=cache,
        images=ChartImages(cache),
        progress=progress,
        templates=template_environment(settings),
        named_charts=named_charts,
        now=now,
        preview=preview,
        embargo_ends=embargo_ends,
    )
