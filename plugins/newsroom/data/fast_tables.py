"""Step 1, fast path: a CSV file read into columns of text, row for row as frictionless reads it.

pyarrow reads a file whose quotes all quote whole cells; otherwise it splits plain lines,
and a line with quotes or an empty line is read by Python's csv module, as frictionless's
parser reads it. A file frictionless would read otherwise (another
encoding or dialect, a header lower down, a value over two lines) raises `UnsupportedError`.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import frictionless
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from frictionless.table.row import create_cell_handlers

from newsroom.data.plain_validation import sniffs_as_plain_csv

# A line whose quotes each open or close a whole cell, doubled inside it.
QUOTED_CELL = r'"(?:[^"\n]|"")*"'
CLEANLY_QUOTED_LINE = rf'(?:[^",\n]*|{QUOTED_CELL})(?:,(?:[^",\n]*|{QUOTED_CELL}))*'
# Every line of a text so (one pass over the whole text, not one per line).
CLEANLY_QUOTED_LINES = rf"^(?:{CLEANLY_QUOTED_LINE}\n)*(?:{CLEANLY_QUOTED_LINE})?$"


# Cells read as codes into each column's distinct texts: the screens judge each text once.
TEXTS = pa.dictionary(pa.int32(), pa.string())


class UnsupportedError(Exception):
    """frictionless would read the file otherwise, or the package needs what we do not do."""


@dataclass
class Column:
    """What the screens found in one field's cells (filled in by column_screens): a
    verdict per distinct text, spread over the rows by their codes."""

    texts: pa.Array  # the distinct texts of the cells
    codes: np.ndarray  # each row's text, as its position in texts; len(texts) for no cell
    text_blank: np.ndarray  # per text, and last for no cell: missing value, read as None
    text_strict: np.ndarray  # plainly spelt valid value
    text_flagged: np.ndarray  # could break the type or a constraint
    readings: dict[int, tuple[Any, dict[str, str] | None]] = field(default_factory=dict)

    def reading(self, code: int, reader: Any) -> tuple[Any, dict[str, str] | None]:
        """frictionless's reading of one distinct text (None: no cell): (value, notes)."""
        if code not in self.readings:
            text = self.texts[code].as_py() if code < len(self.texts) else None
            self.readings[code] = reader(text)
        return self.readings[code]

    @cached_property
    def blank(self) -> np.ndarray:
        return self.text_blank[self.codes]

    @cached_property
    def strict(self) -> np.ndarray:
        return self.text_strict[self.codes]

    @cached_property
    def flagged(self) -> np.ndarray:
        return self.text_flagged[self.codes]


@dataclass
class Table:
    """One resource's rows: the text of each cell, the width of each row."""

    resource: frictionless.Resource
    # One array per field (text, or TEXTS), null where the row has no such cell.
    cells: dict[str, pa.Array]
    lengths: np.ndarray  # cells in each row
    values: pa.Array | None = None  # when some rows are irregular: every cell, row after row
    starts: np.ndarray | None = None
    columns: dict[str, Column] = field(default_factory=dict)
    whole: bool = True  # False: the first rows only (see read_rows)
    encoded: dict[tuple[str, int], tuple[np.ndarray, pa.Array]] = field(default_factory=dict)

    @property
    def fields(self) -> list[Any]:
        return self.resource.schema.fields

    @property
    def rows(self) -> int:
        return len(self.lengths)

    def row_cells(self, row: int) -> list[str]:
        if self.values is None or self.starts is None:
            return [self.cells[f.name][row].as_py() for f in self.fields]
        return self.values.slice(self.starts[row], self.lengths[row]).to_pylist()

    def exact(self, name: str, row: int) -> tuple[Any, dict[str, str] | None]:
        """frictionless's reading of one cell: (value, notes)."""
        column = self.columns[name]
        return column.reading(int(column.codes[row]), self.handlers[name].reader)

    @cached_property
    def handlers(self) -> dict[str, Any]:
        return create_cell_handlers(self.fields)


def read_table(resource: frictionless.Resource) -> Table:
    return read_rows(resource, table_body(resource))


