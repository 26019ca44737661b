"""Parity of plain_validation with frictionless: a package it passes, frictionless finds valid.

plain_validation may send a valid package on to frictionless (that costs only time), but
it must never pass a package frictionless finds anything wrong with.
"""

from __future__ import annotations

import copy
import json
import random
import sys
from pathlib import Path
from typing import Any

import frictionless
import pytest
from newsroom.data.plain_validation import plain_package_problem

from .test_fast_validation import DATA_PACKAGES, VALUES

PLAIN_BOUNDS = {"integer": (0, 100), "number": (0, 10.5)}
PLAIN_VALUES = {  # plain spellings within PLAIN_BOUNDS; VALUES adds other spellings, faults
    "integer": ["0", "7", "42", "100"],
    "number": ["0", "3.14", "7", "10.0", "10.5"],
    "year": ["2019", "2020", "1999"],
    "yearmonth": ["2020-01", "2019-12"],
    "date": ["2020-01-31", "2020-02-29"],
    "boolean": ["true", "false"],
    "string": ["avon", "kent", "essex", "wales"],
}
OUT_OF_BOUNDS = {"integer": ["-3", "1200", "101"], "number": ["-2.5", "10.51", "-0.0"]}


def passes(descriptor: Path) -> bool:
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    return plain_package_problem(data, descriptor.parent) is None


def frictionless_finds_valid(descriptor: Path) -> bool:
    return frictionless.Package(str(descriptor)).validate().valid


@pytest.mark.parametrize("descriptor", DATA_PACKAGES, ids=lambda p: p.parent.name)
def test_every_published_package_passes_and_is_valid(descriptor: Path) -> None:
    assert passes(descriptor)
    assert frictionless_finds_valid(descriptor)


def plain_field(rng: random.Random, name: str) -> dict[str, Any]:
    kinds = ["string", "integer", "number", "year", "yearmonth"]
    kind = rng.choice([*kinds * 4, "date", "boolean"])
    constraints: dict[str, Any] = {}
    if rng.random() < 0.6:
        constraints["required"] = True
    if kind in ("string", "integer", "year", "yearmonth") and rng.random() < 0.2:
        constraints["unique"] = True
    if kind in PLAIN_BOUNDS and rng.random() < 0.5:
        low, high = PLAIN_BOUNDS[kind]
        constraints.update(rng.choice([{"minimum": low}, {"maximum": high}]))
    if kind == "string" and rng.random() < 0.4:
        constraints["pattern"] = rng.choice(["[a-z]+", "[a-z ,]+", r"\w+", "[a-z]{4,5}"])
    field = {"name": name, "type": kind, "title": name.upper(), "headline": rng.random() < 0.3}
    return {**field, **({"constraints": constraints} if constraints else {})}


def plain_cell(rng: random.Random, kind: str, fault_rate: float) -> str:
    _, other, faults = VALUES[kind]
    plain = PLAIN_VALUES[kind]
    faults = [*faults, *OUT_OF_BOUNDS.get(kind, [])]
    roll = rng.random()
    if roll < fault_rate and faults:
        return rng.choice(faults)
    if roll < fault_rate * 1.5:
        return rng.choice(["", "NA", " "])
    if roll < fault_rate * 2 and other:
        return rng.choice(other)
    return rng.choice(plain)


