"""Disclosure control in data/: rules read from the schema, the GSS symbols read from the
cells, and a published CSV that breaks its own rule refused with row and field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from newsroom.core.cache import ContentCache
from newsroom.core.errors import NewsroomError
from newsroom.data.disclosure import GSS_SYMBOLS, check_disclosure, symbol_meaning
from newsroom.data.packages import ValidatedPackage, load_packages
from newsroom.data.tables import DataCatalog

from ..conftest import REPO

SMALL_COUNTS = REPO / "tests/fixtures/packages/small-counts"


def small_counts_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SMALL_COUNTS, data / "small-counts")
    return data / "small-counts"


def load(data: Path) -> list[ValidatedPackage]:
    """The packages as a build loads them: validated, then checked for disclosure."""
    packages = load_packages(data, data.parent, ContentCache(None))
    check_disclosure(packages)
    return packages


def test_the_symbols_are_read_cell_by_cell(tmp_path: Path) -> None:
    package = small_counts_copy(tmp_path)
    catalog = DataCatalog({p.name: p for p in load(package.parent)})
    table = catalog.table("small-counts", "admissions")
    symbols = catalog.symbols("small-counts", "admissions")
    assert table["admissions"].isna().sum() == 3
    assert symbols["admissions"].dropna().tolist() == ["[c]", "[c]", "[x]"]
    assert symbols["rate_per_1000"].dropna().tolist() == ["[low]", "[z]"]
    # 0 is shown: the rule suppresses counts from 1 to 7
    assert 0 in table["admissions"].dropna().tolist()


def test_each_gss_symbol_has_its_meaning() -> None:
    assert {s: symbol_meaning(s) for s in GSS_SYMBOLS} == {
        "[c]": "confidential",
        "[x]": "not available",
        "[z]": "not applicable",
        "[low]": "low: rounds to zero, but is not zero",
    }
    assert symbol_meaning("..") == ""


def test_a_published_value_its_rule_suppresses_is_refused_with_row_and_field(
    tmp_path: Path,
) -> None:
    package = small_counts_copy(tmp_path)
    csv = package / "admissions.csv"
    csv.write_text(csv.read_text().replace("north,2024-03,[c]", "north,2024-03,3"))
    with pytest.raises(NewsroomError) as raised:
        load(package.parent)
    [problem] = raised.value.problems
    assert problem.code == "disclosure-unsuppressed-value"
    where = problem.location
    assert (where.file, where.resource, where.row, where.field) == (
        "data/small-counts/admissions.csv",
        "admissions",
        4,
        "admissions",
    )
    assert "values from 1 to 7 are suppressed as [c]" in problem.message


def test_validation_alone_is_frictionless_verdict_and_accepts_the_file(tmp_path: Path) -> None:
    """`newsroom validate` loads the packages without the build's disclosure check."""
    package = small_counts_copy(tmp_path)
    csv = package / "admissions.csv"
    csv.write_text(csv.read_text().replace("north,2024-03,[c]", "north,2024-03,3"))
    [loaded] = load_packages(package.parent, package.parent.parent, ContentCache(None))
    assert loaded.name == "small-counts"


