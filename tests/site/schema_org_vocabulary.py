"""schema.org's own vocabulary file as a checker for JSON-LD (the vendored release in
tests/fixtures/schemaorg/).

What it checks of every node: its `@type` is a schema.org class; every property is a
schema.org property whose `domainIncludes` covers the node's type or one of its
superclasses; every value fits the property's `rangeIncludes`: a node by its type (or a
superclass), a string as Text, URL, Date or DateTime, a number as Number, a boolean as
Boolean, an `{"@id": ...}` reference where a URL or a class is allowed.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VOCABULARY = (
    Path(__file__).resolve().parents[1] / "fixtures/schemaorg/schemaorg-current-https.jsonld.gz"
)
CONTEXT = "https://schema.org"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")
URL = re.compile(r"^https?://\S+$")


def _ids(value: Any) -> list[str]:
    """`{"@id": "schema:X"}` or a list of them → ["X", ...] (schema.org terms only)."""
    items = value if isinstance(value, list) else [value] if value else []
    return [
        item["@id"].removeprefix("schema:") for item in items if item["@id"].startswith("schema:")
    ]


@dataclass(frozen=True, eq=False)
class Vocabulary:
    classes: dict[str, frozenset[str]]  # class → itself and all its superclasses
    domains: dict[str, frozenset[str]]  # property → domainIncludes
    ranges: dict[str, frozenset[str]]  # property → rangeIncludes

    def ancestors(self, name: str) -> frozenset[str]:
        return self.classes.get(name, frozenset({name}))

    def problems(self, data: Any, where: str = "") -> list[str]:
        """What does not fit the vocabulary in one JSON-LD document (a node or a list)."""
        found: list[str] = []
        for node in data if isinstance(data, list) else [data]:
            if node.get("@context") != CONTEXT:
                found.append(f"{where}: @context is {node.get('@context')!r}, not {CONTEXT!r}")
            found += self._node(node, where or "$")
        return found

    def _node(self, node: dict[str, Any], path: str) -> list[str]:
        types = node.get("@type")
        types = types if isinstance(types, list) else [types] if types else []
        if not types:
            return [f"{path}: a node without @type"]
        found = [
            f"{path}: @type {t!r} is not a schema.org class" for t in types if t not in self.classes
        ]
        covered = frozenset().union(*(self.ancestors(t) for t in types))
        for key, value in node.items():
            if key.startswith("@"):
                continue
            here = f"{path}.{key}"
            if key not in self.domains:
                found.append(f"{here}: {key!r} is not a schema.org property")
                continue
            if not self.domains[key] & covered:
                found.append(
                    f"{here}: {key!r} is not a property of {'/'.join(types)}"
                    f" (its domain: {', '.join(sorted(self.domains[key]))})"
                )
            for index, item in enumerate(value if isinstance(value, list) else [value]):
                found += self._value(item, self.ranges[key], f"{here}[{index}]")
        return found

    def _value(self, value: Any, allowed: frozenset[str], path: str) -> list[str]:
        accepted = frozenset().union(*(self._kinds_of(name) for name in allowed))
        if isinstance(value, dict) and "@value" in value:
            value = value["@value"]  # a language-tagged literal: its text
        if isinstance(value, dict) and "@type" in value:
            if not self.ancestors_of(value["@type"]) & allowed:
                return [
                    f"{path}: a {value['@type']} where {', '.join(sorted(allowed))} is expected"
                ]
            return self._node(value, path)
        if isinstance(value, dict):  # a reference by @id alone
            fits = "URL" in accepted or any(
                name in self.classes and not self._is_data_type(name) for name in allowed
            )
            kinds = {"reference"} if fits else set()
        elif isinstance(value, bool):
            kinds = {"Boolean"}
        elif isinstance(value, int | float):
            kinds = (
                {"Number", "Integer", "Float"} if isinstance(value, int) else {"Number", "Float"}
            )
        elif isinstance(value, str):
            kinds = {"Text"}
            kinds |= {"URL"} if URL.match(value) else set()
            kinds |= {"Date"} if DATE.match(value) else set()
            kinds |= {"DateTime"} if DATE_TIME.match(value) else set()
        else:
            kinds = set()
        if "reference" in kinds or kinds & accepted:
            return []
        return [f"{path}: {value!r} does not fit {', '.join(sorted(allowed))}"]

    def ancestors_of(self, types: str | list[str]) -> frozenset[str]:
        names = types if isinstance(types, list) else [types]
        return frozenset().union(*(self.ancestors(name) for name in names))

    def _kinds_of(self, name: str) -> frozenset[str]:
        """The value kinds a range name accepts: a data type and its subtypes (URL is a
        Text, Integer a Number)."""
        return frozenset(kind for kind in self.classes if name in self.ancestors(kind))

    def _is_data_type(self, name: str) -> bool:
        return bool(
            {"Text", "Number", "Boolean", "Date", "DateTime", "Time"} & self.ancestors(name)
        )


@functools.cache
def schema_org() -> Vocabulary:
    with gzip.open(VOCABULARY, "rt", encoding="utf-8") as file:
        graph = json.load(file)["@graph"]
    parents: dict[str, list[str]] = {}
    domains: dict[str, frozenset[str]] = {}
    ranges: dict[str, frozenset[str]] = {}
    for term in graph:
        kinds = term["@type"] if isinstance(term["@type"], list) else [term["@type"]]
        name = term["@id"].removeprefix("schema:")
        if "rdfs:Class" in kinds or "schema:DataType" in kinds:
            parents[name] = _ids(term.get("rdfs:subClassOf"))
        if "rdf:Property" in kinds:
            domains[name] = frozenset(_ids(term.get("schema:domainIncludes")))
            ranges[name] = frozenset(_ids(term.get("schema:rangeIncludes")))

    def ancestors(name: str) -> frozenset[str]:
        return frozenset({name}).union(*(ancestors(parent) for parent in parents.get(name, [])))

    return Vocabulary({name: ancestors(name) for name in parents}, domains, ranges)