def plain_package(folder: Path, seed: int) -> Path:
    """Two resources in the plain subset, with rare faults of every kind the checks know."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    ids = [f"u{n:03d}" for n in range(100)]
    rate = rng.choice([0.0, 0.0, 0.0, 0.01, 0.05])
    ref_lines = ["id,size", *(f"{i},{n}" for n, i in enumerate(ids))]
    if rng.random() < rate * 5:
        ref_lines.append(rng.choice(["u001,9", ",9", "x,-1"]))
    (folder / "ref.csv").write_text("\n".join(ref_lines) + "\n", encoding="utf-8")
    fields = [{"name": "unit", "type": "string", "constraints": {"required": True}}]
    fields += [plain_field(rng, f"f{i}") for i in range(rng.randint(1, 4))]
    lines = [",".join(f["name"] for f in fields)]
    for number in range(rng.randint(5, 80)):
        roll = rng.random()
        unit = rng.choice(["london", ids[0]]) if roll < rate else ids[number]
        cells = [unit, *(plain_cell(rng, f["type"], rate) for f in fields[1:])]
        if roll < rate * 0.2:
            cells = [""] * len(cells)
        elif roll < rate * 0.4:
            cells = cells[:-1] if rng.random() < 0.5 else [*cells, "extra"]
        elif roll < rate * 0.6 and number:
            lines.append(lines[-1])
            continue
        elif roll < rate * 0.7:
            lines.append("")
        lines.append(",".join(cells))
    text = "\n".join(lines) + ("\n" if rng.random() < 0.8 else "")
    (folder / "main.csv").write_text(text, encoding="utf-8")
    schema: dict[str, Any] = {"fields": fields}
    if rng.random() < 0.3:
        schema["missingValues"] = rng.choice([["", "NA"], ["NA"], ["", "-"]])
    if rng.random() < 0.7:
        schema["primaryKey"] = ["unit", *[f["name"] for f in fields[1:2] if rng.random() < 0.7]]
    if rng.random() < 0.7:
        schema["foreignKeys"] = [
            {"fields": ["unit"], "reference": {"resource": "ref", "fields": ["id"]}}
        ]
    ref_schema = {
        "fields": [
            {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
            {"name": "size", "type": "integer", "constraints": {"minimum": 0}},
        ],
        "primaryKey": ["id"],
    }
    resource = {"profile": "tabular-data-resource", "format": "csv", "encoding": "utf-8"}
    descriptor = {
        "profile": "tabular-data-package",
        "name": f"plain-{seed}",
        "created": "2021-07-01T00:00:00Z",
        "licenses": [{"name": "OGL-UK-3.0", "path": "https://example.org/ogl"}],
        "resources": [
            {**resource, "name": "ref", "path": "ref.csv", "schema": ref_schema},
            {**resource, "name": "main", "path": "main.csv", "schema": schema},
        ],
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=1))
    return folder / "datapackage.json"


def test_generated_packages_it_passes_are_valid(tmp_path: Path) -> None:
    passed = refused = 0
    for seed in range(200):
        descriptor = plain_package(tmp_path / str(seed), seed)
        if passes(descriptor):
            assert frictionless_finds_valid(descriptor), f"seed {seed}: {descriptor.parent}"
            passed += 1
        else:
            refused += 1
    assert passed >= 40 and refused >= 60, (passed, refused)


MUTATIONS: list[tuple[str, Any]] = [
    ("name", "Bad Name"),
    ("name", None),
    ("created", None),
    ("created", ""),
    ("0.schema.fields.0.constraints", None),
    ("0.schema.primaryKey", None),
    ("name", 3),
    ("name", "ok\n"),
    ("title", 1),
    ("created", "2021-13-01T00:00:00Z"),
    ("created", "yesterday"),
    ("keywords", "a"),
    ("keywords", [1]),
    ("licenses", [{"title": "x"}]),
    ("licenses", [{"name": 1}]),
    ("licenses", {}),
    ("sources", [{"email": "not an email"}]),
    ("contributors", [{"role": 5}]),
    ("profile", "fiscal-data-package"),
    ("missingValues", [""]),
    ("resources", []),
    ("$schema", "https://datapackage.org/profiles/2.0/datapackage.json"),
    ("0.name", "Units"),
    ("0.name", "knife-crime-under-25"),
    ("0.path", 5),
    ("0.profile", "data-resource"),
    ("0.encoding", "latin-1"),
    ("0.format", "xlsx"),
    ("0.dialect", {"delimiter": ";"}),
    ("0.schema.primaryKey", ["nope"]),
    ("0.schema.primaryKey", "id"),
    ("0.schema.missingValues", [1]),
    ("0.schema.fields.0.type", "datetime"),
    ("0.schema.fields.0.type", "any"),
    ("0.schema.fields.0.constraints", {"minimum": 1}),
    ("0.schema.fields.0.constraints", {"required": "yes"}),
    ("0.schema.fields.0.constraints", {"pattern": "[a-z"}),
    ("0.schema.fields.0.constraints", {"pattern": 4}),
    ("0.schema.fields.0.constraints", {"minLength": 1}),
    ("0.schema.fields.0.name", 7),
    ("0.schema.fields.1.name", "id"),
    ("0.schema.fields.0.format", "email"),
    ("0.schema.fields.0.example", "x"),
    ("0.schema.fields.5.constraints", {"minimum": "0"}),
    ("0.schema.fields.5.constraints", {"minimum": True}),
    ("0.schema.fields.5.constraints", {"minimum": 0.5}),
    ("0.schema.fields.5.constraints", {"exclusiveMinimum": 0}),
    (
        "1.schema.foreignKeys",
        [{"fields": ["unit_id"], "reference": {"resource": "nope", "fields": ["id"]}}],
    ),
    (
        "1.schema.foreignKeys",
        [{"fields": ["unit_id"], "reference": {"resource": "units", "fields": ["name", "id"]}}],
    ),
    (
        "1.schema.foreignKeys",
        [{"fields": ["offences"], "reference": {"resource": "units", "fields": ["id"]}}],
    ),
    (
        "1.schema.foreignKeys",
        [{"fields": "unit_id", "reference": {"resource": "units", "fields": "id"}}],
    ),
    ("1.schema.foreignKeys", {}),
]


def mutated(descriptor: dict[str, Any], where: str, value: Any) -> dict[str, Any]:
    result = copy.deepcopy(descriptor)
    parts = where.split(".")
    target: Any = result if not parts[0].isdigit() else result["resources"]
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(parts[-1]) if parts[-1].isdigit() else parts[-1]] = value
    return result


@pytest.mark.parametrize("where, value", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_a_descriptor_frictionless_refuses_is_never_passed(
    tmp_path: Path, where: str, value: Any
) -> None:
    source = DATA_PACKAGES[0].parent
    for csv_file in source.glob("*.csv"):
        (tmp_path / csv_file.name).write_bytes(csv_file.read_bytes())
    original = json.loads((source / "datapackage.json").read_text(encoding="utf-8"))
    descriptor = mutated(original, where, value)
    path = tmp_path / "datapackage.json"
    path.write_text(json.dumps(original))
    assert passes(path)
    path.write_text(json.dumps(descriptor))
    if passes(path):
        assert frictionless_finds_valid(path)


ODD_FILES = {
    "comment-like lines": "a,b\n#1,x\n2,y\n",
    "spaces around cells": "a,b\n 1,x\n2 ,y\n",
    "a byte order mark": "\ufeffa,b\n1,x\n",
    "CRLF": "a,b\r\n1,x\r\n",
    "quoted cells": 'a,b\n"1",x\n',
    "empty lines": "a,b\n1,x\n\n2,y\n",
    "a blank row": "a,b\n1,x\n,\n",
    "ragged rows": "a,b\n1,x,extra\n2\n",
    "semicolons": "a;b\n1;x\n2;y\n",
    "tabs in cells": "a,b\n1,x\ty\n",
    "other digits": "a,b\n\u0663,x\n",
    "leading zeros and signs": "a,b\n007,x\n-0,y\n+5,z\n",
    "a 19-digit integer": "a,b\n1234567890123456789,x\n",
    "header only": "a,b\n",
    "no final line end": "a,b\n1,x",
    "a NUL": "a,b\n1,x\x00\n",
    "plain": "a,b\n1,x\n2,y\n",
}


@pytest.mark.parametrize("text", ODD_FILES.values(), ids=list(ODD_FILES))
@pytest.mark.parametrize("file_name", ["t.csv", "t[1].csv"])
def test_odd_files_it_passes_are_valid(tmp_path: Path, text: str, file_name: str) -> None:
    (tmp_path / file_name).write_bytes(text.encode("utf-8"))
    fields = [
        {"name": "a", "type": "integer", "constraints": {"required": True, "minimum": 0}},
        {"name": "b", "type": "string", "constraints": {"pattern": "[a-z]+"}},
    ]
    resource = {"name": "t", "path": file_name, "encoding": "utf-8"}
    schema = {"fields": fields, "primaryKey": ["a"]}
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "p", "resources": [{**resource, "schema": schema}]}))
    if passes(descriptor):
        assert frictionless_finds_valid(descriptor)
        assert "[" not in file_name  # DuckDB would read the name as a pattern
    else:
        assert text != ODD_FILES["plain"] or "[" in file_name


KEYED_SCHEMA = {
    "fields": [
        {"name": "unit", "type": "string", "constraints": {"required": True}},
        {"name": "year", "type": "year", "constraints": {"required": True}},
        {"name": "code", "type": "string", "constraints": {"unique": True, "pattern": "[a-z]+"}},
        {"name": "count", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "parent", "type": "string"},
    ],
    "primaryKey": ["unit", "year"],
    "foreignKeys": [
        {"fields": ["unit"], "reference": {"resource": "ref", "fields": ["id"]}},
        {"fields": ["unit", "year"], "reference": {"resource": "ref", "fields": ["id", "since"]}},
        {"fields": ["parent"], "reference": {"resource": "", "fields": ["code"]}},
    ],
}
KEYED_ROWS = ["avon,2020,a,1,b", "kent,2021,b,0,a", "essex,2020,c,7,a"]
ONE_FAULT = {
    "none": (0, None),
    "a unit not in ref": (0, "wales,2020,a,1,b"),
    "a unit and year not in ref": (0, "avon,2021,a,1,b"),
    "a repeated primary key": (1, "avon,2020,d,1,b"),
    "a repeated unique code": (1, "kent,2021,a,0,a"),
    "a count below the minimum": (1, "kent,2021,b,-1,a"),
    "a code against the pattern": (1, "kent,2021,B,0,a"),
    "a missing required year": (1, "kent,,b,0,a"),
    "a parent not among the codes": (1, "kent,2021,b,0,z"),
}
OTHER_SPELLING = "kent,2021,b,+1,a"  # valid for frictionless, refused here all the same


@pytest.mark.parametrize(
    "fault", [*ONE_FAULT.values(), (1, OTHER_SPELLING)], ids=[*ONE_FAULT, "+1"]
)
def test_each_fault_is_refused(tmp_path: Path, fault: tuple[int, str | None]) -> None:
    index, row = fault
    rows = list(KEYED_ROWS)
    if row is not None:
        rows[index] = row
    (tmp_path / "main.csv").write_text("unit,year,code,count,parent\n" + "\n".join(rows) + "\n")
    (tmp_path / "ref.csv").write_text("id,since\navon,2020\nkent,2021\nessex,2020\n")
    ref_schema = {
        "fields": [{"name": "id", "type": "string"}, {"name": "since", "type": "year"}],
        "primaryKey": ["id", "since"],
    }
    resources = [
        {"name": "main", "path": "main.csv", "encoding": "utf-8", "schema": KEYED_SCHEMA},
        {"name": "ref", "path": "ref.csv", "encoding": "utf-8", "schema": ref_schema},
    ]
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "keyed", "resources": resources}))
    assert passes(descriptor) == (row is None)
    assert frictionless_finds_valid(descriptor) == (row in (None, OTHER_SPELLING))


def test_without_duckdb_packages_go_to_frictionless(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)
    descriptor = DATA_PACKAGES[0]
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    assert plain_package_problem(data, descriptor.parent) == "DuckDB is not installed"
