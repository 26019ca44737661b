"""Views in the Observable Plot form ("specType": "plot"): each supported mark translated
into a chart drawn as every chart is (its Vega-Lite spec and SVG); anything else left out
of a built site with a notice on the dataset page and a warning, and the build goes on."""

from __future__ import annotations

import json
import shutil
from typing import Any

import pytest
import vl_convert
from newsroom.charts.drawing import chart_spec, plotted_table
from newsroom.charts.plot_views import PlotViewUnsupportedError, plot_view_options
from newsroom.charts.requests import resolve_chart
from newsroom.core.cache import ContentCache
from newsroom.core.errors import Location, NewsroomProblem, render_warnings
from newsroom.data.packages import ValidatedPackage, load_packages
from newsroom.data.selection import OptionBlock
from newsroom.data.tables import DataCatalog
from newsroom.site.build_state import BuildWarnings

from ..conftest import REPO, SiteCopy

FIXTURE = REPO / "tests/fixtures/plot-views"
PACKAGE = "plot-counts"


@pytest.fixture(scope="module")
def catalog() -> DataCatalog:
    packages = load_packages(FIXTURE, REPO, ContentCache(None))
    return DataCatalog({p.name: p for p in packages})


def plot_view(*marks: dict[str, Any], **spec: Any) -> dict[str, Any]:
    return {
        "name": "v",
        "title": "Counts",
        "resources": ["counts"],
        "specType": "plot",
        "spec": {"marks": list(marks), **spec},
    }


def package(catalog: DataCatalog) -> ValidatedPackage:
    return catalog.packages[PACKAGE]


def drawn(catalog: DataCatalog, view: dict[str, Any]) -> tuple[dict, dict, str]:
    """The chart options a view translates to, its Vega-Lite spec and its SVG."""
    options = plot_view_options(package(catalog), view)
    block = OptionBlock("x", 0, {**options, "id": "v", "alt": "The counts."}, {})
    resolved = resolve_chart(block, catalog)
    spec = chart_spec(resolved, plotted_table(resolved))
    return options, spec, vl_convert.vegalite_to_svg(spec)


def layers(spec: dict) -> list[dict]:
    inner = spec.get("spec", spec)  # a faceted chart's panel
    return inner.get("layer", [inner])


def mark_type(layer: dict) -> str:
    mark = layer["mark"]
    return mark["type"] if isinstance(mark, dict) else mark


@pytest.mark.parametrize(
    ("mark", "kind", "vega_mark", "svg_class"),
    [
        ({"type": "line", "x": "month", "y": "count", "stroke": "area"}, "line", "line",
         "mark-line"),
        ({"type": "lineY", "x": "month", "y": "count", "z": "area", "tip": True}, "line",
         "line", "mark-line"),
        ({"type": "lineX", "x": "count", "y": "month", "stroke": "area"}, "line", "line",
         "mark-line"),
        ({"type": "barY", "x": "month", "y": "count", "fill": "area"}, "stacked-column", "bar",
         "mark-rect"),
        ({"type": "barY", "x": "area", "y": "count", "fill": "area"}, "column", "bar",
         "mark-rect"),
        ({"type": "bar", "x": "month", "y": "count", "fill": "#3b82f6"}, "column", "bar",
         "mark-rect"),
        ({"type": "barX", "x": "count", "y": "area", "sort": {"y": "-x"}}, "bar", "bar",
         "mark-rect"),
        ({"type": "areaY", "x": "month", "y": "count", "fill": "area"}, "area", "area",
         "mark-area"),
        ({"type": "area", "x": "month", "y": "count"}, "area", "area", "mark-area"),
        ({"type": "dot", "x": "count", "y": "rate", "fill": "area", "r": 4}, "dot", "circle",
         "mark-symbol"),
    ],
)  # fmt: skip
def test_a_mark_is_drawn_as_its_chart_kind(
    catalog: DataCatalog, mark: dict, kind: str, vega_mark: str, svg_class: str
) -> None:
    options, spec, svg = drawn(catalog, plot_view(mark))
    assert options["kind"] == kind
    assert [mark_type(layer) for layer in layers(spec)] == [vega_mark]
    encoding = layers(spec)[0]["encoding"]
    fields = {channel: encoding[channel]["field"] for channel in ("x", "y")}
    assert "Count" in fields.values()
    series = "area" if mark.get("stroke", mark.get("fill", mark.get("z"))) == "area" else None
    if series and mark["x"] != "area" and mark["y"] != "area":
        assert encoding["color"]["field"] == "Area"
    else:
        assert "color" not in encoding
    assert f'class="{svg_class}' in svg
    assert spec["description"] == "The counts." and spec["title"]["text"] == ["Counts"]
    assert spec["config"]["range"]["category"][0] == "#005ea5"  # the house palette


