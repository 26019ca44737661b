"""Step 2: load validated CSV resources into pandas with the types their schema declares.

Tables are loaded lazily, once per build, and only after validation has passed, so
every conversion here is known to succeed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from newsroom.core.lazy_import import lazy_module
from newsroom.data.disclosure import cell_symbols
from newsroom.data.packages import TabularResource, ValidatedPackage

pd = lazy_module("pandas")

# Characters XML 1.0 cannot hold (feeds, SVG): vl-convert aborts the process on them.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
DATE_FORMATS = {"date": "%Y-%m-%d", "yearmonth": "%Y-%m", "year": "%Y"}


def load_table(resource: TabularResource) -> pd.DataFrame:
    """Read a resource's CSV and convert every column to its schema type."""
    return load_table_and_symbols(resource)[0]


def load_table_and_symbols(resource: TabularResource) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The typed table, and the GSS symbol each cell holds in place of a value
    (disclosure.cell_symbols: a column for each field that holds any)."""
    missing = resource.schema.get("missingValues", [""])
    raw = pd.read_csv(
        resource.path,
        dtype=str,
        keep_default_na=False,
        encoding=resource.encoding,
    )
    table = pd.DataFrame(index=raw.index)
    for spec in resource.schema["fields"]:
        column = raw[spec["name"]].where(~raw[spec["name"]].isin(missing))
        table[spec["name"]] = convert_column(column, spec)
    return table, cell_symbols(raw, resource)


def convert_column(column: pd.Series, spec: dict[str, Any]) -> pd.Series:
    kind = spec.get("type", "string")
    if kind in ("integer", "year"):
        return pd.to_numeric(column).astype("Int64")
    if kind == "number":
        return pd.to_numeric(column).astype("Float64")
    if kind == "boolean":
        true_values = spec.get("trueValues", ["true", "True", "TRUE", "1"])
        return column.map(lambda v: pd.NA if pd.isna(v) else v in true_values).astype("boolean")
    if kind in ("date", "yearmonth"):
        return pd.to_datetime(column, format=DATE_FORMATS[kind])
    if kind == "datetime":
        return pd.to_datetime(column)
    # XML 1.0 cannot hold these (feeds, SVG); the published CSV keeps them.
    return column.astype("string").str.replace(XML_INVALID.pattern, "", regex=True)


@dataclass
class DataCatalog:
    """Every validated package of the site, with their tables loaded on first use."""

    packages: dict[str, ValidatedPackage]
    _tables: dict[tuple[str, str, str], pd.DataFrame] = field(default_factory=dict)
    _symbols: dict[tuple[str, str, str], pd.DataFrame] = field(default_factory=dict)

    def table(self, package: str, resource: str) -> pd.DataFrame:
        release = self.packages[package]
        key = (package, release.data_version, resource)
        if key not in self._tables:
            found = release.resource(resource)
            assert found is not None, key
            self._tables[key], self._symbols[key] = load_table_and_symbols(found)
        return self._tables[key]

    def symbols(self, package: str, resource: str) -> pd.DataFrame:
        """The GSS symbols in the table's cells, by the table's row labels."""
        self.table(package, resource)
        return self._symbols[(package, self.packages[package].data_version, resource)]

    def releases(self) -> str:
        """Every package's version and data version: what results made from this
        catalogue are kept by (readings, figures)."""
        return repr(sorted((n, p.version, p.data_version) for n, p in self.packages.items()))

    def release_table(self, release: ValidatedPackage, resource: str) -> pd.DataFrame:
        """A table of any release of a package, current or archived."""
        return self.as_of({release.name: release.version}).table(release.name, resource)

    def release_symbols(self, release: ValidatedPackage, resource: str) -> pd.DataFrame:
        """The GSS symbols in the cells of a table of any release (symbols())."""
        return self.as_of({release.name: release.version}).symbols(release.name, resource)

    def as_of(self, versions: dict[str, str]) -> DataCatalog:
        """The catalogue with the named packages at the given releases (current or
        archived), sharing loaded tables; None values and unknown names are ignored."""
        packages = dict(self.packages)
        for name, version in versions.items():
            current = self.packages.get(name)
            if current is None:
                continue
            release = next((r for r in (current, *current.archive) if r.version == version), None)
            if release is not None:
                packages[name] = release
        return DataCatalog(packages, self._tables, self._symbols)


def xml_safe(value: Any) -> Any:
    """Text, lists and mappings without the characters XML cannot hold."""
    if isinstance(value, str):
        return XML_INVALID.sub("", value)
    if isinstance(value, list):
        return [xml_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    return value
