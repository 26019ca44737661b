"""The shapes of package a publisher validates, for `invoke bench`'s validation table.

Each shape is one data package of about `rows` rows, written to a folder of its own:
the benchmark's own package (a monthly count per unit), a per-unit indicators package
with a date, an enum, a pattern, a composite primary key and a foreign key to a units
resource, the same with one bad cell in its last row and with 1% of its rows bad, one
whose CSV is declared `windows-1252`, and one whose numbers are written with `groupChar`
and `bareNumber: false`. The values are invented; the shapes are those of issue 22.
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

UNITS = 1000
INDICATORS = ["admissions", "arrests", "referrals", "victims", "offences"]
REGIONS = ["North", "Midlands", "South", "Wales"]
# A place name that windows-1252 and UTF-8 write differently.
PLACES = ["Ynys Môn", "Gwynedd", "Powys", "Rhondda Cynon Taf", "Caerffili"]


def unit_id(number: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "unit-" + letters[number // 676 % 26] + letters[number // 26 % 26] + letters[number % 26]


def units_resource(encoding: str = "utf-8") -> tuple[dict[str, Any], list[list[Any]]]:
    schema = {
        "fields": [
            {"name": "id", "type": "string",
             "constraints": {"required": True, "unique": True, "pattern": "unit-[a-z]{3}"}},
            {"name": "name", "type": "string", "constraints": {"required": True}},
            {"name": "region", "type": "string", "constraints": {"enum": REGIONS}},
        ],
        "primaryKey": ["id"],
    }  # fmt: skip
    rows = [
        [unit_id(n), f"{PLACES[n % len(PLACES)]} {n}", REGIONS[n % len(REGIONS)]]
        for n in range(UNITS)
    ]
    resource = {"name": "units", "path": "units.csv", "schema": schema}
    if encoding != "utf-8":
        resource["encoding"] = encoding
    return resource, rows


def indicator_rows(rows: int, rng: random.Random) -> list[list[Any]]:
    """Rows unique by (unit, date, indicator): days from 2000 on, each unit, indicator."""
    per_day = UNITS * len(INDICATORS)
    found = []
    for number in range(rows):
        day, within = divmod(number, per_day)
        unit, indicator = divmod(within, len(INDICATORS))
        year, day_of_year = 2000 + day // 336, day % 336
        date = f"{year}-{day_of_year // 28 + 1:02d}-{day_of_year % 28 + 1:02d}"
        found.append([unit_id(unit), date, INDICATORS[indicator], rng.randrange(100_000) / 100])
    return found


def indicators_schema(number: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "fields": [
            {"name": "unit_id", "type": "string",
             "constraints": {"required": True, "pattern": "unit-[a-z]{3}"}},
            {"name": "date", "type": "date", "constraints": {"required": True}},
            {"name": "indicator", "type": "string",
             "constraints": {"required": True, "enum": INDICATORS}},
            {"name": "value", "type": "number", "constraints": {"minimum": 0}, **(number or {})},
        ],
        "primaryKey": ["unit_id", "date", "indicator"],
        "foreignKeys": [
            {"fields": ["unit_id"], "reference": {"resource": "units", "fields": ["id"]}}
        ],
    }  # fmt: skip


def csv_bytes(header: list[str], rows: list[list[Any]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def write(folder: Path, name: str, resources: list[tuple[dict, list[list[Any]]]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for resource, rows in resources:
        header = [spec["name"] for spec in resource["schema"]["fields"]]
        encoding = resource.get("encoding", "utf-8")
        (folder / resource["path"]).write_bytes(csv_bytes(header, rows, encoding))
    descriptor = {"name": name, "resources": [resource for resource, _ in resources]}
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n")
    return folder / "datapackage.json"


def benchmark_package(folder: Path, rows: int) -> Path:
    """The benchmark's own shape: a count per unit and month (no date, enum or pattern)."""
    months = [f"{1900 + m // 12}-{m % 12 + 1:02d}" for m in range(rows // UNITS + 1)]
    rng = random.Random(0)
    counts = [[unit_id(u), month, rng.randrange(60)] for u in range(UNITS) for month in months]
    schema = {
        "fields": [
            {"name": "unit_id", "type": "string", "constraints": {"required": True}},
            {"name": "month", "type": "yearmonth", "constraints": {"required": True}},
            {"name": "count", "type": "integer", "constraints": {"required": True, "minimum": 0}},
        ],
        "primaryKey": ["unit_id", "month"],
        "foreignKeys": [
            {"fields": ["unit_id"], "reference": {"resource": "units", "fields": ["id"]}}
        ],
    }
    resource = {"name": "counts", "path": "counts.csv", "schema": schema}
    return write(folder, "bench-shape-counts", [units_resource(), (resource, counts[:rows])])


def indicators_package(
    folder: Path,
    rows: int,
    spoil: Callable[[list[list[Any]], random.Random], None] = lambda rows, rng: None,
    encoding: str = "utf-8",
    number: dict[str, Any] | None = None,
    written: Callable[[float], Any] = lambda value: value,
) -> Path:
    rng = random.Random(1)
    data = indicator_rows(rows, rng)
    spoil(data, rng)
    data = [[*row[:3], written(row[3])] for row in data]
    resource: dict[str, Any] = {
        "name": "indicators",
        "path": "indicators.csv",
        "schema": indicators_schema(number),
    }
    if encoding != "utf-8":
        resource["encoding"] = encoding
    return write(folder, folder.name, [units_resource(encoding), (resource, data)])


def bad_last_cell(data: list[list[Any]], rng: random.Random) -> None:
    data[-1][1] = "2021-02-30"


def bad_one_percent(data: list[list[Any]], rng: random.Random) -> None:
    """One row in a hundred breaks a rule: a type, an enum, a pattern, a bound, a key."""
    faults: list[Callable[[list[Any]], None]] = [
        lambda row: row.__setitem__(1, "12/07/2021"),
        lambda row: row.__setitem__(2, "admisions"),
        lambda row: row.__setitem__(0, "Unit-AAA"),
        lambda row: row.__setitem__(3, -1.5),
        lambda row: row.__setitem__(0, "unit-zzz"),
    ]
    for index in range(50, len(data), 100):
        faults[index // 100 % len(faults)](data[index])


def grouped(value: float) -> str:
    """A number as a spreadsheet exports it: thousands grouped, a per cent sign."""
    return f"{value * 100:,.2f}%"


SHAPES: dict[str, Callable[[Path, int], Path]] = {
    "benchmark package (count per unit and month)": benchmark_package,
    "indicators: date, enum, pattern, composite key, foreign key": indicators_package,
    "indicators, one bad cell in the last row": lambda folder, rows: indicators_package(
        folder, rows, bad_last_cell
    ),
    "indicators, 1% of rows bad": lambda folder, rows: indicators_package(
        folder, rows, bad_one_percent
    ),
    "indicators, declared windows-1252": lambda folder, rows: indicators_package(
        folder, rows, encoding="windows-1252"
    ),
    "indicators, numbers with groupChar and bareNumber": lambda folder, rows: indicators_package(
        folder, rows, number={"groupChar": ",", "bareNumber": False}, written=grouped
    ),
}


def make_shape(root: Path, index: int, rows: int) -> Path:
    """The index-th shape's descriptor, its package alone in the data folder root/data."""
    make = list(SHAPES.values())[index]
    return make(root / "data" / f"shape-{index}", rows)
