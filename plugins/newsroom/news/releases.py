"""Step 3e: what news says about a data release, from its data.

A release's date; its one time field and its headline fields (`"headline": true` in its
schema), the first of which its article's chart draws; and what it adds, removes and
revises since the previous release, with the periods it covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from newsroom.core.lazy_import import lazy_module
from newsroom.data.packages import TabularResource, ValidatedPackage
from newsroom.data.selection import PUBLISHED_FORMATS
from newsroom.data.tables import DataCatalog

pd = lazy_module("pandas")

TIME_TYPES = ("date", "yearmonth", "year")


@dataclass(frozen=True)
class ReleaseChanges:
    rows_added: int
    rows_removed: int
    values_revised: int
    first_period: str
    last_period: str
    summary: str


def release_date(package: ValidatedPackage, timezone: str) -> str:
    """When the release came out, as the Date of the articles it writes: in the site's
    time zone (`TIMEZONE`), which is how Pelican reads a Date. A descriptor's time that
    names its zone (`2021-07-01T00:00:00Z`) is moved into the site's: read as written, it
    would put the article an hour early in a British summer."""
    descriptor = package.descriptor
    text = str(
        descriptor.get("published")
        or descriptor.get("modified")
        or descriptor.get("created")
        or "1970-01-01"
    )
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:  # not ISO 8601 as Python reads it: kept as written
        return text[:16].replace("T", " ")
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(timezone))
    return moment.strftime("%Y-%m-%d %H:%M")


def time_field(resource: TabularResource) -> str | None:
    fields = [f["name"] for f in resource.schema["fields"] if f.get("type") in TIME_TYPES]
    return fields[0] if len(fields) == 1 else None


def headline_fields(resource: TabularResource) -> list[str]:
    return [f["name"] for f in resource.schema["fields"] if f.get("headline") is True]


def period_text(value: Any, spec: dict[str, Any]) -> str:
    """A period written as the data writes it (2021-06 for a month)."""
    kind = spec.get("type")
    if kind == "year":
        return str(int(value))
    return pd.Timestamp(value).strftime(PUBLISHED_FORMATS[kind])


def release_changes(
    release: ValidatedPackage, previous: ValidatedPackage | None, catalog: DataCatalog
) -> ReleaseChanges:
    """What a release adds, removes and revises in its keyed resources."""
    added = removed = revised = 0
    periods: list[str] = []
    for resource in release.resources:
        key = resource.schema.get("primaryKey")
        new = catalog.release_table(release, resource.name)
        time = time_field(resource)
        if time:
            periods += [period_text(v, resource.field(time)) for v in new[time].dropna()]
        old_resource = previous.resource(resource.name) if previous else None
        if not key or old_resource is None:
            added += len(new) if previous is not None else 0
            continue
        keys = [key] if isinstance(key, str) else list(key)
        old = catalog.release_table(previous, old_resource.name)
        merged = new.merge(old, on=keys, how="outer", suffixes=("", "_old"), indicator=True)
        added += int((merged["_merge"] == "left_only").sum())
        removed += int((merged["_merge"] == "right_only").sum())
        both = merged[merged["_merge"] == "both"]
        value_columns = [c for c in resource.field_names if c not in keys]
        changed = pd.Series(False, index=both.index)
        for column in value_columns:
            if column + "_old" in both:
                a, b = both[column].astype(str), both[column + "_old"].astype(str)
                changed |= a != b
        revised += int(changed.sum())
    first, last = (min(periods), max(periods)) if periods else ("", "")
    if previous is None:
        summary = f"This is the first release, covering {first} to {last}." if first else ""
    else:
        parts = [f"adds {added:,} rows"] if added else []
        parts += [f"removes {removed:,}"] if removed else []
        parts += [f"revises {revised:,} earlier values"] if revised else []
        summary = (
            f"Version {release.version} "
            + (", ".join(parts) if parts else "changes no values")
            + (f", and now covers {first} to {last}." if first else ".")
        )
    return ReleaseChanges(added, removed, revised, first, last, summary)


def release_headline(release: ValidatedPackage) -> dict[str, str] | None:
    """The resource, headline field and time field a release's chart draws."""
    for resource in release.resources:
        fields, time = headline_fields(resource), time_field(resource)
        if fields and time:
            spec = resource.field(fields[0])
            return {
                "resource": resource.name,
                "field": fields[0],
                "title": str(spec.get("title") or fields[0]),
                "time_field": time,
                "aggregate": "sum" if spec.get("type") == "integer" else "mean",
            }
    return None
