"""Figure calculations: the registry, the guide's list of it, and one added by registering."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from newsroom.core.cache import ContentCache
from newsroom.core.errors import NewsroomError
from newsroom.core.generated_text import generated_block
from newsroom.data.packages import TabularResource, load_packages
from newsroom.data.selection import OptionBlock
from newsroom.data.tables import DataCatalog
from newsroom.figures.calculations import (
    CALCULATIONS,
    GUIDE_BLOCK,
    Calculation,
    guide_table,
    register,
    unregister,
)
from newsroom.figures.computed import compute_figure, typed_check
from newsroom.figures.formats import FORMATS

from ..conftest import REPO

GUIDE = REPO / "docs" / "authors-guide.md"


@pytest.fixture(scope="module")
def catalog() -> DataCatalog:
    packages = load_packages(REPO / "data", REPO, ContentCache(None))
    return DataCatalog({p.name: p for p in packages})


def block(**options: object) -> OptionBlock:
    return OptionBlock("content/x.md", 9, dict(options), {n: 10 + i for i, n in enumerate(options)})


def test_the_guide_lists_every_registered_calculation() -> None:
    listed = generated_block(GUIDE.read_text(encoding="utf-8"), GUIDE_BLOCK)
    assert listed == guide_table(), (
        "run: PYTHONPATH=plugins python -m newsroom.figures.calculations"
    )


def test_the_built_in_calculations_in_their_order() -> None:
    assert list(CALCULATIONS) == [
        "value",
        "sum",
        "mean",
        "count",
        "percent-change",
        "rank",
        "latest",
    ]


@pytest.mark.parametrize("name", sorted(CALCULATIONS))
def test_each_default_format_is_a_format(name: str) -> None:
    assert CALCULATIONS[name].default_format in FORMATS


def test_a_calculation_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="registered already"):
        register(CALCULATIONS["sum"])


def largest(
    block: OptionBlock, resource: TabularResource, field: str, rows: pd.DataFrame, title: str
) -> tuple[float, str, pd.DataFrame]:
    return float(rows[field].max()), f"largest {title}", rows.nlargest(1, field)


# A calculation of the tests' own: one definition and one registration are all it takes.
LARGEST = Calculation("largest", "the field's largest value", "nearly", largest)


@pytest.fixture
def largest_registered() -> Iterator[Calculation]:
    register(LARGEST)
    yield LARGEST
    unregister(LARGEST.name)


def test_a_registered_calculation_computes_a_figure(
    largest_registered: Calculation, catalog: DataCatalog
) -> None:
    options = {
        "package": "vru-victims-referred",
        "field": "victims_referred",
        "filter": {"year": 2020},
        "calculation": "largest",
    }
    figure = compute_figure("most", block(**options), catalog)
    table = pd.read_csv(REPO / "data/vru-victims-referred/victims-referred.csv")
    most = table[table.year == 2020].victims_referred.max()
    assert figure.value == most
    assert figure.definition == "largest victims referred, where year = 2020"
    assert len(figure.rows) == 1
    check = typed_check(f"about {most:,}", figure, "en")
    assert check is not None and check.matches
    assert "| `largest` | `nearly` | the field's largest value |" in guide_table()


def test_a_registered_calculation_on_text_is_refused(
    largest_registered: Calculation, catalog: DataCatalog
) -> None:
    options = {"package": "vru-victims-referred", "field": "unit_id", "calculation": "largest"}
    with pytest.raises(NewsroomError) as raised:
        compute_figure("most", block(**options), catalog)
    assert raised.value.problems[0].code == "figure-field-not-numeric"
