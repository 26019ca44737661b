"""Step 1, fast path: check CSV rows with pyarrow and report what frictionless would report.

frictionless stays the reference. Vectorised screens over whole columns flag every cell
that could break its type or a constraint (a superset: a flagged cell may well be fine);
frictionless's own cell readers, `Row` and error classes then judge the flagged rows, so
the errors, their order and their wording are frictionless's. Unique, primary and foreign
keys are checked on whole columns with numpy, then reported where frictionless reports
them. A package outside the supported subset gives `Unsupported`: validate it with
frictionless instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import frictionless
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from frictionless import errors
from frictionless.table.row import Row

from newsroom.data.fast_tables import Column, Table, UnsupportedError, as_bools, read_table
from newsroom.data.plain_validation import RE2_UNSAFE, STRICT

SUPPORTED_TYPES = ("integer", "number", "year", "yearmonth", "date", "boolean", "string")
LIMIT_ERRORS = frictionless.settings.DEFAULT_LIMIT_ERRORS
BOUNDS = {"minimum": "ge", "exclusiveMinimum": "gt", "maximum": "le", "exclusiveMaximum": "lt"}
EXACT_DIGITS = 15  # decimals with at most 15 digits are told apart by float64
RESOURCE_KEYS_READ_AS_IS = ("data", "hash", "bytes", "compression", "innerpath", "dialect")
NUMBER_OPTIONS = ("bare_number", "float_number", "decimal_char", "group_char")
NULL = pa.scalar(None, pa.string())


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


def validate_package(package: frictionless.Package) -> list[ResourceFindings] | Unsupported:
    """Findings per resource for a package whose descriptor frictionless found valid."""
    try:
        for resource in package.resources:
            _check_supported(resource, package)
        tables = {r.name: read_table(r) for r in package.resources}
        for table in tables.values():
            _screen(table)
        return [
            ResourceFindings(name, table.resource.place, _findings(table, tables))
            for name, table in tables.items()
        ]
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
    for spec in schema.fields:
        missing = (
            spec.missing_values if spec.has_defined("missing_values") else schema.missing_values
        )
        if spec.type not in SUPPORTED_TYPES or spec.format != "default":
            raise UnsupportedError(
                f"{resource.name}: field {spec.name} is {spec.type}/{spec.format}"
            )
        if set(spec.list_defined()) & set(NUMBER_OPTIONS):
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


def _screen(table: Table) -> None:
    """For each field: which cells are blank, plainly valid, or worth an exact look."""
    schema = table.resource.schema
    for spec in table.fields:
        cells = table.cells[spec.name]
        missing = (
            spec.missing_values if spec.has_defined("missing_values") else schema.missing_values
        )
        is_missing = pc.is_in(cells, value_set=pa.array(missing, pa.string()))
        blank = as_bools(pc.or_kleene(cells.is_null(), is_missing))
        strict = ~blank & _strict(cells, spec)
        flagged = ~blank & ~strict
        if spec.constraints.get("required"):
            flagged |= blank
        rows = np.flatnonzero(strict)
        plain = cells if len(rows) == len(cells) else pc.take(cells, rows)
        flagged[rows[_breaks_constraints(plain, spec)]] = True
        table.columns[spec.name] = Column(blank, strict, flagged)


def _strict(cells: pa.Array, spec: Any) -> np.ndarray:
    if spec.type == "string":
        return np.ones(len(cells), bool)
    if spec.type == "boolean":
        return as_bools(pc.is_in(cells, value_set=_texts(spec.true_values + spec.false_values)))
    plain = as_bools(pc.match_substring_regex(cells, STRICT[spec.type]))
    if spec.type == "date":  # a real calendar day, written back the same; year 0 is refused
        rows = np.flatnonzero(plain)
        some = pc.take(cells, rows)
        days = pc.strptime(some, format="%Y-%m-%d", unit="s", error_is_null=True)
        same = pc.equal(pc.strftime(days, format="%Y-%m-%d"), some)
        plain[rows] = as_bools(pc.and_(same, pc.invert(pc.starts_with(some, "0000"))))
    return plain


def _texts(values: list[Any]) -> pa.Array:
    return pa.array([v for v in values if isinstance(v, str)], pa.string())


def _breaks_constraints(cells: pa.Array, spec: Any) -> np.ndarray:
    """Plainly spelt cells that might break a constraint (exact for most, never fewer)."""
    flags = np.zeros(len(cells), bool)
    read = spec.create_value_reader()
    constraints = {k: v for k, v in spec.constraints.items() if k in spec.supported_constraints}
    values, exact = _comparable(cells, spec)
    for name, constraint in constraints.items():
        if name in BOUNDS:
            flags |= _breaks_bound(values, exact, read(constraint), BOUNDS[name], spec.type)
        elif name == "enum":
            allowed = [read(v) for v in constraint]
            flags |= _breaks_enum(values, exact, allowed, spec.type)
        elif name in ("minLength", "maxLength"):
            if not isinstance(constraint, int) or isinstance(constraint, bool):
                raise UnsupportedError(f"field {spec.name}: {name} is not a whole number")
            length = pc.utf8_length(cells).to_numpy()
            flags |= length < constraint if name == "minLength" else length > constraint
        elif name == "pattern":
            flags |= ~_matches(cells, constraint)
    return flags


def _comparable(cells: pa.Array, spec: Any) -> tuple[np.ndarray | pa.Array, np.ndarray]:
    """Values to compare with bounds, and which of them compare exactly."""
    exact = np.ones(len(cells), bool)
    if spec.type in ("integer", "year"):
        return pc.cast(cells, pa.int64()).to_numpy(), exact
    if spec.type == "number":
        exact = pc.utf8_length(cells).to_numpy() <= EXACT_DIGITS
        return pc.cast(cells, pa.float64()).to_numpy(), exact
    if spec.type == "boolean":
        truth = as_bools(pc.is_in(cells, value_set=_texts(spec.true_values)))
        return truth & ~as_bools(pc.is_in(cells, value_set=_texts(spec.false_values))), exact
    return cells, exact  # strings, and dates and months written YYYY-MM(-DD): text order


def _bound_value(bound: Any, kind: str) -> tuple[Any, bool]:
    """The bound as compared with `_comparable` values, and whether it is exact."""
    if bound is None or isinstance(bound, bool):
        raise UnsupportedError("a bound that frictionless cannot read")
    if kind in ("integer", "year"):
        return (bound, True) if abs(bound) < 2**62 else (None, False)
    if kind == "number":
        number = Decimal(bound)
        if not number.is_finite():
            return None, False
        digits = len(number.as_tuple().digits) <= EXACT_DIGITS and abs(number.adjusted()) < 300
        return float(number), digits
    if kind == "yearmonth":
        return (
            (f"{bound.year:04d}-{bound.month:02d}", True)
            if 0 <= bound.year <= 9999
            else (None, False)
        )
    return bound.isoformat(), True  # date


def _breaks_bound(values: Any, exact: np.ndarray, bound: Any, rule: str, kind: str) -> np.ndarray:
    value, bound_exact = _bound_value(bound, kind)
    if value is None:
        return np.ones(len(values), bool)
    if isinstance(values, pa.Array):
        below = as_bools(pc.less(values, value))
        equal = as_bools(pc.equal(values, value))
    else:
        below, equal = values < value, values == value
    above = ~below & ~equal
    unsure = equal & ~(exact & bound_exact)  # equal as float64, maybe not as decimals
    if rule == "ge":
        return below | unsure
    if rule == "gt":
        return below | equal
    if rule == "le":
        return above | unsure
    return above | equal


def _breaks_enum(values: Any, exact: np.ndarray, allowed: list[Any], kind: str) -> np.ndarray:
    allowed = [a for a in allowed if a is not None]
    if kind in ("integer", "year"):
        allowed = [a for a in allowed if abs(a) < 2**62]  # larger ones equal no int64
    if kind in ("string", "yearmonth", "date"):
        texts = [_canonical(a, kind) for a in allowed]
        return ~as_bools(pc.is_in(values, value_set=pa.array(texts, pa.string())))
    if kind == "number":
        choices = [_bound_value(a, kind) for a in allowed]
        inside = np.isin(values, [v for v, _ in choices if v is not None])
        return ~inside | ~exact | (not all(e for _, e in choices))
    return ~np.isin(values, allowed)


def _matches(cells: pa.Array, pattern: str) -> np.ndarray:
    """frictionless's `re.match('^' + pattern + '$')`, in RE2 when RE2 never says more."""
    if not RE2_UNSAFE.search(pattern):
        try:
            return as_bools(pc.match_substring_regex(cells, f"^(?:^{pattern}$)"))
        except pa.ArrowInvalid:
            pass
    compiled = re.compile(f"^{pattern}$")
    return np.array([compiled.match(cell) is not None for cell in cells.to_pylist()], bool)


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
    keys = _KeyChecks(table, tables, end)
    found: list[frictionless.Error] = []
    for row in sorted(set(failing) | keys.rows()):
        found.extend(keys.row_errors(row))
        if len(found) >= LIMIT_ERRORS:
            return found[:LIMIT_ERRORS]
    return found


