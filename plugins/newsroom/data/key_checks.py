"""Step 1, fast path: unique, primary and foreign keys, checked on whole columns.

Key values are encoded once per field with numpy and pyarrow (equal values, equal
codes); each row that repeats a key or refers to a missing one is then reported as
frictionless reports it, with its own `Row` and error classes, in its order.
"""

from __future__ import annotations

from typing import Any

import frictionless
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from frictionless import errors
from frictionless.table.row import Row

from newsroom.data.column_screens import canonical_text, comparable_values
from newsroom.data.fast_tables import Table

NULL = pa.scalar(None, pa.string())


class KeyChecks:
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
    text); equal values have equal text and None is null. Each distinct text of the
    cells is made canonical once. Cached per table."""
    if (name, end) not in table.encoded:
        spec = table.resource.schema.get_field(name)
        column = table.columns[name]
        texts, size = column.texts, len(column.texts)
        strict = column.text_strict[:size]
        plain = pc.if_else(pa.array(strict), texts, NULL)
        if spec.type in ("integer", "year"):
            plain = pc.cast(pc.cast(plain, pa.int64()), pa.string())
        elif spec.type == "number":
            plain = _canonical_numbers(plain)
        elif spec.type == "boolean":
            truth = comparable_values(texts, spec)[0]
            truths = pa.array(np.where(truth, "T", "F"), pa.string())
            plain = pc.if_else(pa.array(strict), truths, NULL)
        others = np.flatnonzero(~strict & ~column.text_blank[:size])
        if len(others):
            reader = table.handlers[name].reader
            exact = [
                canonical_text(column.reading(code, reader)[0], spec.type)
                for code in others.tolist()
            ]
            mask = np.zeros(size, bool)
            mask[others] = True
            plain = pc.replace_with_mask(plain, pa.array(mask), pa.array(exact, pa.string()))
        plain = pa.concat_arrays([plain, pa.nulls(1, pa.string())])  # last: no cell
        encoded = pc.dictionary_encode(plain, null_encoding="encode")
        canonical = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        table.encoded[name, end] = (canonical[column.codes[:end]], encoded.dictionary)
    return table.encoded[name, end]


def _canonical_numbers(texts: pa.Array) -> pa.Array:
    """-?digits(.digits) with no trailing zeros after the point nor leading zeros."""
    texts = pc.replace_substring_regex(texts, r"(\.[0-9]*?)0+$", r"\1")
    texts = pc.replace_substring_regex(texts, r"\.$", "")
    texts = pc.replace_substring_regex(texts, r"^(-?)0+([0-9])", r"\1\2")
    return pc.replace_substring_regex(texts, r"^-0$", "0")


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