def table_body(resource: frictionless.Resource) -> bytes:
    """The file's text after its header line, once the header is the field names."""
    data = _text_bytes(resource)
    header_end = data.find(b"\n") + 1 or len(data)
    try:
        header = data[:header_end].decode("utf-8").rstrip("\n")
    except UnicodeDecodeError:
        raise UnsupportedError(f"{resource.name}: not valid UTF-8") from None
    if frictionless.helpers.stringify_label(_parse_line(header)) != _names(resource):
        raise UnsupportedError(f"{resource.name}: the header is not the schema's field names")
    return data[header_end:]


def read_rows(resource: frictionless.Resource, body: bytes, rows: int | None = None) -> Table:
    """The body's rows; with `rows`, at most its first `rows` rows (whole is False when
    the body has more)."""
    end = _end_of_line(body, rows) if rows is not None else len(body)
    if end < len(body):
        table = _read_body(resource, body[:end], _names(resource))
        table.whole = False
        return table
    return _read_body(resource, body, _names(resource))


def _names(resource: frictionless.Resource) -> list[str]:
    return [f.name for f in resource.schema.fields]


def _read_body(resource: frictionless.Resource, body: bytes, names: list[str]) -> Table:
    """The rows of the file's body (after the header line)."""
    if not body:
        return Table(resource, {n: pa.array([], pa.string()) for n in names}, np.zeros(0, int))
    # pyarrow's reader drops a U+FEFF that starts its input, where frictionless reads a
    # character of the first cell (as after two files saved with marks were joined).
    plain = not body.startswith((b"\n", codecs.BOM_UTF8)) and b"\n\n" not in body
    quoted = b'"' in body
    if plain and (not quoted or _quoted_whole_cells(body)):
        table = _read_plain(resource, body, names, quoted)
        if table is not None:
            return table
    table = _read_lines(resource, body, names)
    sample = table.lengths[: resource.detector.sample_size - 1].tolist()
    _check_header_row(resource, [len(names), *sample])
    return table


def _end_of_line(body: bytes, rows: int) -> int:
    """Where the body's `rows`-th line ends (after its \\n), or its length."""
    end = -1
    for _ in range(rows):
        end = body.find(b"\n", end + 1)
        if end < 0:
            return len(body)
    return end + 1


def _check_header_row(resource: frictionless.Resource, widths: list[int]) -> None:
    """frictionless takes as header the first sampled row about as wide as the average."""
    width = round(sum(widths) / len(widths))
    drift = max(round(width * 0.1), 1)
    near = [abs(w - width) <= drift for w in widths]
    if any(near) and not near[0]:
        raise UnsupportedError(f"{resource.name}: frictionless would read a later row as header")


def _text_bytes(resource: frictionless.Resource) -> bytes:
    """The file as UTF-8 with \\n line ends, if frictionless reads it as plain comma CSV."""
    data = Path(resource.normpath).read_bytes()
    detector = resource.detector
    encoding = detector.detect_encoding(
        data[: detector.buffer_size], encoding=resource.get_defined("encoding")
    )
    if encoding == "utf-8-sig" and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif encoding != "utf-8":
        data = _as_utf8(resource, data, encoding)
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        raise UnsupportedError(f"{resource.name}: a line ends with a lone carriage return")
    if not data:
        raise UnsupportedError(f"{resource.name}: empty file")
    _check_dialect(resource, data)
    return data.replace(b"\r\n", b"\n") if b"\r" in data else data


def _as_utf8(resource: frictionless.Resource, data: bytes, encoding: str) -> bytes:
    """Text in another encoding, as the same characters in UTF-8: frictionless decodes
    the whole file with the codec; one it cannot decode is left to frictionless."""
    try:
        return data.decode(encoding).encode("utf-8")
    except (LookupError, UnicodeError):
        raise UnsupportedError(f"{resource.name}: not readable as {encoding}") from None


def _quoted_whole_cells(body: bytes) -> bool:
    """Whether every quote opens or closes a whole cell ("x,y" or "a""b"), which pyarrow
    reads as Python's csv module does (a quote inside a cell, or space before one, it
    reads otherwise)."""
    try:
        text = _text(body)
    except pa.ArrowInvalid:  # not UTF-8: _read_lines says so
        return False
    return bool(pc.match_substring_regex(text, CLEANLY_QUOTED_LINES)[0].as_py())


