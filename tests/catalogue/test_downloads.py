"""Each download opened with its own reader and compared with the published CSV."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import frictionless
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from newsroom.catalogue import downloads
from newsroom.core.cache import ContentCache
from newsroom.core.errors import NewsroomError
from newsroom.data.packages import TabularResource, ValidatedPackage, load_packages
from newsroom.data.status import status_text
from newsroom.data.tables import load_table
from openpyxl.utils.escape import unescape

from ..conftest import REPO

TIMESTAMP = datetime(2021, 7, 12, 9, 30, tzinfo=UTC)
ADMISSIONS = "vru-sharp-object-admissions"
# Text a spreadsheet would run as a formula, open as a link or read as a number.
RISKY_TEXT = [
    '=HYPERLINK("http://x")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "http://example.com",
    "007",
]
EDGE_CSV = (
    "label,day,month,year,count,share,flag\n"
    '"=HYPERLINK(""http://x"")",2021-07-12,2021-07,2021,3,0.25,true\n'
    "+1,,2021-08,2022,,1.5,false\n"
    "-2+3,2020-02-29,,,-4,,\n"
    "@SUM(A1),2019-12-31,2019-12,2019,0,-0.5,true\n"
    '"\t=1+1",2018-01-01,2018-01,2018,1,2,false\n'
    '"\r=1+1",2018-01-02,2018-02,2018,2,3,true\n'
    "http://example.com,2018-01-03,2018-03,2018,5,4.125,false\n"
    "007,2018-01-04,2018-04,2018,6,5,true\n"
    ",2018-01-05,2018-05,2018,7,6,true\n"
    "Zoë ✓,2018-01-06,2018-06,2018,8,7,false\n"
)
EDGE_FIELDS = [
    {"name": "label", "type": "string", "title": "Label", "description": "=Risky text."},
    {"name": "day", "type": "date", "title": "Day"},
    {"name": "month", "type": "yearmonth", "title": "Month"},
    {"name": "year", "type": "year", "title": "Year"},
    {
        "name": "count",
        "type": "integer",
        "title": "Count",
        "unit": "things",
        "description": "How many things.",
        "constraints": {"minimum": -10, "required": False},
    },
    {"name": "share", "type": "number", "title": "Share"},
    {"name": "flag", "type": "boolean", "title": "Flag"},
]


def write_edge_package(root: Path) -> Path:
    """A one-resource package whose schema sits in its own file, with a README."""
    folder = root / "data" / "edge-cases"
    folder.mkdir(parents=True)
    (folder / "tables").mkdir()
    (folder / "tables" / "edge.csv").write_bytes(EDGE_CSV.encode("utf-8"))
    (folder / "schema.json").write_text(json.dumps({"fields": EDGE_FIELDS}), encoding="utf-8")
    (folder / "README.md").write_text("# Edge cases\n", encoding="utf-8")
    descriptor = {
        "name": "edge-cases",
        "title": "Edge cases",
        "version": "0.1.0",
        "licenses": [{"name": "CC0-1.0", "title": "CC0 1.0", "path": "https://x.test/cc0"}],
        "sources": [{"title": "Made up", "path": "https://x.test/source"}],
        "resources": [
            {
                "name": "edge",
                "path": "tables/edge.csv",
                "format": "csv",
                "encoding": "utf-8",
                "schema": "schema.json",
            }
        ],
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def real_packages() -> dict[str, ValidatedPackage]:
    packages = load_packages(REPO / "data", REPO, ContentCache(None))
    return {package.name: package for package in packages}


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> ValidatedPackage:
    root = write_edge_package(tmp_path_factory.mktemp("edge"))
    (package,) = load_packages(root / "data", root, ContentCache(None))
    return package


def every_resource(packages: dict[str, ValidatedPackage]) -> list[tuple[ValidatedPackage, Any]]:
    return [(p, r) for p in packages.values() for r in p.resources]


def csv_rows(resource: TabularResource) -> list[dict[str, Any]]:
    """The CSV read as text by pandas, each cell parsed by its schema type; None if empty."""
    frame = pd.read_csv(resource.path, dtype=str, keep_default_na=False, encoding="utf-8")
    assert list(frame.columns) == resource.field_names
    kinds = {spec["name"]: spec.get("type", "string") for spec in resource.schema["fields"]}
    return [
        {name: parse_csv_cell(text, kinds[name]) for name, text in record.items()}
        for record in frame.to_dict(orient="records")
    ]


def parse_csv_cell(text: str, kind: str) -> Any:
    if text == "":
        return None
    if kind in ("integer", "year"):
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return text == "true"
    if kind == "date":
        return date.fromisoformat(text)
    if kind == "yearmonth":
        return date.fromisoformat(text + "-01")
    return text


# JSON


def test_json_records_match_the_csv(real_packages: dict[str, ValidatedPackage]) -> None:
    for _package, resource in every_resource(real_packages):
        data = downloads.json_bytes(resource, load_table(resource))
        assert data.endswith(b"]\n")
        records = json.loads(data.decode("utf-8"))
        assert all(list(record) == resource.field_names for record in records)
        frame = pd.read_csv(resource.path, dtype=str, keep_default_na=False)
        assert len(records) == len(frame)
        expected = csv_rows(resource)
        for record, row in zip(records, expected, strict=True):
            for spec in resource.schema["fields"]:
                name, kind = spec["name"], spec["type"]
                if kind == "yearmonth":
                    assert record[name] == row[name].strftime("%Y-%m")
                elif kind == "date":
                    assert record[name] == row[name].isoformat()
                else:
                    assert record[name] == row[name]
                    assert type(record[name]) is type(row[name])


def test_json_of_edge_cases(edge: ValidatedPackage) -> None:
    resource = edge.resources[0]
    records = json.loads(downloads.json_bytes(resource, load_table(resource)))
    frame = pd.read_json(
        io.BytesIO(downloads.json_bytes(resource, load_table(resource))),
        orient="records",
        dtype=False,
    )
    assert list(frame.columns) == resource.field_names
    assert [r["label"] for r in records[:8]] == RISKY_TEXT
    assert records[0] == {
        "label": '=HYPERLINK("http://x")',
        "day": "2021-07-12",
        "month": "2021-07",
        "year": 2021,
        "count": 3,
        "share": 0.25,
        "flag": True,
    }
    assert records[1]["day"] is None and records[1]["count"] is None
    assert records[2]["month"] is None and records[2]["flag"] is None
    assert records[8]["label"] is None
    assert records[9]["label"] == "Zoë ✓"
    assert "Zoë ✓".encode() in downloads.json_bytes(resource, load_table(resource))


# XLSX


def open_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_cells_are_typed_and_match_the_csv(
    real_packages: dict[str, ValidatedPackage],
) -> None:
    for package, resource in every_resource(real_packages):
        workbook = open_xlsx(
            downloads.xlsx_bytes(package, resource, load_table(resource), TIMESTAMP)
        )
        assert workbook.sheetnames == [resource.name, "Data dictionary"]
        sheet = workbook.worksheets[0]
        assert sheet.freeze_panes == "A2"
        header, *rows = list(sheet.iter_rows())
        assert [cell.value for cell in header] == resource.field_names
        expected = csv_rows(resource)
        assert len(rows) == len(expected)
        for cells, row in zip(rows, expected, strict=True):
            for cell, spec in zip(cells, resource.schema["fields"], strict=True):
                value, kind = row[spec["name"]], spec["type"]
                if kind == "yearmonth":
                    assert isinstance(cell.value, datetime)
                    assert cell.value.date() == value
                    assert cell.number_format == "yyyy-mm"
                elif kind in ("integer", "year"):
                    assert cell.data_type == "n" and type(cell.value) is int
                    assert cell.value == value
                elif kind == "number":
                    assert cell.data_type == "n" and isinstance(cell.value, int | float)
                    assert cell.value == value
                else:
                    assert cell.data_type == "s" and cell.value == value


def test_xlsx_never_writes_a_formula(edge: ValidatedPackage) -> None:
    resource = edge.resources[0]
    data = downloads.xlsx_bytes(edge, resource, load_table(resource), TIMESTAMP)
    workbook = open_xlsx(data)
    sheet = workbook.worksheets[0]
    labels = [sheet.cell(row=row, column=1) for row in range(2, 2 + len(RISKY_TEXT))]
    assert [unescape(cell.value) for cell in labels] == RISKY_TEXT
    assert all(cell.data_type == "s" for cell in labels)
    for each in workbook.worksheets:
        assert not each._hyperlinks
        assert all(cell.data_type != "f" for row in each.iter_rows() for cell in row)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            assert b"<f>" not in archive.read(name), name


def test_xlsx_edge_cell_types(edge: ValidatedPackage) -> None:
    resource = edge.resources[0]
    workbook = open_xlsx(downloads.xlsx_bytes(edge, resource, load_table(resource), TIMESTAMP))
    rows = list(workbook.worksheets[0].iter_rows(min_row=2))
    day, month, year, count, share, flag = rows[0][1:]
    assert day.value == datetime(2021, 7, 12) and day.number_format == "yyyy-mm-dd"
    assert month.value == datetime(2021, 7, 1) and month.number_format == "yyyy-mm"
    assert (year.value, count.value, share.value) == (2021, 3, 0.25)
    assert flag.data_type == "b" and flag.value is True
    assert rows[1][6].value is False
    assert rows[1][1].value is None and rows[1][4].value is None
    assert rows[2][2].value is None and rows[2][6].value is None
    assert rows[8][0].value is None
    assert rows[9][0].value == "Zoë ✓"


def test_xlsx_data_dictionary_and_properties(real_packages: dict[str, ValidatedPackage]) -> None:
    package = real_packages[ADMISSIONS]
    resource = package.resource("admissions")
    assert resource is not None
    workbook = open_xlsx(downloads.xlsx_bytes(package, resource, load_table(resource), TIMESTAMP))
    assert workbook.properties.created == datetime(2021, 7, 12, 9, 30)
    assert workbook.properties.title == resource.title
    rows = list(workbook["Data dictionary"].iter_rows(values_only=True))
    assert rows[0] == ("Field", "Title", "Type", "Unit", "Description", "Constraints")
    assert rows[3] == (
        "admissions",
        "Admissions",
        "integer",
        "admissions per month",
        "Hospital admissions for assault with a sharp object in the month.",
        "required; minimum 0",
    )
    about = {row[0]: row[1] for row in rows[5:]}
    licence = package.descriptor["licenses"][0]
    assert about["Package"] == package.title
    assert about["Version"] == "1.0.0"
    assert about["Licence"] == licence["title"]
    assert about["Licence URL"] == licence["path"]
    assert about["Source"] == package.descriptor["sources"][0]["title"]


def test_xlsx_dictionary_text_is_not_a_formula(edge: ValidatedPackage) -> None:
    resource = edge.resources[0]
    workbook = open_xlsx(downloads.xlsx_bytes(edge, resource, load_table(resource), TIMESTAMP))
    sheet = workbook["Data dictionary"]
    assert sheet["E2"].value == "=Risky text." and sheet["E2"].data_type == "s"
    assert sheet["F6"].value == "minimum -10"


def test_xlsx_refuses_what_a_spreadsheet_cannot_hold(
    edge: ValidatedPackage, monkeypatch: pytest.MonkeyPatch
) -> None:
    resource = edge.resources[0]
    table = load_table(resource)
    long = table.copy()
    long.loc[0, "label"] = "x" * 32_768
    with pytest.raises(NewsroomError) as refused:
        downloads.xlsx_bytes(edge, resource, long, TIMESTAMP)
    assert refused.value.problems[0].code == "download-xlsx-limit"
    assert refused.value.problems[0].location.field == "label"
    monkeypatch.setattr(downloads, "EXCEL_MAX_ROWS", len(table))
    with pytest.raises(NewsroomError) as refused:
        downloads.xlsx_bytes(edge, resource, table, TIMESTAMP)
    assert refused.value.problems[0].code == "download-xlsx-limit"


# Parquet


def test_parquet_types_and_values_match_the_csv(
    real_packages: dict[str, ValidatedPackage], edge: ValidatedPackage
) -> None:
    arrow_types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "year": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "yearmonth": pa.date32(),
    }
    for _package, resource in [*every_resource(real_packages), (edge, edge.resources[0])]:
        parquet = pq.ParquetFile(
            pa.BufferReader(downloads.parquet_bytes(resource, load_table(resource)))
        )
        assert parquet.metadata.row_group(0).column(0).compression == "ZSTD"
        schema = parquet.schema_arrow
        assert schema.names == resource.field_names
        for spec in resource.schema["fields"]:
            field = schema.field(spec["name"])
            assert field.type == arrow_types[spec["type"]]
            assert field.metadata[b"type"] == spec["type"].encode()
            if spec.get("description"):
                assert field.metadata[b"description"] == spec["description"].encode()
        assert parquet.read().to_pylist() == csv_rows(resource)


# Package zip


def extract(data: bytes, target: Path) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        archive.extractall(target)
    return members


def check_zip(package: ValidatedPackage, target: Path) -> dict[str, Any]:
    members = extract(downloads.package_zip_bytes(package, TIMESTAMP), target)
    names = [member.filename for member in members]
    assert names == sorted(names)
    for member in members:
        assert member.filename.startswith(package.name + "/")
        assert ".." not in Path(member.filename).parts
        assert member.date_time == (2021, 7, 12, 9, 30, 0)
        assert member.compress_type == zipfile.ZIP_DEFLATED
        assert member.external_attr >> 16 == 0o100644
    root = target / package.name
    assert frictionless.Package(str(root / "datapackage.json")).validate().valid
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for entry, resource in zip(descriptor["resources"], package.resources, strict=True):
        assert entry["path"] == "data/" + resource.path.name
        assert (root / entry["path"]).read_bytes() == resource.path.read_bytes()
        assert entry["schema"] == resource.schema
    # The package's README, under a line saying what its statistics are.
    status = f"{status_text(package.status)}\n\n".encode()
    readme = (package.folder / "README.md").read_bytes()
    assert (root / "README.md").read_bytes() == status + readme
    expected = {f"{package.name}/{name}" for name in ("datapackage.json", "README.md")}
    expected |= {f"{package.name}/data/{r.path.name}" for r in package.resources}
    assert set(names) == expected
    return descriptor


def test_zip_of_each_real_package_validates(
    real_packages: dict[str, ValidatedPackage], tmp_path: Path
) -> None:
    for package in real_packages.values():
        descriptor = check_zip(package, tmp_path / package.name)
        without_paths = {k: v for k, v in descriptor.items() if k != "resources"}
        assert without_paths == {k: v for k, v in package.descriptor.items() if k != "resources"}


def test_zip_inlines_a_schema_file(edge: ValidatedPackage, tmp_path: Path) -> None:
    descriptor = check_zip(edge, tmp_path)
    assert descriptor["resources"][0]["schema"] == {"fields": EDGE_FIELDS}
    assert not (tmp_path / edge.name / "schema.json").exists()


def test_zip_dates_start_in_1980(edge: ValidatedPackage) -> None:
    data = downloads.package_zip_bytes(edge, datetime(1970, 1, 1, tzinfo=UTC))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {m.date_time for m in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_zip_refuses_unsafe_names(edge: ValidatedPackage) -> None:
    for name in ("../evil", "/abs", "a/b", ".."):
        with pytest.raises(NewsroomError) as refused:
            downloads.package_zip_bytes(dataclasses.replace(edge, name=name), TIMESTAMP)
        assert refused.value.problems[0].code == "unsafe-path"


def test_zip_refuses_two_files_with_one_name(edge: ValidatedPackage, tmp_path: Path) -> None:
    other = tmp_path / "other" / "edge.csv"
    other.parent.mkdir()
    other.write_bytes(EDGE_CSV.encode())
    twin = dataclasses.replace(
        edge.resources[0], name="twin", path=other, relative_path="other/edge.csv"
    )
    descriptor = {**edge.descriptor, "resources": [*edge.descriptor["resources"], {"name": "twin"}]}
    clash = dataclasses.replace(edge, descriptor=descriptor, resources=(*edge.resources, twin))
    with pytest.raises(NewsroomError) as refused:
        downloads.package_zip_bytes(clash, TIMESTAMP)
    assert refused.value.problems[0].code == "download-name-clash"


# Determinism


def all_downloads(package: ValidatedPackage, timestamp: datetime) -> dict[str, bytes]:
    files = {"zip": downloads.package_zip_bytes(package, timestamp)}
    for resource in package.resources:
        table = load_table(resource)
        files[f"{resource.name}.xlsx"] = downloads.xlsx_bytes(package, resource, table, timestamp)
        files[f"{resource.name}.json"] = downloads.json_bytes(resource, table)
        files[f"{resource.name}.parquet"] = downloads.parquet_bytes(resource, table)
    return files


def test_every_download_is_byte_identical_across_calls(
    real_packages: dict[str, ValidatedPackage], edge: ValidatedPackage
) -> None:
    for package in [real_packages[ADMISSIONS], edge]:
        first = all_downloads(package, TIMESTAMP)
        assert first == all_downloads(package, TIMESTAMP)
        later = all_downloads(package, datetime(2022, 1, 1, tzinfo=UTC))
        changed = {name for name in first if first[name] != later[name]}
        assert changed == {name for name in first if name.endswith((".xlsx", "zip"))}


DIGEST_SCRIPT = """
import hashlib, sys
from datetime import UTC, datetime
from pathlib import Path
from newsroom.core.cache import ContentCache
from newsroom.data.packages import load_packages
sys.path.insert(0, sys.argv[1])
from tests.catalogue.test_downloads import all_downloads
repo = Path(sys.argv[1])
(package,) = [p for p in load_packages(repo / "data", repo, ContentCache(None))
              if p.name == sys.argv[2]]
for name, data in sorted(all_downloads(package, datetime(2021, 7, 12, tzinfo=UTC)).items()):
    print(name, hashlib.sha256(data).hexdigest())
"""


def test_downloads_do_not_depend_on_the_process(real_packages: dict[str, ValidatedPackage]) -> None:
    """Another hash seed and time zone give the same bytes (sets and local time are unused)."""
    digests = set()
    for seed, zone in (("1", "UTC"), ("2", "Pacific/Chatham")):
        env = {
            **os.environ,
            "PYTHONHASHSEED": seed,
            "TZ": zone,
            "PYTHONPATH": str(REPO / "plugins"),
        }
        run = subprocess.run(
            [sys.executable, "-c", DIGEST_SCRIPT, str(REPO), ADMISSIONS],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        digests.add(run.stdout)
    (output,) = digests
    here = all_downloads(real_packages[ADMISSIONS], datetime(2021, 7, 12, tzinfo=UTC))
    expected = "".join(
        f"{name} {hashlib.sha256(data).hexdigest()}\n" for name, data in sorted(here.items())
    )
    assert output == expected
