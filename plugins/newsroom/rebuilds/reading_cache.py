"""Step 3d, cached: a whole file's reading, replayed while its text and data are the same.

Reading an article is Markdown's conversion plus what our syntax adds to the build: its
charts, the figures its prose writes or checks, its other numbers, the revisions since
its pinned release, the warnings it finds.
A reading is recorded (the HTML, the raw front matter, the conversions of formatted
fields such as the summary, and those additions) under a key of everything it can
depend on: the file's bytes and path, the data releases it reads and the newest ones,
the run's settings, the templates and translations, named charts, units, and the
code's versions. A replay adds the same things again: charts come from the chart
cache, and every figure is looked up again by its definition and the data's content
hash (figures.compute_figure) and must come out as recorded, or the file is read in
full. A reading that found a problem is never recorded.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsroom.charts.drawing import RenderedChart, chart_from_cache
from newsroom.charts.images import ChartImages
from newsroom.charts.named import NamedChart
from newsroom.core.cache import ContentCache, cache_key
from newsroom.core.errors import NewsroomProblem
from newsroom.core.paths import LIVE_OUTPUT_SETTING
from newsroom.data.tables import DataCatalog
from newsroom.figures.computed import compute_figure, typed_check
from newsroom.figures.uses import FigureUse, NumberUse
from newsroom.news.pins import Revision

if TYPE_CHECKING:  # the contract of site/, whose wiring plugs this module in
    from newsroom.site.build_state import ReadingAdditions

NAMESPACE = "reading"
# Settings that differ between builds of the same site without changing what is read.
UNREAD_SETTINGS = {"OUTPUT_PATH", LIVE_OUTPUT_SETTING}


@dataclasses.dataclass
class Reading:
    content: str
    meta: dict[str, list[str]]  # Markdown's front matter, before Pelican processes it
    formatted: dict[str, str]  # {text of a formatted field: its HTML}
    events: list[tuple[Any, ...]]  # RecordingAdditions.events


class RecordedConversions:
    """The part of a Markdown that Pelican's `_parse_metadata` uses, answering from a
    recorded reading: formatted fields are not converted again."""

    class _Preprocessors:
        def deregister(self, name: str, strict: bool = True) -> None:
            """Nothing to remove: nothing is converted."""

    def __init__(self, formatted: dict[str, str]) -> None:
        self.formatted = formatted
        self.preprocessors = self._Preprocessors()

    def reset(self) -> None:
        """Nothing to reset: nothing is converted."""

    def convert(self, text: str) -> str:
        return self.formatted[text]


class RecordingAdditions:
    """Adds to the build as `target` does, and records each addition for a replay."""

    def __init__(self, target: ReadingAdditions) -> None:
        self.target = target
        self.events: list[tuple[Any, ...]] = []

    def add_chart(self, chart: RenderedChart) -> None:
        self.events.append(("chart", chart.cache_key, chart.line))
        self.target.add_chart(chart)

    def add_counterpart_charts(self, lang: str, chart_ids: list[str]) -> None:
        self.events.append(("counterpart", lang, chart_ids))
        self.target.add_counterpart_charts(lang, chart_ids)

    def use_figure(self, use: FigureUse, lang: str) -> None:
        """Recorded by the figure's definition, which a replay computes again."""
        matches = use.check.matches if use.check else None
        figure = use.figure
        self.events.append(("figure", use.source, use.line, use.key, use.typed, figure.name,
                            figure.block, lang, figure.formatted, matches))  # fmt: skip
        self.target.use_figure(use, lang)

    def add_revision(self, revision: Revision) -> None:
        self.events.append(("revision", revision))
        self.target.add_revision(revision)

    def review_number(self, use: NumberUse) -> None:
        self.events.append(("number", use))
        self.target.review_number(use)

    def warn(self, problem: NewsroomProblem) -> None:
        self.events.append(("warning", problem))
        self.target.warn(problem)


def reading_key(run_salt: str, source: bytes, shown: str, lang: str, releases: str) -> str:
    """The file's bytes, path and language, and the releases it reads (its pins: a
    generated article's are set just before it is read), in this run."""
    return cache_key("reading", data=(source, releases), options=[run_salt, shown], language=lang)


def run_salt(
    markdown_salt: str,
    settings: dict[str, Any],
    named_charts: dict[str, NamedChart],
    newest: DataCatalog,
    units: Iterable[str],
    template_folders: list[Path],
) -> str:
    """Everything but the file that a reading depends on, worked out once per run:
    newest, the newest releases (revisions and links are to them); template_folders,
    every folder of templates and translations reading renders with."""
    named = {name: chart.options for name, chart in named_charts.items()}
    plain_settings = {k: v for k, v in settings.items() if k not in UNREAD_SETTINGS}
    return cache_key(
        "reading-run",
        data=(newest.releases(), *(_folder_digest(folder) for folder in template_folders)),
        options=[
            markdown_salt,
            repr(_plain(plain_settings)),
            repr(_plain(named)),
            repr(sorted(units)),
        ],
    )


def replay(
    reading: Reading,
    target: ReadingAdditions,
    images: ChartImages,
    catalog_for: Callable[[str], DataCatalog],
    cache: ContentCache,
) -> bool:
    """Add to target what the recorded reading added; False, adding nothing, if the
    chart cache no longer holds one of its charts or a figure computes differently.
    catalog_for: the data a file is built from (its pins)."""
    steps: list[tuple[str, Any]] = []
    for kind, *fields in reading.events:
        if kind == "chart":
            chart = chart_from_cache(fields[0], fields[1], images)
            if chart is None:
                return False
            steps.append(("chart", chart))
        elif kind == "figure":
            use = _figure_use(catalog_for, cache, *fields)
            if use is None:
                return False
            steps.append(("figure", (use, fields[6])))
        else:
            steps.append((kind, fields))
    for kind, value in steps:
        if kind == "chart":
            target.add_chart(value)
        elif kind == "figure":
            target.use_figure(*value)
        elif kind == "counterpart":
            target.add_counterpart_charts(*value)
        elif kind == "revision":
            target.add_revision(*value)
        elif kind == "number":
            target.review_number(*value)
        elif kind == "warning":
            target.warn(*value)
    return True


def _figure_use(
    catalog_for: Callable[[str], DataCatalog],
    cache: ContentCache,
    source: str,
    line: int,
    key: str,
    typed: str,
    name: str,
    block: Any,
    lang: str,
    formatted: str,
    matches: bool | None,
) -> FigureUse | None:
    figure = compute_figure(name, block, catalog_for(source), lang, cache)
    check = typed_check(typed, figure, lang)
    if figure.formatted != formatted or (check.matches if check else None) != matches:
        return None
    return FigureUse(source, line, key, typed, figure, check)


def load(data: bytes) -> Reading | None:
    try:
        reading = pickle.loads(data)  # the build's own cache, as Pelican's content cache
    except Exception:  # written by other code: read the file in full
        return None
    return reading if isinstance(reading, Reading) else None


def dump(reading: Reading) -> bytes:
    return pickle.dumps(reading, protocol=pickle.HIGHEST_PROTOCOL)


def _plain(value: Any) -> Any:
    """Settings as comparable plain values; an object by its type (our own objects'
    behaviour is in the code's version)."""
    if isinstance(value, dict):
        return sorted((str(k), _plain(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(_plain(v)) for v in value)
    if value is None or isinstance(value, str | int | float | bool | datetime.date):
        return value
    return type(value).__qualname__


def _folder_digest(folder: Path) -> str:
    """The names and bytes of every file below folder."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()
