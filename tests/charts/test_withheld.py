"""Disclosure control in charts: a withheld value is a gap in the drawing, its symbol in
the table and the CSV, with a note; a total or an average computed from it is withheld too."""

from __future__ import annotations

import json

import pytest
from newsroom.charts.data_table import csv_bytes, readable_rows
from newsroom.charts.drawing import card_spec, chart_spec, plotted_table
from newsroom.charts.requests import resolve_chart
from newsroom.core.cache import ContentCache
from newsroom.data.packages import load_packages
from newsroom.data.selection import OptionBlock
from newsroom.data.tables import DataCatalog

from ..conftest import REPO

NOTE = "[c]: confidential. Values that could identify people are withheld"


@pytest.fixture(scope="module")
def catalog() -> DataCatalog:
    data = REPO / "tests/fixtures/packages"
    packages = load_packages(data, REPO, ContentCache(None))
    return DataCatalog({p.name: p for p in packages if p.name == "small-counts"})


def chart(catalog: DataCatalog, **options: object) -> tuple[list[list[str]], str, dict]:
    options = {"package": "small-counts", "x": "month", "y": "admissions", "title": "t",
               "alt": "a", **options}  # fmt: skip
    block = OptionBlock("content/x.md", 9, options, {n: 10 + i for i, n in enumerate(options)})
    resolved = resolve_chart(block, catalog)
    table = plotted_table(resolved)
    csv = csv_bytes(resolved, table).decode()
    assert all(line.endswith(",Status not stated.") for line in csv.splitlines()[1:])
    without_status = "".join(line.rsplit(",", 1)[0] + "\n" for line in csv.splitlines())
    return readable_rows(resolved, table), without_status, chart_spec(resolved, table)


def data_values(spec: dict) -> list[dict]:
    """The rows inlined in the spec; a missing value (None, or NaN as Altair writes it,
    which Vega draws as a gap) as None."""
    rows = next(iter(spec["datasets"].values()))
    return [{k: None if v is None or v != v else v for k, v in row.items()} for row in rows]


def test_a_withheld_value_is_a_gap_with_its_symbol_in_table_and_csv(catalog: DataCatalog) -> None:
    rows, csv, spec = chart(catalog, by="area_id", kind="line")
    assert ["March 2024", "north", "[c]"] in rows
    assert ["February 2024", "south", "[x]"] in rows
    assert "2024-03,north,[c]\n" in csv
    assert "2024-06,central,[c]\n" in csv
    assert "2024-02,south,[x]\n" in csv  # not available: missing, not withheld
    withheld = [v for v in data_values(spec) if v["Area"] == "north" and v["Month"] == "2024-03-01"]
    assert withheld == [{"Area": "north", "Month": "2024-03-01", "Admissions": None}]
    subtitle = " ".join(spec["title"]["subtitle"])
    assert NOTE in subtitle
    assert subtitle.endswith("includes one. [x]: not available.")


def test_a_chart_without_withheld_values_notes_only_its_symbols(catalog: DataCatalog) -> None:
    _rows, csv, spec = chart(catalog, filter={"area_id": "south"}, kind="column")
    assert "[c]" not in csv
    assert spec["title"]["subtitle"] == ["[x]: not available."]
    _rows, csv, spec = chart(catalog, filter={"area_id": "north"}, y="rate_per_1000", kind="line")
    assert "2024-02,[low]\n" in csv


def test_a_total_over_a_withheld_value_is_withheld(catalog: DataCatalog) -> None:
    rows, csv, spec = chart(catalog, kind="line", aggregate="sum")
    assert csv.splitlines()[1:] == [
        "2024-01,51",
        "2024-02,43",
        "2024-03,[c]",  # 33 + 10 + north's withheld count
        "2024-04,75",
        "2024-05,49",
        "2024-06,[c]",
    ]
    assert [r[-1] for r in rows] == ["51", "43", "[c]", "75", "49", "[c]"]
    assert [v["Admissions"] for v in data_values(spec)] == [51, 43, None, 75, 49, None]


@pytest.mark.filterwarnings("error")  # pandas warned of rounding the dates as well
def test_an_average_over_a_withheld_value_is_withheld(catalog: DataCatalog) -> None:
    _rows, csv, _spec = chart(catalog, kind="unit-vs-average", by="area_id", highlight="south")
    # south's [x] (not available) counts as 0 in the average, as any missing value does
    averages = [line for line in csv.splitlines() if "Average" in line]
    assert [line.rsplit(",", 1)[1] for line in averages] == [
        "17", "14.3", "[c]", "25", "16.3", "[c]"
    ]  # fmt: skip


def test_the_social_card_draws_no_withheld_value(catalog: DataCatalog) -> None:
    _rows, _csv, spec = chart(catalog, by="area_id", kind="line")
    card = json.loads(card_spec(json.dumps(spec, sort_keys=True)))
    values = {(v["Area"], v["Month"]): v["Admissions"] for v in data_values(card)}
    assert values[("north", "2024-03-01")] is None
    assert values[("central", "2024-06-01")] is None
    assert NOTE in " ".join(card["title"]["subtitle"])


def test_other_symbols_are_shown_with_their_meaning(catalog: DataCatalog) -> None:
    options = {"y": "rate_per_1000", "by": "area_id", "kind": "line"}
    rows, csv, spec = chart(catalog, **options)
    assert "2024-02,north,[low]\n" in csv and "2024-04,central,[z]\n" in csv
    assert ["April 2024", "central", "[z]"] in rows
    assert " ".join(spec["title"]["subtitle"]) == (
        "[z]: not applicable. [low]: low: rounds to zero, but is not zero."
    )


def test_a_total_shows_no_symbol_of_its_parts(catalog: DataCatalog) -> None:
    _rows, csv, spec = chart(catalog, y="rate_per_1000", kind="line", aggregate="sum")
    assert "[" not in csv
    assert "subtitle" not in spec["title"]


def test_the_note_and_the_meanings_are_in_the_run_language() -> None:
    from newsroom.charts.withheld import symbols_note
    from newsroom.core.languages import load_translations, use_run_translations

    translations, _ = load_translations(REPO / "theme", "cy", "en", REPO)
    use_run_translations(translations, "cy")
    try:
        note = symbols_note("[c]", ("", "[x]"))
    finally:
        use_run_translations(None)
    assert note == (
        "[c]: cyfrinachol. Mae gwerthoedd a allai adnabod pobl wedi'u cadw'n ôl, a hefyd"
        " unrhyw gyfanswm neu gyfartaledd sy'n cynnwys un. [x]: ddim ar gael."
    )


def test_a_period_average_over_a_withheld_value_is_withheld(catalog: DataCatalog) -> None:
    options = {"kind": "before-after", "split": "2024-04", "filter": {"area_id": "north"}}
    _rows, csv, spec = chart(catalog, **options)
    assert csv.splitlines()[1:4] == [
        "2024-01,12,Jan 2024 to Mar 2024,[c]",
        "2024-02,15,Jan 2024 to Mar 2024,[c]",
        "2024-03,[c],Jan 2024 to Mar 2024,[c]",
    ]
    text = json.dumps(spec)
    assert "Average Jan 2024 to Mar 2024: [c]" in text
    assert "Average Apr 2024 to Jun 2024: 20.0" in text
