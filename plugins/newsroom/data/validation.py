"""Step 1b: prove a package's data valid, once per content of its files and our code.

A plainly written package is proven valid by `plain_validation` (DuckDB, no frictionless
import); any other goes to `fast_validation` when it supports the package, to frictionless
otherwise, with the same findings, told as our problems. A verdict is kept in the cache
by the hash of the descriptor, every resource file, the frictionless version and our code.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsroom.core.cache import ContentCache, cache_key
from newsroom.core.error_codes import frictionless_code
from newsroom.core.errors import Location, NewsroomError, NewsroomProblem
from newsroom.data.descriptors import DESCRIPTOR_NAME, display_path
from newsroom.data.plain_validation import plain_package_problem

if TYPE_CHECKING:
    import frictionless

    from newsroom.data.packages import TabularResource

MAX_ERRORS_PER_RESOURCE = 10
ASCII_COMPATIBLE = {"utf-8", "utf8", "utf-8-sig", "ascii", "us-ascii"}
READABLE_TYPES = {
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "date": "a date written YYYY-MM-DD",
    "datetime": "a date and time written YYYY-MM-DDThh:mm:ss",
    "time": "a time written hh:mm:ss",
    "year": "a year written YYYY",
    "yearmonth": "a year and month written YYYY-MM",
    "object": "a JSON object",
    "array": "a JSON array",
    "geopoint": "a point written LON,LAT",
}
# How a field with a format other than the default expects its values written.
READABLE_FORMATS = {
    ("geopoint", "array"): "a point written [LON, LAT]",
    ("geopoint", "object"): 'a point written {"lon": LON, "lat": LAT}',
    ("date", "any"): "a date",
    ("datetime", "any"): "a date and time",
    ("time", "any"): "a time",
}
STRFTIME_READABLE = {
    "%Y": "YYYY", "%y": "YY", "%m": "MM", "%d": "DD", "%H": "hh", "%I": "hh", "%M": "mm",
    "%S": "ss", "%b": "Jan", "%B": "January", "%p": "AM", "%%": "%",
}  # fmt: skip


def validate_once(
    name: str,
    descriptor: dict[str, Any],
    folder: Path,
    resources: list[TabularResource],
    data_hash: str,
    project_root: Path,
    cache: ContentCache,
) -> None:
    """Raise the package's problems, unless a build found the same data valid before.

    The data hash names the data; the verdict also depends on our own checks."""
    verdict = cache_key("validation", data=data_hash)
    if cache.get("validation", verdict) is not None:
        return
    if plain_package_problem(descriptor, folder) is not None:

        def check_widths(widths: dict[str, Any] | None) -> None:
            for raw, resource in zip(descriptor["resources"], resources, strict=True):
                shown = display_path(resource.path, project_root)
                _check_width(resource, raw, shown, (widths or {}).get(resource.name))

        _validate_with_frictionless(
            folder / DESCRIPTOR_NAME, name, folder, project_root, check_widths
        )
    cache.put("validation", verdict, b"valid")


def _check_width(
    resource: TabularResource, descriptor: dict[str, Any], shown: str, widths: Any = None
) -> None:
    """frictionless reports each extra cell with a copy of the whole row, so a row of
    thousands of cells takes it minutes and gigabytes: refuse such a row first. `widths`,
    the cells of each row as the fast path read them, spares reading the file again."""
    dialect = descriptor.get("dialect") if isinstance(descriptor.get("dialect"), dict) else {}
    delimiter = str(dialect.get("delimiter", ","))
    fields = len(resource.field_names)
    limit = fields + MAX_ERRORS_PER_RESOURCE
    if widths is not None:
        if widths.max(initial=0) > limit:
            index = int((widths > limit).argmax())
            _refuse_width(resource, shown, index + 2, int(widths[index]), fields)
        return
    if _widest_line(resource.path.read_bytes(), delimiter, resource.encoding) <= limit:
        return
    with resource.path.open(encoding=resource.encoding, errors="replace", newline="") as stream:
        try:
            for number, row in enumerate(csv.reader(stream, delimiter=delimiter), 1):
                if len(row) > limit:
                    _refuse_width(resource, shown, number, len(row), fields)
        except (csv.Error, LookupError):
            return  # frictionless reports what the csv module cannot read


def _refuse_width(
    resource: TabularResource, shown: str, number: int, cells: int, fields: int
) -> None:
    raise NewsroomError.single(
        "resource-too-wide",
        Location(shown, package=resource.package, resource=resource.name, row=number),
        f"row {number} has {cells:,} columns; the schema describes {fields}.",
        "Check the delimiter and the quoting, or describe every column.",
    )


def _widest_line(data: bytes, delimiter: str, encoding: str) -> float:
    """At least the cells in the widest row, counted without parsing: with no quote in
    an ASCII-compatible file, a row has at most its line's delimiters plus one cells."""
    if (
        encoding.lower().replace("_", "-") not in ASCII_COMPATIBLE
        or len(delimiter) != 1
        or not delimiter.isascii()
        or b'"' in data
    ):
        return math.inf
    import numpy as np  # not needed on the quickest path (plain_validation)

    buffer = np.frombuffer(data, np.uint8)
    ends = np.append(np.flatnonzero(buffer == ord("\n")), len(buffer))
    before = np.searchsorted(np.flatnonzero(buffer == ord(delimiter)), ends)
    return int(np.diff(before, prepend=0).max()) + 1


