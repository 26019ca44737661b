"""`invoke bench`: our build against its irreducible parts, side by side (issue 9).

At each scale a reference site is generated in a temporary folder (scale 1: the 18 units,
500 articles of which 100 carry a chart, data packages of about 100,000 rows; scale N: N
times each) and every measured step runs in its own process, `repeats` times, median
kept, peak memory from /usr/bin/time -v. The results go to docs/benchmarks.md and
docs/benchmarks.png. Run as a script, this file is also the child process of the
measurements that need one: `capture`, `library`, `duckdb` (our validation's is
validation_child.py).
"""

from __future__ import annotations

import compileall
import gzip
import importlib.util
import json
import os
import pickle
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script, too
from tree_memory import TreeMemory
from validation_shapes import SHAPES, make_shape

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
PYTHON = sys.executable
FRICTIONLESS = str(Path(sys.executable).parent / "frictionless")
# Our validation's child process: a script of its own, which imports nothing of this
# one's (the harness's imports took a tenth of a second of the process measured).
VALIDATE = str(Path(__file__).resolve().parent / "validation_child.py")
TIME = Path("/usr/bin/time")
ARTICLES, CHARTED, PACKAGES = 500, 100, 10  # per unit of scale
MONTHS = 556  # 18 units x 556 months x 10 packages: about 100,000 rows at scale 1
MILLION_UNITS, MILLION_MONTHS = 1000, 1000
SHAPE_ROWS = 1_000_000  # rows of each package of validation_shapes
STARTUP_ROWS = 100  # the same shape this small: what our process costs before the rows
TARGET_SPEEDUP = 20  # issue 22: our validation against the frictionless CLI
LIBRARIES = (
    "pelican", "markdown", "frictionless", "pyarrow", "pandas", "altair",
    "vl-convert-python", "xlsxwriter", "duckdb",
)  # fmt: skip
WORDS = [
    "violence", "reduction", "partners", "schools", "youth", "workers", "police", "health",
    "councils", "community", "programme", "funding", "referrals", "mentoring", "outreach",
    "families", "evidence", "evaluation", "prevention", "hospital", "navigators", "sport",
]  # fmt: skip
WELSH_WORDS = [
    "trais", "lleihau", "partneriaid", "ysgolion", "ieuenctid", "gweithwyr", "heddlu",
    "iechyd", "cynghorau", "cymuned", "rhaglen", "cyllid", "atgyfeiriadau", "mentora",
    "teuluoedd", "tystiolaeth", "gwerthuso", "atal", "ysbyty", "chwaraeon",
]  # fmt: skip
TRANSLATED_EVERY = 2  # every other article has a Welsh translation, as on our site
NONE = "n/a"


# ---------------------------------------------------------------- the reference site


