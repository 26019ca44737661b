"""Bad input stops the build with a located message and leaves output/ untouched."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import SiteCopy

ARTICLE = "content/news/2021-07-12-vru-national-conference.md"
ADMISSIONS = "data/vru-sharp-object-admissions"


def edit(site: SiteCopy, path: str, old: str, new: str) -> None:
    file = site.root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_descriptor(site: SiteCopy, change: Callable[[dict], None]) -> None:
    file = site.root / ADMISSIONS / "datapackage.json"
    descriptor = json.loads(file.read_text())
    change(descriptor)
    file.write_text(json.dumps(descriptor, indent=2))


def set_admissions_path(path: str) -> Callable[[dict], None]:
    def change(descriptor: dict) -> None:
        descriptor["resources"][1]["path"] = path

    return change


def line_of(site: SiteCopy, path: str, text: str) -> int:
    lines = (site.root / path).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


@dataclass(frozen=True)
class BadInput:
    name: str
    breaks: Callable[[SiteCopy], None]
    expected: Callable[[SiteCopy], list[str]]


def link_outside(site: SiteCopy) -> None:
    outside = site.root / "secret.csv"
    outside.write_text("unit_id,month,admissions\n")
    target = site.root / ADMISSIONS / "admissions.csv"
    target.unlink()
    os.symlink(outside, target)


CASES = [
    BadInput(
        "type-error",
        lambda s: edit(
            s,
            f"{ADMISSIONS}/admissions.csv",
            "greater-manchester,2018-05,28",
            "greater-manchester,2018-05,twelve",
        ),
        lambda s: [
            "error[frictionless/type-error]",
            f"{ADMISSIONS}/admissions.csv",
            "package 'vru-sharp-object-admissions'",
            "resource 'admissions'",
            f"row {line_of(s, f'{ADMISSIONS}/admissions.csv', 'twelve')}",
            "field 'admissions'",
            'the value "twelve" is not a whole number (field type "integer")',
            "fix: Correct the value",
        ],
    ),
    BadInput(
        "constraint-error",
        lambda s: edit(
            s,
            f"{ADMISSIONS}/admissions.csv",
            "greater-manchester,2018-05,28",
            "greater-manchester,2018-05,-3",
        ),
        lambda s: [
            "error[frictionless/constraint-error]",
            f"row {line_of(s, f'{ADMISSIONS}/admissions.csv', ',-3')}",
            "field 'admissions'",
            'the value "-3" breaks a rule of the schema: constraint "minimum" is "0"',
        ],
    ),
    BadInput(
        "foreign-key-error",
        lambda s: edit(
            s,
            f"{ADMISSIONS}/admissions.csv",
            "greater-manchester,2018-05",
            "greater-manchster,2018-05",
        ),
        lambda s: [
            "error[frictionless/foreign-key]",
            "resource 'admissions'",
            f"row {line_of(s, f'{ADMISSIONS}/admissions.csv', 'greater-manchster')}",
        ],
    ),
    BadInput(
        "invalid-json",
        lambda s: edit(
            s, f"{ADMISSIONS}/datapackage.json", '"version": "1.0.0",', '"version": "1.0.0"'
        ),
        lambda s: [
            "error[descriptor-json]",
            # the missing comma is reported on the line after "version"
            f"datapackage.json:{line_of(s, f'{ADMISSIONS}/datapackage.json', 'version') + 1}",
            "invalid JSON",
            "Expecting ',' delimiter",
        ],
    ),
    BadInput(
        "missing-resource-file",
        lambda s: (s.root / ADMISSIONS / "admissions.csv").unlink(),
        lambda s: [
            "error[resource-missing]",
            "resource 'admissions'",
            f"the file '{ADMISSIONS}/admissions.csv' does not exist",
        ],
    ),
    BadInput(
        "path-with-dot-dot",
        lambda s: edit_descriptor(
            s, set_admissions_path("../vru-victims-referred/victims-referred.csv")
        ),
        lambda s: ["error[unsafe-path]", "field 'path'", "it leaves the package folder"],
    ),
    BadInput(
        "absolute-path",
        lambda s: edit_descriptor(s, set_admissions_path("/etc/passwd")),
        lambda s: ["error[unsafe-path]", "'/etc/passwd' is refused: it is an absolute path"],
    ),
    BadInput(
        "url-path",
        lambda s: edit_descriptor(s, set_admissions_path("https://example.com/admissions.csv")),
        lambda s: ["error[unsafe-path]", "it is a URL; the build reads local files only"],
    ),
    BadInput(
        "symlink-out-of-data",
        link_outside,
        lambda s: ["error[unsafe-path]", "a link to a place outside the package folder"],
    ),
    BadInput(
        "chart-unknown-package",
        lambda s: edit(
            s,
            ARTICLE,
            "package: vru-sharp-object-admissions",
            "package: vru-sharp-object-admission",
        ),
        lambda s: [
            "error[chart-package-unknown]",
            f"{ARTICLE}:{line_of(s, ARTICLE, 'package: vru-sharp')}",
            'no data package is named "vru-sharp-object-admission"',
            'Did you mean "vru-sharp-object-admissions"?',
        ],
    ),
    BadInput(
        "chart-unknown-field",
        lambda s: edit(s, ARTICLE, "y: admissions", "y: admisions"),
        lambda s: [
            "error[chart-field-unknown]",
            f"{ARTICLE}:{line_of(s, ARTICLE, 'y: admisions')}",
            'resource "admissions" has no field "admisions"',
            'Did you mean "admissions"?',
        ],
    ),
    BadInput(
        "chart-missing-alt",
        lambda s: edit(s, ARTICLE, "alt: Line chart", "description: Line chart"),
        lambda s: [
            "error[chart-alt-missing]",
            f"{ARTICLE}:{line_of(s, ARTICLE, '```chart')}",
            'the chart has no "alt"',
            "error[chart-option-unknown]",
            'unknown chart option "description"',
        ],
    ),
    BadInput(
        "chart-unknown-unit",
        lambda s: edit(s, ARTICLE, "unit_id: greater-manchester", "unit_id: greater-manchestr"),
        lambda s: [
            "error[chart-filter-empty]",
            f"{ARTICLE}:{line_of(s, ARTICLE, 'filter:')}",
            'Did you mean "greater-manchester"?',
        ],
    ),
    BadInput(
        "chart-bad-yaml",
        lambda s: edit(s, ARTICLE, "kind: before-after", "kind: [before-after"),
        lambda s: ["error[chart-yaml]", ARTICLE, "not valid YAML"],
    ),
    BadInput(
        "figure-13-percent-typed-as-31",
        lambda s: edit(s, ARTICLE, "[13% decrease]", "[31% decrease]"),
        lambda s: [
            "error[figure-mismatch]",
            f"{ARTICLE}:{line_of(s, ARTICLE, '[31% decrease]')}",
            'the text "31% decrease" does not match the data',
            "the computed value is -12.64",
            '"13% decrease"',
            "rule: percentage rounded to a whole per cent",
        ],
    ),
    BadInput(
        "figure-12500-typed-as-21500",
        lambda s: edit(s, ARTICLE, "[nearly 12,500]", "[nearly 21,500]"),
        lambda s: [
            "error[figure-mismatch]",
            f"{ARTICLE}:{line_of(s, ARTICLE, '[nearly 21,500]')}",
            'the text "nearly 21,500" does not match the data',
            "the computed value is 1.244e+04",
            '"nearly 12,500"',
            'rule: "nearly N" means within 2% below N',
        ],
    ),
    BadInput(
        "figure-unknown-name",
        lambda s: edit(s, ARTICLE, "(figure:gm-victims-2020)", "(figure:gm-victims-2021)"),
        lambda s: [
            "error[figure-name-unknown]",
            f"{ARTICLE}:{line_of(s, ARTICLE, 'gm-victims-2021')}",
            'Did you mean "gm-victims-2020"?',
        ],
    ),
    BadInput(
        "figure-calculation-on-text",
        lambda s: edit(
            s,
            ARTICLE,
            "  field: victims_referred\n  calculation: value",
            "  field: unit_id\n  calculation: mean",
        ),
        lambda s: [
            "error[figure-field-not-numeric]",
            f"{ARTICLE}:{line_of(s, ARTICLE, 'field: unit_id')}",
            '"mean" needs numbers, but "unit_id" holds string values',
        ],
    ),
    BadInput(
        "figures-bad-yaml",
        lambda s: edit(s, ARTICLE, "  of: mean", "  of: [mean"),
        lambda s: ["error[figure-yaml]", ARTICLE, "not valid YAML"],
    ),
    BadInput(
        "chart-option-given-twice",
        lambda s: edit(s, ARTICLE, "kind: before-after", "kind: line\nkind: before-after"),
        lambda s: [
            "error[chart-yaml]",
            f"{ARTICLE}:{line_of(s, ARTICLE, 'kind: before-after')}",
            '"kind" is given twice',
        ],
    ),
    BadInput(
        "chart-unknown-kind",
        lambda s: edit(s, ARTICLE, "kind: before-after", "kind: before-and-after"),
        lambda s: [
            "error[chart-kind-unknown]",
            f"{ARTICLE}:{line_of(s, ARTICLE, 'kind: before-and-after')}",
            'Did you mean "before-after"?',
        ],
    ),
    BadInput(
        "chart-unknown-option",
        lambda s: edit(s, ARTICLE, "caption: Dashed", "captoin: Dashed"),
        lambda s: ["error[chart-option-unknown]", 'Did you mean "caption"?'],
    ),
    BadInput(
        "chart-unknown-named-chart",
        lambda s: edit(s, ARTICLE, "id: gm-sharp-object-admissions", "use: victims-by-unit"),
        lambda s: [
            "error[chart-name-unknown]",
            f"{ARTICLE}:{line_of(s, ARTICLE, 'use: victims-by-unit')}",
            'Did you mean "victims-by-unit-2020"?',
        ],
    ),
    BadInput(
        "chart-too-many-series",
        lambda s: edit(
            s,
            ARTICLE,
            "kind: before-after\nx: month\ny: admissions\nfilter:\n  unit_id: greater-manchester",
            "kind: line\nx: month\ny: admissions\nby: unit_id",
        ),
        lambda s: [
            "error[chart-too-many-series]",
            '"by: unit_id" gives 18 series',
            "small-multiples",
        ],
    ),
    BadInput(
        "link-to-unknown-unit",
        lambda s: edit(s, ARTICLE, "{unit}greater-manchester", "{unit}greater-manchster"),
        lambda s: [
            "error[link-unit-unknown]",
            f"{ARTICLE}:{line_of(s, ARTICLE, '{unit}greater-manchster')}",
            'Did you mean "greater-manchester"?',
        ],
    ),
    BadInput(
        "link-to-unknown-dataset",
        lambda s: edit(s, ARTICLE, "{unit}greater-manchester", "{dataset}vru-sharp"),
        lambda s: [
            "error[link-dataset-unknown]",
            f"{ARTICLE}:{line_of(s, ARTICLE, '{dataset}vru-sharp')}",
        ],
    ),
    BadInput(
        "article-unknown-unit",
        lambda s: edit(s, ARTICLE, "Units: greater-manchester", "Units: greater-manchester, wales"),
        lambda s: [
            "error[article-unit-unknown]",
            f"{ARTICLE}:{line_of(s, ARTICLE, 'Units:')}",
            '"Units:" names "wales"',
        ],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_stops_build_with_located_message(site: SiteCopy, case: BadInput) -> None:
    site.build()
    before = site.tree_digest()
    case.breaks(site)
    message = site.build_fails()
    for expected in case.expected(site):
        assert expected in message, f"{expected!r} missing from:\n{message}"
    assert "Traceback" not in message
    assert site.tree_digest() == before


def test_build_command_exits_non_zero_without_traceback(site: SiteCopy) -> None:
    assert site.run_build_command().returncode == 0
    before = site.tree_digest()
    edit(site, ARTICLE, "y: admissions", "y: admisions")
    result = site.run_build_command()
    assert result.returncode == 1
    assert "error[chart-field-unknown]" in result.stderr
    assert "Build stopped: 1 error. output/ was not changed." in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert site.tree_digest() == before


def test_plugin_that_fails_to_load_fails_the_build(site: SiteCopy) -> None:
    edit(
        site, "pelicanconf.py", 'PLUGINS = ["newsroom"]', 'PLUGINS = ["newsroom", "no_such_plugin"]'
    )
    message = site.build_fails()
    assert "no_such_plugin" in message
    assert not site.output.exists()


def test_content_error_outside_the_plugin_fails_the_build(site: SiteCopy) -> None:
    (site.root / "content/news/untitled.md").write_text("Date: 2021-07-13\n\nNo title here.\n")
    message = site.build_fails()
    assert "untitled.md" in message
    assert not site.output.exists()


def test_leftovers_of_a_killed_build_are_cleared(site: SiteCopy) -> None:
    leftover = site.root / ".output-building-killed"
    leftover.mkdir()
    (leftover / "index.html").write_text("half written")
    site.build()
    assert not leftover.exists()
    assert not list(Path(site.root).glob(".output-*"))
