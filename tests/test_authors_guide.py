"""Every example of docs/authors-guide.md, built into a real site and read back."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest

from .conftest import REPO, SiteCopy, copy_site

GUIDE = REPO / "docs" / "authors-guide.md"
EXAMPLES = re.findall(r"^````markdown\n(.*?)^````$", GUIDE.read_text(encoding="utf-8"), re.M | re.S)
DATA = REPO / "data"
# chart id → (mark class, paths or lines drawn): what each kind must put on the page
EXPECTED_MARKS = {
    "guide-line": ("mark-line", 3),
    "guide-column": ("mark-rect", 8),
    "guide-stacked-column": ("mark-rect", 9),
    "guide-bar": ("mark-rect", 18),
    "guide-small-multiples": ("mark-line", 18),
    "guide-unit-vs-average": ("mark-line", 2),
    "guide-before-after": ("mark-line", 1),
    "guide-annotations": ("mark-line", 1),
    "guide-named": ("mark-rect", 18),
    "guide-area": ("mark-area", 2),
    "guide-dot": ("mark-symbol", 18),
}


def example_url(index: int) -> str:
    return f"guide/example-{index}/"


@pytest.fixture(scope="module")
def guide_site(tmp_path_factory: pytest.TempPathFactory) -> SiteCopy:
    site = copy_site(tmp_path_factory.mktemp("guide") / "site")
    folder = site.root / "content" / "guide"
    folder.mkdir()
    for index, example in enumerate(EXAMPLES, 1):
        front = f"Title: Guide example [{index}](not-data:)\n"  # a title's number, marked
        front += f"Date: 2021-08-01 10:00\nSlug: guide-{index}\n"
        front += f"Save_as: {example_url(index)}index.html\nURL: {example_url(index)}\n\n"
        (folder / f"example-{index}.md").write_text(front + example, encoding="utf-8")
    site.build()
    return site


def marks(svg: str, mark: str) -> int:
    groups = re.findall(rf'<g class="{mark} role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S)
    tag = "<line" if mark == "mark-rule" else "<path"
    return sum(group.count(tag) for group in groups)


def test_guide_has_an_example_of_every_chart_kind_and_the_figures() -> None:
    ids = set(re.findall(r"^id: (guide-[\w-]+)$", "\n".join(EXAMPLES), re.M))
    assert ids == set(EXPECTED_MARKS)
    assert sum("```figures" in e for e in EXAMPLES) == 1


@pytest.mark.parametrize("chart_id", sorted(EXPECTED_MARKS))
def test_each_chart_kind_draws_its_marks(guide_site: SiteCopy, chart_id: str) -> None:
    svg = (guide_site.output / "charts" / f"{chart_id}.svg").read_text(encoding="utf-8")
    mark, count = EXPECTED_MARKS[chart_id]
    assert marks(svg, mark) == count
    png = (guide_site.output / "charts" / f"{chart_id}.png").read_bytes()
    assert png.startswith(b"\x89PNG")


def test_annotations_and_period_averages_are_drawn(guide_site: SiteCopy) -> None:
    annotated = (guide_site.output / "charts/guide-annotations.svg").read_text()
    assert marks(annotated, "mark-rule") == 2
    assert "VRU launched" in annotated and "First lockdown" in annotated
    before_after = (guide_site.output / "charts/guide-before-after.svg").read_text()
    assert marks(before_after, "mark-rule") == 2


ILLUSTRATIVE = (
    "Illustrative data. These values are invented to show how the site works: do not quote them."
)


@pytest.mark.parametrize("chart_id", sorted(EXPECTED_MARKS))
def test_table_and_csv_hold_the_same_rows(guide_site: SiteCopy, chart_id: str) -> None:
    index = next(i for i, e in enumerate(EXAMPLES, 1) if f"id: {chart_id}\n" in e)
    page = guide_site.page(example_url(index))
    figure = page.select_one(f"#figure-{chart_id}")
    header = [th.get_text() for th in figure.select("thead th")]
    rows = [[td.get_text() for td in tr.select("td")] for tr in figure.select("tbody tr")]
    link = figure.find("a", string=re.compile("Download the data"))
    records = list(
        csv.reader(io.StringIO(guide_site.resolve(example_url(index), link["href"]).read_text()))
    )
    assert records[0] == [*header, "Status"]  # the CSV says what its numbers are
    assert {r[-1] for r in records[1:]} == {ILLUSTRATIVE}
    assert len(records) - 1 == len(rows) > 0
    values = header.index(next(h for h in header if h not in ("Year", "Month", "Quarter", "Unit")))
    assert [r[values].replace(",", "") for r in rows] == [r[values] for r in records[1:]]


def test_bar_chart_shows_unit_names_ranked(guide_site: SiteCopy) -> None:
    svg = (guide_site.output / "charts/guide-bar.svg").read_text()
    assert "Greater Manchester" in svg and "greater-manchester" not in svg


def test_embed_page_for_every_chart(guide_site: SiteCopy) -> None:
    for chart_id in EXPECTED_MARKS:
        embed = guide_site.page(f"embed/{chart_id}/")
        assert embed.select_one("img.chart-image")["alt"]
        assert embed.select("table tbody tr")


def test_figures_are_written_from_the_data(guide_site: SiteCopy) -> None:
    index = next(i for i, e in enumerate(EXAMPLES, 1) if "```figures" in e)
    page = guide_site.page(example_url(index))
    text = " ".join(" ".join(p.get_text().split()) for p in page.select(".article-body p"))
    victims = pd.read_csv(DATA / "vru-victims-referred/victims-referred.csv")
    year = victims[victims.year == 2020]
    rank = int(
        year.victims_referred.rank(ascending=False)[year.unit_id == "greater-manchester"].item()
    )
    rates = pd.read_csv(DATA / "vru-knife-crime-under-25/knife-crime-under-25.csv")
    average = rates[rates.year == 2020].rate_per_100k.mean()
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(rank, "th")
    assert "there has been a 13% decrease in average monthly admissions" in text
    assert "nearly 12,500 victims" in text
    assert f"{rank}{suffix} of 18 units" in text
    assert f"part of {year.victims_referred.sum():,} across" in text
    assert f"rate was {average:.1f} per 100,000" in text
    assert "Data to June 2021." in text
    for link in page.select("a.figure"):
        target = guide_site.resolve(example_url(index), link["href"])
        definition = target.read_text()
        assert "How we calculated" in definition and "data " in definition


def test_numbers_marked_as_not_from_data_are_shown_as_written(guide_site: SiteCopy) -> None:
    index = next(i for i, e in enumerate(EXAMPLES, 1) if "(not-data:" in e)
    page = guide_site.page(example_url(index))
    text = " ".join(" ".join(p.get_text().split()) for p in page.select(".article-body p"))
    assert text == (
        "As the programme enters its third year, the units will meet on Thursday (15 July) at"
        " 10am. Since April 2018, in the 2018/19 and 2019/20 financial years, more than two"
        " hundred people have taken part."
    )
    assert page.h1.get_text(strip=True) == f"Guide example {index}"  # marked in the title
    # No example of the guide, and nothing else of the site, leaves a number unreviewed.
    assert "number-unreviewed" not in guide_site.warnings