def test_zero_is_refused_only_where_the_rule_says_so(tmp_path: Path) -> None:
    package = small_counts_copy(tmp_path)
    descriptor = json.loads((package / "datapackage.json").read_text())
    field = descriptor["resources"][0]["schema"]["fields"][2]
    field["newsroom:disclosure"]["suppress-zero"] = True
    (package / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(NewsroomError) as raised:
        load(package.parent)
    [problem] = raised.value.problems
    assert (problem.code, problem.location.row) == ("disclosure-unsuppressed-value", 18)


@pytest.mark.parametrize(
    ("rule", "field_type", "missing"),
    [
        ({"suppress-below": 8, "symbol": "[suppressed]"}, "integer", None),
        ({"suppress-below": 8, "symbol": "=1+1"}, "integer", ["", "[x]", "=1+1"]),
        ({"suppress-below": 0}, "integer", None),
        ({"below": 8}, "integer", None),
        ({"suppress-below": 8, "suppress-zero": "yes"}, "integer", None),
        ({"suppress-below": 8}, "string", None),
        ({"suppress-below": 8}, "integer", ["", "[x]"]),
    ],
)
def test_a_rule_that_cannot_hold_is_refused_at_its_field(
    tmp_path: Path, rule: dict, field_type: str, missing: list[str] | None
) -> None:
    package = small_counts_copy(tmp_path)
    descriptor = json.loads((package / "datapackage.json").read_text())
    schema = descriptor["resources"][0]["schema"]
    schema["fields"][3]["newsroom:disclosure"] = rule  # rate_per_1000
    schema["fields"][3]["type"] = field_type if field_type != "integer" else "number"
    if missing is not None:
        schema["missingValues"] = missing
        # the rest of the CSV must still validate
        csv = package / "admissions.csv"
        text = csv.read_text()
        for symbol in ("[c]", "[low]", "[z]"):
            text = text.replace(symbol, "")
        csv.write_text(text)
        del schema["fields"][2]["newsroom:disclosure"]
    (package / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(NewsroomError) as raised:
        load(package.parent)
    [problem] = raised.value.problems
    assert problem.code == "disclosure-rule-invalid"
    assert problem.location.field == "rate_per_1000"


@pytest.mark.parametrize(
    ("old", "new", "missing"),
    [
        ("north,2024-03,[c]", "north,2024-03,[C]", None),  # not the symbol declared
        ("north,2024-03,[c]", "north,2024-03,c", None),
        ("central,2024-04,41", "central,2024-04,[low]", None),  # declared: missing
        ("north,2024-03,[c]", "north,2024-03,[c]", ["", "[x]", "[z]", "[low]"]),
        ("north,2024-03,[c]", "north,2024-03,", ["[c]", "[x]", "[z]", "[low]"]),
    ],
)
def test_the_fast_path_reads_gss_symbols_as_frictionless_does(
    tmp_path: Path, old: str, new: str, missing: list[str] | None
) -> None:
    from .test_fast_validation import fast, reference

    package = small_counts_copy(tmp_path)
    descriptor = json.loads((package / "datapackage.json").read_text())
    schema = descriptor["resources"][0]["schema"]
    del schema["fields"][2]["newsroom:disclosure"]  # a rule is the build's, not validation's
    if missing is not None:
        schema["missingValues"] = missing
    (package / "datapackage.json").write_text(json.dumps(descriptor))
    csv = package / "admissions.csv"
    csv.write_text(csv.read_text().replace(old, new))
    expected = reference(package / "datapackage.json")
    found = fast(package / "datapackage.json")
    assert found == expected, found  # the fast path takes a plain package like this one


def test_a_unit_detail_shows_its_symbol(tmp_path: Path) -> None:
    from newsroom.data.units import find_units

    folder = tmp_path / "data/areas"
    folder.mkdir(parents=True)
    (folder / "units.csv").write_text("id,name,population\nnorth,North,[c]\nsouth,South,1200\n")
    fields = [{"name": "id", "type": "string"}, {"name": "name", "type": "string"},
              {"name": "population", "type": "integer"}]  # fmt: skip
    schema = {"missingValues": ["", "[c]"], "fields": fields}
    resource = {"name": "units", "path": "units.csv", "schema": schema}
    (folder / "datapackage.json").write_text(json.dumps({"name": "areas", "resources": [resource]}))
    catalog = DataCatalog({p.name: p for p in load(folder.parent)})
    units = find_units(catalog, "units", "unit_id", ContentCache(None))
    # (title, text as published, whether a number): a symbol is no number to format
    assert ("population", "[c]", False) in units["north"].details
    assert ("population", "1200", True) in units["south"].details