class _KeyChecks:
    """Unique fields, primary key and foreign keys of the first `end` rows of a table."""

    def __init__(self, table: Table, tables: dict[str, Table], end: int) -> None:
        self.table = table
        schema = table.resource.schema
        names = {f.name for f in table.fields}
        self.unique = [f.name for f in table.fields if f.constraints.get("unique")]
        self.primary = list(schema.primary_key) if set(schema.primary_key) <= names else []
        self.foreign = [k for k in schema.foreign_keys if set(k["fields"]) <= names]
        self.unique_repeats = {}
        for name in self.unique:
            key = [_encoded(table, name, end)]
            self.unique_repeats[name] = _repeats(_codes(key), skip=_none(key))
        self.primary_none = np.zeros(end, bool)
        self.primary_repeats: dict[int, int] = {}
        if self.primary:
            keys = [_encoded(table, name, end) for name in self.primary]
            self.primary_none = _none(keys)
            self.primary_repeats = _repeats(_codes(keys), skip=self.primary_none)
        self.foreign_missing = [_missing_references(table, tables, k, end) for k in self.foreign]

    def rows(self) -> set[int]:
        marked = np.logical_or.reduce([self.primary_none, *self.foreign_missing])
        found = set(np.flatnonzero(marked).tolist())
        for repeats in (self.primary_repeats, *self.unique_repeats.values()):
            found.update(repeats)
        return found

    def row_errors(self, index: int) -> list[frictionless.Error]:
        """The row's errors, found in frictionless's order (see TableResource's row_stream)."""
        row = Row(self.table.row_cells(index), handlers=self.table.handlers, row_number=index + 2)
        for name in self.unique:
            if row[name] is not None and index in self.unique_repeats[name]:
                note = f"the same as in the row at position {self.unique_repeats[name][index] + 2}"
                row.errors.append(errors.UniqueError.from_row(row, note=note, field_name=name))
        if self.primary:
            cells = tuple(row[name] for name in self.primary)
            if set(cells) == {None}:
                note = 'cells composing the primary keys are all "None"'
                row.errors.append(errors.PrimaryKeyError.from_row(row, note=note))
            elif index in self.primary_repeats:
                note = f"the same as in the row at position {self.primary_repeats[index] + 2}"
                row.errors.append(errors.PrimaryKeyError.from_row(row, note=note))
        for key, missing in zip(self.foreign, self.foreign_missing, strict=True):
            cells = tuple(row[name] for name in key["fields"])
            if set(cells) != {None} and missing[index]:
                row.errors.append(_foreign_key_error(row, key, cells))
        return list(row.errors)


