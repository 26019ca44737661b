"""Embargoes: content and data releases whose publication time has not come yet.

The build's notion of now is `NEWSROOM_NOW` (a setting, ISO 8601), else the
`SOURCE_DATE_EPOCH` environment variable, else the clock, so tests and reproducible
builds decide embargoes the same way every time. An embargoed article or data release
is left out of everything the build writes; a preview build (`NEWSROOM_PREVIEW`, which
writes to `preview/`, never `output/`) shows it under an "embargoed until" banner.

A data release is embargoed by `"published": "<ISO 8601 time>"` in its datapackage.json;
an article by a `Date:` in the future.
"""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from newsroom.core.errors import Location, NewsroomError
from newsroom.core.settings import setting
from newsroom.data.packages import ValidatedPackage

FRONT_MATTER_LINE = re.compile(r"^(?P<key>[A-Za-z][\w-]*)\s*:\s*(?P<value>.*)$")


def build_now(settings: dict[str, Any]) -> datetime:
    if now := setting(settings, "NEWSROOM_NOW"):
        return _aware(datetime.fromisoformat(str(now)), settings)
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), UTC)
    return datetime.now(UTC)


def site_timezone(settings: dict[str, Any]) -> ZoneInfo:
    """The zone the site's dates are written in (Pelican's TIMEZONE; UTC if unset)."""
    return ZoneInfo(settings.get("TIMEZONE") or "UTC")


def _aware(moment: datetime, settings: dict[str, Any]) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=site_timezone(settings))


def release_published(package: ValidatedPackage, settings: dict[str, Any]) -> datetime | None:
    text = package.descriptor.get("published")
    if not text:
        return None
    try:
        return _aware(datetime.fromisoformat(str(text).replace("Z", "+00:00")), settings)
    except ValueError:
        raise NewsroomError.single(
            "release-published-invalid",
            Location(package.display_path + "/datapackage.json", package=package.name,
                     field="published"),
            f'"published" is {text!r}, which is not a date and time.',
            'Write it in ISO 8601, e.g. "2021-07-12T09:30:00+01:00".',
        ) from None  # fmt: skip


def visible_releases(
    packages: list[ValidatedPackage], now: datetime, settings: dict[str, Any]
) -> list[ValidatedPackage]:
    """Each package as of now: an embargoed newest release gives way to the newest
    earlier one that is out; a package with no release out yet is left out."""
    visible = []
    for package in packages:
        releases = [package, *package.archive]
        out = [r for r in releases if (release_published(r, settings) or now) <= now]
        if out:
            newest, *earlier = out
            visible.append(dataclasses.replace(newest, archive=tuple(earlier)))
    return visible


def releases_to_come(
    packages: list[ValidatedPackage], now: datetime, settings: dict[str, Any]
) -> list[datetime]:
    """When each embargoed release comes out: the site changes then."""
    moments = [release_published(r, settings) for p in packages for r in (p, *p.archive)]
    return [moment for moment in moments if moment is not None and moment > now]


def embargoed_until(text: str, now: datetime, settings: dict[str, Any]) -> datetime | None:
    """The `Date:` of a Markdown file's text if it is still in the future, read from its
    front matter without rendering it (so that embargoed data it uses is never touched)."""
    for line in text.splitlines():
        match = FRONT_MATTER_LINE.match(line)
        if not match:
            break
        if match["key"].lower() == "date":
            try:
                moment = _aware(datetime.fromisoformat(match["value"].strip()), settings)
            except ValueError:
                return None  # Pelican reports a malformed date itself
            return moment if moment > now else None
    return None
