"""Every number reviewed, end to end: the development build warns, the production build
stops, `newsroom figures` lists each number's state, and the words are shown as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from newsroom.core.errors import NewsroomProblem
from newsroom.figures.report import render_table, report_rows
from newsroom.figures.uses import NumberUse
from newsroom.site.build import build_site, inspect_site
from newsroom.site.number_review import NumberReview, template_numbers

from ..conftest import SiteCopy, copy_site

SOURCE = "content/news/2021-08-01-numbers.md"
ARTICLE = """Title: 3 ways to review a number
Date: 2021-08-01 10:00
Category: News
Slug: numbers-review
Summary: A summary with 7 numbers.

Since 12 July 2021, all [18](figure:units) units have met [three](not-data: a guess) times.
The budget was £1.2 million and 45% of it was spent by 9am.

```python
x = 5
```

`code 5` and [a link](https://example.org/5), in the 2021/22 year.

```figures
units:
  package: vru-victims-referred
  resource: units
  field: id
  calculation: count
```
"""
WELSH_SOURCE = "content/news/2021-08-01-rhifau.cy.md"
WELSH_ARTICLE = """Title: Rhifau
Date: 2021-08-01 10:00
Category: Newyddion
Slug: rhifau
Lang: cy

Ar 15 Gorffennaf 2021 am 9yb, cyfarfu tair uned, a [dwy](not-data:) arall ym mis Awst.
"""


class Noted:
    """What a reading adds to the build, kept (ReadingAdditions' review and warnings)."""

    def __init__(self) -> None:
        self.numbers: list[NumberUse] = []
        self.warnings: list[NewsroomProblem] = []

    def review_number(self, use: NumberUse) -> None:
        self.numbers.append(use)

    def warn(self, problem: NewsroomProblem) -> None:
        self.warnings.append(problem)


def reviewed(lines: list[str], body: bool = True, root: Path = Path()) -> tuple[list[str], Noted]:
    noted = Noted()
    review = NumberReview(root)
    review.start("content/x.md", "en", noted, lines, body)  # type: ignore[arg-type]
    return [review.line(line, number) for number, line in enumerate(lines, 1)], noted


def test_a_mark_shows_its_words_and_a_code_span_shows_the_syntax() -> None:
    shown, noted = reviewed(["Title: x", "", "Its [third](not-data: why) year; `[3](not-data:)`."])
    assert shown[2] == "Its third year; `[3](not-data:)`."
    assert [(n.line, n.text, n.status, n.note) for n in noted.numbers] == [
        (3, "third", "not from data", "why")
    ]
    assert noted.warnings == []


def test_unreviewed_numbers_are_warned_at_their_line_title_included() -> None:
    lines = ["Title: [Three](not-data:) or 4 ways", "Date: 2021-07-12", "", "In 2021, 45% more."]
    shown, noted = reviewed(lines)
    assert shown[0] == "Title: Three or 4 ways"
    assert [(p.code, p.location.line) for p in noted.warnings] == [
        ("number-unreviewed", 1),
        ("number-unreviewed", 4),
    ]
    assert [(n.text, n.status) for n in noted.numbers] == [
        ("Three", "not from data"), ("4", "UNREVIEWED"), ("45%", "UNREVIEWED"),
    ]  # fmt: skip


def test_a_summarys_numbers_are_placed_at_its_front_matter_line(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content/x.md").write_text("Title: x\nSummary: With 7 numbers.\n\nText.\n")
    _, noted = reviewed(["With 7 numbers."], body=False, root=tmp_path)
    assert [p.location.line for p in noted.warnings] == [2]


def test_a_generated_articles_numbers_are_computed_and_its_template_is_reviewed() -> None:
    lines = ["Title: x", "Generated-From: content/article-templates/t.md", "", "Up 13% on 2020."]
    _, noted = reviewed(lines)
    assert noted.warnings == []
    assert [(n.text, n.status) for n in noted.numbers] == [("13%", "computed")]
    template = "Kind: new-release\nTitle: {{ a }} in 3 charts\n\n"
    template += "{{ b }} and three {% if c %}4{% endif %}\n"
    found = [(line, span.text) for line, span in template_numbers(template, "en")]
    assert found == [(2, "3"), (4, "three"), (4, "4")]


@pytest.fixture(scope="module")
def numbers_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteCopy, str]:
    site = copy_site(tmp_path_factory.mktemp("numbers") / "site")
    (site.root / SOURCE).write_text(ARTICLE, encoding="utf-8")
    (site.root / WELSH_SOURCE).write_text(WELSH_ARTICLE, encoding="utf-8")
    result = build_site(site.root / "pelicanconf.py", site.output)
    return site, result.warnings


def test_development_build_warns_with_file_and_line(numbers_site: tuple[SiteCopy, str]) -> None:
    _, warnings = numbers_site
    warned = [line for line in warnings.splitlines() if line.startswith("warning[")]
    assert sorted(warned) == [
        f'warning[number-unreviewed] {SOURCE}:1: the number "3" is neither a figure nor marked'
        " as not from data, so nobody has checked it.",
        f'warning[number-unreviewed] {SOURCE}:5: the number "7" is neither a figure nor marked'
        " as not from data, so nobody has checked it.",
        f'warning[number-unreviewed] {SOURCE}:8: the number "45%" is neither a figure nor'
        " marked as not from data, so nobody has checked it.",
        f'warning[number-unreviewed] {SOURCE}:8: the number "£1.2 million" is neither a figure'
        " nor marked as not from data, so nobody has checked it.",
        f'warning[number-unreviewed] {WELSH_SOURCE}:7: the number "tair" is neither a figure'
        " nor marked as not from data, so nobody has checked it.",
    ]
    assert "[£1.2 million](not-data:)" in warnings
    assert warnings.endswith("5 warnings: the production build (publishconf.py) stops on each.")


def test_marked_numbers_are_shown_as_written(numbers_site: tuple[SiteCopy, str]) -> None:
    site, _ = numbers_site
    page = site.page("news/2021/08/numbers-review/")
    paragraphs = [p.get_text() for p in page.select_one(".article-body").find_all("p")]
    assert paragraphs[0] == (
        "Since 12 July 2021, all 18 units have met three times.\n"
        "The budget was £1.2 million and 45% of it was spent by 9am."
    )
    assert page.h1.get_text() == "3 ways to review a number"
    assert "not-data" not in page.decode()


def test_figures_report_lists_every_number_with_its_state(
    numbers_site: tuple[SiteCopy, str],
) -> None:
    site, _ = numbers_site
    report = inspect_site(site.root / "pelicanconf.py")
    rows = report_rows(report.builds)
    ours = [(r["source"], r["kind"], r["text"], r["status"]) for r in rows if SOURCE in r["source"]]
    assert ours == [
        (f"{SOURCE}:1", "number", "3", "UNREVIEWED"),
        (f"{SOURCE}:5", "number", "7", "UNREVIEWED"),
        (f"{SOURCE}:7", "figure", "18", "checked"),
        (f"{SOURCE}:7", "number", "three", "not from data"),
        (f"{SOURCE}:8", "number", "£1.2 million", "UNREVIEWED"),
        (f"{SOURCE}:8", "number", "45%", "UNREVIEWED"),
    ]
    marked = next(r for r in rows if r["status"] == "not from data" and SOURCE in r["source"])
    assert marked["definition"] == "a guess"
    assert "not from data" in render_table(rows, width=200)
    # The rest of the site, the seed article and the generated articles included, has none.
    welsh = [(r["text"], r["status"]) for r in rows if WELSH_SOURCE in r["source"]]
    assert welsh == [("dwy", "not from data"), ("tair", "UNREVIEWED")]
    ours = (SOURCE, WELSH_SOURCE)
    others = [
        r for r in rows if r["status"] == "UNREVIEWED" and r["source"].split(":")[0] not in ours
    ]
    assert others == []
    seed = [r for r in rows if "vru-national-conference" in r["source"] and r["kind"] != "chart"]
    assert {r["status"] for r in seed} == {"checked", "not from data"}
    generated = [r for r in rows if ".cache/generated-articles/" in r["source"]]
    assert generated and {r["status"] for r in generated} <= {"computed", "checked", "rendered"}


def test_production_build_stops_on_an_unreviewed_number(
    numbers_site: tuple[SiteCopy, str],
) -> None:
    site, _ = numbers_site
    message = site.build_fails({"NEWSROOM_PRODUCTION": True})
    assert f"error[number-unreviewed] {SOURCE}:8:" in message
    assert f"{SOURCE}:1:" in message and f"{SOURCE}:5:" in message


def test_a_replayed_reading_warns_again(numbers_site: tuple[SiteCopy, str]) -> None:
    """With fast rebuilds, the reading is replayed from the cache: its review too."""
    site, warnings = numbers_site
    again = build_site(site.root / "pelicanconf.py", site.output, force=True)
    assert again.warnings == warnings
    unchanged = build_site(site.root / "pelicanconf.py", site.output)
    assert not unchanged.built and unchanged.warnings == warnings
