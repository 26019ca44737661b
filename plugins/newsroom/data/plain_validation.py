"""Step 1, quickest path: prove a plainly written package valid without frictionless.

A package qualifies when its descriptor uses only a narrow, plainly valid subset of the
Data Package standard (checked here in Python) and every CSV is plain comma CSV whose
cells are plainly spelt (checked in DuckDB, in SQL, reading each file once). Each check
may refuse what frictionless would accept, never the reverse: a refused package goes to
`fast_validation` and frictionless, which report the findings. A package this module
passes is one frictionless finds valid, as the parity tests show.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path
from typing import Any

SNIFF_LINES = 100  # frictionless sniffs the dialect from the first 100 lines
STRICT = {  # the plain spellings, valid for frictionless
    "integer": r"^-?[0-9]{1,18}$",
    "number": r"^-?[0-9]{1,30}(\.[0-9]{1,30})?$",
    "year": r"^[0-9]{4}$",
    "yearmonth": r"^[0-9]{4}-(0[1-9]|1[0-2])$",
    "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
}
# Syntax RE2 may read differently from Python's `re` (RE2 must never match more): other
# escapes, groups with options, POSIX classes, negated classes with escapes, odd braces.
RE2_UNSAFE = re.compile(
    r"\\[^dws.\-+*?()\[\]{}|^$\\/ ]|\(\?|\[[:\[]|\[\^[^\]]*\\|\{(?!\d+(,\d*)?\})"
)
NAME = re.compile(r"[-a-z0-9._/]+")  # frictionless's v1 name pattern, without `$`'s newline
PATH = re.compile(r"[A-Za-z0-9._/ -]+")  # no glob characters, no URL
CREATED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
TRANSLATIONS = "newsroom:translations"  # a custom property: frictionless leaves it alone
# Another: the build reads it (data/status.py); the validator's verdict ignores it.
STATUS = "newsroom:status"
PACKAGE_KEYS = {"profile", "name", "title", "description", "version", "homepage", "created",
                "keywords", "licenses", "sources", "contributors", "resources",
                TRANSLATIONS, STATUS}  # fmt: skip
LIST_ITEM_KEYS = {
    "licenses": {"name", "path", "title"},
    "sources": {"title", "path"},
    "contributors": {"title", "path", "organisation", "role"},
}
RESOURCE_TEXT = {"title", "description"}
RESOURCE_FIXED = {"format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                  "profile": "tabular-data-resource"}  # fmt: skip
FIELD_TEXT = {"title", "description", "unit"}
TYPES = ("string", "integer", "number", "year", "yearmonth")
KEY_TYPES = ("string", "integer", "year", "yearmonth")  # compared as text or as integers
CONSTRAINTS = {
    "string": {"required", "unique", "pattern"},
    "integer": {"required", "unique", "minimum", "maximum"},
    "number": {"required", "minimum", "maximum"},
    "year": {"required", "unique"},
    "yearmonth": {"required", "unique"},
}


class NotPlainError(Exception):
    """The package is outside the plain subset: validate it with frictionless."""


def plain_package_problem(descriptor: dict[str, Any], folder: Path) -> str | None:
    """None when the package is certainly valid for frictionless; else why we cannot tell."""
    try:
        resources = _plain_descriptor(descriptor)
        sources = [_plain_csv(resource, folder) for resource in resources]
        try:
            import duckdb  # only here: the build's other steps do not need it
        except ImportError:  # requirements.in lists it with the tools: frictionless will do
            return "DuckDB is not installed"
        with duckdb.connect() as connection:
            _materialise_referenced(connection, resources, sources)
            for resource, source in zip(resources, sources, strict=True):
                _check_table(connection, resource, source, resources, sources)
    except NotPlainError as reason:
        return str(reason)
    return None


def sniffs_as_plain_csv(data: bytes) -> bool:
    """Whether the sniffing of frictionless's CSV parser finds plain comma CSV."""
    end = -1
    for _ in range(SNIFF_LINES):
        end = data.find(b"\n", end + 1)
        if end < 0:
            break
    sample = (data if end < 0 else data[: end + 1]).decode("utf-8", errors="replace")
    try:
        sniffed = csv.Sniffer().sniff(sample, ",\t;|")
    except csv.Error:
        return True  # frictionless falls back to the excel dialect: plain comma CSV
    return sniffed.delimiter == "," and not sniffed.skipinitialspace and not sniffed.escapechar


# ---------------------------------------------------------------- the descriptor


