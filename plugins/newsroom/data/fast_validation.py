"""Step 1, fast path: check CSV rows with pyarrow and report what frictionless would report.

frictionless stays the reference. Column screens (`column_screens`) flag every cell that
could break its type or a constraint; frictionless's own cell readers, `Row` and error
classes then judge the flagged rows, so the errors, their order and their wording are
frictionless's. Keys are checked on whole columns (`key_checks`), then reported where
frictionless reports them. frictionless stops at its error limit, and so does the reading
here: a first look at a table's rows tells how far to read for that many errors. A
package outside the supported subset gives `Unsupported`: validate it with frictionless
instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import frictionless
import numpy as np

from newsroom.data.column_screens import screen_columns
from newsroom.data.fast_tables import (
    Table,
    UnsupportedError,
    read_rows,
    read_table,
    table_body,
)
from newsroom.data.key_checks import KeyChecks

SUPPORTED_TYPES = ("integer", "number", "year", "yearmonth", "date", "boolean", "string")
LIMIT_ERRORS = frictionless.settings.DEFAULT_LIMIT_ERRORS
RESOURCE_KEYS_READ_AS_IS = ("data", "hash", "bytes", "compression", "innerpath", "dialect")
NUMBER_OPTIONS = ("bare_number", "float_number", "decimal_char", "group_char")
PROBE_ROWS = 10_000  # a first look at a table's rows, to see how many errors it holds


@dataclass(frozen=True)
class Unsupported:
    """The package needs something the fast path does not do; run frictionless."""

    reason: str


@dataclass(frozen=True)
class ResourceFindings:
    """frictionless's errors for one resource, as its report task would list them."""

    name: str
    place: str
    errors: list[frictionless.Error]
    widths: np.ndarray | None  # cells in each row after the header; None: not all read


def validate_package(package: frictionless.Package) -> list[ResourceFindings] | Unsupported:
    """Findings per resource for a package whose descriptor frictionless found valid."""
    try:
        for resource in package.resources:
            _check_supported(resource, package)
        # A table that foreign keys look up is read whole; another, only as far as
        # frictionless reads it (LIMIT_ERRORS errors, or the end).
        referenced = {
            key.get("reference", {}).get("resource") or resource.name
            for resource in package.resources
            for key in resource.schema.foreign_keys
        }
        tables = {r.name: read_table(r) for r in package.resources if r.name in referenced}
        for table in tables.values():
            screen_columns(table)
        return [_resource_findings(resource, tables) for resource in package.resources]
    except UnsupportedError as reason:
        return Unsupported(str(reason))
    except frictionless.FrictionlessException as error:
        return Unsupported(error.error.message)
    except OSError as error:  # frictionless reports unreadable files in its own words
        return Unsupported(str(error))


