"""Disclosure control end to end: the starter site with a package of small counts, built.

A withheld count ([c]) never reaches a reader as a number: not in a chart (SVG, its
table, its CSV, its Vega-Lite spec, its embed), the dataset page, any download, a
generated article or a figure, and a total computed over it is withheld too. A figure on
a withheld value stops the build at its line."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
from newsroom.starter import write_starter_site

from .conftest import REPO, SiteCopy
from .starter.conftest import PINNED_OVERRIDES

SMALL_COUNTS = REPO / "tests/fixtures/packages/small-counts"
NOTE = "[c]: confidential. Values that could identify people are withheld"
ARTICLE = """Title: Admissions by area
Date: 2025-02-01 10:00
Category: News
Slug: admissions-by-area
Summary: Small counts, withheld.

Central's admissions in January 2024: [](figure:central-january).

```chart
id: admissions-by-area
package: small-counts
kind: line
x: month
y: admissions
by: area_id
interactive: true
title: Admissions by area (test data)
alt: Line chart of admissions by area; two months are withheld.
```

```figures
central-january:
  package: small-counts
  filter: {area_id: central, month: 2024-01}
  field: admissions
%s```
"""
WITHHELD_FIGURE = """north-march:
  package: small-counts
  filter: {area_id: north, month: 2024-03}
  field: admissions
"""
UNIT_TEMPLATE = """Kind: unit-in-numbers
Only: central
Title: {{ unit.label }} in numbers
Slug: {{ unit.id }}-in-numbers
Category: In numbers

{% for i in indicators %}
## {{ i.title }}