def _require(condition: bool, reason: str) -> None:
    if not condition:
        raise NotPlainError(reason)


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _plain_translations(where: dict[str, Any]) -> None:
    """{"cy": {"title": "...", "values": {"...": "..."}}, ...}: texts by language, and a
    field's value names (see package_translations)."""
    value = where.get(TRANSLATIONS, {})
    _require(
        isinstance(value, dict)
        and all(
            isinstance(texts, dict) and all(_plain_text(k, t) for k, t in texts.items())
            for texts in value.values()
        ),
        TRANSLATIONS,
    )


def _plain_text(key: str, text: Any) -> bool:
    if key == "values":
        return isinstance(text, dict) and all(isinstance(t, str) for t in text.values())
    return isinstance(text, str)


def _plain_descriptor(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    _require(set(descriptor) <= PACKAGE_KEYS, "package properties outside the plain subset")
    _plain_translations(descriptor)
    profile = descriptor.get("profile", "data-package")
    _require(profile in ("data-package", "tabular-data-package"), "package profile")
    if "name" in descriptor:  # an explicit null is refused by frictionless's profile
        name = descriptor["name"]
        _require(isinstance(name, str) and bool(NAME.fullmatch(name)), "package name")
    for key in ("title", "description", "version", "homepage"):
        _require(isinstance(descriptor.get(key, ""), str), f"package {key}")
    if "created" in descriptor:
        created = descriptor["created"]
        _require(isinstance(created, str) and CREATED.fullmatch(created), "created")
        try:
            datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            raise NotPlainError("created") from None
    _require(_texts(descriptor.get("keywords", [])), "keywords")
    for key, allowed in LIST_ITEM_KEYS.items():
        items = descriptor.get(key, [])
        _require(isinstance(items, list), key)
        for item in items:
            _require(isinstance(item, dict) and set(item) <= allowed, key)
            _require(all(isinstance(v, str) for v in item.values()), key)
            _require(key != "licenses" or bool(item.get("name") or item.get("path")), key)
    resources = descriptor.get("resources")
    _require(isinstance(resources, list) and bool(resources), "resources")
    for resource in resources:
        _plain_resource(resource, tabular=profile == "tabular-data-package")
    names = [r["name"] for r in resources]
    _require(len(set(names)) == len(names), "resource names repeat")
    for resource in resources:
        for key in resource["schema"].get("foreignKeys", []):
            _plain_foreign_key(resource, key, resources)
    return resources


def _plain_resource(resource: object, tabular: bool) -> None:
    _require(isinstance(resource, dict), "resource")
    assert isinstance(resource, dict)
    allowed = {"name", "path", "schema", TRANSLATIONS, *RESOURCE_TEXT, *RESOURCE_FIXED}
    _require(set(resource) <= allowed, "resource properties outside the plain subset")
    _plain_translations(resource)
    name = resource.get("name")
    _require(isinstance(name, str) and bool(NAME.fullmatch(name)), "resource name")
    _require(isinstance(resource.get("path"), str), "resource path")
    _require(all(isinstance(resource.get(k, ""), str) for k in RESOURCE_TEXT), "resource text")
    for key, value in RESOURCE_FIXED.items():
        _require(resource.get(key, value) == value, f"resource {key}")
    _require(resource.get("encoding") == "utf-8", "encoding not declared utf-8")
    _require(not tabular or resource.get("profile") == "tabular-data-resource", "profile")
    _require(resource["path"].endswith(".csv"), "not a .csv file")
    schema = resource.get("schema")
    _require(isinstance(schema, dict), "schema not inline")
    assert isinstance(schema, dict)
    _require(set(schema) <= {"fields", "primaryKey", "foreignKeys", "missingValues"}, "schema")
    _require(_texts(schema.get("missingValues", [])), "missingValues")
    fields = schema.get("fields")
    _require(isinstance(fields, list) and bool(fields), "fields")
    for field in fields:
        _plain_field(field)
    names = [f["name"] for f in fields]
    _require(len(set(names)) == len(names), "field names repeat")
    key = schema.get("primaryKey", [])
    _require(_texts(key) and len(set(key)) == len(key) and set(key) <= set(names), "primaryKey")
    _require(all(_field(resource, n)["type"] in KEY_TYPES for n in key), "primaryKey type")
    _require(isinstance(schema.get("foreignKeys", []), list), "foreignKeys")


def _plain_field(field: object) -> None:
    _require(isinstance(field, dict), "field")
    assert isinstance(field, dict)
    allowed = {"name", "type", "format", "constraints", "headline", TRANSLATIONS, *FIELD_TEXT}
    _require(set(field) <= allowed, "field properties outside the plain subset")
    _plain_translations(field)
    _require(isinstance(field.get("headline", False), bool), "headline")
    _require(isinstance(field.get("name"), str) and bool(field["name"]), "field name")
    _require(field.get("type") in TYPES and field.get("format", "default") == "default", "type")
    _require(all(isinstance(field.get(k, ""), str) for k in FIELD_TEXT), "field text")
    constraints = field.get("constraints", {})
    _require(isinstance(constraints, dict), "constraints")
    _require(set(constraints) <= CONSTRAINTS[field["type"]], "constraints")
    for name, value in constraints.items():
        if name in ("required", "unique"):
            _require(isinstance(value, bool), name)
        elif name == "pattern":
            _require(isinstance(value, str) and not RE2_UNSAFE.search(value), name)
            try:
                re.compile(f"^{value}$")
            except re.error:
                raise NotPlainError(name) from None
        elif field["type"] == "integer":
            _require(type(value) is int and abs(value) < 2**62, name)
        else:
            _require(type(value) in (int, float) and abs(value) < 1e300, name)


def _plain_foreign_key(
    resource: dict[str, Any], key: object, resources: list[dict[str, Any]]
) -> None:
    _require(isinstance(key, dict) and set(key) == {"fields", "reference"}, "foreignKeys")
    assert isinstance(key, dict)
    reference = key["reference"]
    _require(isinstance(reference, dict) and set(reference) == {"resource", "fields"}, "reference")
    ours, theirs = key["fields"], reference["fields"]
    _require(_texts(ours) and _texts(theirs) and 0 < len(ours) == len(theirs), "key fields")
    source = _referenced(resource, reference["resource"], resources)
    for mine, other in zip(ours, theirs, strict=True):
        field, their_field = _field(resource, mine), _field(source, other)
        _require(field["type"] == their_field["type"] in KEY_TYPES, "key types")


def _referenced(
    resource: dict[str, Any], name: object, resources: list[dict[str, Any]]
) -> dict[str, Any]:
    _require(isinstance(name, str), "reference resource")
    if name in ("", resource["name"]):
        return resource
    found = [r for r in resources if r["name"] == name]
    _require(bool(found), "reference to an unknown resource")
    return found[0]


def _field(resource: dict[str, Any], name: str) -> dict[str, Any]:
    found = [f for f in resource["schema"]["fields"] if f["name"] == name]
    _require(bool(found), f"no field {name!r}")
    return found[0]


# ---------------------------------------------------------------- the rows, in DuckDB


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _plain_csv(resource: dict[str, Any], folder: Path) -> str:
    """The CSV's rows as DuckDB reads them (text columns c0, c1, ...), after checking that
    frictionless reads the same rows: its header is the field names, no quotes, no empty
    lines, no carriage returns, plain comma CSV as frictionless sniffs it."""
    path = folder / resource["path"]
    _require(bool(PATH.fullmatch(str(path))), "a path DuckDB might read as a pattern or URL")
    data = path.read_bytes()
    names = [f["name"] for f in resource["schema"]["fields"]]
    header_end = data.find(b"\n") + 1 or len(data)
    _require(data[:header_end].rstrip(b"\n") == ",".join(names).encode(), "header")
    _require(all(("," not in n and '"' not in n and n == n.strip()) for n in names), "names")
    for text, reason in ((b'"', "quotes"), (b"\r", "carriage returns"), (b"\x00", "NUL")):
        _require(text not in data, reason)
    _require(b"\n\n" not in data, "empty lines")
    _require(sniffs_as_plain_csv(data), "the CSV dialect is not plain comma CSV")
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(names)))
    return (
        f"read_csv({_text(str(path))}, header = true, auto_detect = false, delim = ',',"
        f" quote = '', escape = '', comment = '', skip = 0, new_line = '\\n',"
        f" columns = {{{columns}}},"
        " strict_mode = true, null_padding = false)"
    )