def test_a_stacked_bar_shows_the_total_of_rows_sharing_a_place(catalog: DataCatalog) -> None:
    _options, spec, _svg = drawn(catalog, plot_view({"type": "barY", "x": "month", "y": "count"}))
    values = next(iter(spec["datasets"].values()))
    assert values[0] == {"Month": "2024-01-01", "Count": 12 + 8 + 5}


def test_a_numeric_x_of_a_dot_chart_is_a_scale(catalog: DataCatalog) -> None:
    _options, spec, _svg = drawn(catalog, plot_view({"type": "dot", "x": "count", "y": "rate"}))
    assert spec["encoding"]["x"]["type"] == "quantitative"


def test_axis_labels_of_the_plot_become_axis_titles(catalog: DataCatalog) -> None:
    view = plot_view(
        {"type": "barX", "x": "count", "y": "area"},
        x={"label": "Number counted", "grid": True},
        y={"label": None},
    )
    options, spec, _svg = drawn(catalog, view)
    assert options["y-title"] == "Number counted" and "x-title" not in options
    assert spec["encoding"]["x"]["title"] == "Number counted"  # the bars' length


@pytest.mark.parametrize("where", ["mark", "plot"])
def test_a_facet_of_lines_is_a_panel_each(catalog: DataCatalog, where: str) -> None:
    mark = {"type": "lineY", "x": "month", "y": "count"}
    view = (
        plot_view({**mark, "fx": "area"})
        if where == "mark"
        else plot_view(mark, facet={"data": None, "x": "area"})
    )
    options, spec, svg = drawn(catalog, view)
    assert options["kind"] == "small-multiples" and options["by"] == "area"
    assert spec["facet"]["field"] == "Area"
    assert svg.count('class="mark-line') == 3


def test_dated_rules_with_labels_are_annotations_and_a_rule_at_zero_adds_nothing(
    catalog: DataCatalog,
) -> None:
    view = plot_view(
        {"type": "ruleY", "data": [0]},
        {"type": "ruleX", "staticData": [{"x": "2024-03"}], "x": "x", "stroke": "#e5e7eb"},
        {"type": "line", "x": "month", "y": "count", "stroke": "area", "strokeWidth": 1.5},
        {"type": "text", "staticData": [{"x": "2024-03-01", "label": "Scheme"}], "x": "x",
         "text": "label", "rotate": -45},
    )  # fmt: skip
    options, spec, svg = drawn(catalog, view)
    assert options["annotations"] == [{"date": "2024-03", "label": "Scheme"}]
    assert [mark_type(layer) for layer in layers(spec)] == ["line", "rule", "text"]
    assert ">Scheme</text>" in svg


@pytest.mark.parametrize(
    ("view", "reason"),
    [
        (plot_view({"type": "cell", "x": "month", "y": "area", "fill": "count"}),
         'does not draw "cell" marks'),
        (plot_view({"type": "line", "x": "month", "y": "count"},
                   {"type": "dot", "x": "month", "y": "count"}), "this one has 2 (line, dot)"),
        (plot_view({"type": "barX", "staticData": [{"t": "a", "n": 1}], "x": "n", "y": "t"}),
         "values written in the view"),
        (plot_view({"type": "barY", "x": "month", "y": "count", "filter": "x => x.count"}),
         'the option "filter"'),
        (plot_view({"type": "barY", "x": "area", "y": "count", "sort": {"x": "-y"}}),
         "is sorted"),
        (plot_view({"type": "barY", "x": "month", "y": "count", "fx": "area"}),
         "panels (facets) of lines only"),
        (plot_view({"type": "line", "x": "month", "y": "count", "stroke": "area",
                    "fy": "month"}), "more than one field"),
        (plot_view({"type": "line", "x": "month", "y": "count"}, projection="albers-usa"),
         "a map"),
        ({"name": "v", "specType": "plot", "spec": {"mark": "line"}}, 'no list of "marks"'),
        (plot_view({"type": "line", "x": "month", "y": "count"},
                   {"type": "text", "x": "month", "y": "count", "text": "area"}),
         "does not translate its text mark"),
        (plot_view({"type": "line", "x": "month", "y": "count"},
                   {"type": "ruleX", "staticData": [{"x": "2024-03"}], "x": "x"}),
         "do not pair up"),
        (plot_view({"type": "line", "x": {"transform": "f"}, "y": "count"}),
         "needs a field name as x"),
    ],
)  # fmt: skip
def test_what_is_not_translated_is_refused_with_its_reason(
    catalog: DataCatalog, view: dict, reason: str
) -> None:
    with pytest.raises(PlotViewUnsupportedError, match=None) as refused:
        plot_view_options(package(catalog), view)
    assert reason in str(refused.value)


