"""Step 1b: the status of each package's statistics, and how every output names it.

A package declares `"newsroom:status"` in its datapackage.json; a package published
unchanged from another publisher gets its status from `NEWSROOM_PACKAGE_STATUS` instead.
The one place that maps a status to its label, its notice and the words generated
articles use: each is in the run's language (the theme's message catalogue).

`newsroom validate` does not read the status: it is the build's business.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from newsroom.core.errors import Location, NewsroomError, NewsroomProblem
from newsroom.core.languages import interface_text
from newsroom.core.settings import setting
from newsroom.data.descriptors import DESCRIPTOR_NAME
from newsroom.data.packages import ValidatedPackage

PROPERTY = "newsroom:status"
SETTING = "NEWSROOM_PACKAGE_STATUS"
ILLUSTRATIVE = "illustrative"
NOT_STATED = ""

# Each status and its label; the literal calls are what the catalogue check finds.
_LABELS: dict[str, Callable[[], str]] = {
    "accredited-official": lambda: interface_text("Accredited official statistics"),
    "official": lambda: interface_text("Official statistics"),
    "official-in-development": lambda: interface_text("Official statistics in development"),
    "management-information": lambda: interface_text("Management information"),
    ILLUSTRATIVE: lambda: interface_text("Illustrative data"),
}
STATUSES = tuple(_LABELS)

# What generated articles call the latest numbers: "The latest <words> for …".
_FIGURES_WORDS: dict[str, Callable[[], str]] = {
    "accredited-official": lambda: interface_text("accredited official statistics"),
    "official": lambda: interface_text("official statistics"),
    "official-in-development": lambda: interface_text("official statistics in development"),
    "management-information": lambda: interface_text("management information"),
    ILLUSTRATIVE: lambda: interface_text("illustrative figures"),
}


def status_label(status: str) -> str:
    """The label shown next to every number of a package: "Illustrative data"."""
    return _LABELS[status]() if status in _LABELS else interface_text("Status not stated")


def status_notice(status: str) -> str:
    """The notice illustrative data carries wherever it is shown; empty for any other."""
    if status != ILLUSTRATIVE:
        return ""
    return interface_text(
        "These values are invented to show how the site works: do not quote them."
    )


def status_text(status: str) -> str:
    """The label and notice as one line, for files (XLSX, README, social cards)."""
    return " ".join(part for part in (status_label(status) + ".", status_notice(status)) if part)


def figures_words(statuses: list[str]) -> str:
    """What the latest numbers of packages of these statuses are: "illustrative figures";
    "figures" when they differ or one is not stated."""
    found = set(statuses)
    if len(found) == 1 and (status := found.pop()) in _FIGURES_WORDS:
        return _FIGURES_WORDS[status]()
    return interface_text("figures")


def with_statuses(
    packages: list[ValidatedPackage], settings: dict[str, Any]
) -> tuple[list[ValidatedPackage], list[NewsroomProblem]]:
    """Each package (and its archived releases) with its status; raises NewsroomError on
    an unknown status; returns the warnings for packages whose status is not stated."""
    errors: list[NewsroomProblem] = []
    warnings: list[NewsroomProblem] = []
    given = setting(settings, SETTING)
    out = []
    for package in packages:
        releases = []
        for release in (package, *package.archive):
            status, problem = _status(release, given)
            if problem:
                errors.append(problem)
            releases.append(dataclasses.replace(release, status=status))
        out.append(dataclasses.replace(releases[0], archive=tuple(releases[1:])))
        if not releases[0].status and package.name not in {p.location.package for p in errors}:
            warnings.append(_not_stated(package))
    for name in sorted(set(given) - {p.name for p in packages}):
        errors.append(
            NewsroomProblem(
                "package-status-invalid",
                Location("pelicanconf.py", package=str(name), field=SETTING),
                f"{SETTING} gives a status to {name!r}, which is not a package in data/.",
                "Correct the package's name, or remove it from the setting.",
            )
        )
    if errors:
        raise NewsroomError(errors)
    return out, warnings


def _status(package: ValidatedPackage, given: dict[str, Any]) -> tuple[str, NewsroomProblem | None]:
    allowed = ", ".join(f'"{s}"' for s in STATUSES)
    declared = package.descriptor.get(PROPERTY)
    if declared is not None:
        where = Location(f"{package.display_path}/{DESCRIPTOR_NAME}", package=package.name)
        where = dataclasses.replace(where, field=PROPERTY)
        source = f'"{PROPERTY}"'
    else:
        declared = given.get(package.name)
        where = Location("pelicanconf.py", package=package.name, field=SETTING)
        source = f"{SETTING}[{package.name!r}]"
    if declared is None:
        return NOT_STATED, None
    if declared in STATUSES:
        return str(declared), None
    return NOT_STATED, NewsroomProblem(
        "package-status-invalid",
        where,
        f"{source} is {declared!r}, which is not a status of statistics.",
        f"Use one of {allowed}.",
    )


def _not_stated(package: ValidatedPackage) -> NewsroomProblem:
    return NewsroomProblem(
        "package-status-missing",
        Location(f"{package.display_path}/{DESCRIPTOR_NAME}", package=package.name),
        f"the package {package.name!r} does not say what its statistics are: its pages,"
        ' charts and downloads are labelled "Status not stated".',
        f'Add "{PROPERTY}" to its datapackage.json, or, for a package published unchanged'
        f' from another publisher, set {SETTING} = {{"{package.name}": "official"}} in'
        f" pelicanconf.py; one of {', '.join(STATUSES)}.",
    )