def _validate_with_frictionless(
    descriptor_path: Path,
    name: str,
    folder: Path,
    project_root: Path,
    check_widths: Callable[[dict[str, Any] | None], None],
) -> None:
    import frictionless  # imported only for a package that plain_validation cannot pass

    shown = display_path(descriptor_path, project_root)
    try:
        package = frictionless.Package(str(descriptor_path))
        package_errors, tasks = validation_report(descriptor_path, package, check_widths)
    except frictionless.FrictionlessException as error:
        reasons = [reason.message for reason in getattr(error, "reasons", []) or []]
        raise NewsroomError.single(
            frictionless_code(error.error.type),
            Location(shown, package=name),
            " ".join([error.error.message.rstrip(".") + ":", *reasons])
            if reasons
            else error.error.message,
            "Correct datapackage.json so that it follows the Data Package standard.",
        ) from None
    problems = [
        NewsroomProblem(
            frictionless_code(e.type),
            Location(shown, package=name),
            e.message,
            "Correct datapackage.json so that it follows the Data Package standard.",
        )
        for e in package_errors
    ]
    for task_name, place, errors in tasks:
        resource = package.get_resource(task_name) if package.has_resource(task_name) else None
        file = display_path(folder / place, project_root) if place else shown
        for error in errors[:MAX_ERRORS_PER_RESOURCE]:
            problems.append(_row_problem(error, file, name, task_name, resource))
        extra = len(errors) - MAX_ERRORS_PER_RESOURCE
        if extra > 0:
            problems.append(
                NewsroomProblem(
                    "frictionless/more-errors",
                    Location(file, package=name, resource=task_name),
                    f"{extra} more errors in this resource are not shown.",
                    f"Run `newsroom validate` after fixing the errors above, or"
                    f" `frictionless validate {shown}` for the full report.",
                )
            )
    if problems:
        raise NewsroomError(problems)


def validation_report(
    descriptor_path: Path,
    package: frictionless.Package,
    check_widths: Callable[[dict[str, Any] | None], None] = lambda widths: None,
) -> tuple[list[Any], list[tuple[str, str, list[Any]]]]:
    """frictionless's package errors and (resource, place, errors) per resource. Rows go
    through the fast path when it supports every resource, through frictionless (on a
    fresh reading of the descriptor) if not. `check_widths` is given the cells of each
    resource's rows as the fast path read them, or None before frictionless reads them."""
    import frictionless

    from newsroom.data.fast_validation import Unsupported, validate_package

    try:
        package.to_descriptor(validate=True)
    except frictionless.FrictionlessException as exception:
        return exception.to_errors(), []
    findings = validate_package(package)
    if isinstance(findings, Unsupported):
        check_widths(None)
        report = frictionless.Package(str(descriptor_path)).validate()
        return report.errors, [(task.name, task.place, task.errors) for task in report.tasks]
    check_widths({f.name: f.widths for f in findings})
    return [], [(f.name, f.place, f.errors) for f in findings]


def _row_problem(
    error: Any,
    file: str,
    package: str,
    resource_name: str,
    resource: frictionless.Resource | None,
) -> NewsroomProblem:
    row = getattr(error, "row_number", None)
    field_name = getattr(error, "field_name", None)
    location = Location(file, package=package, resource=resource_name, row=row, field=field_name)
    cell = getattr(error, "cell", None)
    field = (
        resource.schema.get_field(field_name)
        if resource is not None and field_name and resource.schema.has_field(field_name)
        else None
    )
    row_hint = f"row {row} counts the header as row 1" if row else ""
    if error.type == "type-error" and field is not None:
        expected = _expected_value(field.type, field.format)
        message = f'the value "{_shortened(cell)}" is not {expected} (field type "{field.type}").'
        hint = f"Correct the value ({row_hint}), or change the field's type in datapackage.json."
    elif error.type == "constraint-error":
        message = f'the value "{_shortened(cell)}" breaks a rule of the schema: {error.note}.'
        hint = f"Correct the value ({row_hint}), or relax the constraint in datapackage.json."
    else:
        message = _shortened(error.message.rstrip("."), 300) + "."
        hint = f"Correct the data ({row_hint})." if row else "Correct the data file."
    return NewsroomProblem(frictionless_code(error.type), location, message, hint)


def _expected_value(kind: str, format_name: str | None) -> str:
    """What a value of the field looks like, as its type and format want it written."""
    if not format_name or format_name == "default":
        return READABLE_TYPES.get(kind, f"of type {kind}")
    if (kind, format_name) in READABLE_FORMATS:
        return READABLE_FORMATS[kind, format_name]
    if kind in {"date", "datetime", "time"} and "%" in format_name:
        pattern = re.compile("|".join(map(re.escape, STRFTIME_READABLE)))
        written = pattern.sub(lambda code: STRFTIME_READABLE[code.group()], format_name)
        return f"{READABLE_TYPES[kind].split(' written')[0]} written {written}"
    return f'of type {kind} in the format "{format_name}"'


def _shortened(cell: object, limit: int = 80) -> str:
    """A cell as quoted in a message: a 10 MB value must not flood the terminal."""
    text = str(cell)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"
