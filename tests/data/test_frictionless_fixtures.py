"""frictionless' own published fixtures, through frictionless and through our validation:
the same verdict and the same errors (type, row, field, message), or our fast path
declines and frictionless itself validates. tests/fixtures/frictionless/README.md says
where the files come from."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import frictionless
import pytest
from newsroom.data.fast_validation import Unsupported, validate_package
from newsroom.data.validation import validation_report

from ..conftest import REPO
from .test_fast_validation import where

FIXTURES = REPO / "tests/fixtures/frictionless"
PACKAGES = sorted((FIXTURES / "test-data/packages").rglob("datapackage.json"))
TABLES = [*FIXTURES.glob("frictionless-py/*.csv"), *FIXTURES.glob("test-data/files/**/*.csv")]
CSV_FILES = sorted(path for path in TABLES if path.stat().st_size)
# Enough of them must take our fast path, or the comparison would prove nothing.
LEAST_ON_THE_FAST_PATH = 0.5


def fixture_id(path: Path) -> str:
    return str(path.relative_to(FIXTURES).parent if path.name == "datapackage.json" else path.name)


Findings = tuple[list[Any], list[list[Any]]]


def theirs(descriptor: Path) -> Findings:
    """frictionless' verdict, as `frictionless validate` reaches it: the package's
    errors, and each resource's."""
    try:
        report = frictionless.validate(str(descriptor))
    except frictionless.FrictionlessException as error:
        return [where(e) for e in error.to_errors()], []
    return [where(e) for e in report.errors], [[where(e) for e in t.errors] for t in report.tasks]


def ours(descriptor: Path) -> tuple[Findings, bool]:
    """Our validation step's verdict, and whether the fast path gave it."""
    try:
        errors, tasks = validation_report(descriptor, frictionless.Package(str(descriptor)))
        on_fast_path = validate_package(frictionless.Package(str(descriptor)))
        fast_path = not isinstance(on_fast_path, Unsupported)
    except frictionless.FrictionlessException as error:
        return ([where(e) for e in error.to_errors()], []), False
    return ([where(e) for e in errors], [[where(e) for e in t] for _, _, t in tasks]), fast_path


@pytest.mark.parametrize("descriptor", PACKAGES, ids=fixture_id)
def test_a_published_package_gets_frictionless_verdict(descriptor: Path) -> None:
    assert ours(descriptor)[0] == theirs(descriptor)


def package_for(csv_file: Path, folder: Path, schema: dict[str, Any]) -> Path:
    shutil.copyfile(csv_file, folder / "data.csv")
    resource = {"name": "data", "path": "data.csv", "schema": schema}
    descriptor = folder / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "fixture", "resources": [resource]}))
    return descriptor


def schemas(csv_file: Path) -> list[dict[str, Any]]:
    """frictionless' own inferred schema, and a strict one: every field required text,
    the first unique (blank cells, repeats)."""
    inferred = frictionless.Resource(str(csv_file))
    inferred.infer()
    fields = inferred.schema.to_descriptor()["fields"]
    strict = [
        {"name": spec["name"], "type": "string",
         "constraints": {"required": True, **({"unique": True} if n == 0 else {})}}
        for n, spec in enumerate(fields)
    ]  # fmt: skip
    return [inferred.schema.to_descriptor(), {"fields": strict}]


def test_published_tables_get_frictionless_findings(tmp_path: Path) -> None:
    compared, on_fast_path, differing = 0, 0, []
    for number, csv_file in enumerate(CSV_FILES):
        try:
            kinds = schemas(csv_file)
        except frictionless.FrictionlessException:
            continue  # frictionless cannot read it as a table: nothing to compare
        for kind, schema in enumerate(kinds):
            folder = tmp_path / f"{number}-{kind}"
            folder.mkdir()
            descriptor = package_for(csv_file, folder, schema)
            found, fast_path = ours(descriptor)
            expected = theirs(descriptor)
            compared += 1
            on_fast_path += fast_path
            if found != expected:
                differing.append((csv_file.name, kind, found, expected))
    assert not differing, differing[:3]
    assert compared >= len(CSV_FILES), compared
    assert on_fast_path >= LEAST_ON_THE_FAST_PATH * compared, (on_fast_path, compared)
