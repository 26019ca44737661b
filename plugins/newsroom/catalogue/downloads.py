"""Step: the download formats of a resource (XLSX, JSON, Parquet) and of a package (zip).

Every function returns bytes and is deterministic: the same tables and the same
`timestamp` (the caller sets it from SOURCE_DATE_EPOCH) give byte-identical files, so a
rebuild changes no download that did not change. The CSV download is the published CSV
itself and is not made here.

XLSX is written with XlsxWriter rather than through pandas: it lets us choose each cell's
type, and its in-memory mode stamps every zip member 1980-01-01, so the only date in the
file is the `created` property we pass. Text is never turned into a formula, a link or a
number: a cell like `=HYPERLINK(...)` from a CSV would otherwise run when the reader opens
the file (CSV injection), so every text value is written with `write_string`.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from newsroom.core.errors import Location, NewsroomError
from newsroom.core.languages import interface_text
from newsroom.core.lazy_import import lazy_module
from newsroom.data.descriptors import DESCRIPTOR_NAME
from newsroom.data.disclosure import RULE_KEY, rule_words, symbol_meaning, symbols_used
from newsroom.data.packages import TabularResource, ValidatedPackage
from newsroom.data.status import status_label, status_notice, status_text
from newsroom.data.tables import DATE_FORMATS

pa = lazy_module("pyarrow")
pd = lazy_module("pandas")

if TYPE_CHECKING:  # imported where a workbook is written: most builds take theirs from cache
    from xlsxwriter import Workbook
    from xlsxwriter.worksheet import Worksheet

DATE_KINDS = ("date", "yearmonth", "datetime")
NUMBER_KINDS = ("integer", "year", "number")
EXCEL_DATE_FORMATS = {
    "date": "yyyy-mm-dd",
    "yearmonth": "yyyy-mm",
    "datetime": "yyyy-mm-dd hh:mm:ss",
}
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_TEXT = 32_767
EXCEL_SHEET_NAME_LENGTH = 31
DICTIONARY_SHEET = "Data dictionary"
DICTIONARY_HEADINGS = ("Field", "Title", "Type", "Unit", "Description", "Constraints")
DICTIONARY_WIDTHS = (22, 26, 11, 20, 60, 34)
PARQUET_COMPRESSION = "zstd"
README_NAME = "README.md"
ZIP_FIRST = datetime(1980, 1, 1, tzinfo=UTC)
ZIP_LAST = datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC)
ZIP_FILE_MODE = 0o100644
ZIP_UNIX = 3


def xlsx_bytes(
    package: ValidatedPackage,
    resource: TabularResource,
    table: pd.DataFrame,
    timestamp: datetime,
    symbols: pd.DataFrame | None = None,
) -> bytes:
    """The resource as a workbook: the typed data, then a data dictionary sheet. A cell
    that holds a GSS symbol in the CSV (symbols: DataCatalog.symbols) holds it here too,
    as text; the dictionary says what each symbol means."""
    from xlsxwriter import Workbook

    _check_fits_excel(package, resource, table)
    buffer = io.BytesIO()
    workbook = Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": True,
        },
    )
    workbook.set_properties(
        {
            "title": resource.title,
            "subject": package.title,
            "comments": resource.description,
            "keywords": ", ".join(str(k) for k in package.descriptor.get("keywords", [])),
            "created": _utc(timestamp).replace(tzinfo=None),
        }
    )
    _write_data_sheet(workbook, resource, table, symbols)
    _write_dictionary_sheet(workbook, package, resource)
    workbook.close()
    return buffer.getvalue()


def json_bytes(resource: TabularResource, table: pd.DataFrame) -> bytes:
    """The resource as a JSON array of records, one record a line, values typed as in CSV."""
    names = resource.field_names
    columns = [
        _json_values(table[spec["name"]], spec.get("type", "string"))
        for spec in resource.schema["fields"]
    ]
    records = [
        json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False, allow_nan=False)
        for row in zip(*columns, strict=True)
    ]
    text = "[\n" + ",\n".join(records) + "\n]\n" if records else "[]\n"
    return text.encode("utf-8")


def parquet_bytes(resource: TabularResource, table: pd.DataFrame) -> bytes:
    """The resource as Parquet with typed columns and each field's description as metadata."""
    arrays = []
    fields = []
    for spec in resource.schema["fields"]:
        array = _arrow_array(table[spec["name"]], spec.get("type", "string"))
        arrays.append(array)
        fields.append(pa.field(spec["name"], array.type, metadata=_field_metadata(spec)))
    arrow_table = pa.Table.from_arrays(arrays, schema=pa.schema(fields))
    sink = pa.BufferOutputStream()
    import pyarrow.parquet as pq  # here: pyarrow's writers are loaded only for a download made

    pq.write_table(arrow_table, sink, compression=PARQUET_COMPRESSION)
    return sink.getvalue().to_pybytes()