def _foreign_key_error(row: Row, key: dict[str, Any], cells: tuple[Any, ...]) -> frictionless.Error:
    source, fields = key["reference"]["resource"], key["reference"]["fields"]
    note = (
        f'for "{", ".join(key["fields"])}": values "{", ".join(str(c) for c in cells)}"'
        f' not found in the lookup table "{source}" as "{", ".join(fields)}"'
    )
    return errors.ForeignKeyError.from_row(
        row,
        note=note,
        field_names=list(key["fields"]),
        field_values=list(cells),
        reference_name=source,
        reference_field_names=list(fields),
    )


def _missing_references(
    table: Table, tables: dict[str, Table], key: dict[str, Any], end: int
) -> np.ndarray:
    """Rows whose key values, not all None, are not a key of the referenced table's rows."""
    source = tables[key["reference"]["resource"] or table.resource.name]
    ours = [_encoded(table, name, end) for name in key["fields"]]
    theirs = [_encoded(source, name, source.rows) for name in key["reference"]["fields"]]
    # Each of our distinct values, as the code of the same value in their table (or -1).
    mapped = []
    for (codes, values), (_, their_values) in zip(ours, theirs, strict=True):
        position = pc.index_in(values, value_set=their_values, skip_nulls=False)
        mapped.append(pc.fill_null(position, -1).to_numpy(zero_copy_only=False)[codes])
    absent = np.logical_or.reduce([m < 0 for m in mapped])
    if len(ours) > 1:  # compare whole keys: one code per distinct tuple of either table
        joined = _codes(
            [
                (np.concatenate([c, np.maximum(m, 0)]), v)
                for (c, v), m in zip(theirs, mapped, strict=True)
            ]
        )
        their_keys = joined[: source.rows][~_none(theirs)]
        absent |= ~np.isin(joined[source.rows :], their_keys)
    else:
        known = np.zeros(len(theirs[0][1]), bool)
        known[theirs[0][0][~_none(theirs)]] = True
        absent |= ~known[np.maximum(mapped[0], 0)]
    return absent & ~_none(ours)


