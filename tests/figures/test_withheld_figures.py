"""Disclosure control in figures: a figure that shows a withheld value, or is computed
from one (a total, an average, a rank, a change), stops the build at its field's line
with the rule; the same figures on rows that are all shown are computed as usual."""

from __future__ import annotations

import pytest
from newsroom.core.cache import ContentCache
from newsroom.core.errors import NewsroomError
from newsroom.data.packages import load_packages
from newsroom.data.selection import OptionBlock
from newsroom.data.tables import DataCatalog
from newsroom.figures.computed import compute_figure

from ..conftest import REPO

RULE = "values from 1 to 7 are suppressed as [c]"


@pytest.fixture(scope="module")
def catalog() -> DataCatalog:
    packages = load_packages(REPO / "tests/fixtures/packages", REPO, ContentCache(None))
    return DataCatalog({p.name: p for p in packages if p.name == "small-counts"})


def figure(catalog: DataCatalog, **options: object) -> float:
    options = {"package": "small-counts", "field": "admissions", **options}
    lines = {n: 20 + i for i, n in enumerate(options)}
    block = OptionBlock("content/news/x.md", 19, options, lines)
    return compute_figure("admissions-figure", block, catalog).value


NORTH_MARCH = {"area_id": "north", "month": "2024-03"}
NORTH = {"area_id": "north"}
MARCH = {"month": "2024-03"}


@pytest.mark.parametrize(
    ("options", "how"),
    [
        ({"filter": NORTH_MARCH}, "would show it"),
        ({"filter": NORTH, "calculation": "sum"}, "is a sum over it"),
        ({"filter": NORTH, "calculation": "mean"}, "is a mean over it"),
        (
            {"filter": MARCH, "calculation": "rank", "by": "area_id", "highlight": "south"},
            "is a rank over it",
        ),
        (
            {"filter": NORTH, "calculation": "percent-change", "period-field": "month",
             "before": "2024-01 to 2024-03", "after": "2024-04 to 2024-06"},
            "is a percent-change over it",
        ),
    ],
)  # fmt: skip
def test_a_figure_on_a_withheld_value_is_refused_with_file_line_and_rule(
    catalog: DataCatalog, options: dict, how: str
) -> None:
    with pytest.raises(NewsroomError) as raised:
        figure(catalog, **options)
    [problem] = raised.value.problems
    assert problem.code == "figure-suppressed"
    assert (problem.location.file, problem.location.line) == ("content/news/x.md", 21)
    assert RULE in problem.message
    assert "row 4 of admissions.csv" in problem.message
    assert how in problem.message


def test_figures_on_rows_that_are_all_shown_are_computed(catalog: DataCatalog) -> None:
    south = {"area_id": "south", "month": "2024-05"}
    assert figure(catalog, filter=south) == 0  # 0 is shown: the rule starts at 1
    assert figure(catalog, filter={"area_id": "south"}, calculation="count") == 6
    assert figure(catalog, filter={"month": "2024-01"}, calculation="sum") == 51
    assert figure(catalog, filter={"month": "2024-01"}, calculation="mean") == 17