def package_zip_bytes(package: ValidatedPackage, timestamp: datetime) -> bytes:
    """The whole package as a zip: descriptor, the published CSVs under data/, README."""
    root = _member_part(package.name, package)
    descriptor = json.loads(json.dumps(package.descriptor))
    members: dict[str, bytes] = {}
    for entry, resource in zip(descriptor["resources"], package.resources, strict=True):
        file_name = _member_part(PurePosixPath(resource.relative_path).name, package)
        path = f"data/{file_name}"
        if f"{root}/{path}" in members:
            raise NewsroomError.single(
                "download-name-clash",
                Location(package.display_path, package=package.name, resource=resource.name),
                f"two resources are both published as {path!r} in the package zip.",
                "Give each resource file of the package a different file name.",
            )
        entry["path"] = path
        # Schema and dialect files are inlined so that the zip holds everything it names.
        entry["schema"] = resource.schema
        if isinstance(entry.get("dialect"), str):
            entry["dialect"] = json.loads(
                (package.folder / entry["dialect"]).read_text(encoding="utf-8")
            )
        members[f"{root}/{path}"] = resource.path.read_bytes()
    members[f"{root}/{DESCRIPTOR_NAME}"] = (
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    ).encode("utf-8")
    readme = package.folder / README_NAME
    members[f"{root}/{README_NAME}"] = _status_lines(package)
    if readme.is_file():
        if package.folder.resolve() not in readme.resolve().parents:
            raise NewsroomError.single(
                "unsafe-path",
                Location(f"{package.display_path}/{README_NAME}", package=package.name),
                "the README is a link to a place outside the package folder.",
                "Copy the README into the package folder instead of linking to it.",
            )
        members[f"{root}/{README_NAME}"] += readme.read_bytes()
    date_time = _zip_date_time(timestamp)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = ZIP_UNIX
            info.external_attr = ZIP_FILE_MODE << 16
            archive.writestr(info, members[name], compresslevel=9)
    return buffer.getvalue()


def _status_lines(package: ValidatedPackage) -> bytes:
    """The top of the zip's README: what the statistics are, before the package's own."""
    return f"{status_text(package.status)}\n\n".encode()