def _encoded(table: Table, name: str, end: int) -> tuple[np.ndarray, pa.Array]:
    """The field's values in the first `end` rows as (code per row, distinct values as
    text); equal values have equal text and None is null. Cached per table."""
    if (name, end) not in table.encoded:
        spec = table.resource.schema.get_field(name)
        column = table.columns[name]
        cells = table.cells[name].slice(0, end)
        strict = pa.array(column.strict[:end])
        plain = pc.if_else(strict, cells, NULL)
        if spec.type in ("integer", "year"):
            plain = pc.cast(pc.cast(plain, pa.int64()), pa.string())
        elif spec.type == "number":
            plain = _canonical_numbers(plain)
        elif spec.type == "boolean":
            truth = _comparable(pc.fill_null(cells, ""), spec)[0]
            plain = pc.if_else(strict, pa.array(np.where(truth, "T", "F"), pa.string()), NULL)
        others = np.flatnonzero(~column.strict[:end] & ~column.blank[:end])
        if len(others):
            exact = [_canonical(table.exact(name, row)[0], spec.type) for row in others.tolist()]
            mask = np.zeros(end, bool)
            mask[others] = True
            plain = pc.replace_with_mask(plain, pa.array(mask), pa.array(exact, pa.string()))
        encoded = pc.dictionary_encode(plain, null_encoding="encode")
        codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        table.encoded[name, end] = (codes, encoded.dictionary)
    return table.encoded[name, end]


def _canonical_numbers(texts: pa.Array) -> pa.Array:
    """-?digits(.digits) with no trailing zeros after the point nor leading zeros."""
    texts = pc.replace_substring_regex(texts, r"(\.[0-9]*?)0+$", r"\1")
    texts = pc.replace_substring_regex(texts, r"\.$", "")
    texts = pc.replace_substring_regex(texts, r"^(-?)0+([0-9])", r"\1\2")
    return pc.replace_substring_regex(texts, r"^-0$", "0")


def _canonical(value: Any, kind: str) -> str | None:
    if value is None:
        return None
    if kind == "number":  # as _canonical_numbers writes it, exactly (no rounding)
        number = Decimal(value)
        if not number.is_finite() or abs(number.as_tuple().exponent) > 1000:
            raise UnsupportedError("a key value that is not a plain finite number")
        text = format(number, "f")
        text = text.rstrip("0").rstrip(".") if "." in text else text
        text = re.sub(r"^(-?)0+([0-9])", r"\1\2", text)
        return "0" if text == "-0" else text
    if kind == "yearmonth":
        return f"{value.year:04d}-{value.month:02d}"
    if kind == "date":
        return value.isoformat()
    if kind == "boolean":
        return "T" if value else "F"
    return str(value)


def _none(keys: list[tuple[np.ndarray, pa.Array]]) -> np.ndarray:
    """Rows where every key value is None."""
    nulls = [values.is_null().to_numpy(zero_copy_only=False)[codes] for codes, values in keys]
    return np.logical_and.reduce(nulls)


def _codes(keys: list[tuple[np.ndarray, pa.Array]]) -> np.ndarray:
    """One integer per row, equal where every key value is equal (None equals None), all
    below about four per row (small enough to count with `np.bincount`)."""
    code, size = keys[0][0], len(keys[0][1])
    for codes, values in keys[1:]:
        if size * len(values) > 4 * len(code) + 1024:  # renumber the combinations seen
            encoded = pc.dictionary_encode(pa.array(code))
            code, size = encoded.indices.to_numpy().astype(np.int64), len(encoded.dictionary)
        code, size = code * len(values) + codes, size * len(values)
    return code


def _repeats(codes: np.ndarray, skip: np.ndarray) -> dict[int, int]:
    """Each row whose code an earlier row had, with the last such row; skipped rows aside."""
    rows = np.flatnonzero(~skip)
    if not len(rows):
        return {}
    counts = np.bincount(codes[rows])
    rows = rows[counts[codes[rows]] > 1]
    rows = rows[np.argsort(codes[rows], kind="stable")]  # row order kept within a code
    same = codes[rows[1:]] == codes[rows[:-1]]
    return dict(zip(rows[1:][same].tolist(), rows[:-1][same].tolist(), strict=True))