In {{ i.period }}: {{ i.latest }}, {{ i.change_summary }}, ranking {{ i.rank }}.
{% endfor %}
"""


def small_counts_site(root: Path, figures: str = "") -> SiteCopy:
    write_starter_site(root)
    shutil.copytree(SMALL_COUNTS, root / "data/small-counts")
    (root / "content/news/2025-02-01-admissions.md").write_text(ARTICLE % figures)
    (root / "content/article-templates/unit-in-numbers.md").write_text(UNIT_TEMPLATE)
    return SiteCopy(root)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SiteCopy:
    site = small_counts_site(tmp_path_factory.mktemp("disclosure") / "site")
    site.build(PINNED_OVERRIDES, force=True)
    return site


def text(site: SiteCopy, path: str) -> str:
    return (site.output / path).read_text(encoding="utf-8")


def test_the_chart_draws_a_gap_and_says_why(built: SiteCopy) -> None:
    svg = text(built, "charts/admissions-by-area.svg")
    assert "[c]: confidential." in svg
    spec = json.loads(text(built, "charts/admissions-by-area.vl.json"))
    rows = next(iter(spec["datasets"].values()))
    north_march = [r for r in rows if r["Area"] == "north" and r["Month"] == "2024-03-01"]
    assert north_march == [{"Area": "north", "Month": "2024-03-01", "Admissions": None}]
    assert (built.output / "charts/admissions-by-area.card.png").is_file()


def test_the_chart_table_csv_and_embed_show_the_symbol(built: SiteCopy) -> None:
    csv = text(built, "charts/admissions-by-area.csv")
    assert "2024-03,north,[c]," in csv and "2024-06,central,[c]," in csv
    page = built.page("news/2025/02/admissions-by-area/")
    assert NOTE in page.select_one("figure.chart .chart-symbols").get_text()
    cells = [[td.get_text() for td in tr.select("td")] for tr in page.select(".chart-data tr")]
    assert ["March 2024", "north", "[c]"] in cells
    embed = built.page("embed/admissions-by-area/")
    assert NOTE in embed.select_one(".chart-symbols").get_text()
    assert "[c]" in [td.get_text() for td in embed.select(".chart-data td")]


def test_a_figure_on_shown_values_is_published(built: SiteCopy) -> None:
    page = built.page("news/2025/02/admissions-by-area/")
    assert "Central's admissions in January 2024: 30." in " ".join(page.get_text().split())


def test_a_generated_total_over_a_withheld_value_is_withheld(built: SiteCopy) -> None:
    [release_csv] = (built.output / "charts").glob("small-counts-*-release.csv")
    rows = [line.rsplit(",", 1)[0] for line in release_csv.read_text().splitlines()[1:]]
    assert rows == [
        "2024-01,51",
        "2024-02,43",
        "2024-03,[c]",
        "2024-04,75",
        "2024-05,49",
        "2024-06,[c]",
    ]  # fmt: skip (the last column, Status, left out)


def test_a_generated_article_shows_the_symbol_not_the_value(built: SiteCopy) -> None:
    [article] = (built.output / "news").glob("*/*/central-in-numbers/index.html")
    words = " ".join(article.read_text(encoding="utf-8").split())
    assert "In June 2024: [c] (confidential), change on June 2023 withheld ([c])" in words
    assert "ranking [c]." in words


def test_the_dataset_page_says_what_each_symbol_means(built: SiteCopy) -> None:
    page = built.page("data/small-counts/")
    preview = [td.get_text() for td in page.select("table.preview td")]
    assert "[c]" in preview and "[low]" in preview
    legend = page.select_one("p.symbols").get_text()
    assert legend == (
        "Symbols in this table: [c] confidential; [x] not available; [z] not applicable;"
        " [low] low: rounds to zero, but is not zero."
    )
    dictionary = page.select_one("table.fields").get_text(" ", strip=True)
    assert "values from 1 to 7 are suppressed as [c]" in dictionary
    assert '"[c]" (confidential)' in dictionary


def test_every_download_keeps_the_value_withheld(built: SiteCopy) -> None:
    folder = built.output / "data/small-counts/latest"
    assert "north,2024-03,[c],0.7" in (folder / "admissions.csv").read_text()
    sheet = openpyxl.load_workbook(folder / "admissions.xlsx")["admissions"]
    assert [c.value for c in sheet[4]] == ["north", sheet[4][1].value, "[c]", 0.7]
    assert sheet[3][3].value == "[low]"
    dictionary = openpyxl.load_workbook(folder / "admissions.xlsx")["Data dictionary"]
    cells = {str(c.value) for row in dictionary.iter_rows() for c in row if c.value}
    assert {"[c]", "confidential", "[low]"} <= cells
    assert any("suppressed as [c]" in c for c in cells)
    records = json.loads((folder / "admissions.json").read_text())
    assert records[2]["admissions"] is None
    assert pq.read_table(folder / "admissions.parquet").column("admissions")[2].as_py() is None
    with zipfile.ZipFile(folder / "small-counts.zip") as archive:
        published = archive.read("small-counts/data/admissions.csv").decode()
    assert "north,2024-03,[c],0.7" in published


def test_a_figure_on_a_withheld_value_stops_the_build(tmp_path: Path) -> None:
    site = small_counts_site(tmp_path / "site", WITHHELD_FIGURE)
    message = site.build_fails(PINNED_OVERRIDES)
    assert "error[figure-suppressed] content/news/2025-02-01-admissions.md:29:" in message
    assert "values from 1 to 7 are suppressed as [c]" in message


def test_the_guides_examples_are_what_the_build_does(tmp_path: Path) -> None:
    """docs/publishing-data.md's rule and CSV are the fixture's; the authors' guide's
    figure on a withheld value stops the build with the error it shows."""
    publishing = (REPO / "docs/publishing-data.md").read_text(encoding="utf-8")
    section = publishing.split("## Disclosure control")[1]
    rule = json.loads(section.split("```json\n")[1].split("```")[0])
    descriptor = json.loads((SMALL_COUNTS / "datapackage.json").read_text())
    fields = descriptor["resources"][0]["schema"]["fields"]
    [field] = [f for f in fields if f["name"] == rule["name"]]
    assert rule.items() <= field.items()
    rows = re.search(r"```\n(area_id,.*?)```", section, re.S).group(1).splitlines()
    assert set(rows) <= set((SMALL_COUNTS / "admissions.csv").read_text().splitlines())
    guide = (REPO / "docs/authors-guide.md").read_text(encoding="utf-8")
    example = guide.split("### Figures and withheld values")[1].split("````md\n")[1]
    article, shown = example.split("````\n", 1)
    site = small_counts_site(tmp_path / "site")
    (site.root / "content/news/2025-02-01-admissions.md").write_text(article)
    message = site.build_fails(PINNED_OVERRIDES)
    error = next(line for line in shown.splitlines() if line.startswith("error["))
    assert error in message.splitlines()
    wrong = publishing.split("error[disclosure-unsuppressed-value]")[1].split("\n")[0]
    csv = site.root / "data/small-counts/admissions.csv"
    csv.write_text(csv.read_text().replace("north,2024-03,[c]", "north,2024-03,3"))
    assert "error[disclosure-unsuppressed-value]" + wrong in site.build_fails(PINNED_OVERRIDES)


def test_the_bytes_are_the_same_in_a_second_build(built: SiteCopy, tmp_path: Path) -> None:
    again = small_counts_site(tmp_path / "site")
    again.build(PINNED_OVERRIDES, force=True)
    for path in (
        "charts/admissions-by-area.csv",
        "charts/admissions-by-area.svg",
        "data/small-counts/latest/admissions.xlsx",
    ):
        assert (again.output / path).read_bytes() == (built.output / path).read_bytes(), path