SUPPORTED = {
    "name": "by-area",
    "title": "Counts by area",
    "description": "Stacked columns of the counts in each area, each month of 2024 to June.",
    "resources": ["counts"],
    "specType": "plot",
    "spec": {
        "height": 340,
        "y": {"label": "Counted", "grid": True},
        "marks": [
            {"type": "barY", "x": "month", "y": "count", "fill": "area", "tip": True},
            {"type": "ruleY", "data": [0]},
        ],
    },
}
UNSUPPORTED = {
    "name": "heat",
    "title": "Counts as a heat map",
    "resources": ["counts"],
    "specType": "plot",
    "spec": {"marks": [{"type": "cell", "x": "month", "y": "area", "fill": "count"}]},
}
NOT_NUMERIC = {  # translated, but its data cannot be drawn: left out when drawn
    "name": "areas",
    "title": "Areas",
    "resources": ["counts"],
    "specType": "plot",
    "spec": {"marks": [{"type": "line", "x": "month", "y": "area"}]},
}


def add_plot_package(site: SiteCopy) -> None:
    target = site.root / "data" / PACKAGE
    shutil.copytree(FIXTURE / PACKAGE, target)
    descriptor = json.loads((target / "datapackage.json").read_text())
    descriptor["views"] = [SUPPORTED, UNSUPPORTED, NOT_NUMERIC]
    (target / "datapackage.json").write_text(json.dumps(descriptor, indent=2))


def test_a_site_publishes_the_package_with_its_plot_views_or_why_not(site: SiteCopy) -> None:
    add_plot_package(site)
    site.build()

    page = site.page(f"data/{PACKAGE}/")
    figure = page.select_one(f"#figure-{PACKAGE}-by-area")
    assert figure is not None
    image = figure.select_one("img")
    assert image["alt"] == SUPPORTED["description"]
    rows = figure.select("table tbody tr")
    assert len(rows) == 18
    assert [th.get_text() for th in figure.select("table thead th")] == ["Month", "Area", "Count"]
    csv = (site.output / f"charts/{PACKAGE}-by-area.csv").read_text().splitlines()
    assert csv[0] == "Month,Area,Count,Status" and len(csv) == 19
    assert csv[1].startswith("2024-01,east,5,Illustrative data.")
    svg = (site.output / f"charts/{PACKAGE}-by-area.svg").read_text()
    assert 'class="mark-rect' in svg and "Counted" in svg

    notices = [p.get_text(" ", strip=True) for p in page.select(".view-left-out")]
    assert notices == [
        'Counts as a heat map. This view could not be drawn: the site does not draw "cell" marks.',
        'Areas. This view could not be drawn: the field "area" holds string values, which'
        " cannot be plotted as a quantity.",
    ]
    assert not (site.output / f"charts/{PACKAGE}-heat.svg").exists()

    warnings = site.warnings.splitlines()
    noted = [line for line in warnings if line.startswith("warning[view-not-drawn]")]
    assert len(noted) == 2
    assert noted[0].startswith(
        f"warning[view-not-drawn] data/{PACKAGE}/datapackage.json, package '{PACKAGE}',"
        " field 'views': the view \"heat\" could not be drawn"
    )
    assert warnings[-1] == (
        "2 warnings: published as they are, with a notice on the page, by every build."
    )
    welsh = site.page(f"cy/data/{PACKAGE}/").select_one(".view-left-out")
    assert welsh.get_text(" ", strip=True).startswith(
        "Counts as a heat map. Nid oedd modd llunio'r olwg hon: the site does not draw"
    )
    assert welsh.select_one("span[lang=en]").get_text() == 'the site does not draw "cell" marks.'


@pytest.mark.parametrize("production", [False, True])
def test_a_view_left_out_is_a_warning_the_production_build_publishes_with(
    production: bool,
) -> None:
    refused = NewsroomProblem("number-unreviewed", Location("content/a.md", 3), "18 is…")
    left_out = NewsroomProblem("view-not-drawn", Location("data/x/datapackage.json"), "heat…")
    warnings = BuildWarnings(production, problems=[])
    warnings.warn(refused)
    warnings.note(left_out)
    assert warnings.problems == ([refused] if production else [])  # these stop the build
    assert warnings.noted == [left_out]
    summary = render_warnings(warnings.found, warnings.noted).splitlines()
    assert summary[-1] == (
        "1 warning: published as they are, with a notice on the page, by every build."
    )
    stops = "1 warning: the production build (publishconf.py) stops on each."
    assert (stops in summary) is not production
