"""Rebuilds do only the work that changed.

A build whose inputs and output are as the last good build left them is skipped
(newsroom.rebuilds.up_to_date); any change to content, data, theme, settings or output builds
again, and so does the end of an embargo. Markdown's parsing of a text seen before is
reused (newsroom.rebuilds.markdown_cache), never when the text or what it shows from data changed.
Pages are rendered in two processes (newsroom.rebuilds.parallel_writing), byte for byte as in one.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from newsroom.charts.images import ChartImages
from newsroom.core.cache import CACHED_LIBRARIES, ContentCache, code_version
from newsroom.core.errors import NewsroomError
from newsroom.rebuilds import parallel_writing
from newsroom.rebuilds.reading_cache import Reading
from newsroom.rebuilds.up_to_date import BuildRecord
from newsroom.site import build
from newsroom.site.build import site_settings
from newsroom.site.build_state import PLUGIN_TEMPLATES
from newsroom.site.markdown_reader import NewsroomMarkdownReader
from pelican.contents import Content
from pelican.utils import get_date

from tests.conftest import SiteCopy

ARTICLE = "content/news/2021-07-12-vru-national-conference.md"
VICTIMS = "data/vru-victims-referred/victims-referred.csv"
STEPS = ("set-up", "reading", "writing")  # of each language run, in a build's record


def written_times(output: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in output.rglob("*")}


def edit(site: SiteCopy, name: str, old: str, new: str) -> None:
    path = site.root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def touch(path: Path) -> None:
    """A new modification time, the content unchanged (as `git checkout` can leave it)."""
    found = path.stat()
    os.utime(path, ns=(found.st_atime_ns, found.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The build's cache in a folder of the test's own, to look into."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWSROOM_CACHE", str(folder))
    return folder


def entries(cache: Path, namespace: str) -> list[str]:
    return sorted(p.name for p in (cache / namespace).rglob("*") if p.is_file())


CHANGES: dict[str, Callable[[SiteCopy], None]] = {
    "an article edited": lambda site: edit(site, ARTICLE, "[third](not-data", "[3rd](not-data"),
    "a data file touched": lambda site: touch(site.root / VICTIMS),
    "a theme template edited": lambda site: edit(
        site, "theme/templates/base.html", "</body>", "<!-- edited --></body>"
    ),
    "a file added to content": lambda site: (site.root / "content/news/new.md").write_text(
        "Title: New\nDate: 2021-07-20 09:00\nCategory: News\n\nNew text.\n", encoding="utf-8"
    ),
    "a page of the output edited": lambda site: (site.output / "index.html").write_text("x"),
    "a file of the output deleted": lambda site: (site.output / "robots.txt").unlink(),
}


def test_nothing_changed_skips_the_build_and_every_change_builds_again(site: SiteCopy) -> None:
    assert site.build()
    written = written_times(site.output)
    assert not site.build()
    assert written_times(site.output) == written  # not a file written again
    assert site.build(force=True)
    for name, change in CHANGES.items():
        change(site)
        assert site.build(), f"not built again after {name}"
        assert not site.build(), f"built twice after {name}"
    assert "3rd year" in (site.output / "news/2021/07/vru-national-conference/").joinpath(
        "index.html"
    ).read_text(encoding="utf-8")
    assert (site.output / "robots.txt").is_file()
    assert site.build({"SITENAME": "Another name"}), "a setting changed"


def test_an_embargo_ending_builds_again(site: SiteCopy) -> None:
    (site.root / "content/news/embargoed.md").write_text(
        "Title: Not yet\nDate: 2099-03-01 09:30\nCategory: News\n\nUnder embargo.\n",
        encoding="utf-8",
    )
    assert site.build()
    assert not (site.output / "news/2099").exists()
    settings_file = site.root / "pelicanconf.py"
    settings = site_settings(settings_file, {})
    record = BuildRecord(settings_file, site.output.resolve(), {}, settings)
    assert record.holds()
    record.now = datetime(2099, 3, 1, 9, 29, tzinfo=UTC)  # 09:30 in London is 09:30 UTC
    assert record.holds()
    record.now = datetime(2099, 3, 1, 9, 30, tzinfo=UTC)
    assert not record.holds()


def test_markdown_parsing_is_reused_only_for_the_same_text_and_data(
    site: SiteCopy, cache: Path
) -> None:
    (site.root / "content/news/south-wales.md").write_text(
        "Title: South Wales in 2020\nDate: 2021-07-20 09:00\nCategory: News\n\n"
        "In 2020, [](figure:victims) victims were referred in South Wales.\n\n"
        "```figures\nvictims:\n  package: vru-victims-referred\n"
        "  filter: {unit_id: south-wales, year: 2020}\n  field: victims_referred\n"
        "  calculation: value\n```\n",
        encoding="utf-8",
    )
    site.build()
    # Mark every remembered conversion: a page built from one shows the mark. Whole
    # readings are forgotten, so that Markdown's conversions are what is reused.
    for entry in (cache / "markdown").rglob("*"):
        if entry.is_file():
            entry.write_text(entry.read_text(encoding="utf-8") + "<p>REMEMBERED</p>")
    shutil.rmtree(cache / "reading")
    site.build(force=True)
    south_wales = site.output / "news/2021/07/south-wales-in-2020/index.html"
    release = site.output / "news/2021/07/vru-national-conference/index.html"
    assert "REMEMBERED" in south_wales.read_text(encoding="utf-8")
    assert "REMEMBERED" in release.read_text(encoding="utf-8")

    edit(site, ARTICLE, "[third](not-data", "[3rd](not-data")
    edit(site, VICTIMS, "south-wales,2020,5837", "south-wales,2020,5900")
    site.build()
    shown = south_wales.read_text(encoding="utf-8")
    assert "REMEMBERED" not in shown and "5,900" in shown and "5,837" not in shown
    shown = release.read_text(encoding="utf-8")
    assert "REMEMBERED" not in shown and "3rd year" in shown


def file_digests(output: Path) -> dict[str, str]:
    """Every file but Pagefind's (its index differs between runs, Pagefind#638)."""
    return {
        path.relative_to(output).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file() and path.relative_to(output).parts[0] != "pagefind"
    }