def _materialise_referenced(
    connection: Any, resources: list[dict[str, Any]], sources: list[str]
) -> None:
    """Tables that foreign keys refer to are read once into memory, as t<number>."""
    referenced = {
        _referenced(resource, key["reference"]["resource"], resources)["name"]
        for resource in resources
        for key in resource["schema"].get("foreignKeys", [])
    }
    for number, resource in enumerate(resources):
        if resource["name"] in referenced:
            _fetch(connection, f"create temporary table t{number} as from {sources[number]}")
            sources[number] = f"t{number}"


def _cell(resource: dict[str, Any], index: int, table: str = "") -> str:
    """The cell's text; without quotes, only an empty cell reads as NULL."""
    missing = resource["schema"].get("missingValues", [""])
    return f"{table}c{index}" if "" in missing else f"coalesce({table}c{index}, '')"


def _blank(resource: dict[str, Any], index: int, table: str = "") -> str:
    missing = resource["schema"].get("missingValues", [""])
    tests = [f"{table}c{index} is null"] if "" in missing else []
    others = [_text(m) for m in missing if m]
    tests += [f"{table}c{index} in ({', '.join(others)})"] if others else []
    return " or ".join(tests) or "false"


def _breaks(resource: dict[str, Any], index: int) -> list[str]:
    """SQL conditions on a non-blank cell that frictionless could find wrong."""
    field = resource["schema"]["fields"][index]
    cell, kind = _cell(resource, index), field["type"]
    conditions = [] if kind == "string" else [f"not regexp_matches({cell}, {_text(STRICT[kind])})"]
    for name, value in field.get("constraints", {}).items():
        if name == "pattern":
            conditions.append(f"not regexp_matches({cell}, {_text(f'^(?:^{value}$)')})")
        elif name in ("minimum", "maximum"):
            sign = "<" if name == "minimum" else ">"
            if kind == "integer":
                conditions.append(f"try_cast({cell} as bigint) {sign} {value}")
            else:  # near the bound as doubles (rounded) may be beyond it: refused too
                margin = abs(float(value)) * 1e-9 * (1 if name == "minimum" else -1)
                conditions.append(f"try_cast({cell} as double) {sign}= {float(value) + margin!r}")
    return conditions