def _utc(moment: datetime) -> datetime:
    """A naive moment is read as UTC, as SOURCE_DATE_EPOCH is."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _zip_date_time(timestamp: datetime) -> tuple[int, int, int, int, int, int]:
    moment = min(max(_utc(timestamp), ZIP_FIRST), ZIP_LAST)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _member_part(name: str, package: ValidatedPackage) -> str:
    """A name used as one folder or file of the zip, refused if it could leave the folder."""
    if name in ("", ".", "..") or any(c in name for c in "/\\:\0") or not name.isprintable():
        raise NewsroomError.single(
            "unsafe-path",
            Location(package.display_path, package=package.name),
            f"{name!r} cannot be used as a file name in the package zip.",
            "Use letters, digits, '-', '_' and '.' in package names and file names.",
        )
    return name


def _python_values(column: pd.Series, kind: str) -> list[Any]:
    """The column as int, float, bool, naive UTC datetime or str values; None when missing."""
    if kind in DATE_KINDS:
        if isinstance(column.dtype, pd.DatetimeTZDtype):
            column = column.dt.tz_convert("UTC").dt.tz_localize(None)
        return [None if pd.isna(v) else v.to_pydatetime() for v in column]
    if kind in ("integer", "year"):
        return [None if pd.isna(v) else int(v) for v in column]
    if kind == "number":
        return [None if pd.isna(v) else float(v) for v in column]
    if kind == "boolean":
        return [None if pd.isna(v) else bool(v) for v in column]
    return [None if pd.isna(v) else str(v) for v in column]


def _json_values(column: pd.Series, kind: str) -> list[Any]:
    values = _python_values(column, kind)
    if kind in ("date", "yearmonth"):
        return [None if v is None else v.strftime(DATE_FORMATS[kind]) for v in values]
    if kind == "datetime":
        zone = "Z" if isinstance(column.dtype, pd.DatetimeTZDtype) else ""
        return [None if v is None else v.isoformat() + zone for v in values]
    if kind == "number":
        # JSON has no infinity; null is the only value every reader accepts.
        return [v if v is not None and math.isfinite(v) else None for v in values]
    return values


def _arrow_array(column: pd.Series, kind: str) -> pa.Array:
    if kind in ("integer", "year"):
        return pa.array(column, type=pa.int64(), from_pandas=True)
    if kind == "number":
        return pa.array(column, type=pa.float64(), from_pandas=True)
    if kind == "boolean":
        return pa.array(column, type=pa.bool_(), from_pandas=True)
    if kind in ("date", "yearmonth"):
        return pa.array(column, from_pandas=True).cast(pa.date32())
    if kind == "datetime":
        return pa.array(column, from_pandas=True)
    return pa.array(column.astype("string"), type=pa.string(), from_pandas=True)


def _field_metadata(spec: dict[str, Any]) -> dict[str, str]:
    # The Table Schema type is kept because date32 does not tell a yearmonth from a date.
    keys = ("title", "description", "unit", "type")
    return {key: str(spec[key]) for key in keys if spec.get(key) not in (None, "")}


def _check_fits_excel(
    package: ValidatedPackage, resource: TabularResource, table: pd.DataFrame
) -> None:
    # XlsxWriter silently drops cells past the last row and cuts long text: refuse instead.
    shown = f"{package.display_path}/{resource.relative_path}"
    where = Location(shown, package=resource.package, resource=resource.name)
    hint = "Split the resource into smaller tables, or publish it without an XLSX download."
    if len(table) + 1 > EXCEL_MAX_ROWS:
        raise NewsroomError.single(
            "download-xlsx-limit",
            where,
            f"the table has {len(table)} rows; a spreadsheet holds {EXCEL_MAX_ROWS - 1}.",
            hint,
        )
    for spec in resource.schema["fields"]:
        if spec.get("type", "string") in (*DATE_KINDS, *NUMBER_KINDS, "boolean"):
            continue
        longest = table[spec["name"]].astype("string").str.len().max()
        if pd.notna(longest) and longest > EXCEL_MAX_TEXT:
            raise NewsroomError.single(
                "download-xlsx-limit",
                Location(
                    where.file, package=where.package, resource=where.resource, field=spec["name"]
                ),
                f"a value has {longest} characters; a spreadsheet cell holds {EXCEL_MAX_TEXT}.",
                hint,
            )


def _sheet_name(resource: TabularResource) -> str:
    name = "".join("-" if c in "[]:*?/\\" else c for c in resource.name)
    name = name.strip("'")[:EXCEL_SHEET_NAME_LENGTH]
    return "Data" if not name or name.lower() == interface_text(DICTIONARY_SHEET).lower() else name


def _write_data_sheet(
    workbook: Workbook,
    resource: TabularResource,
    table: pd.DataFrame,
    symbols: pd.DataFrame | None,
) -> None:
    sheet = workbook.add_worksheet(_sheet_name(resource))
    header = workbook.add_format({"bold": True})
    date_formats = {
        k: workbook.add_format({"num_format": v}) for k, v in EXCEL_DATE_FORMATS.items()
    }
    fields = resource.schema["fields"]
    for col, spec in enumerate(fields):
        kind = spec.get("type", "string")
        sheet.write_string(0, col, spec["name"], header)
        values = _python_values(table[spec["name"]], kind)
        if symbols is not None and spec["name"] in symbols.columns:
            marked = symbols[spec["name"]].reindex(table.index).astype(object)
            marked = marked.where(marked.notna(), None).tolist()
            values = [v if s is None else s for v, s in zip(values, marked, strict=True)]
        for row, value in enumerate(values, start=1):
            _write_cell(sheet, row, col, value, date_formats.get(kind))
        shown = [len(EXCEL_DATE_FORMATS[kind])] if kind in DATE_KINDS else []
        shown += [len(str(v)) for v in values if v is not None and kind not in DATE_KINDS]
        sheet.set_column(col, col, _width(len(spec["name"]), *shown))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(table), len(fields) - 1)


def _write_cell(sheet: Worksheet, row: int, col: int, value: Any, date_format: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, col, value, date_format)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, value)


def _width(*lengths: int) -> int:
    return min(max(10, *lengths) + 2, 60)


def _write_dictionary_sheet(
    workbook: Workbook, package: ValidatedPackage, resource: TabularResource
) -> None:
    sheet = workbook.add_worksheet(interface_text(DICTIONARY_SHEET))
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    for col, (heading, width) in enumerate(
        zip(DICTIONARY_HEADINGS, DICTIONARY_WIDTHS, strict=True)
    ):
        sheet.write_string(0, col, interface_text(heading), bold)
        sheet.set_column(col, col, width)
    fields = resource.schema["fields"]
    for row, spec in enumerate(fields, start=1):
        cells = (
            spec["name"],
            spec.get("title", ""),
            spec.get("type", "string"),
            spec.get("unit", ""),
            spec.get("description", ""),
            "; ".join(
                part
                for part in (
                    _constraints_text(spec.get("constraints", {})),
                    rule_words(resource, spec["name"]) if RULE_KEY in spec else "",
                )
                if part
            ),
        )
        for col, text in enumerate(cells):
            if text:
                sheet.write_string(row, col, str(text), wrap)
    # Below the fields, one label and one value a row; long values overflow to the right.
    for row, (label, text) in enumerate(_about(package, resource), start=len(fields) + 2):
        sheet.write_string(row, 0, label, bold)
        sheet.write_string(row, 1, text)
    sheet.freeze_panes(1, 0)


def _about(package: ValidatedPackage, resource: TabularResource) -> list[tuple[str, str]]:
    descriptor = package.descriptor
    rows = [
        ("Table", resource.title),
        ("Table description", resource.description),
        ("Package", package.title),
        ("Package name", package.name),
        ("Version", str(descriptor.get("version", ""))),
        ("Status", status_label(package.status)),
        ("Notice", status_notice(package.status)),
    ]
    for licence in descriptor.get("licenses", []):
        rows.append(("Licence", str(licence.get("title") or licence.get("name", ""))))
        rows.append(("Licence URL", str(licence.get("path", ""))))
    for source in descriptor.get("sources", []):
        rows.append(("Source", str(source.get("title", ""))))
        rows.append(("Source URL", str(source.get("path", ""))))
    for symbol in symbols_used(resource):
        rows.append((symbol, symbol_meaning(symbol)))
    return [(label, text) for label, text in rows if text]


def _constraints_text(constraints: dict[str, Any]) -> str:
    """Constraints as a reader says them: "required; minimum 0; pattern [a-z-]+"."""
    parts = []
    for key, value in constraints.items():
        if value is False:
            continue
        if value is True:
            parts.append(key)
        elif isinstance(value, list):
            parts.append(f"{key} {', '.join(str(v) for v in value)}")
        else:
            parts.append(f"{key} {value}")
    return "; ".join(parts)