def _read_plain(
    resource: frictionless.Resource, body: bytes, names: list[str], quoted: bool
) -> Table | None:
    """Rows without empty lines, and without quotes or with whole cells quoted, read by
    pyarrow; None if a row is ragged."""
    ragged: list[object] = []
    try:
        table = pacsv.read_csv(
            pa.BufferReader(body),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(
                quote_char='"' if quoted else False,
                double_quote=quoted,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
                invalid_row_handler=lambda row: ragged.append(row) or "skip",
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={f.name: read_as(f) for f in resource.schema.fields},
                null_values=[],
                strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        raise UnsupportedError(f"{resource.name}: not valid UTF-8") from None
    if ragged:
        return None
    cells = {name: table.column(name).combine_chunks() for name in names}  # one dictionary
    return Table(resource, cells, np.full(table.num_rows, len(names)))


def _read_lines(resource: frictionless.Resource, body: bytes, names: list[str]) -> Table:
    """Rows split line by line; lines with quotes, and empty lines, as Python's csv reads them."""
    try:
        lines = _lines(body)
    except pa.ArrowInvalid:
        raise UnsupportedError(f"{resource.name}: not valid UTF-8") from None
    quoted = as_bools(pc.or_(pc.match_substring(lines, '"'), pc.equal(lines, "")))
    split = pc.split_pattern(lines, ",")
    starts = split.offsets.to_numpy()[:-1].astype(np.int64)
    lengths = pc.list_value_length(split).to_numpy().astype(np.int64)
    values = split.flatten()
    special = np.flatnonzero(quoted)
    if len(special):  # a quoted value may hold commas
        parsed = [_parse_line(line) for line in pc.take(lines, special).to_pylist()]
        lengths[special] = [len(cells) for cells in parsed]
        starts[special] = len(values) + np.concatenate([[0], np.cumsum(lengths[special])[:-1]])
        extra = pa.array([cell for cells in parsed for cell in cells], pa.string())
        values = pa.concat_arrays([values, extra])
    cells = {}
    for index, name in enumerate(names):
        cells[name] = pc.take(values, pa.array(starts + index, mask=lengths <= index))
    return Table(resource, cells, lengths, values, starts)


def _text(body: bytes) -> pa.Array:
    """The body as one text; ArrowInvalid if it is not UTF-8."""
    text = pa.Array.from_buffers(
        pa.large_string(),
        1,
        [None, pa.py_buffer(np.array([0, len(body)], np.int64)), pa.py_buffer(body)],
    )
    text.validate(full=True)  # UTF-8
    return text


def _lines(body: bytes) -> pa.Array:
    """The body's lines, without their ends; ArrowInvalid if it is not UTF-8."""
    lines = pc.split_pattern(_text(body), "\n").flatten()
    lines = lines.slice(0, len(lines) - 1) if body.endswith(b"\n") or not body else lines
    return lines.cast(pa.string())


def _check_dialect(resource: frictionless.Resource, data: bytes) -> None:
    """The same sniffing as frictionless's CSV parser must find plain comma CSV."""
    if not sniffs_as_plain_csv(data):
        raise UnsupportedError(f"{resource.name}: the CSV dialect is not plain comma CSV")


def _parse_line(line: str) -> list[str]:
    """One line as Python's csv reads it; a value running over lines is not supported."""
    if not line:
        return []
    if '"' not in line:
        return line.split(",")
    reader = csv.reader(iter([line + "\n", "\n"]), csv.excel)
    cells = next(reader)
    if reader.line_num != 1:
        raise UnsupportedError("a quoted value runs over more than one line")
    return cells


def read_as(spec: Any) -> pa.DataType:
    """How a field's cells are kept: as text, or as codes into their distinct texts.
    Numbers are mostly distinct: coding them costs more than it saves, unless their
    text is rewritten before it is read (`bareNumber`, `groupChar`, `decimalChar`)."""
    rewritten = set(spec.list_defined()) & {"bare_number", "group_char", "decimal_char"}
    return pa.string() if spec.type == "number" and not rewritten else TEXTS


def as_bools(array: pa.Array) -> np.ndarray:
    return pc.fill_null(array, False).to_numpy(zero_copy_only=False)
