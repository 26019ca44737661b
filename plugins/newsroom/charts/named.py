"""Charts defined once and used by name: YAML files in `content/charts/` and the
views of data packages (Frictionless Views spec): "simple" ones, and those in the
Observable Plot form (plot_views.py).

`content/charts/knife-crime.yaml` may hold several charts, each a name with the same
options as a chart block. A package view is used as `PACKAGE/VIEW`. A chart block that
says `use: NAME` gets the definition's options, overridden by its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from newsroom.charts.plot_views import (
    PLOT_SPEC_TYPE,
    PlotViewUnsupportedError,
    plot_view_options,
    plot_view_unsupported,
)
from newsroom.core.errors import Location, NewsroomError, NewsroomProblem
from newsroom.data.packages import ValidatedPackage
from newsroom.data.selection import YAML_LOADER, OptionBlock, parse_yaml_mapping

CHARTS_FOLDER = "charts"
SIMPLE_KINDS = {"line": "line", "bar": "column"}


@dataclass(frozen=True)
class NamedChart:
    name: str
    options: dict[str, Any]
    location: Location


@dataclass(frozen=True)
class PackageView:
    """A view of a package, for its dataset page: the chart block to draw, or (a Plot
    view the site cannot draw) the reason it is left out, which the page shows."""

    name: str
    title: str
    spec_type: str
    location: Location
    block: OptionBlock | None
    left_out: str = ""


def load_named_charts(
    content: Path, project_root: Path, packages: list[ValidatedPackage]
) -> dict[str, NamedChart]:
    charts: dict[str, NamedChart] = {}
    problems: list[NewsroomProblem] = []
    for file in sorted((content / CHARTS_FOLDER).glob("*.y*ml")):
        shown = file.relative_to(project_root).as_posix()
        try:
            charts.update(_charts_in_file(file, shown))
        except NewsroomError as error:
            problems.extend(error.problems)
    for package in packages:
        for view in package.descriptor.get("views", []) or []:
            try:
                chart = _view_chart(package, view)
            except NewsroomError as error:
                problems.extend(error.problems)
                continue
            except PlotViewUnsupportedError:
                continue  # published without it: package_views says why
            charts[chart.name] = chart
    if problems:
        raise NewsroomError(problems)
    return charts


def _charts_in_file(file: Path, shown: str) -> dict[str, NamedChart]:
    text = file.read_text(encoding="utf-8")
    whole = parse_yaml_mapping(text, shown, 1, "chart-yaml")
    node = yaml.compose(text, Loader=YAML_LOADER)
    charts = {}
    for key, value in node.value:
        name = str(key.value)
        options = whole.options[name]
        if not isinstance(options, dict):
            raise NewsroomError.single(
                "chart-yaml",
                Location(shown, key.start_mark.line + 1),
                f'the chart "{name}" must be a list of options.',
                "Indent the chart's options under its name.",
            )
        charts[name] = NamedChart(name, options, Location(shown, value.start_mark.line + 1))
    return charts


def _views_location(package: ValidatedPackage) -> Location:
    return Location(package.display_path + "/datapackage.json", package=package.name, field="views")


def _view_chart(package: ValidatedPackage, view: object) -> NamedChart:
    """The chart a view defines; PlotViewUnsupportedError for a Plot view the site
    cannot draw."""
    where = _views_location(package)
    if not isinstance(view, dict) or not view.get("name"):
        raise NewsroomError.single(
            "view-invalid", where, "each view needs a 'name'.", "Name the view."
        )
    name = f"{package.name}/{view['name']}"
    if view.get("specType") == PLOT_SPEC_TYPE:
        return NamedChart(name, plot_view_options(package, view), where)
    spec = view.get("spec") or {}
    spec_type = view.get("specType", "simple")
    unsupported = (
        f'specType "{spec_type}"'
        if spec_type != "simple"
        else f'simple type "{spec.get("type")}"'
        if spec.get("type") not in SIMPLE_KINDS
        else "more than one series"
        if len(spec.get("series", [])) != 1
        else None
    )
    if unsupported:
        raise NewsroomError.single(
            "view-unsupported",
            where,
            f'view "{view["name"]}" uses {unsupported}, which is not supported.',
            'Use a "simple" view with type line or bar and one series, or a chart'
            " defined in content/charts/.",
        )
    resources = view.get("resources") or [package.resources[-1].name]
    options = {
        "package": package.name,
        "resource": resources[0] if isinstance(resources[0], str) else resources[0].get("name"),
        "kind": SIMPLE_KINDS[spec["type"]],
        "x": spec.get("group"),
        "y": spec["series"][0],
        # "group" means rows are grouped by that field: their values are added up.
        "aggregate": "sum",
        "title": view.get("title") or view["name"],
    }
    return NamedChart(name, options, where)


def package_views(package: ValidatedPackage, charts: dict[str, NamedChart]) -> list[PackageView]:
    """Each view of a package, to show on its dataset page: a chart block, or why a Plot
    view is left out."""
    found = []
    for view in package.descriptor.get("views", []) or []:
        spec_type = str(view.get("specType", "simple"))
        title = str(view.get("title") or view["name"])
        named = charts.get(f"{package.name}/{view['name']}")
        if named is None:  # a Plot view the site cannot draw
            reason = plot_view_unsupported(package, view)
            where = _views_location(package)
            found.append(PackageView(view["name"], title, spec_type, where, None, reason))
            continue
        options = {
            **named.options,
            "id": f"{package.name}-{view['name']}",
            "alt": view.get("description") or f"Chart of {title}, from the {package.title} data.",
        }
        block = OptionBlock(named.location.file, 0, options, {})
        found.append(PackageView(view["name"], title, spec_type, named.location, block))
    return found
