"""Every number reviewed, end to end: the development build warns, the production build
stops, `newsroom figures` lists each number's state, and the words are shown as written."""

from __future__ import annotations

import pytest
from newsroom.figures.report import render_table, report_rows
from newsroom.site.build import build_site, inspect_site

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


@pytest.fixture(scope="module")
def numbers_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteCopy, str]:
    site = copy_site(tmp_path_factory.mktemp("numbers") / "site")
    (site.root / SOURCE).write_text(ARTICLE, encoding="utf-8")
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
    ]
    assert "[£1.2 million](not-data:)" in warnings
    assert warnings.endswith("4 warnings: the production build (publishconf.py) stops on each.")


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
    others = [r for r in rows if r["status"] == "UNREVIEWED" and SOURCE not in r["source"]]
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