def vru_module() -> types.ModuleType:
    """data/generate_vru_packages.py: the shapes of the published VRU packages."""
    spec = importlib.util.spec_from_file_location("vru", REPO / "data/generate_vru_packages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def month_names(count: int, first_year: int = 1975) -> list[str]:
    return [f"{first_year + m // 12}-{m % 12 + 1:02d}" for m in range(count)]


def write_package(folder: Path, descriptor: dict[str, Any], files: dict[str, str]) -> None:
    folder.mkdir(parents=True)
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def indicator(vru: types.ModuleType, number: int, months: list[str]) -> tuple[dict, dict]:
    """One package shaped like vru-sharp-object-admissions: units, and a monthly count."""
    rng = random.Random(number)
    rows = [
        [uid, month, max(0, round(population / 1e5 * (1 + 0.3 * (rng.random() - 0.5))))]
        for uid, _area, _region, population in vru.UNITS
        for month in months
    ]
    resource = {
        "name": "counts",
        "path": "counts.csv",
        "title": f"Monthly count of indicator {number}",
        "description": "One row per unit and month.",
        "schema": {
            "fields": [
                vru.UNIT_ID_FIELD,
                {
                    "name": "month",
                    "type": "yearmonth",
                    "title": "Month",
                    "description": "Calendar month.",
                    "constraints": {"required": True},
                },
                {
                    "name": "count",
                    "type": "integer",
                    "title": "Count",
                    "description": "Events in the month.",
                    "constraints": {"required": True, "minimum": 0},
                },
            ],
            "primaryKey": ["unit_id", "month"],
            "foreignKeys": [vru.UNIT_FOREIGN_KEY],
        },
    }
    return vru.indicator_package(
        f"bench-indicator-{number:03d}",
        f"Benchmark indicator {number}, by VRU, monthly",
        f"Generated monthly counts for indicator {number}.",
        ["benchmark"],
        resource,
        rows,
    )


def chart_block(number: int, scale: int, vru: types.ModuleType, welsh: bool = False) -> str:
    package = number % (PACKAGES * scale)
    uid, area = vru.UNITS[(number // (PACKAGES * scale)) % len(vru.UNITS)][:2]
    kind = "line" if number % 2 == 0 else "column\nper: year\naggregate: sum"
    if welsh:
        title = f"title: Dangosydd {package} yn {area}\n"
        alt = f"alt: Siart o ddangosydd {package} yn {area}, un gwerth y mis ers 1975.\n"
    else:
        title = f"title: Indicator {package} in {area}\n"
        alt = f"alt: Chart of indicator {package} in {area}, one value a month since 1975.\n"
    return (
        f"```chart\nid: bench-chart-{number:05d}\npackage: bench-indicator-{package:03d}\n"
        f"kind: {kind}\nx: month\ny: count\nfilter:\n  unit_id: {uid}\n{title}{alt}```\n"
    )


def welsh_article(number: int, scale: int, vru: types.ModuleType, chart: bool) -> str:
    """The translation of article(number): Welsh words, the same chart in Welsh."""
    rng = random.Random(-number)
    uid, area = vru.UNITS[number % len(vru.UNITS)][:2]
    date = datetime(2015, 1, 1) + timedelta(hours=7 * number)
    paragraphs = [
        " ".join(
            " ".join(rng.choice(WELSH_WORDS) for _ in range(12)).capitalize() + "."
            for _ in range(4)
        )
        for _ in range(6)
    ]
    body = "\n\n".join(paragraphs[:3])
    if chart:
        body += "\n\n" + chart_block(number // (ARTICLES // CHARTED), scale, vru, welsh=True)
    body += "\n\n" + "\n\n".join(paragraphs[3:])
    return (
        f"Title: Diweddariad {area} rhif [{number}](not-data:)\nDate: {date:%Y-%m-%d %H:%M}\n"
        f"Category: Newyddion\nTags: Meincnod, {area}\nSlug: bench-article-{number:05d}\n"
        f"Lang: cy\nTranslation: true\nUnits: {uid}\n\n{body}\n"
    )


def article(number: int, scale: int, vru: types.ModuleType, chart: bool) -> str:
    rng = random.Random(number)
    uid, area = vru.UNITS[number % len(vru.UNITS)][:2]
    date = datetime(2015, 1, 1) + timedelta(hours=7 * number)
    paragraphs = [
        " ".join(
            " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(4)
        )
        for _ in range(6)
    ]
    body = "\n\n".join(paragraphs[:3])
    if chart:
        body += "\n\n" + chart_block(number // (ARTICLES // CHARTED), scale, vru)
    body += "\n\n" + "\n\n".join(paragraphs[3:])
    return (
        f"Title: {area} update number [{number}](not-data:)\nDate: {date:%Y-%m-%d %H:%M}\n"
        f"Category: News\nTags: Benchmark, {area}\nSlug: bench-article-{number:05d}\n"
        f"Authors: {area} Violence Reduction Unit\nUnits: {uid}\n\n{body}\n"
    )


# What the plugin gives the theme (gettext, Babel's dates), in its plainest form; in a
# module of its own, as Pelican's content cache pickles the settings.
PLAIN_THEME_MODULE = """
def gettext(text, **values):
    return text % values if values else text


def ngettext(one, many, n, **values):
    return (one if n == 1 else many) % {"num": n, **values}


def localdate(value, fmt=None):
    return f"{value:%-d %B %Y, %H:%M}"


def localnumber(value):
    return f"{value:,}"
"""
PLAIN_THEME_SETTINGS = """
import plain_theme

JINJA_ENVIRONMENT = {**JINJA_ENVIRONMENT, "extensions": ["jinja2.ext.i18n"]}
JINJA_GLOBALS = {
    "gettext": plain_theme.gettext,
    "ngettext": plain_theme.ngettext,
    "page_lang": "en",
    "language_name_in_page": str,
}
JINJA_FILTERS = {"localdate": plain_theme.localdate, "localnumber": plain_theme.localnumber}
"""


def make_sites(root: Path, scale: int) -> tuple[Path, Path]:
    """Our site and the plain-Pelican site (same Markdown without chart blocks)."""
    vru = vru_module()
    site, plain = root / "site", root / "plain"
    for folder in (site, plain):
        shutil.copytree(REPO / "theme", folder / "theme")
        settings = (REPO / "pelicanconf.py").read_text(encoding="utf-8")
        if folder == plain:  # it writes the Welsh files as its own translations
            settings += '\nNEWSROOM_LANGUAGES = ["en"]  # for the theme: one switcher-less run\n'
        (folder / "pelicanconf.py").write_text(settings, encoding="utf-8")
        (folder / "content/news").mkdir(parents=True)
    skip = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "plugins", site / "plugins", ignore=skip)
    # Compiled once, as Python does on first import where it may write bytecode and as
    # pip did for Pelican: where PYTHONDONTWRITEBYTECODE is set, every build compiled the
    # plugin's modules again (a twentieth of a second).
    compileall.compile_dir(site / "plugins", quiet=1)
    for number in range(ARTICLES * scale):
        charted = number % (ARTICLES // CHARTED) == 0
        name = f"content/news/bench-{number:05d}.md"
        (site / name).write_text(article(number, scale, vru, charted), encoding="utf-8")
        (plain / name).write_text(article(number, scale, vru, False), encoding="utf-8")
        if number % TRANSLATED_EVERY == 0:
            name = f"content/news/bench-{number:05d}.cy.md"
            text = welsh_article(number, scale, vru, charted)
            (site / name).write_text(text, encoding="utf-8")
            (plain / name).write_text(welsh_article(number, scale, vru, False), encoding="utf-8")
    months = month_names(MONTHS)
    for number in range(PACKAGES * scale):
        descriptor, files = indicator(vru, number, months)
        files["README.md"] = vru.readme(descriptor)
        write_package(site / "data" / descriptor["name"], descriptor, files)
    (plain / "plainconf.py").write_text(
        "import os\nimport sys\n\nsys.path.append(os.curdir)\n"
        "from pelicanconf import *  # noqa: F403\n\n"
        "PLUGINS = []\nCACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\n"
        'CACHE_PATH = "pelican-cache"\n' + PLAIN_THEME_SETTINGS
    )
    (plain / "plain_theme.py").write_text(PLAIN_THEME_MODULE)
    return site, plain


def make_million(root: Path) -> Path:
    """One package of 1,000,000 rows in the VRU shape (more units, more months)."""
    vru = vru_module()
    letters = "abcdefghijklmnopqrstuvwxyz"
    units = [
        "unit-" + letters[n // 676] + letters[n // 26 % 26] + letters[n % 26]
        for n in range(MILLION_UNITS)
    ]
    months = month_names(MILLION_MONTHS, first_year=1900)
    descriptor, _ = indicator(vru, 0, months[:1])
    descriptor["name"] = "bench-million"
    rng = random.Random(0)
    with open(root / "counts.csv", "w", encoding="utf-8") as out:
        out.write("unit_id,month,count\n")
        for uid in units:
            out.writelines(f"{uid},{month},{rng.randrange(60)}\n" for month in months)
    rows = [[u, f"Unit {u}", u, u, "Nowhere", 1000] for u in units]
    header = [f["name"] for f in vru.UNITS_SCHEMA["fields"]]
    (root / "units.csv").write_text(vru.csv_text(header, rows), encoding="utf-8")
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n")
    return root / "datapackage.json"


# ---------------------------------------------------------------- measuring


class BenchError(Exception):
    """A measured command failed; the message holds its output."""


@dataclass
class Sample:
    seconds: float
    peak_mb: float | None
    stdout: str
    cpu_seconds: float | None = None  # user + system time of the command (/usr/bin/time)
    steps: dict[str, float] | None = None  # a build's own record of its steps' seconds
    peak_parts: dict[str, float] = field(default_factory=dict)  # MB by process, at the peak


@dataclass
class Measure:
    samples: list[Sample] = field(default_factory=list)
    note: str = ""

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_mb(self) -> float | None:
        peaks = [s.peak_mb for s in self.samples if s.peak_mb is not None]
        return max(peaks) if peaks else None

    @property
    def peak_parts(self) -> dict[str, float]:
        """What the processes held at the highest peak of the samples (TreeMemory)."""
        highest = max(self.samples, key=lambda s: s.peak_mb or 0.0, default=None)
        return highest.peak_parts if highest is not None else {}

    @property
    def cpu_seconds(self) -> float | None:
        found = [s.cpu_seconds for s in self.samples if s.cpu_seconds is not None]
        return statistics.median(found) if found else None

    @property
    def steps(self) -> dict[str, float]:
        """The median of each step a build recorded, in the build's order, and the rest of
        its wall clock (interpreter start-up, imports, the up-to-date check, the exit)."""
        recorded = [s.steps for s in self.samples if s.steps is not None]
        if not recorded:
            return {}
        names = recorded[0]
        steps = {name: statistics.median(r.get(name, 0.0) for r in recorded) for name in names}
        steps[OTHER_STEP] = max(0.0, self.seconds - sum(steps.values()))
        return steps

    def reported(self, key: str) -> float:
        """The median of a number the child process printed as JSON."""
        return statistics.median(json.loads(s.stdout.splitlines()[-1])[key] for s in self.samples)


# Where our builds leave a retired output for a process of its own to remove
# (ContentCache.throw_away): the build that leaves it does not wait for it.
BINS: list[Path] = []


def settle(bins: list[Path], limit: float = 900) -> None:
    """Wait until the removals left running by the step before are done and what it
    wrote is on disk: otherwise they run during the next step timed, whether ours or a
    baseline (with steps taking turns, a baseline would pay for our removals)."""
    deadline = time.monotonic() + limit
    while any(folder.is_dir() and any(folder.iterdir()) for folder in bins):
        if time.monotonic() > deadline:
            raise BenchError(f"a removal in {bins} did not end in {limit:.0f} s")
        time.sleep(0.05)
    os.sync()


def run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None, may_fail: bool = False
) -> Sample:
    """The command's wall clock, output and peak memory: the larger of the sum over its
    processes (tree_memory) and its largest single process (/usr/bin/time -v).
    may_fail: a non-zero exit is its verdict (a validator finding errors)."""
    settle(BINS)
    timed = [str(TIME), "-v", *command] if TIME.exists() else command
    started = time.perf_counter()
    process = subprocess.Popen(
        timed, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    tree = TreeMemory(process.pid).start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    tree_peak = tree.stop()
    if process.returncode != 0 and not may_fail:
        raise BenchError(f"{' '.join(command)} failed in {cwd}:\n{stderr[-4000:]}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    peaks = [p for p in (tree_peak, int(peak.group(1)) / 1024 if peak else None) if p]
    cpu = re.findall(r"(?:User|System) time \(seconds\): ([0-9.]+)", stderr)
    cpu_seconds = sum(map(float, cpu)) if len(cpu) == 2 else None
    sample = Sample(seconds, max(peaks, default=None), stdout, cpu_seconds)
    if tree_peak and sample.peak_mb == tree_peak:
        sample.peak_parts = tree.peak_parts
    return sample


def plugin_env(site: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(site / "plugins")}


def build_command(output: str = "output", force: bool = False) -> list[str]:
    command = [PYTHON, "-m", "newsroom.site.build", "--settings", "pelicanconf.py"]
    return command + ["--output", output] + (["--force"] if force else [])


OTHER_STEP = "start-up, up-to-date check and exit"


def recorded_build(site: Path, env: dict[str, str], force: bool = False) -> Sample:
    """Our build, with its own record (`--record`) of the charts it drew and of the
    seconds each step took, kept in the sample."""
    record = site.parent / "build-record.json"
    record.unlink(missing_ok=True)
    sample = run([*build_command(force=force), "--record", str(record)], site, env)
    kept = json.loads(record.read_text(encoding="utf-8"))
    sample.steps = kept["seconds"]
    sample.stdout = json.dumps(kept)  # charts_drawn, for the package step
    return sample


Step = tuple[Any, Any]  # the measured call; None, or a call given the repeat's index


def side_by_side(count: int, steps: dict[str, Step]) -> dict[str, Measure]:
    """Each step `count` times, taking turns (a, b, a, b, ...): steps compared with each
    other run in the same minutes, so a slow spell of the machine slows them alike. Run
    one after the other, plain Pelican's cached build took 1.6 s in one run, 2.2 s in
    the next."""
    measures = {name: Measure() for name in steps}
    for index in range(count):
        for name, (step, before) in steps.items():
            if before:
                before(index)
            measures[name].samples.append(step())
    return measures


def repeat(count: int, step: Any, before: Any = None) -> Measure:
    return side_by_side(count, {"step": (step, before)})["step"]


def edit_article(site: Path, index: int) -> None:
    path = site / "content/news/bench-00000.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n\n", f"\n\nEdited [{index + 1}](not-data:) times.\n\n", 1))


EDITED_PACKAGE = "bench-indicator-000"


def edit_package(site: Path, index: int) -> None:
    path = site / "data" / EDITED_PACKAGE / "counts.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    unit, month, count = lines[1 + index].rstrip("\n").split(",")
    lines[1 + index] = f"{unit},{month},{int(count) + 1}\n"
    path.write_text("".join(lines), encoding="utf-8")


def charts_using(site: Path, package: str) -> list[str]:
    """The ids of the chart blocks drawing the package, once per language they are in."""
    block = re.compile(rf"^id: (\S+)\npackage: {re.escape(package)}$", re.MULTILINE)
    return [
        chart_id
        for path in sorted((site / "content").rglob("*.md"))
        for chart_id in block.findall(path.read_text(encoding="utf-8"))
    ]


def page_weight(site: Path) -> dict[str, int]:
    """gzip bytes (level 6) of a charted article's HTML, its stylesheets and chart SVGs."""
    from bs4 import BeautifulSoup

    page = next((site / "output/news").rglob("bench-article-00000/index.html"))
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    parts = {"html": page.read_bytes(), "css": b"", "svg": b""}
    links = [(tag.get("href"), "css") for tag in soup.find_all("link", rel="stylesheet")]
    links += [(tag.get("src"), "svg") for tag in soup.find_all("img") if ".svg" in tag["src"]]
    sizes = {"html": len(gzip.compress(parts["html"], 6)), "css": 0, "svg": 0}
    for href, kind in links:
        target = (page.parent / href.split("?")[0]).resolve()
        sizes[kind] += len(gzip.compress(target.read_bytes(), 6))
    sizes["total"] = sum(sizes.values())
    return sizes


def measure_scale(scale: int, repeats: int, root: Path) -> dict[str, Any]:
    site, plain = make_sites(root, scale)
    env = plugin_env(site)
    BINS.append(site / ".cache/newsroom/discarded")

    def fresh(_index: int = 0) -> None:
        for name in (".cache", "output"):
            shutil.rmtree(site / name, ignore_errors=True)

    specs = root / "specs.jsonl"
    fresh()
    capture = run([PYTHON, __file__, "capture", str(site), str(specs)], site, env)
    results: dict[str, Any] = {"capture": capture}
    pelican = [PYTHON, "-m", "pelican", "content", "-s", "plainconf.py", "-o", "output"]

    def plain_fresh(_index: int = 0) -> None:
        for name in ("pelican-cache", "output"):
            shutil.rmtree(plain / name, ignore_errors=True)

    library = [PYTHON, __file__, "library", str(site), str(specs), str(root / "library")]
    ours = build_command()
    cold = {
        "ours-cold": (lambda: recorded_build(site, env), fresh),
        "pelican-cold": (lambda: run(pelican, plain), plain_fresh),
        "library": (lambda: run(library, site, env), None),
    }
    results.update(side_by_side(repeats, cold))
    cached = {
        "pelican-cached": (lambda: run(pelican, plain), None),
        "ours-warm": (lambda: run(ours, site, env), None),
        "ours-forced": (lambda: recorded_build(site, env, force=True), None),
        "ours-edit": (lambda: recorded_build(site, env), lambda i: edit_article(site, i)),
    }
    results.update(side_by_side(repeats, cached))
    # The build's own record of the charts it drew (`--record`): every chart that uses
    # the changed package must be among them, and no other.
    package = repeat(repeats, lambda: recorded_build(site, env), lambda i: edit_package(site, i))
    results["ours-package"] = package
    drawn = [json.loads(sample.stdout)["charts_drawn"] for sample in package.samples]
    using = charts_using(site, EDITED_PACKAGE)
    results["charts-using"] = len(using)
    results["charts-redone"] = statistics.median(len(charts) for charts in drawn)
    results["charts-missed"] = sorted({c for charts in drawn for c in set(using) - set(charts)})
    results["page-weight"] = page_weight(site)
    pages = root / "pages-only"
    shutil.copytree(site / "output", pages, ignore=shutil.ignore_patterns("pagefind"))

    def no_index(_index: int = 0) -> None:
        shutil.rmtree(pages / "pagefind", ignore_errors=True)

    # The build's own search step (only the pages marked for search), with no live index
    # to reuse: what a build that changed a page pays.
    search = (
        "from newsroom.site.search_index import build_search_index as b; b(Path(a[1]), Path(a[2]))"
    )
    pagefind = [PYTHON, "-c", f"import sys; from pathlib import Path; a = sys.argv; {search}"]
    pagefind += [str(pages), str(root / "no-live-site")]
    results["pagefind"] = repeat(repeats, lambda: run(pagefind, site, env), no_index)
    descriptors = sorted(str(p) for p in (site / "data").glob("*/datapackage.json"))
    validate = [PYTHON, VALIDATE, "validate", str(site), str(site / "data")]
    duck = [PYTHON, __file__, "duckdb", str(site / "data")]
    validation = {
        "frictionless-cli": (lambda: run_all(descriptors, site), None),
        "ours-validate": (lambda: run(validate, site, env), None),
        "duckdb": (lambda: run(duck, site), None),
    }
    results.update(side_by_side(repeats, validation))
    results.update(measure_preview(site))
    return results


PREVIEW_SAVES = 5  # articles saved one after another under `newsroom serve`


def article_url(number: int) -> str:
    """The address of article(number), as pelicanconf.py's ARTICLE_URL makes it."""
    date = datetime(2015, 1, 1) + timedelta(hours=7 * number)
    return f"news/{date:%Y}/{date:%m}/bench-article-{number:05d}/"


def measure_preview(site: Path) -> dict[str, Any]:
    """`newsroom serve` on the built site, looked at in chromium: from each save of a
    different article to its new sentence in the open page, and from a change to the
    edited package to the reload of a page showing one of its charts."""
    from preview_latency import data_change_latency, save_latencies

    numbers = range(1, 1 + PREVIEW_SAVES)
    pages = [(f"content/news/bench-{n:05d}.md", article_url(n)) for n in numbers]
    saves = save_latencies(site, pages)
    data = data_change_latency(site, article_url(0), lambda: edit_package(site, PREVIEW_SAVES))
    return {"preview-saves": saves, "preview-data": data}


def run_all(descriptors: list[str], cwd: Path) -> Sample:
    """The frictionless CLI on each package, one after another: total time, largest peak."""
    samples = [run([FRICTIONLESS, "validate", path], cwd) for path in descriptors]
    peaks = [s.peak_mb for s in samples if s.peak_mb is not None]
    return Sample(sum(s.seconds for s in samples), max(peaks) if peaks else None, "")


def measure_million(repeats: int, root: Path, site: Path) -> dict[str, Any]:
    data = root / "million-data"
    (data / "bench-million").mkdir(parents=True)
    descriptor = make_million(data / "bench-million")
    cli = [FRICTIONLESS, "validate", str(descriptor)]
    ours = [PYTHON, VALIDATE, "validate", str(root), str(data)]
    duck = [PYTHON, __file__, "duckdb", str(data)]
    validation = {
        "frictionless-cli": (lambda: run(cli, root), None),
        "ours-validate": (lambda: run(ours, root, plugin_env(site)), None),
        "duckdb": (lambda: run(duck, root), None),
    }
    return side_by_side(repeats, validation)


def measure_shapes(repeats: int, root: Path, site: Path, rows: int) -> dict[str, Any]:
    """Each shape of validation_shapes: the frictionless CLI and our validation, process
    to process, and whether their findings are the same (type, row, field, message);
    with our validation of the same shape at STARTUP_ROWS rows (our fixed cost: the
    interpreter, the imports, the descriptor) and the rows frictionless read."""
    found: dict[str, Any] = {}
    env = plugin_env(site)
    for index, name in enumerate(SHAPES):
        folder, small = root / f"shape-{index}", root / f"shape-{index}-small"
        descriptor = make_shape(folder, index, rows)
        make_shape(small, index, STARTUP_ROWS)
        cli = [FRICTIONLESS, "validate", "--json", str(descriptor)]
        ours = [PYTHON, VALIDATE, "validate", str(folder), str(folder / "data")]
        startup = [PYTHON, VALIDATE, "validate", str(small), str(small / "data")]
        measured = side_by_side(
            repeats,
            {
                "frictionless-cli": (lambda cli=cli: run(cli, root, may_fail=True), None),
                "ours-validate": (lambda ours=ours: run(ours, root, env), None),
                "ours-startup": (lambda startup=startup: run(startup, root, env), None),
            },
        )
        findings = [PYTHON, VALIDATE, "findings", str(descriptor)]
        ours_found = json.loads(run(findings, root, env).stdout)
        theirs = json.loads(measured["frictionless-cli"].samples[0].stdout)
        theirs_found = [
            [error["type"], error.get("rowNumber"), error.get("fieldName"), error["message"]]
            for task in theirs["tasks"]
            for error in task["errors"]
        ]
        same = ours_found == theirs_found
        read = max(task.get("stats", {}).get("rows", 0) for task in theirs["tasks"])
        found[name] = {
            **measured,
            "same": same,
            "errors": len(ours_found),
            "rows": rows,
            "cli-rows": read,
        }
        shutil.rmtree(folder)
        shutil.rmtree(small)
    return found


def shape_shortfall(measured: dict[str, Any]) -> str:
    """Why a shape is under the target speed-up, and by how much; empty if it is not."""
    cli, ours = measured["frictionless-cli"].seconds, measured["ours-validate"].seconds
    if not measured["same"]:
        return "the findings differ"
    if cli / ours >= TARGET_SPEEDUP:
        return ""
    budget = cli / TARGET_SPEEDUP
    startup = measured["ours-startup"].seconds
    why = [f"{ours - budget:.2f} s over the {TARGET_SPEEDUP}x budget of {budget:.2f} s"]
    if measured["cli-rows"] < measured["rows"]:
        why.append(
            f"frictionless stops at its error limit after {measured['cli-rows']:,} of"
            f" {measured['rows']:,} rows"
        )
    if startup >= budget:
        why.append(
            f"our start-up alone (the same shape at {STARTUP_ROWS} rows: interpreter,"
            f" imports, descriptor) takes {startup:.2f} s"
        )
    else:
        why.append(
            f"our start-up takes {startup:.2f} s (the same shape at {STARTUP_ROWS} rows),"
            f" the rows {ours - startup:.2f} s where {budget - startup:.2f} s would do"
        )
    return "; ".join(why)


# ---------------------------------------------------------------- child processes


def child_capture(site: Path, specs: Path) -> None:
    """A cold build recording every vl-convert call it makes, and every image it hands
    to a worker process (the call of a chart_images function drawing it, replayed as
    it is)."""
    from concurrent.futures import ProcessPoolExecutor

    import vl_convert

    calls: list[dict[str, Any]] = []
    for name in ("vegalite_to_svg", "vegalite_to_png", "svg_to_png"):
        original = getattr(vl_convert, name)

        def recorder(*args: Any, _original: Any = original, _name: str = name, **kw: Any) -> Any:
            calls.append({"call": _name, "args": args, "kwargs": kw})
            return _original(*args, **kw)

        setattr(vl_convert, name, recorder)
    submit = ProcessPoolExecutor.submit

    def record_submit(pool: Any, function: Any, *args: Any, **kw: Any) -> Any:
        draw, input_, *_ = args  # chart_images._drawn: the drawing is recorded
        calls.append({"call": "worker:" + draw.__name__, "args": [input_], "kwargs": {}})
        return submit(pool, function, *args, **kw)

    ProcessPoolExecutor.submit = record_submit  # type: ignore[method-assign]
    from newsroom.site.build import main as build

    code = build(["--settings", str(site / "pelicanconf.py"), "--output", str(site / "output")])
    specs.write_text("\n".join(json.dumps(call) for call in calls) + "\n")
    sys.exit(code)


def child_library(site: Path, specs: Path, out: Path) -> None:
    """The same vl-convert calls, one after another (the workers' too), then the same
    downloads by the same writers."""
    import vl_convert
    from newsroom.catalogue.downloads import (
        json_bytes,
        package_zip_bytes,
        parquet_bytes,
        xlsx_bytes,
    )
    from newsroom.catalogue.page_downloads import release_time
    from newsroom.charts import images as chart_images
    from newsroom.core.cache import ContentCache
    from newsroom.data.packages import load_packages
    from newsroom.data.tables import load_table

    calls = [json.loads(line) for line in specs.read_text().splitlines()]
    durations = []
    started = time.perf_counter()
    for call in calls:
        began = time.perf_counter()
        worker, _, name = call["call"].rpartition(":")
        function = getattr(chart_images if worker else vl_convert, name)
        function(*call["args"], **call["kwargs"])
        durations.append((call["call"], time.perf_counter() - began))
    rendering = time.perf_counter() - started
    charts = sum(1 for name, _ in durations if name == "vegalite_to_svg")
    packages = load_packages(site / "data", site, ContentCache(None))
    started = time.perf_counter()
    tables = {(p.name, r.name): load_table(r) for p in packages for r in p.resources}
    loading = time.perf_counter() - started
    started = time.perf_counter()
    for package in packages:
        folder = out / package.name
        folder.mkdir(parents=True, exist_ok=True)
        when = release_time(package)
        for resource in package.resources:
            table = tables[package.name, resource.name]
            stem = folder / resource.path.stem
            stem.with_suffix(".csv").write_bytes(resource.path.read_bytes())
            stem.with_suffix(".xlsx").write_bytes(xlsx_bytes(package, resource, table, when))
            stem.with_suffix(".json").write_bytes(json_bytes(resource, table))
            stem.with_suffix(".parquet").write_bytes(parquet_bytes(resource, table))
        (folder / f"{package.name}.zip").write_bytes(package_zip_bytes(package, when))
    writing = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    one_chart = sum(d for _, d in durations[1:]) / charts if charts else 0.0

    def median_of(call: str) -> float:
        """One image's time; the first SVG, which starts the engine, left out."""
        found = [d for name, d in durations[1:] if name == call]
        return statistics.median(found) if found else 0.0

    print(
        json.dumps(
            {
                "rendering": rendering,
                "loading": loading,
                "writing": writing,
                "total": rendering + loading + writing,
                "charts": charts,
                "one_chart": one_chart,
                "svg": median_of("vegalite_to_svg"),
                "png": median_of("worker:_png_from_svg"),
                "card": median_of("worker:_png"),
            }
        )
    )


def child_duckdb(data: Path) -> None:
    """The floor: DuckDB reading every CSV of the packages."""
    import duckdb

    started = time.perf_counter()
    rows = sum(
        duckdb.sql(f"select count(*) from read_csv('{path}')").fetchall()[0][0]
        for path in sorted(data.glob("*/*.csv"))
    )
    print(json.dumps({"seconds": time.perf_counter() - started, "rows": rows}))


# ---------------------------------------------------------------- the report


def versions() -> dict[str, str]:
    found = {}
    for name in LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    memory = re.search(r"MemTotal:\s*(\d+) kB", meminfo)
    return (
        f"{os.cpu_count()} CPUs ({model.group(1).strip() if model else platform.processor()}), "
        f"{int(memory.group(1)) / 1024**2:.1f} GB memory, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def seconds(value: float | None) -> str:
    return NONE if value is None else f"{value:.2f} s"


def megabytes(value: float | None) -> str:
    return NONE if value is None else f"{value:.0f} MB"


def verdict(met: bool | None) -> str:
    return "not measured" if met is None else ("met" if met else "**NOT met**")


def target(name: str, ours: str, limit: str, ratio: float | None, met: bool | None) -> list[str]:
    return [name, ours, limit, NONE if ratio is None else f"{ratio:.2f}", verdict(met)]


def build_shortfall(measure: Measure, limit: float) -> str:
    """Where the time of a build over its limit went, by the build's own record: each
    language's Pelican run (its set-up, reading and writing), the search index, and the
    rest of the process."""
    steps = measure.steps
    if not steps:
        return f"{measure.seconds - limit:.2f} s over; the build recorded no steps"
    runs: dict[str, dict[str, float]] = {}
    others = []
    for name, took in steps.items():
        lang, _, step = name.partition(" ")
        if step in RUN_STEPS:
            runs.setdefault(lang, {})[step] = took
        else:
            others.append(f"{name} {took:.2f} s")
    parts = [
        f"{lang} run {sum(run.values()):.2f} s ("
        + ", ".join(f"{step} {took:.2f} s" for step, took in run.items())
        + ")"
        for lang, run in runs.items()
    ]
    return (
        f"{measure.seconds - limit:.2f} s over; by the build's record: "
        + "; ".join(parts + others)
        + (
            f"; {len(runs)} Pelican runs, one per language, where plain Pelican makes one"
            if len(runs) > 1
            else ""
        )
    )


def peak_parts(measure: Measure) -> str:
    """Who held the memory at the peak: each kind of process, largest first."""
    found = sorted(measure.peak_parts.items(), key=lambda part: -part[1])
    if not found:
        return "one process"
    return ", ".join(f"{kind} {megabytes(mb)}" for kind, mb in found if mb >= 1)


RUN_STEPS = ("set-up", "reading", "writing")  # of each language's run (site/build.py)


def targets(
    results: dict[int, dict[str, Any]], million: dict[str, Any], shapes: dict[str, Any]
) -> list[list[str]]:
    """One row per target of issue 9: name, ours, limit, ours / limit, verdict."""
    rows = []
    for scale, r in results.items():
        b = r["library"].reported("total")
        a_cold, a_cached = r["pelican-cold"].seconds, r["pelican-cached"].seconds
        one_chart = r["library"].reported("one_chart")
        for name, key, limit in (
            ("cold build <= 1.0 x (a cold + b)", "ours-cold", a_cold + b),
            ("warm rebuild <= 1.3 x a cached", "", 1.3 * a_cached),
            (
                "warm rebuild forced to build (--force) <= 1.3 x a cached",
                "ours-forced",
                1.3 * a_cached,
            ),
            (
                "one-article edit <= 1.2 x a cached + one chart",
                "ours-edit",
                1.2 * a_cached + one_chart,
            ),
        ):
            ours = r[key or "ours-warm"].seconds
            name = f"{name} (scale {scale})"
            shown = seconds(ours)
            if key and ours > limit:
                shown += f" ({build_shortfall(r[key], limit)})"
            rows.append(target(name, shown, seconds(limit), ours / limit, ours <= limit))
        using, redone, missed = r["charts-using"], r["charts-redone"], r["charts-missed"]
        name = f"one package changed: charts redrawn, by the build's record (scale {scale})"
        ours = f"{redone:g}" + (f"; NOT redrawn: {', '.join(missed)}" if missed else "")
        met = redone <= using and not missed
        rows.append(target(name, ours, f"{using} (charts using it)", None, met))
    for scale, r in results.items():
        latency = statistics.median(r["preview-saves"])
        name = f"preview: an edited article's new text in the open page (scale {scale})"
        rows.append(target(name, seconds(latency), "1.00 s", latency, latency <= 1.0))
        name = f"preview: a page showing a changed package reloaded (scale {scale})"
        rows.append(target(name, seconds(r["preview-data"]), NONE, None, None))
    cli, ours = million["frictionless-cli"], million["ours-validate"]
    for name, speedup in (
        ("1,000,000-row validation speed-up, process to process", cli.seconds / ours.seconds),
        (
            "1,000,000-row validation speed-up, CLI process / our validation in-process",
            cli.seconds / ours.reported("validation"),
        ),
    ):
        rows.append(target(name, f"{speedup:.1f}x", "20x", speedup / 20, speedup >= 20))
    for shape, measured in shapes.items():
        cli_shape, ours_shape = measured["frictionless-cli"], measured["ours-validate"]
        speedup = cli_shape.seconds / ours_shape.seconds
        name = f"validation, {shape}: speed-up, process to process, same findings"
        why = shape_shortfall(measured)
        met = speedup >= TARGET_SPEEDUP and measured["same"]
        ours = f"{speedup:.1f}x" + (f" ({why})" if why else "")
        rows.append(target(name, ours, f"{TARGET_SPEEDUP}x", speedup / TARGET_SPEEDUP, met))
    peaks = {"1,000,000-row validation: peak memory": million["ours-validate"].peak_mb}
    for shape, measured in shapes.items():
        peaks[f"validation, {shape}: peak memory"] = measured["ours-validate"].peak_mb
    parts: dict[str, str] = {}
    for scale, r in results.items():
        builds = [m for k, m in r.items() if k.startswith("ours-") and k != "ours-validate"]
        highest = max(builds, key=lambda m: m.peak_mb or 0.0)
        name = f"our builds: peak memory (scale {scale}; our own limit, not the issue's)"
        peaks[name] = highest.peak_mb
        which = next(k for k, m in r.items() if m is highest)
        parts[name] = f"{dict(BUILDS_RECORDED).get(which, which)} build: {peak_parts(highest)}"
    for name, peak in peaks.items():
        met = None if peak is None else peak <= 1024
        ratio = None if peak is None else peak / 1024
        shown = megabytes(peak) + (f" ({parts[name]})" if name in parts else "")
        rows.append(target(name, shown, "1024 MB", ratio, met))
    low, high = min(results), max(results)
    for key in ("ours-cold", "ours-warm", "ours-forced", "ours-edit", "ours-package"):
        if high == low:
            rows.append(target(f"{key}: growth at most linear", NONE, NONE, None, None))
            continue
        growth = results[high][key].seconds / results[low][key].seconds
        name = f"{key}: growth from scale {low} to {high}"
        ratio = growth / (high / low)
        rows.append(target(name, f"{growth:.1f}x", f"{high / low:g}x", ratio, ratio <= 1))
    return rows


TABLE_ROWS = (
    ("ours-cold", "our build, cold (no .cache/)"),
    ("ours-warm", "our build, warm (nothing changed: found up to date)"),
    ("ours-forced", "our build, warm, forced (--force: readings replayed, every page written)"),
    ("ours-edit", "our build after editing one article"),
    ("ours-package", "our build after changing one package"),
    (
        "pagefind",
        "our search step alone: Pagefind on the pages marked for search"
        " (in every build that changes a page)",
    ),
    ("pelican-cold", "(a) plain Pelican, cold"),
    ("pelican-cached", "(a) plain Pelican, content cache"),
    ("library", "(b) library work alone: vl-convert + tables + writers"),
    ("frictionless-cli", "(c) frictionless validate CLI, every package"),
    ("ours-validate", "(c) our validation (load_packages, no cache), every package"),
    ("duckdb", "(d) DuckDB reading every CSV"),
)


def report(
    results: dict[int, dict[str, Any]],
    million: dict[str, Any],
    shapes: dict[str, Any],
    repeats: int,
) -> str:
    scales = list(results)
    lines = [
        "# Benchmarks",
        "",
        "Written by `invoke bench` (tests/benchmark/run.py); see issue 9 for the targets.",
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {machine()}.",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in versions().items()) + ".",
        "",
        f"Every number is the median of {repeats} runs, each in its own process (wall clock"
        " from start to exit, interpreter start-up included); steps compared with each other"
        " take turns (ours, its baselines, ours again), so a slow spell of the machine"
        " slows them alike; each starts once the step before is done, with what it wrote"
        " on disk and the retired site it left to a removal in the background removed;"
        " peak memory is the whole command's: the largest sum over its processes (the build"
        " and its chart workers) of their proportional set sizes, sampled from /proc every"
        " 50 ms (tests/benchmark/tree_memory.py), or the largest single process's maximum"
        " resident set (/usr/bin/time -v) if that is larger. Scale 1: 18 units, 500"
        " articles of which 100 carry one chart, and a Welsh translation of every other"
        " one (250, 50 of them with the chart in Welsh), as our site is bilingual; plain"
        " Pelican builds the same Welsh files as its own translations. 10 data packages"
        " of 10,026 rows (100,260 rows); scale N: N times each. The site's copy of the"
        " plugin is compiled to bytecode when the site is made, as pip compiled Pelican's"
        " modules when it installed them.",
        "",
        "## Targets",
        "",
        "| target | ours | limit | ratio | |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in targets(results, million, shapes)]
    lines += [
        "",
        "## Times",
        "",
        "| step | " + " | ".join(f"scale {s}" for s in scales) + " | peak memory |",
        "| --- |" + " --- |" * (len(scales) + 1),
    ]
    for key, label in TABLE_ROWS:
        measured = [results[s].get(key) for s in scales]
        peak = max((m.peak_mb for m in measured if m and m.peak_mb), default=None)
        cells = [seconds(m.seconds if m else None) for m in measured]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {megabytes(peak)} |")
    lines += [
        "",
        "A build first compares its inputs (settings, the files of content/, data/, theme/"
        " and plugins/, the environment it reads, the installed packages) and its output"
        " with the record of the last good build (rebuilds/up_to_date.py): with nothing changed it"
        " stops there. Forced, or after an edit, it replays the recorded reading of every"
        " unchanged article (rebuilds/reading_cache.py; figures by the data's content hash),"
        " reads the changed ones, and renders every page again, in two processes"
        " (rebuilds/parallel_writing.py). Chart images and downloads come from the cache unread:"
        " linked from the live site where it has the same copy, else copied in."
        " After an edit Pagefind indexes every searchable page again:"
        " it has no incremental mode, and splitting the index into parts to rebuild one"
        " would make every reader's search download each part's index and WebAssembly.",
        "",
        "### Where our builds' time went",
        "",
        "Each build writes its own record of its steps (`--record`, site/build.py): per"
        " language, one Pelican run's set-up (settings, plugins, data validation and"
        " loading), reading (every file, replayed or read; charts drawn) and writing (every"
        " page, feed and file), then the search index. The rest is the process's own:"
        " interpreter start-up, imports, the up-to-date check and the exit. Medians of"
        " each step.",
        "",
        *steps_tables(results),
        "### Preview",
        "",
        f"`newsroom serve` on the built site, with chromium looking at it"
        f" (tests/benchmark/preview_latency.py): {PREVIEW_SAVES} different articles saved"
        " one after another once the page renderers have started, each timed from the"
        " file's write to its new sentence in the open page (the page comes first from"
        " the warm renderer, the full build follows: docs/preview.md); then one row of a"
        " data package changed, timed until a page showing one of its charts has reloaded"
        " (the full build alone):",
        "",
        *(
            f"- scale {s}: saves "
            + ", ".join(f"{v:.2f} s" for v in results[s]["preview-saves"])
            + f"; package change {results[s]['preview-data']:.2f} s."
            for s in scales
        ),
        "",
        "### (b) in detail",
        "",
        "Baseline (b) does the library work one call after another, in one process: every"
        " SVG, PNG and social card by vl-convert, every table loaded by pandas, every"
        " download written. Our build does the same work on every core: SVGs in the build"
        " process, PNGs and cards in worker processes (charts/images.py), so on a machine"
        " of n cores its cold build can take less than (a) + (b); the ratio says how much"
        " of the machine we use, not that the work was avoided. Per chart, a cold build"
        " spends the three medians below (SVG, PNG, card), wherever they run.",
        "",
        "| part | " + " | ".join(f"scale {s}" for s in scales) + " |",
    ]
    lines += ["| --- |" + " --- |" * len(scales)]
    for key, label in (
        ("rendering", "vl-convert: every SVG and PNG of the build"),
        ("loading", "pandas: loading every table"),
        ("writing", "writers: CSV copy, XLSX, JSON, Parquet, zip"),
        ("one_chart", "one chart (SVG + PNG + card), engine already started"),
        ("svg", "of which its SVG (vl-convert, median)"),
        ("png", "of which its PNG, rasterised from the SVG (median)"),
        ("card", "of which its social card, drawn from a spec of its own (median)"),
    ):
        cells = [seconds(results[s]["library"].reported(key)) for s in scales]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    cli, ours = million["frictionless-cli"], million["ours-validate"]
    lines += [
        "",
        "## 1,000,000-row validation",
        "",
        f"One package in the VRU shape: {MILLION_UNITS:,} units and"
        f" {MILLION_UNITS * MILLION_MONTHS:,} monthly rows, with a primary key, a foreign key,"
        " required fields and minimums.",
        "",
        "| | wall clock | of which imports | validation | peak memory |",
        "| --- | --- | --- | --- | --- |",
        f"| `frictionless validate` CLI | {seconds(cli.seconds)} | {NONE} | {NONE} |"
        f" {megabytes(cli.peak_mb)} |",
        f"| ours: `load_packages`, no cache | {seconds(ours.seconds)} |"
        f" {seconds(ours.reported('imports'))} | {seconds(ours.reported('validation'))} |"
        f" {megabytes(ours.peak_mb)} |",
        f"| DuckDB counting the rows (the floor) | {seconds(million['duckdb'].seconds)} |"
        f" {NONE} | {NONE} | {megabytes(million['duckdb'].peak_mb)} |",
        "",
        "Our process imports only the validation step (newsroom.data.packages and what it"
        " needs), not Pelican, pandas or Altair. A plain package (the VRU shape) is checked"
        " in one DuckDB pass (data/plain_validation.py); anything it cannot vouch for goes to the"
        " pyarrow path or to frictionless, which reports every error. The findings are"
        " frictionless's by test: tests/data/test_plain_validation.py and"
        " tests/data/test_fast_validation.py compare them on every package in data/, the fixtures,"
        " the bad-input corpus and generated faulty packages.",
        "",
        "## Validation on every shape",
        "",
        "One package of each shape a publisher has (tests/benchmark/validation_shapes.py),"
        f" {shape_rows(shapes):,} rows; the findings compared are every error's type, row,"
        " field and message, frictionless's from its CLI's `--json` report, ours from the"
        " validation step (`findings`). A package with errors stops frictionless after"
        " 1,000 of them, and our step reads the rows only as far as it needs to find the"
        " same 1,000. Our start-up is our validation of the same shape at"
        f" {STARTUP_ROWS} rows; CPU is user + system time, the speed-up that a machine"
        " busy with other work leaves least changed.",
        "",
        "| shape | frictionless CLI | ours | our start-up | speed-up | by CPU time |"
        " errors | same findings | peak memory (ours) | under the target because |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *(
            f"| {name} | {seconds(m['frictionless-cli'].seconds)} |"
            f" {seconds(m['ours-validate'].seconds)} |"
            f" {seconds(m['ours-startup'].seconds)} |"
            f" {m['frictionless-cli'].seconds / m['ours-validate'].seconds:.1f}x |"
            f" {cpu_ratio(m['frictionless-cli'], m['ours-validate'])} |"
            f" {m['errors']:,} | {'yes' if m['same'] else '**no**'} |"
            f" {megabytes(m['ours-validate'].peak_mb)} | {shape_shortfall(m) or 'met'} |"
            for name, m in shapes.items()
        ),
        "",
        "## Page weight",
        "",
        "gzip (level 6) bytes of a charted article: "
        + ", ".join(
            f"scale {s}: {results[s]['page-weight']['total']:,} bytes (HTML"
            f" {results[s]['page-weight']['html']:,}, CSS {results[s]['page-weight']['css']:,},"
            f" SVG {results[s]['page-weight']['svg']:,})"
            for s in scales
        )
        + ".",
        "",
        "![Time against scale](benchmarks.png)",
        "",
    ]
    return "\n".join(lines)


BUILDS_RECORDED = (
    ("ours-cold", "cold"),
    ("ours-forced", "forced"),
    ("ours-edit", "one article edited"),
    ("ours-package", "one package changed"),
)


def steps_tables(results: dict[int, dict[str, Any]]) -> list[str]:
    """One table per scale: each step's seconds in each of our recorded builds."""
    lines = []
    for scale, r in results.items():
        measured = [(label, r[key].steps) for key, label in BUILDS_RECORDED if key in r]
        names = list(dict.fromkeys(name for _, steps in measured for name in steps))
        if not names:
            continue
        lines += [f"Scale {scale}:", ""]
        lines += ["| step | " + " | ".join(label for label, _ in measured) + " |"]
        lines += ["| --- |" + " --- |" * len(measured)]
        for name in names:
            cells = [seconds(steps[name]) if name in steps else NONE for _, steps in measured]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def cpu_ratio(theirs: Measure, ours: Measure) -> str:
    if theirs.cpu_seconds is None or not ours.cpu_seconds:
        return NONE
    return f"{theirs.cpu_seconds / ours.cpu_seconds:.1f}x"


def shape_rows(shapes: dict[str, Any]) -> int:
    return next(iter(shapes.values()))["rows"] if shapes else 0


def chart_png(results: dict[int, dict[str, Any]]) -> bytes:
    import altair as alt
    import vl_convert

    rows = [
        {"scale": scale, "step": label, "seconds": r[key].seconds}
        for scale, r in results.items()
        for key, label in TABLE_ROWS
        if isinstance(r.get(key), Measure)
    ]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("scale:Q", title="scale (1 = 500 articles, 100 charts, 100,000 rows)"),
            y=alt.Y("seconds:Q", title="seconds (median)", scale=alt.Scale(type="log")),
            color=alt.Color(
                "step:N",
                title="step",  # a legend titled null draws at an infinite size (vl-convert 1.9)
                scale=alt.Scale(scheme="tableau20"),  # one colour a step, up to 20 steps
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=420),
            ),
        )
        .properties(width=640, height=360, title="Build steps and baselines against scale")
    )
    return vl_convert.vegalite_to_png(chart.to_dict(), scale=2)


def main(scales: str | list[int] = "1,4,16", repeats: int = 3, shape_rows: int = SHAPE_ROWS) -> int:
    scale_list = [int(s) for s in scales.split(",")] if isinstance(scales, str) else scales
    results: dict[int, dict[str, Any]] = {}
    million: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as folder:
        root = Path(folder)
        for scale in scale_list:
            started = time.perf_counter()
            results[scale] = measure_scale(scale, repeats, root / f"scale-{scale}")
            print(f"scale {scale}: measured in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        site = root / f"scale-{scale_list[0]}" / "site"
        million = measure_million(repeats, root / "million", site)
        print(f"1,000,000 rows: measured in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        shapes = measure_shapes(repeats, root / "shapes", site, shape_rows)
        print(f"validation shapes: measured in {time.perf_counter() - started:.0f} s", flush=True)
    # Kept outside the repository first: a report that fails does not lose an hour's run.
    kept = Path(tempfile.gettempdir()) / "newsroom-bench-results.pickle"
    kept.write_bytes(pickle.dumps((results, million, shapes, repeats)))
    print(f"Measurements kept in {kept}.", flush=True)
    DOCS.mkdir(exist_ok=True)
    text = report(results, million, shapes, repeats)
    (DOCS / "benchmarks.md").write_text(text, encoding="utf-8")
    (DOCS / "benchmarks.png").write_bytes(chart_png(results))
    print(f"Wrote {DOCS / 'benchmarks.md'} and {DOCS / 'benchmarks.png'}.")
    return 0


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    children = {
        "capture": child_capture,
        "library": child_library,
        "duckdb": child_duckdb,
    }
    children[command](*map(Path, arguments))
