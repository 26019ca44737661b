"""The fast path finds exactly what frictionless finds, or says it does not support the package.

Every comparison runs both: frictionless's `Package.validate()` (the reference) and
`fast_validation.validate_package`, and compares each resource's errors as (type, row,
field, message) in order.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import frictionless
import pytest
from newsroom.data.descriptors import unsafe_path_reason
from newsroom.data.fast_validation import LIMIT_ERRORS, Unsupported, validate_package
from newsroom.data.validation import validation_report

from ..conftest import REPO, SiteCopy
from ..test_bad_input import CASES

DATA_PACKAGES = sorted((REPO / "data").glob("*/datapackage.json"))
FIXTURE_PACKAGES = sorted((REPO / "tests/fixtures/packages").glob("*/datapackage.json"))
SLOW_FOR_FRICTIONLESS = 1_000_000  # bytes of a generated bad input
Findings = list[list[tuple[Any, ...]]]


def where(error: Any) -> tuple[Any, ...]:
    fields = (getattr(error, name, None) for name in ("row_number", "field_name"))
    return (error.type, *fields, error.message)


def reference(descriptor: Path) -> Findings | None:
    """frictionless's findings, or None when it finds the descriptor itself invalid."""
    report = frictionless.Package(str(descriptor)).validate()
    if report.errors:
        return None
    return [[where(e) for e in task.errors] for task in report.tasks]


def fast(descriptor: Path) -> Findings | Unsupported:
    package = frictionless.Package(str(descriptor))
    package.to_descriptor(validate=True)
    result = validate_package(package)
    if isinstance(result, Unsupported):
        return result
    return [[where(e) for e in findings.errors] for findings in result]


def hooked(descriptor: Path) -> Findings:
    """What the build's validation step uses: the fast path, or frictionless."""
    errors, tasks = validation_report(descriptor, frictionless.Package(str(descriptor)))
    assert not errors, errors
    return [[where(e) for e in task_errors] for _, _, task_errors in tasks]


@pytest.mark.parametrize("descriptor", DATA_PACKAGES, ids=lambda p: p.parent.name)
def test_every_published_package_takes_the_fast_path_with_the_same_findings(
    descriptor: Path,
) -> None:
    assert fast(descriptor) == reference(descriptor)


@pytest.mark.parametrize("descriptor", FIXTURE_PACKAGES, ids=lambda p: p.parent.name)
def test_fixture_packages_agree_or_fall_back(descriptor: Path) -> None:
    assert fast(descriptor) == reference(descriptor)
    assert hooked(descriptor) == reference(descriptor)


