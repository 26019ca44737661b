"""Charts defined once (content/charts/, package views) and used by name."""

from __future__ import annotations

import json

from ..conftest import SiteCopy

PACKAGE = "data/vru-sharp-object-admissions/datapackage.json"


def add_view(site: SiteCopy, view: dict) -> None:
    file = site.root / PACKAGE
    descriptor = json.loads(file.read_text())
    descriptor["views"] = [view]
    file.write_text(json.dumps(descriptor, indent=2))


def write_article(site: SiteCopy, chart: str) -> None:
    text = "Title: Views\nDate: 2021-08-02\n\nIntro.\n\n```chart\n" + chart + "```\n"
    (site.root / "content" / "news" / "views.md").write_text(text)


def test_simple_view_of_a_package_is_used_by_name(site: SiteCopy) -> None:
    add_view(
        site,
        {
            "name": "monthly",
            "title": "Monthly admissions",
            "resources": ["admissions"],
            "specType": "simple",
            "spec": {"type": "line", "group": "month", "series": ["admissions"]},
        },
    )
    write_article(
        site,
        "use: vru-sharp-object-admissions/monthly\nid: view-chart\n"
        "filter: {unit_id: kent}\nalt: Monthly admissions in Kent.\n",
    )
    site.build()
    svg = (site.output / "charts/view-chart.svg").read_text()
    assert "Monthly admissions" in svg and 'class="mark-line' in svg
    rows = (site.output / "charts/view-chart.csv").read_text().splitlines()
    assert rows[0] == "Month,Admissions,Status" and len(rows) == 40
    assert rows[1].endswith(",Illustrative data. These values are invented to show how the"
                            " site works: do not quote them.")  # fmt: skip
    page = site.page("data/vru-sharp-object-admissions/")
    assert len(page.select("#figure-vru-sharp-object-admissions-monthly tbody tr")) == 39


def test_unsupported_view_is_named_in_the_error(site: SiteCopy) -> None:
    add_view(site, {"name": "fancy", "specType": "vega-lite", "spec": {"mark": "point"}})
    message = site.build_fails()
    assert "error[view-unsupported]" in message
    assert "data/vru-sharp-object-admissions/datapackage.json" in message
    assert "package 'vru-sharp-object-admissions'" in message and "field 'views'" in message
    assert 'view "fancy" uses specType "vega-lite"' in message


def test_chart_file_in_content_charts_is_used_with_overrides(site: SiteCopy) -> None:
    write_article(site, "use: victims-by-unit-2020\nid: named\ntitle: Overridden title\n")
    site.build()
    svg = (site.output / "charts/named.svg").read_text()
    assert "Overridden title" in svg and svg.count("<path") >= 18