def test_pages_rendered_by_two_processes_are_what_one_process_renders(
    site: SiteCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    forks = []
    fork = os.fork
    # How many objects the collector was kept from at each fork (copy-on-write).
    monkeypatch.setattr(os, "fork", lambda: forks.append(gc.get_freeze_count()) or fork())
    site.build()
    assert len(forks) == 2, "one forked renderer per language run"
    assert min(forks) > 10_000, "the run's objects are frozen before the fork"
    assert gc.get_freeze_count() == 0, "and collected again once the child is done"
    in_two = file_digests(site.output)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    site.build(output=site.root / "one-process")
    assert len(forks) == 2, "forked on one CPU"
    assert file_digests(site.root / "one-process") == in_two


def test_a_failed_page_renderer_leaves_its_half_to_the_build(
    site: SiteCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.build()
    complete = file_digests(site.output)
    # The forked child dies before it reports; the parent writes the child's pages.
    monkeypatch.setattr(parallel_writing._EndOfChild, "generate_output", lambda *a: os._exit(3))
    site.build(output=site.root / "after-failure")
    assert file_digests(site.root / "after-failure") == complete
    assert gc.get_freeze_count() == 0


def test_the_search_index_is_built_with_none_of_the_runs_articles_in_memory(
    site: SiteCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each language's run leaves its summary, not its articles: Pelican's memoized
    content and summaries and the run's outcome held them through the other language's
    run and the search index (a third of a large build's memory)."""
    gc.collect()
    before = {id(item) for item in gc.get_objects() if isinstance(item, Content)}
    alive: list[str] = []
    index = build.build_search_index

    def counting(*args: object) -> None:
        gc.collect()
        found = [i for i in gc.get_objects() if isinstance(i, Content) and id(i) not in before]
        alive.extend(item.source_path for item in found)
        index(*args)

    monkeypatch.setattr(build, "build_search_index", counting)
    site.build()
    assert (site.output / "pagefind").is_dir()
    assert alive == []


def test_a_template_error_in_the_forked_half_is_reported_at_its_line(site: SiteCopy) -> None:
    edit(site, "theme/templates/article.html", "{% block content %}",
         "{% block content %}{{ article.no_such_attribute.upper() }}")  # fmt: skip
    message = site.build_fails()
    assert "error[template-error] theme/templates/article.html:" in message
    assert "Traceback" not in message


def test_pelicans_content_cache_is_refused_with_the_reason(site: SiteCopy) -> None:
    message = site.build_fails({"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True})
    assert "error[content-cache-unsupported] pelicanconf.py" in message
    assert "charts and figures would be missing" in message
    assert not site.output.exists()


def test_compiled_templates_are_reused_and_follow_every_template_edit(
    site: SiteCopy, cache: Path
) -> None:
    # The theme's own copy of a plugin template (the newsroom's environment, not Pelican's).
    figure = site.root / "theme/templates/newsroom/chart-figure.html"
    figure.parent.mkdir()
    figure.write_text((PLUGIN_TEMPLATES / "newsroom/chart-figure.html").read_text())
    site.build()
    assert any((cache / "jinja").rglob("*.cache")), "Jinja's compiled templates are kept"
    edit(site, "theme/templates/base.html", "</body>", "<!-- edited base --></body>")
    edit(site, "theme/templates/newsroom/chart-figure.html", "</figure>",
         "<!-- edited figure --></figure>")  # fmt: skip
    site.build()
    page = (site.output / "news/2021/07/vru-national-conference/index.html").read_text()
    assert "<!-- edited base -->" in page and "<!-- edited figure -->" in page


def test_text_added_above_a_chart_does_not_draw_it_again(site: SiteCopy, cache: Path) -> None:
    site.build()
    charts = entries(cache, "chart")
    page = site.output / "news/2021/07/vru-national-conference/index.html"
    edit(site, ARTICLE, "\n```chart", "\nA new paragraph.\n\nAnd another.\n\n```chart")
    site.build()
    assert entries(cache, "chart") == charts
    shown = page.read_text(encoding="utf-8")
    assert "A new paragraph." in shown and 'class="chart-image"' in shown


def test_replayed_readings_build_what_reading_every_file_builds(
    site: SiteCopy, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Charts, checked and computed figures, revisions since a pin, generated articles
    and Welsh counterparts, all from recorded readings."""
    site.build()
    readings = entries(cache, "reading")
    assert len(readings) > 20
    assert site.build(force=True)
    assert entries(cache, "reading") == readings, "every reading was replayed"
    with monkeypatch.context() as uncached:
        uncached.setenv("NEWSROOM_CACHE", "")  # no cache at all: every file is read
        site.build(output=tmp_path / "read")
    assert file_digests(site.output) == file_digests(tmp_path / "read")


def test_a_reading_is_replayed_only_for_the_same_text_and_data(site: SiteCopy, cache: Path) -> None:
    site.build()
    # Mark every recorded reading: a page built from one shows the mark.
    for entry in (path for path in (cache / "reading").rglob("*") if path.is_file()):
        reading = pickle.loads(entry.read_bytes())
        assert isinstance(reading, Reading)
        reading.content += "<p>REPLAYED</p>"
        entry.write_bytes(pickle.dumps(reading))
    site.build(force=True)
    release = site.output / "news/2021/07/vru-national-conference/index.html"
    assert "REPLAYED" in release.read_text(encoding="utf-8")

    edit(site, VICTIMS, "greater-manchester,2020,12437", "greater-manchester,2020,12440")
    site.build()
    shown = release.read_text(encoding="utf-8")
    assert "REPLAYED" not in shown and "nearly 12,500" in shown


def test_a_reading_whose_chart_is_no_longer_cached_is_read_again(
    site: SiteCopy, cache: Path
) -> None:
    site.build()
    built = file_digests(site.output)
    shutil.rmtree(cache / "chart")
    site.build(force=True)
    assert any((cache / "chart").rglob("*")), "the charts were drawn again"
    assert file_digests(site.output) == built


def test_a_rebuild_with_unchanged_data_loads_no_table(site: SiteCopy, cache: Path) -> None:
    """Units, dataset pages' facts, figures, generated articles, charts and downloads come
    from the cache while the data are unchanged: a forced rebuild of the project imports
    neither pandas nor pyarrow (with numpy, a third of a second) and writes the same
    site. A data change loads the tables again. The build's record says where its time
    went, step by step (what `invoke bench` reports)."""
    record = site.root.parent / "record.json"

    def forced_build() -> set[str]:
        command = ["-X", "importtime", "-m", "newsroom.site.build", "--force", "--record"]
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, *command, str(record)],
            cwd=site.root,
            env={**os.environ, "PYTHONPATH": str(site.root / "plugins")},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        seconds = json.loads(record.read_text(encoding="utf-8"))["seconds"]
        steps = [f"{lang} {step}" for lang in ("en", "cy") for step in STEPS]
        assert list(seconds) == [*steps, "search index"]
        assert all(took > 0 for took in seconds.values())
        assert sum(seconds.values()) < time.monotonic() - started
        lines = [line for line in result.stderr.splitlines() if line.startswith("import time:")]
        return {line.rsplit("|", 1)[-1].strip() for line in lines}

    assert "numpy" in forced_build()  # the first build loads every table
    first = site.tree_digest(skip="pagefind")
    imported = forced_build()
    assert {"numpy", "pyarrow", "pandas.core.frame"}.isdisjoint(imported)
    assert "newsroom.catalogue.datasets" in imported  # the build did run, with the plugin
    assert site.tree_digest(skip="pagefind") == first
    edit(site, VICTIMS, "west-yorkshire,2020,11184", "west-yorkshire,2020,11185")
    assert "numpy" in forced_build()


def test_a_feed_with_no_entry_is_the_same_in_every_build(site: SiteCopy) -> None:
    """A language with no article yet has empty feeds, dated from no entry: not the clock."""
    shutil.rmtree(site.root / "content/article-templates")  # the Welsh articles
    (site.root / "content/figures.lock").unlink()
    site.build()
    feeds = {p: p.read_bytes() for p in (site.output / "cy/feeds").glob("all.*.xml")}
    assert len(feeds) == 2
    assert not any(b"<entry>" in feed or b"<item>" in feed for feed in feeds.values())
    site.build(force=True)
    assert {p: p.read_bytes() for p in feeds} == feeds
    assert b"1970-01-01" in feeds[site.output / "cy/feeds/all.atom.xml"]


def test_a_package_change_redoes_only_its_own_charts_and_figures(
    site: SiteCopy, cache: Path
) -> None:
    site.build()
    before = {kind: set(entries(cache, kind)) for kind in ("chart", "figure")}
    edit(site, VICTIMS, "west-yorkshire,2020,11184", "west-yorkshire,2020,11185")
    site.build()
    for kind, package_key in (("chart", "package_name"), ("figure", "package")):
        redone = [
            json.loads(next((cache / kind).rglob(key)).read_bytes())[package_key]
            for key in set(entries(cache, kind)) - before[kind]
        ]
        assert redone, f"no {kind} of the changed package was made again"
        assert set(redone) == {"vru-victims-referred"}, kind
        assert len(redone) < len(before[kind]), kind


def test_cached_images_and_downloads_are_linked_from_the_live_site_or_copied_in(
    site: SiteCopy, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild takes chart images and downloads from the cache without reading them
    into memory (hundreds of megabytes at scale): a file the live site has unchanged is
    linked, any other is copied from the cache. Never the cache entry itself: a file of
    output/ edited in place must change neither the cache nor the next build's file."""
    site.build()
    built = file_digests(site.output)
    edited, kept_png = sorted(site.output.glob("charts/*.png"))[:2]
    workbook = next(site.output.glob("data/*/latest/*.xlsx"))
    inodes = {path: path.stat().st_ino for path in (edited, kept_png, workbook)}
    kept = {name: entries(cache, name) for name in ("png", "card", "download")}
    assert all(kept.values())

    def refuse(self: ContentCache, namespace: str, key: str) -> bytes | None:
        assert namespace not in kept, f"a {namespace} entry was read into memory"
        return original_get(self, namespace, key)

    original_get = ContentCache.get
    monkeypatch.setattr(ContentCache, "get", refuse)
    with edited.open("ab") as stream:  # in place: the same inode
        stream.write(b"edited")
    assert site.build(force=True)
    assert file_digests(site.output) == built
    assert edited.stat().st_ino != inodes[edited], "the edited file was copied in again"
    assert kept_png.stat().st_ino == inodes[kept_png], "the unchanged image was linked"
    assert workbook.stat().st_ino == inodes[workbook], "the unchanged download was linked"
    assert {name: entries(cache, name) for name in kept} == kept
    for namespace in kept:
        for entry in (p for p in (cache / namespace).rglob("*") if p.is_file()):
            assert not entry.read_bytes().endswith(b"edited")


def test_images_drawn_by_workers_are_kept_by_them_not_held_by_the_build(tmp_path: Path) -> None:
    """A worker puts each image it draws in the cache: the build held every PNG and card
    until the files were written (a fifth of a gigabyte at 1,600 charts). Without a
    cache, the worker hands the bytes back."""
    spec = json.dumps(
        {
            "data": {"values": [{"month": "Jan", "count": 3}, {"month": "Feb", "count": 5}]},
            "mark": "bar",
            "encoding": {"x": {"field": "month"}, "y": {"field": "count", "type": "quantitative"}},
        }
    )
    cache = ContentCache(tmp_path / "cache")
    images = ChartImages(cache, workers=1)
    try:
        pending = images.png(spec)

        def kept(kind: str) -> list[Path]:
            found = (tmp_path / "cache" / kind).rglob("*")
            return [p for p in found if p.is_file() and not p.name.startswith(".tmp")]

        def wait_for(kind: str) -> list[Path]:
            deadline = time.monotonic() + 60
            while not kept(kind) and time.monotonic() < deadline:
                time.sleep(0.1)
            return kept(kind)

        assert wait_for("png"), "the drawn image is in the cache before the build asks for it"
        image = pending.content()
        assert image.data is None and image.path is not None
        assert image.path.read_bytes().startswith(b"\x89PNG")
        uncached = ChartImages(ContentCache(None), workers=1)
        try:
            data = uncached.png(spec).content().data
        finally:
            uncached.close()
        assert data == image.path.read_bytes()
        card = images.card(spec)
        for entry in wait_for("card"):
            entry.unlink()  # the cache, emptied while a build runs
        with pytest.raises(NewsroomError, match="no longer there"):
            card.content()
    finally:
        images.close()


@given(
    moment=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31)),
    form=st.sampled_from(["%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d_%H:%M:%S"]),
)
def test_dates_read_without_dateutil_are_what_pelican_reads(moment: datetime, form: str) -> None:
    """Articles' plain ISO dates are read by Python (a tenth of a replayed reading), and
    must come out exactly as Pelican's dateutil reads them; other forms go to Pelican."""
    reader = object.__new__(NewsroomMarkdownReader)
    reader.settings = {}
    text = moment.strftime(form)
    read, pelicans = reader.process_metadata("date", text), get_date(text.replace("_", " "))
    assert (read, type(read)) == (pelicans, type(pelicans))
    assert reader.process_metadata("date", "12 July 2021 9am") == datetime(2021, 7, 12, 9)
    with pytest.raises(ValueError, match="'2021-13-45 09:00' is not a valid date"):
        reader.process_metadata("date", "2021-13-45 09:00")


def test_an_upgraded_library_computes_cached_results_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Chart records, figures, table facts and units are keyed by the plugin's code and
    by the versions of the libraries that computed them: a pandas or vl-convert upgrade
    must not serve what the older one computed."""
    before = code_version()
    for library in CACHED_LIBRARIES:
        code_version.cache_clear()
        with monkeypatch.context() as upgraded:
            upgraded.setattr(
                "newsroom.core.cache.version",
                lambda name, changed=library: version(name) + (".1" if name == changed else ""),
            )
            assert code_version() != before, f"{library} is not in the cache keys"
    code_version.cache_clear()
    assert code_version() == before
