"""Step 1: find the data packages under `data/`, check them, validate them.

Nothing is written before every package has passed. Each package's descriptor is read
and its paths refused unless safe (`descriptors`) before its data is validated
(`validation`); earlier releases kept in its `archive/` folder are loaded the same way.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsroom.core.cache import ContentCache, data_hash
from newsroom.core.errors import Location, NewsroomError, NewsroomProblem
from newsroom.core.progress import BuildProgress
from newsroom.data.descriptors import (
    DESCRIPTOR_NAME,
    check_profile,
    display_path,
    is_inside,
    read_descriptor,
    unsafe_path_reason,
)
from newsroom.data.validation import validate_once

ARCHIVE_FOLDER = "archive"


@dataclass(frozen=True)
class TabularResource:
    """A CSV resource of a validated package."""

    package: str
    name: str
    path: Path
    relative_path: str
    title: str
    description: str
    encoding: str
    schema: dict[str, Any]
    # {field: {value in the data: value shown}}, for a run whose language the package
    # translates categorical values into (package_translations.py); empty otherwise.
    value_names: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.schema.get("fields", [])]

    def field(self, name: str) -> dict[str, Any]:
        return next(f for f in self.schema["fields"] if f["name"] == name)


@dataclass(frozen=True)
class ValidatedPackage:
    """A data package that passed our path checks and frictionless validation."""

    name: str
    folder: Path
    display_path: str
    descriptor: dict[str, Any]
    resources: tuple[TabularResource, ...]
    data_version: str
    archive: tuple[ValidatedPackage, ...] = ()
    # The status of its statistics (data/status.py), set by the build; "" if not stated.
    status: str = ""

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))

    @property
    def title(self) -> str:
        return self.descriptor.get("title") or self.name

    def resource(self, name: str) -> TabularResource | None:
        return next((r for r in self.resources if r.name == name), None)


def find_package_folders(data_root: Path) -> list[Path]:
    """Every folder directly under data_root holding a datapackage.json, sorted."""
    if not data_root.is_dir():
        return []
    return sorted(entry for entry in data_root.iterdir() if (entry / DESCRIPTOR_NAME).exists())


def load_packages(
    data_root: Path,
    project_root: Path,
    cache: ContentCache,
    progress: BuildProgress | None = None,
) -> list[ValidatedPackage]:
    """Check and validate every package; raise one NewsroomError listing all problems."""
    problems: list[NewsroomProblem] = []
    packages: list[ValidatedPackage] = []
    for folder in find_package_folders(data_root):
        try:
            package = _load_package(folder, data_root, project_root, cache)
            archive = _load_archive(package, data_root, project_root, cache)
            packages.append(dataclasses.replace(package, archive=archive))
            if progress is not None:
                progress.done("packages validated")
        except NewsroomError as error:
            problems.extend(error.problems)
    names = [p.name for p in packages]
    for name in sorted({n for n in names if names.count(n) > 1}):
        folders = ", ".join(p.display_path for p in packages if p.name == name)
        problems.append(
            NewsroomProblem(
                "package-name-duplicate",
                Location(folders, package=name),
                f"two packages are both named {name!r}.",
                "Give each package a unique 'name' in its datapackage.json.",
            )
        )
    if problems:
        raise NewsroomError(problems)
    return packages


def _load_archive(
    package: ValidatedPackage, data_root: Path, project_root: Path, cache: ContentCache
) -> tuple[ValidatedPackage, ...]:
    """Earlier releases kept in `<package>/archive/<version>/`, newest first."""
    problems: list[NewsroomProblem] = []
    versions: dict[str, ValidatedPackage] = {}
    for folder in find_package_folders(package.folder / ARCHIVE_FOLDER):
        try:
            old = _load_package(folder, data_root, project_root, cache)
        except NewsroomError as error:
            problems.extend(error.problems)
            continue
        where = Location(old.display_path + "/" + DESCRIPTOR_NAME, package=old.name)
        if old.name != package.name or not old.version or old.version == package.version:
            problems.append(
                NewsroomProblem(
                    "archive-version-invalid",
                    where,
                    f"an archived release must be package {package.name!r} with a version"
                    f" other than the current {package.version!r}; it is {old.name!r}"
                    f" version {old.version!r}.",
                    "Keep only earlier releases of this package in its archive folder.",
                )
            )
        elif old.version in versions:
            problems.append(
                NewsroomProblem(
                    "archive-version-duplicate",
                    where,
                    f"version {old.version!r} is archived twice.",
                    "Remove one of the two copies.",
                )
            )
        else:
            versions[old.version] = old
    if problems:
        raise NewsroomError(problems)
    return tuple(sorted(versions.values(), key=lambda p: _version_key(p.version), reverse=True))


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Sorts 1.10.0 after 1.9.0 and keeps any other text in order."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in version.split("."))


def _load_package(
    folder: Path, data_root: Path, project_root: Path, cache: ContentCache
) -> ValidatedPackage:
    descriptor_path = folder / DESCRIPTOR_NAME
    shown = display_path(descriptor_path, project_root)
    real_root = data_root.resolve()
    if not is_inside(descriptor_path.resolve(), real_root):
        raise NewsroomError.single(
            "unsafe-path",
            Location(shown),
            "this package is a link to a place outside data/.",
            "Copy the package into data/ instead of linking to it.",
        )
    descriptor = read_descriptor(descriptor_path, shown)
    name = descriptor.get("name") or folder.name
    check_profile(descriptor.get("profile"), Location(shown, package=name, field="profile"))
    resources = [
        _check_resource(resource, index, folder, name, shown, project_root)
        for index, resource in enumerate(descriptor.get("resources", []))
    ]
    if not resources:
        raise NewsroomError.single(
            "package-empty",
            Location(shown, package=name),
            "the package lists no resources.",
            "Add at least one CSV resource under 'resources'.",
        )
    hashed = data_hash(descriptor_path.read_bytes(), *(r.path.read_bytes() for r in resources))
    validate_once(name, descriptor, folder, resources, hashed, project_root, cache)
    return ValidatedPackage(
        name=name,
        folder=folder,
        display_path=display_path(folder, project_root),
        descriptor=descriptor,
        resources=tuple(resources),
        data_version=hashed[:12],
    )


def _check_resource(
    resource: object,
    index: int,
    folder: Path,
    package: str,
    shown: str,
    project_root: Path,
) -> TabularResource:
    if not isinstance(resource, dict):
        raise NewsroomError.single(
            "descriptor-property",
            Location(shown, package=package, field=f"resources[{index}]"),
            "each resource must be a JSON object.",
            "Write the resource as an object with 'name', 'path' and 'schema'.",
        )
    name = str(resource.get("name", f"resources[{index}]"))
    where = Location(shown, package=package, resource=name)
    check_profile(resource.get("profile"), dataclasses.replace(where, field="profile"))
    path = resource.get("path")
    if "data" in resource and path is None:
        raise NewsroomError.single(
            "resource-unsupported",
            Location(shown, package=package, resource=name, field="data"),
            "inline 'data' resources are not supported.",
            "Move the rows into a CSV file and give its name in 'path'.",
        )
    for prop in ("path", "schema", "dialect"):
        value = resource.get(prop)
        if prop != "path" and not isinstance(value, str):
            continue
        reason = unsafe_path_reason(value)
        if reason is None and not is_inside((folder / value).resolve(), folder.resolve()):
            reason = "it is a link to a place outside the package folder"
        if reason:
            raise NewsroomError.single(
                "unsafe-path",
                Location(shown, package=package, resource=name, field=prop),
                f"the {prop} {value!r} is refused: {reason}.",
                "Put the file inside the package folder and give its relative path.",
            )
    file = folder / path
    if not file.is_file():
        raise NewsroomError.single(
            "resource-missing",
            where,
            f"the file {display_path(file, project_root)!r} does not exist.",
            f"Add {path!r} to the package folder, or correct the resource's 'path'.",
        )
    if resource.get("format", file.suffix.lstrip(".")).lower() != "csv":
        raise NewsroomError.single(
            "resource-unsupported",
            Location(shown, package=package, resource=name, field="format"),
            f"the format {resource.get('format', file.suffix)!r} is not supported.",
            "Publish the table as CSV.",
        )
    schema = resource.get("schema")
    if isinstance(schema, str):
        schema = read_descriptor(folder / schema, display_path(folder / schema, project_root))
    if not isinstance(schema, dict) or not schema.get("fields"):
        raise NewsroomError.single(
            "schema-missing",
            Location(shown, package=package, resource=name, field="schema"),
            "the resource has no table schema with fields.",
            "Describe each column under 'schema': {'fields': [...]}.",
        )
    return TabularResource(
        package=package,
        name=name,
        path=file,
        relative_path=path,
        title=str(resource.get("title") or name),
        description=str(resource.get("description") or ""),
        encoding=str(resource.get("encoding") or "utf-8"),
        schema=schema,
    )