def reaches_validation(descriptor: Path) -> bool:
    """packages.py refuses unsafe paths (URLs among them) before frictionless opens any."""
    try:
        resources = json.loads(descriptor.read_text(encoding="utf-8")).get("resources", [])
    except (UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        return False
    return all(
        isinstance(r, dict)
        and unsafe_path_reason(r.get("path")) is None
        and all(
            unsafe_path_reason(r[k]) is None
            for k in ("schema", "dialect")
            if isinstance(r.get(k), str)
        )
        for r in resources
    )


def changed(folder: Path, original: Path) -> bool:
    files = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    if files != sorted(p.relative_to(original) for p in original.rglob("*")):
        return True
    return any(
        (folder / f).is_symlink() or (folder / f).read_bytes() != (original / f).read_bytes()
        for f in files
        if (folder / f).is_file()
    )


def broken_site_agrees(root: Path, name: str, breaks: Callable[[SiteCopy], None]) -> bool:
    """Break a copy of the site, then check every changed package's findings against
    frictionless; True when the fast path itself found errors in one of them."""
    for part in ("data", "content"):
        shutil.copytree(REPO / part, root / part)
    breaks(SiteCopy(root))
    found_errors = False
    for descriptor in sorted((root / "data").glob("*/datapackage.json")):
        if not changed(descriptor.parent, REPO / "data" / descriptor.parent.name):
            continue  # the published packages are compared on their own above
        if not reaches_validation(descriptor):
            continue
        try:
            expected = reference(descriptor)
        except frictionless.FrictionlessException:
            continue  # the descriptor is refused before any row is read
        if expected is None:
            continue
        assert hooked(descriptor) == expected, (name, descriptor.parent.name)
        found = fast(descriptor)
        if isinstance(found, Unsupported):
            continue
        assert found == expected, (name, descriptor.parent.name)
        found_errors = found_errors or any(expected)
    return found_errors


def test_the_bad_input_corpus_gives_the_same_findings(tmp_path: Path) -> None:
    fast_cases = set()
    for case in CASES:
        if broken_site_agrees(tmp_path / case.name, case.name, case.breaks):
            fast_cases.add(case.name)
    assert fast_cases == {"type-error", "constraint-error", "foreign-key-error"}


def test_the_bad_inputs_folder_gives_the_same_findings(tmp_path: Path) -> None:
    corpus = pytest.importorskip("tests.test_bad_input_corpus", reason="no bad-input corpus")
    fast_cases = set()
    for case in corpus.CASES:
        if any(
            made.get("size", 0) > SLOW_FOR_FRICTIONLESS for made in case.spec.get("generate", [])
        ):
            continue  # frictionless alone takes minutes on these (the fast path falls back)
        if broken_site_agrees(
            tmp_path / case.name, case.name, lambda site, case=case: corpus.apply_case(case, site)
        ):
            fast_cases.add(case.name)
    assert len(fast_cases) >= 8, sorted(fast_cases)


# Generated faulty tables: plain values, other spellings frictionless accepts, and faults.
VALUES = {
    "integer": (["0", "7", "42", "-3", "1200"], ["007", "+5", " 5", "1_000", "-0"], ["4.5", "x"]),
    "number": (["0", "3.14", "-2.5", "10.0", "7"], ["1e3", ".5", "+1", "1_0"], ["1,5", "n/a"]),
    "year": (["2019", "2020", "1999"], ["+202", " 201"], ["0020x", "20201", "19"]),
    "yearmonth": (["2020-01", "2019-12"], ["2020-1", " 2020-02"], ["2020-13", "2020-00", "x"]),
    "date": (["2020-01-31", "2020-02-29"], [], ["2021-02-30", "0000-01-01", "2020/01/01"]),
    "boolean": (["true", "false", "1", "0", "TRUE"], ["True", "FALSE"], ["yes", "t", "2"]),
    "string": (["avon", "kent", "essex", "wales"], ["Kent", "é", "a b", "x,y", 'say "hi"'], []),
}
BOUNDS = {
    "integer": ("0", "100"),
    "number": ("0", "10.0"),
    "year": ("2000", "2020"),
    "yearmonth": ("2019-06", "2020-06"),
    "date": ("2020-01-15", "2020-12-31"),
}


def random_field(rng: random.Random, name: str) -> dict[str, Any]:
    kind = rng.choice(list(VALUES))
    constraints: dict[str, Any] = {}
    if rng.random() < 0.5:
        constraints["required"] = True
    if rng.random() < 0.2:
        constraints["unique"] = True
    if kind in BOUNDS and rng.random() < 0.5:
        low, high = BOUNDS[kind]
        constraints.update(rng.choice([{"minimum": low}, {"maximum": high}, {"minimum": low}]))
    if kind == "integer" and rng.random() < 0.2:
        constraints["minimum"] = 0
    if kind == "string":
        constraints.update(
            rng.choice([{}, {"pattern": "[a-z]+"}, {"minLength": 4}, {"maxLength": 4}, {}])
        )
        if rng.random() < 0.2:
            constraints["enum"] = ["avon", "kent", "essex"]
    if kind == "integer" and rng.random() < 0.1:
        constraints["enum"] = [0, 7, 42]
    return {"name": name, "type": kind, **({"constraints": constraints} if constraints else {})}


def random_cell(rng: random.Random, kind: str, fault_rate: float) -> str:
    plain, other, faults = VALUES[kind]
    roll = rng.random()
    if roll < fault_rate and faults:
        return rng.choice(faults)
    if roll < fault_rate * 1.5:
        return rng.choice(["", "", "NA", " "])
    if roll < fault_rate * 2 and other:
        return rng.choice(other)
    return rng.choice(plain)


def write_csv(path: Path, header: list[str], rows: list[list[str]], rng: random.Random) -> None:
    buffer = io.StringIO()
    ending = rng.choice(["\n", "\n", "\r\n"])
    quoting = rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
    writer = csv.writer(buffer, lineterminator=ending, quoting=quoting)
    writer.writerow(header)
    for row in rows:
        if row == ["<empty line>"]:
            buffer.write(ending)
        else:
            writer.writerow(row)
    text = buffer.getvalue()
    if rng.random() < 0.2:
        text = text.rstrip("\r\n")
    data = text.encode("utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + data if rng.random() < 0.1 else data)


def faulty_package(folder: Path, seed: int) -> Path:
    """A two-resource package with random schema, keys and faults, from a seed."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    ids = ["avon", "kent", "essex", "wales", "dyfed"]
    ref_rows = [[i, str(n)] for n, i in enumerate(ids)]
    if rng.random() < 0.3:
        ref_rows.append(["", "9"])
    write_csv(folder / "ref.csv", ["id", "size"], ref_rows, rng)
    fields = [{"name": "unit", "type": "string"}]
    fields += [random_field(rng, f"f{i}") for i in range(rng.randint(1, 4))]
    rate = rng.choice([0.0, 0.02, 0.1, 0.3])
    rows = []
    for _ in range(rng.randint(5, 60)):
        roll = rng.random()
        if roll < rate * 0.1:
            rows.append(["<empty line>"])
            continue
        row = [rng.choice([*ids, "london"] if roll < rate else ids)]
        row += [random_cell(rng, f["type"], rate) for f in fields[1:]]
        if roll < rate * 0.2:
            row = [""] * len(row)
        elif rng.random() < rate * 0.1:
            row = row[:-1] if rng.random() < 0.5 else [*row, "extra"]
        elif rows and rng.random() < rate:
            row = list(rows[-1]) if rows[-1] != ["<empty line>"] else row
        rows.append(row)
    write_csv(folder / "main.csv", [f["name"] for f in fields], rows, rng)
    schema: dict[str, Any] = {"fields": fields}
    if rng.random() < 0.3:
        schema["missingValues"] = ["", "NA"]
    if rng.random() < 0.6:
        schema["primaryKey"] = ["unit", *([fields[1]["name"]] if rng.random() < 0.5 else [])]
    if rng.random() < 0.6:
        schema["foreignKeys"] = [
            {"fields": ["unit"], "reference": {"resource": "ref", "fields": ["id"]}}
        ]
    ref_schema = {
        "fields": [{"name": "id", "type": "string"}, {"name": "size", "type": "integer"}],
        "primaryKey": ["id"],
    }
    descriptor = {
        "name": f"faulty-{seed}",
        "resources": [
            {"name": "ref", "path": "ref.csv", "schema": ref_schema},
            {"name": "main", "path": "main.csv", "schema": schema},
        ],
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=1))
    return folder / "datapackage.json"


def test_generated_faulty_tables_give_the_same_findings(tmp_path: Path) -> None:
    supported = errors = 0
    for seed in range(150):
        descriptor = faulty_package(tmp_path / str(seed), seed)
        expected = reference(descriptor)
        found = fast(descriptor)
        if isinstance(found, Unsupported):
            continue
        assert expected is not None and found == expected, f"seed {seed}: {descriptor.parent}"
        supported += 1
        errors += sum(len(task) for task in expected)
    assert supported >= 140
    assert errors >= 500


# Odd cells: bits of numbers, dates, quotes, spaces, Unicode digits, in ragged rows.
PIECES = ['""', '"a,b"', '"x"y', "0", "1", "7", "-", "+", ".", " ", "e", "a", "z", ","]
PIECES += ["\u0663", "_", "2020", "-01", "-13", "NaN", "inf", "1e400", "\t", "é", "true", ""]
PATTERNS = [r"\d+", "[a-z]+", r"[^,]*", "a|b", r"\w+\s?", ".*e.*", "[[:alpha:]]+"]


def odd_package(folder: Path, seed: int) -> Path:
    rng = random.Random(seed)
    fields = []
    for index in range(rng.randint(1, 4)):
        kind = rng.choice(list(VALUES))
        constraints: dict[str, Any] = {"required": rng.random() < 0.4}
        constraints["unique"] = rng.random() < 0.3
        if kind in ("integer", "number", "year") and rng.random() < 0.5:
            constraints[rng.choice(["minimum", "maximum"])] = rng.choice([0, 1, 7, 2020])
        if kind in BOUNDS and kind not in ("integer", "number", "year") and rng.random() < 0.3:
            constraints["minimum"] = BOUNDS[kind][0]
        if kind == "string" and rng.random() < 0.5:
            constraints["pattern"] = rng.choice(PATTERNS)
        fields.append({"name": f"f{index}", "type": kind, "constraints": constraints})
    lines = [",".join(f["name"] for f in fields)]
    for _ in range(rng.randint(0, 30)):
        width = len(fields) if rng.random() < 0.9 else rng.randint(0, len(fields) + 1)
        cells = (
            "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 3))) for _ in range(width)
        )
        lines.append(",".join(cells))
    folder.mkdir()
    (folder / "t.csv").write_text("\n".join(lines) + "\n" * (rng.random() < 0.8))
    schema: dict[str, Any] = {"fields": fields}
    if rng.random() < 0.4:
        schema["primaryKey"] = [fields[0]["name"]]
    if rng.random() < 0.3:
        schema["missingValues"] = ["", "NA", "x"]
    resource = {"name": "t", "path": "t.csv", "schema": schema}
    (folder / "datapackage.json").write_text(json.dumps({"name": "p", "resources": [resource]}))
    return folder / "datapackage.json"


def test_odd_cells_give_the_same_findings(tmp_path: Path) -> None:
    supported = 0
    for seed in range(300):
        descriptor = odd_package(tmp_path / str(seed), seed)
        found = fast(descriptor)
        if not isinstance(found, Unsupported):
            assert found == reference(descriptor), f"seed {seed}: {descriptor.parent}"
            supported += 1
    assert supported >= 200


def test_error_limit_and_key_checks_in_frictionless_order(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    lines = ["id,value"]
    for n in range(3000):
        lines.append(f"{n % 700},{'x' if n % 3 == 0 else -n}")
    (folder / "t.csv").write_text("\n".join(lines) + "\n")
    schema = {
        "fields": [
            {"name": "id", "type": "integer", "constraints": {"unique": True}},
            {"name": "value", "type": "integer", "constraints": {"minimum": 0}},
        ],
        "primaryKey": ["id"],
    }
    descriptor = folder / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "many", "resources": [
        {"name": "t", "path": "t.csv", "schema": schema}
    ]}))  # fmt: skip
    expected = reference(descriptor)
    assert expected is not None and len(expected[0]) == LIMIT_ERRORS
    assert fast(descriptor) == expected


def limited_package(folder: Path, rows: int, every: int) -> Path:
    """A table whose rows break a bound, repeat a key or refer to a missing code, one
    row in `every` from row 200 on, and a looked-up table of codes."""
    folder.mkdir()
    lines = ["id,value,code"]
    for n in range(rows):
        bad = n >= 200 and n % every == 0
        key = n - 100 if bad and n % 3 == 0 else n  # a key repeated from 100 rows back
        value = -1 if bad and n % 3 == 1 else n % 97
        code = "zz" if bad and n % 3 == 2 else f"c{n % 40}"
        lines.append(f"{key},{value},{code}")
    (folder / "t.csv").write_text("\n".join(lines) + "\n")
    (folder / "codes.csv").write_text("code\n" + "\n".join(f"c{n}" for n in range(40)) + "\n")
    fields = [
        {"name": "id", "type": "integer"},
        {"name": "value", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "code", "type": "string"},
    ]
    resources = [
        {"name": "t", "path": "t.csv", "schema": {
            "fields": fields, "primaryKey": ["id"],
            "foreignKeys": [{"fields": ["code"],
                             "reference": {"resource": "codes", "fields": ["code"]}}]}},
        {"name": "codes", "path": "codes.csv", "schema": {
            "fields": [{"name": "code", "type": "string"}], "primaryKey": ["code"]}},
    ]  # fmt: skip
    descriptor = folder / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "limited", "resources": resources}))
    return descriptor


@pytest.mark.parametrize("probe", [1, 300, 2000, 20_000])
@pytest.mark.parametrize("every", [3, 40])
def test_rows_read_only_as_far_as_frictionless_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, probe: int, every: int
) -> None:
    """The first rows are read, then as many more as the errors seen call for, until
    LIMIT_ERRORS errors (no later row is read) or the end: the same findings either way.
    A first look that sees no error reads the rest (a valid table is read twice at most)."""
    monkeypatch.setattr("newsroom.data.fast_validation.PROBE_ROWS", probe)
    descriptor = limited_package(tmp_path / "limited", 12_000, every)
    expected = reference(descriptor)
    assert expected is not None
    reaches_limit = len(expected[0]) == LIMIT_ERRORS
    assert reaches_limit == (every == 3)
    assert fast(descriptor) == expected
    package = frictionless.Package(str(descriptor))
    findings = validate_package(package)
    assert not isinstance(findings, Unsupported)
    stopped_early = findings[0].widths is None  # rows after the limit were not read
    assert stopped_early == (reaches_limit and 200 < probe < 12_000)
    assert findings[1].widths is not None  # a looked-up table is read whole


INT_AND_TEXT = [
    {"name": "a", "type": "integer", "constraints": {"required": True}},
    {"name": "b", "type": "string", "constraints": {"pattern": "[a-z]+", "maxLength": 3}},
]
EDGE_CASES = {
    "quotes out of place": 'a,b\n1,"ab"c\n2,a"b\n3,"a""b"\n4,""\n',
    "quoted commas": 'a,b\n1,"x,y"\n"2","z"\n',
    "whole cells quoted, pyarrow reads them": 'a,b\n1,"x,y"\n2,""\n3,"a""b"\n"4",z\n',
    "a space before a quote": 'a,b\n1,"x,y"\n2, "z"\n',
    "a ragged quoted row": 'a,b\n1,"x,y",3\n2,"z"\n',
    "NUL and unicode digits": "a,b\n\u0663,x\x00y\n5,\u00e9\n",
    "blank lines and rows": "a,b\n\n,\n1,x\n\n\n",
    "header only": "a,b\n",
    "header without a line end": "a,b",
    "spaces in the header": " a,b \n1,x\n",
    "CRLF without a final line end": "a,b\r\n1,x\r\n-2,y",
    "POSIX class in a pattern": "a,b\n1,[\n2,b\n",
    # pyarrow drops a U+FEFF that starts its input: here, the first data row's.
    "byte-order mark starting the first row": "a,b\n\ufeff1,x\n2,y\n",
    "byte-order marks of two files concatenated": "\ufeffa,b\n1,x\n\ufeffa,b\n2,y\n",
}


@pytest.mark.parametrize("text", EDGE_CASES.values(), ids=list(EDGE_CASES))
def test_edge_cases_give_the_same_findings(tmp_path: Path, text: str) -> None:
    fields = json.loads(json.dumps(INT_AND_TEXT))
    if "POSIX" in text or "[" in text:
        fields[1]["constraints"] = {"pattern": "[[:alpha:]]"}
    (tmp_path / "t.csv").write_bytes(text.encode("utf-8"))
    resource = {"name": "t", "path": "t.csv", "schema": {"fields": fields, "primaryKey": ["a"]}}
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "p", "resources": [resource]}))
    assert fast(descriptor) == reference(descriptor)


BOM_TEXT_FIELDS = [
    {"name": "b", "type": "string", "constraints": {"pattern": "[a-z]+", "unique": True}},
    {"name": "c", "type": "string", "constraints": {"enum": ["x", "y"]}},
]


@pytest.mark.parametrize("first_row", ["\ufeffab,x", "ab,\ufeffx", "\ufeffab,x\nab,y"])
def test_a_byte_order_mark_in_the_first_row_is_a_character_of_its_cell(
    tmp_path: Path, first_row: str
) -> None:
    """As frictionless reads it: a pattern, an enum or `unique` sees the U+FEFF."""
    (tmp_path / "t.csv").write_bytes(f"b,c\n{first_row}\nzz,y\n".encode())
    resource = {"name": "t", "path": "t.csv", "schema": {"fields": BOM_TEXT_FIELDS}}
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "p", "resources": [resource]}))
    expected = reference(descriptor)
    assert expected and expected[0], "frictionless finds the mark"
    assert fast(descriptor) == expected


ENCODINGS = ["latin-1", "windows-1252", "utf-16", "utf-8-sig"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_declared_encoding_gives_the_same_findings(tmp_path: Path, encoding: str) -> None:
    """Read as the same characters in UTF-8; a bad cell is found where frictionless finds
    it, with the same text."""
    text = "a,b\n1,Ynys Môn\n2,Caerffili €\nthree,Powys\n4,Gŵyr\n"
    if encoding in ("latin-1", "windows-1252"):  # neither has ŵ
        text = text.replace("ŵ", "w")
    if encoding == "latin-1":  # nor €
        text = text.replace("€", "e")
    (tmp_path / "t.csv").write_bytes(text.encode(encoding))
    fields = [{"name": "a", "type": "integer"}, {"name": "b", "type": "string",
              "constraints": {"pattern": "[A-Za-z ]+"}}]  # fmt: skip
    resource = {"name": "t", "path": "t.csv", "encoding": encoding, "schema": {"fields": fields}}
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "p", "resources": [resource]}))
    found = fast(descriptor)
    assert found == reference(descriptor)
    assert len(found[0]) >= 2  # "Ynys Môn" breaks the pattern, "three" is no number


NUMBER_OPTIONS = [
    {"bareNumber": False},
    {"groupChar": ","},
    {"groupChar": ",", "bareNumber": False},
    {"decimalChar": ",", "groupChar": "."},
    {"decimalChar": ",", "groupChar": " ", "bareNumber": False},
]


# Integer fields have bareNumber only.
NUMBER_CASES = [("number", options) for options in NUMBER_OPTIONS]
NUMBER_CASES += [
    ("integer", options) for options in NUMBER_OPTIONS if set(options) == {"bareNumber"}
]


@pytest.mark.parametrize("kind, options", NUMBER_CASES, ids=lambda case: json.dumps(case))
def test_numbers_written_with_options_give_the_same_findings(
    tmp_path: Path, kind: str, options: dict[str, Any]
) -> None:
    """Spreadsheet spellings (12%, £1,234.50, 1.234,5) and random text, against bounds."""
    rng = random.Random(json.dumps(options) + kind)
    cells = ["12%", "£1,234.50", "-5", "5-", "-", "1,234", "1.234,5", "  7 ", "%-3%", "١٢"]
    cells += ["".join(rng.choice("-0123456789.,% £$e") for _ in range(5)) for _ in range(400)]
    rows = [[str(n), cell] for n, cell in enumerate(cells)]
    with open(tmp_path / "t.csv", "w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows([["a", "b"], *rows])
    number = {"name": "b", "type": kind, **options, "constraints": {"minimum": -100}}
    schema = {"fields": [{"name": "a", "type": "integer"}, number]}
    descriptor = tmp_path / "datapackage.json"
    resource = {"name": "t", "path": "t.csv", "schema": schema}
    descriptor.write_text(json.dumps({"name": "p", "resources": [resource]}))
    found = fast(descriptor)
    assert not isinstance(found, Unsupported), found
    assert found == reference(descriptor)


UNSUPPORTED = {
    "a declared dialect": ({"dialect": {"delimiter": ";"}}, "a;b\n1;2\n"),
    "semicolons": ({}, "a;b\n1;2\n3;4\n"),
    "spaces after commas": ({}, "a, b\n1, x\n2, y\n"),
    "a datetime field": ({"type": "datetime"}, "a,b\n1,2020-01-01T00:00:00\n"),
    "a value over two lines": ({}, 'a,b\n1,"two\nlines"\n'),
    "a header unlike the schema": ({}, "a,c\n1,2\n"),
    "a header frictionless would look for lower down": ({}, "a,b\n\n\n\n\n"),
    "old Mac line ends": ({}, "a,b\r1,2\r"),
    "bytes the declared encoding cannot read": ({"encoding": "ascii"}, "a,b\n1,caf\xe9\n"),
}


@pytest.mark.parametrize("change, text", UNSUPPORTED.values(), ids=list(UNSUPPORTED))
def test_what_the_fast_path_does_not_do_goes_to_frictionless(
    tmp_path: Path, change: dict[str, Any], text: str
) -> None:
    fields = [{"name": "a", "type": "integer"}, {"name": "b", "type": "string"}]
    if change.get("type"):
        fields[1]["type"] = change.pop("type")
    (tmp_path / "t.csv").write_bytes(text.encode("latin-1"))
    resource = {"name": "t", "path": "t.csv", "schema": {"fields": fields}, **change}
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_text(json.dumps({"name": "p", "resources": [resource]}))
    assert isinstance(fast(descriptor), Unsupported)
    assert hooked(descriptor) == reference(descriptor)
