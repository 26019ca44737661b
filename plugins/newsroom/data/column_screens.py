"""Step 1, fast path: screen whole columns for cells that could break the schema.

Vectorised pyarrow and numpy screens over each field's distinct texts flag every text that
could break its type or a constraint: a superset, since a flagged cell may well be fine.
A column of a million cells holds a few hundred dates or a handful of enum values, each
judged once. `fast_validation` has frictionless judge the flagged rows.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsroom.data.fast_tables import Column, Table, UnsupportedError, as_bools, read_as
from newsroom.data.plain_validation import RE2_UNSAFE, STRICT

BOUNDS = {"minimum": "ge", "exclusiveMinimum": "gt", "maximum": "le", "exclusiveMaximum": "lt"}
EXACT_DIGITS = 15  # decimals with at most 15 digits are told apart by float64


def screen_columns(table: Table) -> None:
    """For each field: which cells are blank, plainly valid, or worth an exact look.

    Each distinct text is screened once (a date column holds a few hundred of them in a
    million cells), and the verdicts are spread back over the rows by their codes."""
    schema = table.resource.schema
    for spec in table.fields:
        texts, codes = _distinct_texts(table.cells[spec.name], spec)
        missing = (
            spec.missing_values if spec.has_defined("missing_values") else schema.missing_values
        )
        blank = as_bools(pc.is_in(texts, value_set=pa.array(missing, pa.string())))
        cells, readable = as_read(texts, spec)
        strict = ~blank & readable & _strict(cells, spec)
        flagged = ~blank & ~strict
        if spec.constraints.get("required"):
            flagged |= blank
        rows = np.flatnonzero(strict)
        plain = cells if len(rows) == len(cells) else pc.take(cells, rows)
        flagged[rows[_breaks_constraints(plain, spec)]] = True
        # A row without the cell (null) reads as None: blank, flagged only if required.
        table.columns[spec.name] = Column(
            texts,
            codes,
            np.append(blank, True),
            np.append(strict, False),
            np.append(flagged, bool(spec.constraints.get("required"))),
        )


def _distinct_texts(cells: pa.Array, spec: Any) -> tuple[pa.Array, np.ndarray]:
    """The texts to screen, and each row's as its position among them (or the number
    of texts, for a row without the cell): the distinct texts, or every cell as it is
    where most are distinct (see read_as)."""
    if read_as(spec) == pa.string() and not pa.types.is_dictionary(cells.type):
        codes = np.arange(len(cells))
        codes[as_bools(cells.is_null())] = len(cells)
        return pc.fill_null(cells, ""), codes
    encoded = cells if pa.types.is_dictionary(cells.type) else pc.dictionary_encode(cells)
    codes = pc.fill_null(encoded.indices, len(encoded.dictionary)).to_numpy()
    return encoded.dictionary, codes.astype(np.intp)


def as_read(cells: pa.Array, spec: Any) -> tuple[pa.Array, np.ndarray]:
    """A number's cells as frictionless's reader sees them once `bareNumber: false`,
    `groupChar` and `decimalChar` are applied, and which cells that holds for: only
    ASCII cells (RE2's `\\d` is Python's there), without a `.` where another decimal
    character is declared. The others are left to frictionless's reader."""
    options = set(spec.list_defined()) & {"bare_number", "group_char", "decimal_char"}
    if spec.type not in ("number", "integer") or not options:
        return cells, np.ones(len(cells), bool)
    readable = as_bools(pc.string_is_ascii(cells))
    if not spec.bare_number:
        cells = pc.replace_substring_regex(cells, r"^[^-0-9]*|[^0-9]*$", "")
    if spec.type == "number":
        if spec.group_char:
            cells = pc.replace_substring(cells, spec.group_char, "")
        if spec.decimal_char != ".":
            readable &= ~as_bools(pc.match_substring(cells, "."))
            cells = pc.replace_substring(cells, spec.decimal_char, ".")
    return cells, readable


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
    values, exact = comparable_values(cells, spec)
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


def comparable_values(cells: pa.Array, spec: Any) -> tuple[np.ndarray | pa.Array, np.ndarray]:
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
        texts = [canonical_text(a, kind) for a in allowed]
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


def canonical_text(value: Any, kind: str) -> str | None:
    """A value as one text, the same for equal values of its type (keys and enums)."""
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
