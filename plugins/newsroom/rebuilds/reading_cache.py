"""Step 3d, cached: a whole file's reading, replayed while its text and data are the same.

Reading an article is Markdown's conversion plus what our syntax adds to the build: its
charts, the figures its prose writes or checks, the revisions since its pinned release.
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
from pathlib import Path
from typing import Any

from newsroom.charts.drawing import chart_from_cache
from newsroom.core.cache import cache_key
from newsroom.core.paths import LIVE_OUTPUT_SETTING
from newsroom.figures.computed import compute_figure, typed_check
from newsroom.site.build_state import PLUGIN_TEMPLATES, FigureUse, NewsroomBuild

NAMESPACE = "reading"
# Settings that differ between builds of the same site without changing what is read.
UNREAD_SETTINGS = {"OUTPUT_PATH", LIVE_OUTPUT_SETTING}


@dataclasses.dataclass
class Reading:
    content: str
    meta: dict[str, list[str]]  # Markdown's front matter, before Pelican processes it
    formatted: dict[str, str]  # {text of a formatted field: its HTML}
    events: list[tuple[Any, ...]]  # NewsroomBuild.recording


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


def reading_key(build: NewsroomBuild, run_salt: str, source: bytes, shown: str, lang: str) -> str:
    """The file's bytes, path and language, and the releases it reads (its pins: a
    generated article's are set just before it is read), in this run."""
    releases = build.catalog_for(shown).releases()
    return cache_key("reading", data=(source, releases), options=[run_salt, shown], language=lang)


def run_salt(build: NewsroomBuild, markdown_salt: str) -> str:
    """Everything but the file that a reading depends on, worked out once per run."""
    named = {name: chart.options for name, chart in build.named_charts.items()}
    settings = {k: v for k, v in build.settings.items() if k not in UNREAD_SETTINGS}
    theme = Path(build.settings["THEME"])
    return cache_key(
        "reading-run",
        data=(
            build.catalog.releases(),  # the newest: revisions and links are to them
            *(
                _folder_digest(f)
                for f in (theme / "templates", theme / "translations", PLUGIN_TEMPLATES)
            ),
        ),
        options=[
            markdown_salt,
            repr(_plain(settings)),
            repr(_plain(named)),
            repr(sorted(build.units)),
        ],
    )


def replay(build: NewsroomBuild, reading: Reading) -> bool:
    """Add what the recorded reading added; False, adding nothing, if the chart cache no
    longer holds one of its charts or a figure computes differently."""
    steps: list[tuple[str, Any]] = []
    for kind, *fields in reading.events:
        if kind == "chart":
            chart = chart_from_cache(fields[0], fields[1], build.images)
            if chart is None:
                return False
            steps.append(("chart", chart))
        elif kind == "figure":
            use = _figure_use(build, *fields)
            if use is None:
                return False
            steps.append(("figure", (use, fields[6])))
        else:
            steps.append((kind, fields))
    for kind, value in steps:
        if kind == "chart":
            build.add_chart(value)
        elif kind == "figure":
            build.use_figure(*value)
        elif kind == "counterpart":
            build.add_counterpart_charts(*value)
        elif kind == "revision":
            build.add_revision(*value)
    return True


def _figure_use(
    build: NewsroomBuild,
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
    figure = compute_figure(name, block, build.catalog_for(source), lang, build.cache)
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