def _key(resource: dict[str, Any], names: list[str], table: str = "") -> list[str]:
    """Key values as compared by frictionless: integers as numbers, others as written;
    NULL for a blank cell."""
    fields = resource["schema"]["fields"]
    values = []
    for name in names:
        index = next(i for i, f in enumerate(fields) if f["name"] == name)
        cell = _cell(resource, index, table)
        value = f"try_cast({cell} as bigint)" if fields[index]["type"] == "integer" else cell
        blank = _blank(resource, index, table)
        simple = blank == f"{table}c{index} is null"  # NULL already
        values.append(value if simple else f"case when {blank} then null else {value} end")
    return values


def _any_blank(resource: dict[str, Any], names: list[str]) -> list[str]:
    fields = [f["name"] for f in resource["schema"]["fields"]]
    return [f"({_blank(resource, fields.index(n))})" for n in names]


def _check_table(
    connection: Any,
    resource: dict[str, Any],
    source: str,
    resources: list[dict[str, Any]],
    sources: list[str],
) -> None:
    """One scan for the cells, blank rows, keys and references. A key with a blank cell is
    refused (frictionless's rules for those are subtler), and so is a repeated hash of a
    primary key (a collision at worst)."""
    fields, schema = resource["schema"]["fields"], resource["schema"]
    bad = []
    for index, field in enumerate(fields):
        blank = _blank(resource, index)
        if field.get("constraints", {}).get("required"):
            bad.append(f"({blank})")
        bad.extend(f"(not ({blank}) and {c})" for c in _breaks(resource, index))
    bad.append(" and ".join(f"({_blank(resource, i)})" for i in range(len(fields))))
    primary = schema.get("primaryKey", [])
    for key in schema.get("foreignKeys", []):
        bad.extend(_any_blank(resource, key["fields"]))
        target = _referenced(resource, key["reference"]["resource"], resources)
        ours = _key(resource, key["fields"], "a.")
        theirs = _key(target, key["reference"]["fields"], "b.")
        same = " and ".join(f"{o} = {t}" for o, t in zip(ours, theirs, strict=True))
        their_rows = sources[resources.index(target)]
        bad.append(f"not exists (select 1 from {their_rows} b where {same})")
    bad.extend(_any_blank(resource, primary))
    counts = [f"count(*) filter (where {' or '.join(bad)})"]
    for field in fields:
        if field.get("constraints", {}).get("unique"):
            (value,) = _key(resource, [field["name"]])
            counts.append(f"count({value}) - count(distinct {value})")
    if primary:
        counts.append(f"count(*) - count(distinct hash({', '.join(_key(resource, primary))}))")
    found = _fetch(connection, f"select {', '.join(counts)} from {source} a")
    _require(not any(found), "a cell, row or key frictionless may find wrong")


def _fetch(connection: Any, query: str) -> tuple[Any, ...]:
    import duckdb

    try:
        return connection.execute(query).fetchone() or ()
    except duckdb.Error as error:  # ragged rows, invalid UTF-8: frictionless says where
        raise NotPlainError(f"DuckDB could not read a table plainly: {error}") from None