def _check_supported(resource: frictionless.Resource, package: frictionless.Package) -> None:
    descriptor = resource.to_descriptor()
    if not isinstance(resource, frictionless.resources.TableResource):
        raise UnsupportedError(f"{resource.name}: not a table")
    if resource.format != "csv" or resource.scheme != "file" or resource.multipart:
        raise UnsupportedError(f"{resource.name}: not one local CSV file")
    if (
        any(key in descriptor for key in RESOURCE_KEYS_READ_AS_IS)
        or resource.dialect.to_descriptor()
    ):
        raise UnsupportedError(f"{resource.name}: dialect, inline data, hash or size declared")
    resource.to_descriptor(validate=True)
    schema = resource.schema
    names = [f.name for f in schema.fields]
    if len(set(names)) != len(names) or schema.has_defined("fields_match"):
        raise UnsupportedError(f"{resource.name}: field names repeat or fieldsMatch is set")
    keys = set(schema.primary_key) | {f.name for f in schema.fields if f.constraints.get("unique")}
    keys |= {name for key in schema.foreign_keys for name in key.get("fields") or []}
    for spec in schema.fields:
        missing = (
            spec.missing_values if spec.has_defined("missing_values") else schema.missing_values
        )
        if spec.type not in SUPPORTED_TYPES or spec.format != "default":
            raise UnsupportedError(
                f"{resource.name}: field {spec.name} is {spec.type}/{spec.format}"
            )
        options = set(spec.list_defined()) & set(NUMBER_OPTIONS)
        if options and ("float_number" in options or spec.name in keys):
            raise UnsupportedError(f"{resource.name}: field {spec.name} has number options")
        if not all(isinstance(value, str) for value in missing):
            raise UnsupportedError(f"{resource.name}: missing values are not all text")
    for key in schema.foreign_keys:
        source = _fk_source(resource, package, key)
        target = key.get("fields")
        reference = key.get("reference", {}).get("fields")
        if not isinstance(target, list) or not isinstance(reference, list):
            raise UnsupportedError(f"{resource.name}: foreign key fields are not lists")
        if not set(target) <= set(names):
            continue  # frictionless skips such a key; so do we
        if len(target) != len(reference) or not all(
            source.schema.has_field(r)
            and source.schema.get_field(r).type == schema.get_field(t).type
            for t, r in zip(target, reference, strict=True)
        ):
            raise UnsupportedError(f"{resource.name}: foreign key fields differ in number or type")


def _fk_source(
    resource: frictionless.Resource, package: frictionless.Package, key: dict[str, Any]
) -> frictionless.Resource:
    name = key.get("reference", {}).get("resource")
    if not name or name == resource.name:
        return resource
    if not package.has_resource(name):
        raise UnsupportedError(f"{resource.name}: foreign key to unknown resource {name!r}")
    return package.get_resource(name)


def _resource_findings(
    resource: frictionless.Resource, tables: dict[str, Table]
) -> ResourceFindings:
    """The first rows alone when they hold LIMIT_ERRORS errors: frictionless stops there.
    A first look at PROBE_ROWS rows tells how far to read for them, if they are many."""
    table = tables.get(resource.name)
    body = table_body(resource) if table is None else b""
    rows: int | None = PROBE_ROWS
    while table is None or not table.whole:
        table = read_rows(resource, body, rows)
        screen_columns(table)
        errors = _findings(table, tables)
        if table.whole or len(errors) >= LIMIT_ERRORS:
            widths = table.lengths if table.whole else None
            return ResourceFindings(resource.name, resource.place, errors, widths)
        # Enough rows for the errors at the rate seen, with a margin; none seen: all.
        rows = max(4 * rows, rows * LIMIT_ERRORS * 5 // 4 // len(errors)) if errors else None
    return ResourceFindings(resource.name, resource.place, _findings(table, tables), table.lengths)


def _findings(table: Table, tables: dict[str, Table]) -> list[frictionless.Error]:
    """frictionless's errors for the table: row by row, at most LIMIT_ERRORS."""
    names = [f.name for f in table.fields]
    ragged = table.lengths != len(names)
    blank_row = np.logical_and.reduce([table.columns[n].blank for n in names])
    flagged = np.logical_or.reduce([table.columns[n].flagged for n in names])
    failing: list[int] = []
    for row in np.flatnonzero(flagged | ragged | blank_row).tolist():
        notes = [table.exact(n, row)[1] for n in names if table.columns[n].flagged[row]]
        if ragged[row] or blank_row[row] or any(notes):
            failing.append(row)
            if len(failing) >= LIMIT_ERRORS:
                break
    # frictionless stops after LIMIT_ERRORS: later rows cannot change what it reports
    end = failing[-1] + 1 if len(failing) >= LIMIT_ERRORS else table.rows
    keys = KeyChecks(table, tables, end)
    found: list[frictionless.Error] = []
    for row in sorted(set(failing) | keys.rows()):
        found.extend(keys.row_errors(row))
        if len(found) >= LIMIT_ERRORS:
            return found[:LIMIT_ERRORS]
    return found
