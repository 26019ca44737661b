"""What a setting's value must look like, beyond its type: each check returns what is
wrong with a value, in a sentence, or "" (core/settings.py's table names them)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from newsroom.core.vocabularies import LICENCE_TYPES, licence_types

WKT_NUMBER = r"-?\d+(?:\.\d+)?"
WKT_PAIR = rf"{WKT_NUMBER} {WKT_NUMBER}"


def iri(value: str) -> str:
    parts = urlsplit(value)
    if (
        parts.scheme in ("http", "https")
        and parts.netloc
        and not re.search(r"[\s<>\"{}|\\^`]", value)
    ):
        return ""
    return f"{value!r} is not an IRI (an absolute http or https address)."


def wkt(kind: str, body: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if re.fullmatch(rf"{kind} ?{body}", value.strip()):
            return ""
        return f"{value!r} is not a WKT {kind} of longitudes and latitudes."

    return check


def listed(value: str, known: dict[str, Any]) -> str:
    if value in known:
        return ""
    return f"{value!r} is not one of {', '.join(known)}."


def listed_each(values: list[str], known: dict[str, Any]) -> str:
    return " ".join(wrong for value in values if (wrong := listed(value, known)))


def known_licence(value: str) -> str:
    if licence_types(value):
        return ""
    known = ", ".join(f"https://{url}/" for url in LICENCE_TYPES)
    return f"{value!r} is not a licence whose kind the catalogue knows: {known}."


def contact(value: dict[str, Any]) -> str:
    unknown = sorted(set(value) - {"name", "email", "url"})
    if unknown:
        return f"{', '.join(map(repr, unknown))}: the keys are name, email and url."
    if not isinstance(value.get("name"), str) or not value["name"].strip():
        return "it has no name."
    if not (value.get("email") or value.get("url")):
        return "it has neither an email nor a url."
    if value.get("email") and not re.fullmatch(r"[^@\s:/]+@[^@\s/]+\.[^@\s/]+", value["email"]):
        return f"{value['email']!r} is not an email address."
    return iri(value["url"]) if value.get("url") else ""
