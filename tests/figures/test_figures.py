"""Figures: every calculation, format and wording rule, and the errors an author can make."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from newsroom.core.cache import ContentCache
from newsroom.core.errors import NewsroomError
from newsroom.data.packages import load_packages
from newsroom.data.selection import OptionBlock
from newsroom.data.tables import DataCatalog
from newsroom.figures.computed import check_wording, compute_figure, format_value, nearly_target
from newsroom.figures.report import render_table, report_rows
from newsroom.site.build import inspect_site

from ..conftest import REPO, SiteCopy


@pytest.fixture(scope="module")
def catalog() -> DataCatalog:
    packages = load_packages(REPO / "data", REPO, ContentCache(None))
    return DataCatalog({p.name: p for p in packages})


def block(**options: object) -> OptionBlock:
    lines = {name: 10 + i for i, name in enumerate(options)}
    return OptionBlock("content/x.md", 9, dict(options), lines)


def victims(year: int = 2020) -> pd.DataFrame:
    table = pd.read_csv(REPO / "data/vru-victims-referred/victims-referred.csv")
    return table[table.year == year]


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (12437.0, "whole", "12,437"),
        (25.333, "decimal", "25.3"),
        (12437.0, "nearly", "nearly 12,500"),
        (12500.0, "nearly", "12,500"),
        (986.0, "nearly", "nearly 1,000"),
        (-12.64, "percent", "-13%"),
        (-12.64, "change", "13% decrease"),
        (4.4, "change", "4% increase"),
        (0.3, "change", "no change"),
        (1.0, "rank", "1st"),
        (12.0, "rank", "12th"),
        (22.0, "rank", "22nd"),
        (pd.Timestamp("2021-06-01"), "date", "June 2021"),
    ],
)
def test_formats(value: object, fmt: str, expected: str) -> None:
    assert format_value(value, fmt) == expected


def test_nearly_picks_the_roundest_number_within_two_percent() -> None:
    assert nearly_target(12437) == 12500
    assert nearly_target(12240) == 12300
    assert nearly_target(12610) == 12700
    assert nearly_target(19.7) == 20


@pytest.mark.parametrize(
    ("typed", "value", "fmt", "matches"),
    [
        ("13% decrease", -12.64, "change", True),
        ("a 13% fall", -12.64, "change", True),
        ("31% decrease", -12.64, "change", False),
        ("13% increase", -12.64, "change", False),
        ("12.6% decrease", -12.64, "change", True),
        ("12.7% decrease", -12.64, "change", False),
        ("nearly 12,500", 12437, "nearly", True),
        ("nearly 21,500", 12437, "nearly", False),
        ("nearly 12,400", 12437, "nearly", False),
        ("nearly 12,700", 12437, "nearly", False),
        ("about 12,400", 12437, "whole", True),
        ("over 12,000", 12437, "whole", True),
        ("fewer than 12,000", 12437, "whole", False),
        ("12,437", 12437, "whole", True),
        ("12,438", 12437, "whole", False),
        ("25.3", 25.333, "decimal", True),
        ("3rd highest", 3.0, "rank", True),
        ("the highest", 1.0, "rank", True),
        ("2nd", 3.0, "rank", False),
        ("no number here", 5.0, "whole", False),
        ("unchanged on June 2020", 0.3, "change", True),
        ("unchanged on 2019", 1.6, "change", False),
        ("down 3% on 2019", -3.2, "change", True),
    ],
)
def test_wording_checks(typed: str, value: float, fmt: str, matches: bool) -> None:
    assert check_wording(typed, value, fmt).matches is matches


def test_value_sum_mean_count(catalog: DataCatalog) -> None:
    gm = compute_figure(
        "v",
        block(
            package="vru-victims-referred",
            filter={"unit_id": "greater-manchester", "year": 2020},
            field="victims_referred",
        ),
        catalog,
    )
    assert (gm.value, gm.formatted) == (12437.0, "12,437")
    total = compute_figure(
        "s",
        block(package="vru-victims-referred", filter={"year": 2020},
              field="victims_referred", calculation="sum"),
        catalog,
    )  # fmt: skip
    assert total.value == victims().victims_referred.sum()
    assert len(total.rows) == 18
    mean = compute_figure(
        "m",
        block(package="vru-victims-referred", filter={"year": 2020},
              field="victims_referred", calculation="mean"),
        catalog,
    )  # fmt: skip
    assert mean.formatted == f"{victims().victims_referred.mean():,.1f}"
    count = compute_figure(
        "c",
        block(package="vru-victims-referred", field="unit_id", calculation="count",
              filter={"year": 2020}),
        catalog,
    )  # fmt: skip
    assert count.formatted == "18"


def test_percent_change_of_the_press_release(catalog: DataCatalog) -> None:
    change = compute_figure(
        "c",
        block(
            package="vru-sharp-object-admissions",
            filter={"unit_id": "greater-manchester"},
            field="admissions",
            calculation="percent-change",
            **{"period-field": "month", "before": "2018-04 to 2019-09",
               "after": "2019-10 to 2021-06"},
        ),
        catalog,
    )  # fmt: skip
    assert change.formatted == "13% decrease"
    assert round(change.value, 2) == -12.64
    period = change.columns.index("Period")
    assert sorted({row[period] for row in change.rows}) == [
        "after: 2019-10 to 2021-06",
        "before: 2018-04 to 2019-09",
    ]
    assert "from 2018-04 to 2019-09 (29.00) to 2019-10 to 2021-06 (25.33)" in change.definition


def test_rank_and_latest(catalog: DataCatalog) -> None:
    rank = compute_figure(
        "r",
        block(package="vru-victims-referred", filter={"year": 2020}, field="victims_referred",
              calculation="rank", by="unit_id", highlight="london"),
        catalog,
    )  # fmt: skip
    assert rank.formatted == "1st"
    lowest = compute_figure(
        "r",
        block(package="vru-victims-referred", filter={"year": 2020}, field="victims_referred",
              calculation="rank", by="unit_id", highlight="cleveland", order="lowest-first"),
        catalog,
    )  # fmt: skip
    assert lowest.formatted == "1st"
    latest = compute_figure(
        "l",
        block(package="vru-sharp-object-admissions", field="month", calculation="latest"),
        catalog,
    )
    assert latest.formatted == "June 2021"


@pytest.mark.parametrize(
    ("options", "code", "line", "words"),
    [
        ({"package": "vru-victims", "field": "x"}, "figure-package-unknown", 10,
         'Did you mean "vru-victims-referred"?'),
        ({"package": "vru-victims-referred", "field": "victims"}, "figure-field-unknown", 11,
         'Did you mean "victims_referred"?'),
        ({"package": "vru-victims-referred", "field": "unit_id", "calculation": "mean"},
         "figure-field-not-numeric", 11, "holds string values"),
        ({"package": "vru-victims-referred", "field": "victims_referred"},
         "figure-rows-ambiguous", 9, "selects 36"),
        ({"package": "vru-victims-referred", "field": "victims_referred",
          "filter": {"unit_id": "greater-manchster"}},
         "figure-filter-empty", 12, 'Did you mean "greater-manchester"?'),
        ({"package": "vru-victims-referred", "field": "victims_referred",
          "calculation": "median"}, "figure-calculation-unknown", 12, 'Did you mean "mean"?'),
        ({"package": "vru-victims-referred", "field": "victims_referred", "fromat": "whole"},
         "figure-option-unknown", 12, 'Did you mean "format"?'),
    ],
)  # fmt: skip
def test_figure_errors_are_located(
    catalog: DataCatalog, options: dict, code: str, line: int, words: str
) -> None:
    with pytest.raises(NewsroomError) as error:
        compute_figure("f", block(**options), catalog)
    problem = error.value.problems[0]
    assert (problem.code, problem.location.file, problem.location.line) == (
        code,
        "content/x.md",
        line,
    )
    assert words in problem.message


def test_invoke_figures_lists_every_figure_and_chart(site: SiteCopy) -> None:
    report = inspect_site(site.root / "pelicanconf.py")
    assert report.problems == []
    rows = [r for r in report_rows(report.builds) if "vru-national-conference" in r["source"]]
    assert [(r["kind"], r["text"], r["status"]) for r in rows] == [
        ("number", "third", "not from data"),
        ("figure", "13% decrease", "checked"),
        ("figure", "nearly 12,500", "checked"),
        ("number", "18 months", "not from data"),
        ("chart", rows[4]["text"], "rendered"),
        ("number", "three years", "not from data"),
        ("figure", "18", "checked"),
    ]
    rows = [r for r in rows if r["kind"] != "number"]
    assert rows[0]["source"].startswith("content/news/2021-07-12-vru-national-conference.md:")
    assert rows[0]["text"] == "13% decrease" and "percentage change" in rows[0]["definition"]
    assert "13% decrease" in render_table(rows, width=200)


def test_invoke_figures_command_writes_csv_and_fails_on_mismatch(tmp_path) -> None:
    command = [
        sys.executable,
        "-m",
        "invoke",
        "-r",
        str(REPO),
        "figures",
        "--csv",
        str(tmp_path / "f.csv"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "nearly 12,500" in result.stdout
    csv_text = (tmp_path / "f.csv").read_text()
    assert csv_text.startswith("source,kind,name,text,value,definition,data,status\n")
    seed = [line for line in csv_text.splitlines() if "vru-national-conference.md" in line]
    assert len(seed) == 7
    assert all(line.endswith((",checked", ",rendered", ",not from data")) for line in seed)
    assert "(0 unreviewed)" in result.stdout
