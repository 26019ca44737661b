"""End to end: the real site built in tmp_path, read as a reader would read it."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from .conftest import REPO, SiteCopy

SEED = REPO / "tests" / "fixtures" / "seed" / "gm-vru-national-conference-2021-07-12.txt"
SHARED_SEED = REPO.parent / "shared" / "examples" / SEED.name
ARTICLE = "news/2021/07/vru-national-conference/"
PACKAGES = sorted(p.name for p in (REPO / "data").iterdir() if (p / "datapackage.json").exists())


def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="shared/ is not beside this clone")
def test_committed_seed_is_the_shared_example() -> None:
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_press_release_is_published_word_for_word(built_site: SiteCopy) -> None:
    page = built_site.page(ARTICLE)
    title, *paragraphs, published = seed_lines()
    assert page.h1.get_text() == title
    body = page.select_one(".article-body")
    shown = [p.get_text() for p in body.find_all("p", recursive=False)]
    assert shown == paragraphs
    assert published == "Article Published: 12/07/2021 11:00 AM"
    assert page.select_one("article time")["datetime"] == "2021-07-12T11:00:00+01:00"


def test_contact_is_a_mailto_link_and_last_sentence_links_to_data(built_site: SiteCopy) -> None:
    page = built_site.page(ARTICLE)
    mail = page.select_one('.article-body a[href^="mailto:"]')
    assert mail["href"] == "mailto:GMVRU@greatermanchester-ca.gov.uk"
    last = page.select_one(".article-body").find_all("p", recursive=False)[-1]
    link = last.find("a")
    assert link.get_text() == "click here"
    target = built_site.resolve(ARTICLE, link["href"])
    assert target == built_site.output / "units/greater-manchester/index.html"
    assert "Greater Manchester" in built_site.page("units/greater-manchester/").h1.get_text()


def test_a_unit_page_says_where_its_details_come_from_and_that_they_are_invented(
    built_site: SiteCopy,
) -> None:
    """The units table's population is invented (the package's status): the page labels
    it so, links the package, and writes the number as a reader reads numbers."""
    for prefix, population, status in (
        ("", "1,330,000", "Illustrative data"),
        ("cy/", "1,330,000", "Data enghreifftiol"),
    ):
        page = built_site.page(prefix + "units/south-wales/")
        facts = dict(
            zip(
                (dt.get_text() for dt in page.select("dl.dataset-facts dt")),
                (dd.get_text() for dd in page.select("dl.dataset-facts dd")),
                strict=True,
            )
        )
        assert population in facts.values() and "1330000" not in facts.values(), facts
        assert page.select_one(".statistics-status strong").get_text() == status
        assert page.select_one(".status-notice").get_text().strip()
        source = page.find("a", href=re.compile(r"/data/vru-[a-z0-9-]+/$"))
        assert (
            source is not None
            and built_site.resolve(prefix + "units/south-wales/", source["href"]).is_file()
        )


def test_chart_follows_the_13_percent_paragraph(built_site: SiteCopy) -> None:
    page = built_site.page(ARTICLE)
    figure = page.select_one("figure.chart")
    previous = figure.find_previous_sibling("p")
    assert "13% decrease" in previous.get_text()
    assert "Figure 1:" in figure.figcaption.get_text()


def test_chart_svg_has_drawn_marks_and_accessible_name(built_site: SiteCopy) -> None:
    page = built_site.page(ARTICLE)
    image = page.select_one("figure.chart img")
    content = (REPO / "content/news/2021-07-12-vru-national-conference.md").read_text()
    alt = re.search(r"^alt: (.*)$", content, re.M).group(1)
    assert image["alt"] == alt
    svg = built_site.resolve(ARTICLE, image["src"]).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert f'<desc id="chart-desc">{alt}</desc>' in svg
    line = re.search(r'<g class="mark-line role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S).group(1)
    assert line.count(" d=") == 1 and line.count("L") >= 38  # one segment per month
    rules = re.search(r'<g class="mark-rule role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S).group(1)
    assert rules.count("<line") == 2  # the two period averages
    assert "Average Apr 2018 to Sep 2019: 29.0" in svg
    assert "Average Oct 2019 to Jun 2021: 25.3" in svg


def test_data_table_and_csv_download_hold_the_plotted_rows(built_site: SiteCopy) -> None:
    page = built_site.page(ARTICLE)
    figure = page.select_one("figure.chart")
    header = [th.get_text() for th in figure.select("table thead th")]
    rows = [[td.get_text() for td in tr.select("td")] for tr in figure.select("table tbody tr")]
    assert header == ["Month", "Admissions", "Period", "Period average"]
    source = pd.read_csv(REPO / "data/vru-sharp-object-admissions/admissions.csv", dtype=str)
    gm = source[source.unit_id == "greater-manchester"]
    assert [r[1] for r in rows] == list(gm.admissions)
    assert rows[0][0] == "April 2018" and rows[-1][0] == "June 2021"

    link = figure.find("a", string=re.compile("Download the data in this chart"))
    download = built_site.resolve(ARTICLE, link["href"]).read_text(encoding="utf-8")
    records = list(csv.reader(io.StringIO(download)))
    assert records[0] == [*header, "Status"]  # each row says the values are illustrative
    notice = "These values are invented to show how the site works: do not quote them."
    assert {r[-1] for r in records[1:]} == {f"Illustrative data. {notice}"}
    records = [r[:-1] for r in records]
    assert [r[:2] for r in records[1:]] == [
        list(x) for x in zip(gm.month, gm.admissions, strict=True)
    ]
    assert [r[1:] for r in records[1:]] == [r[1:] for r in rows]
    before = {r[3] for r in records[1:] if r[0] < "2019-10"}
    after = {r[3] for r in records[1:] if r[0] >= "2019-10"}
    assert (before, after) == ({"29.0"}, {"25.3"})


@pytest.mark.parametrize("name", PACKAGES)
def test_dataset_page_per_package(built_site: SiteCopy, name: str) -> None:
    url = f"data/{name}/"
    page = built_site.page(url)
    descriptor = json.loads((REPO / "data" / name / "datapackage.json").read_text())
    assert page.h1.get_text() == descriptor["title"]
    licence = page.select_one('a[rel="license"]')
    assert licence["href"] == descriptor["licenses"][0]["path"]
    for resource in descriptor["resources"]:
        section = page.select_one(f"#resource-{resource['name']}").parent
        fields = [th.get_text() for th in section.select("table.fields tbody th")]
        assert fields == [f["name"] for f in resource["schema"]["fields"]]
        types = [tr.select("td")[1].get_text() for tr in section.select("table.fields tbody tr")]
        assert types == [f["type"] for f in resource["schema"]["fields"]]
        preview = section.select("table.preview tbody tr")
        first_rows = (REPO / "data" / name / resource["path"]).read_text().splitlines()[1:11]
        assert [",".join(td.get_text() for td in tr.select("td")) for tr in preview] == first_rows
    links = page.select("ul.downloads a")
    assert len(links) == 4 * len(descriptor["resources"]) + 3  # CSV, XLSX, JSON, Parquet each
    for link in links:
        target = built_site.resolve(url, link["href"])
        assert "/latest/" in link["href"]
        if target.suffix in (".csv", ".md") or target.name == "datapackage.json":
            assert target.read_bytes() == (REPO / "data" / name / target.name).read_bytes()
        size = link.find_next_sibling("span").get_text()
        assert f"{target.stat().st_size:,} bytes" in size
        versioned = Path(str(target).replace("/latest/", f"/{descriptor['version']}/"))
        assert versioned.read_bytes() == target.read_bytes()


def test_index_pages_link_news_and_every_dataset(built_site: SiteCopy) -> None:
    home = built_site.page("index.html")
    hrefs = [a["href"] for a in home.select("main a")]
    assert any(h.endswith("vru-national-conference/") for h in hrefs)
    catalogue = built_site.page("data/")
    listed = [Path(a["href"]).name for a in catalogue.select(".dataset-list h2 a")]
    assert listed == PACKAGES


def test_rebuild_gives_byte_identical_output(site: SiteCopy) -> None:
    # Pagefind writes its filter and metadata indexes in hash-map order, which changes
    # from run to run (Pagefind/pagefind#638); everything else must be identical.
    site.build()
    first = site.tree_digest(skip="pagefind")
    assert site.build(force=True)
    assert site.tree_digest(skip="pagefind") == first


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("ci", [False, True], ids=["terminal", "CI"])
def test_progress_is_shown_on_a_terminal_and_nowhere_else(
    site: SiteCopy, monkeypatch: pytest.MonkeyPatch, ci: bool
) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    if ci:
        monkeypatch.setenv("CI", "true")
    else:
        monkeypatch.delenv("CI", raising=False)
    site.build()
    shown = terminal.getvalue()
    if ci:
        assert "\r" not in shown and "validated" not in shown
        return
    lines = [line.split("\r")[-1].removeprefix("\x1b[K") for line in shown.splitlines()]
    for lang, folder in (("en", site.output), ("cy", site.output / "cy")):
        pages = [p for p in folder.rglob("*.html") if lang == "cy" or "cy" not in p.parts]
        charts = [p for p in folder.glob("charts/*.svg")]
        assert (
            f"{lang}: packages validated: 4, charts drawn: {len(charts)},"
            f" pages written: {len(pages):,}"
        ) in lines
