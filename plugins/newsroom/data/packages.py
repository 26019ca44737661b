"""Step 1: find the data packages under `data/`, refuse unsafe paths, validate them.

Nothing is written before every package has passed. Paths are checked by us before
frictionless opens anything, because frictionless fetches `http(s)` paths and follows
symlinks. A plainly written package is proven valid by `plain_validation` (DuckDB, no
frictionless import); any other goes to `fast_validation` when it supports the package,
to frictionless otherwise, with the same findings. Validation results are cached by a hash
of the descriptor, every resource file and the frictionless version.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from newsroom.core.cache import ContentCache, code_version, content_key
from newsroom.core.error_codes import frictionless_code
from newsroom.core.errors import Location, NewsroomError, NewsroomProblem
from newsroom.core.progress import BuildProgress
from newsroom.data.plain_validation import plain_package_problem

if TYPE_CHECKING:
    import frictionless

DESCRIPTOR_NAME = "datapackage.json"
ARCHIVE_FOLDER = "archive"
MAX_ERRORS_PER_RESOURCE = 10
STANDARD_PROFILES = {
    "data-package",
    "tabular-data-package",
    "data-resource",
    "tabular-data-resource",
}
ASCII_COMPATIBLE = {"utf-8", "utf8", "utf-8-sig", "ascii", "us-ascii"}
READABLE_TYPES = {
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "date": "a date written YYYY-MM-DD",
    "datetime": "a date and time written YYYY-MM-DDThh:mm:ss",
    "time": "a time written hh:mm:ss",
    "year": "a year written YYYY",
    "yearmonth": "a year and month written YYYY-MM",
    "object": "a JSON object",
    "array": "a JSON array",
    "geopoint": "a point written LON,LAT",
}


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


def _display(path: Path, project_root: Path) -> str:
    try:
        return path.relative_to(project_root).as_posix()
    except ValueError:
        return path.as_posix()


def _load_package(
    folder: Path, data_root: Path, project_root: Path, cache: ContentCache
) -> ValidatedPackage:
    descriptor_path = folder / DESCRIPTOR_NAME
    shown = _display(descriptor_path, project_root)
    real_root = data_root.resolve()
    if not _is_inside(descriptor_path.resolve(), real_root):
        raise NewsroomError.single(
            "unsafe-path",
            Location(shown),
            "this package is a link to a place outside data/.",
            "Copy the package into data/ instead of linking to it.",
        )
    descriptor = _read_descriptor(descriptor_path, shown)
    name = descriptor.get("name") or folder.name
    _check_profile(descriptor.get("profile"), Location(shown, package=name, field="profile"))
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
    key = content_key(
        version("frictionless"),
        descriptor_path.read_bytes(),
        *(r.path.read_bytes() for r in resources),
    )
    # The data version names the data; the verdict also depends on our own checks.
    verdict = content_key(key, code_version())
    if cache.get("validation", verdict) is None:
        if plain_package_problem(descriptor, folder) is not None:
            for raw, resource in zip(descriptor["resources"], resources, strict=True):
                _check_width(resource, raw, _display(resource.path, project_root))
            _validate_with_frictionless(descriptor_path, name, folder, project_root)
        cache.put("validation", verdict, b"valid")
    return ValidatedPackage(
        name=name,
        folder=folder,
        display_path=_display(folder, project_root),
        descriptor=descriptor,
        resources=tuple(resources),
        data_version=key[:12],
    )


def _read_descriptor(path: Path, shown: str) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise NewsroomError.single(
            "descriptor-encoding",
            Location(shown),
            f"the file is not UTF-8 text (byte {error.start}).",
            "Save datapackage.json as UTF-8.",
        ) from None
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as error:
        raise NewsroomError.single(
            "descriptor-json",
            Location(shown, line=error.lineno),
            f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}.",
            "Fix the JSON syntax (a missing comma or quote is the usual cause).",
        ) from None
    if not isinstance(descriptor, dict):
        raise NewsroomError.single(
            "descriptor-json",
            Location(shown),
            "the descriptor must be a JSON object.",
            'Start the file with "{" and list the package\'s properties.',
        )
    if not isinstance(descriptor.get("resources", []), list):
        raise NewsroomError.single(
            "descriptor-property",
            Location(shown, field="resources"),
            "'resources' must be a list.",
            "Write 'resources' as a JSON array of resource objects.",
        )
    return descriptor


def unsafe_path_reason(path: object) -> str | None:
    """Why a descriptor path may not be used, or None when it is a safe relative path."""
    if not isinstance(path, str) or not path:
        return "it is not a file name"
    if "://" in path or path.startswith("file:"):
        return "it is a URL; the build reads local files only"
    if path.startswith(("/", "\\", "~", "$")) or (len(path) > 1 and path[1] == ":"):
        return "it is an absolute path"
    if "\\" in path or ".." in PurePosixPath(path).parts:
        return "it leaves the package folder"
    return None


def _check_profile(profile: object, where: Location) -> None:
    """frictionless fetches a profile that is a URL and opens one that is a path."""
    if profile is None or profile in STANDARD_PROFILES:
        return
    reason = unsafe_path_reason(profile) or "it is not a standard profile"
    raise NewsroomError.single(
        "unsafe-path",
        where,
        f"the profile {profile!r} is refused: {reason}.",
        "Leave 'profile' out, or use a standard one such as 'tabular-data-resource'.",
    )


def _check_width(resource: TabularResource, descriptor: dict[str, Any], shown: str) -> None:
    """frictionless reports each extra cell with a copy of the whole row, so a row of
    thousands of cells takes it minutes and gigabytes: refuse such a row first."""
    dialect = descriptor.get("dialect") if isinstance(descriptor.get("dialect"), dict) else {}
    delimiter = str(dialect.get("delimiter", ","))
    fields = len(resource.field_names)
    limit = fields + MAX_ERRORS_PER_RESOURCE
    if _widest_line(resource.path.read_bytes(), delimiter, resource.encoding) <= limit:
        return
    with resource.path.open(encoding=resource.encoding, errors="replace", newline="") as stream:
        try:
            for number, row in enumerate(csv.reader(stream, delimiter=delimiter), 1):
                if len(row) > limit:
                    raise NewsroomError.single(
                        "resource-too-wide",
                        Location(shown, package=resource.package, resource=resource.name,
                                 row=number),
                        f"row {number} has {len(row):,} columns; the schema describes {fields}.",
                        "Check the delimiter and the quoting, or describe every column.",
                    )  # fmt: skip
        except (csv.Error, LookupError):
            return  # frictionless reports what the csv module cannot read


def _widest_line(data: bytes, delimiter: str, encoding: str) -> float:
    """At least the cells in the widest row, counted without parsing: with no quote in
    an ASCII-compatible file, a row has at most its line's delimiters plus one cells."""
    if (
        encoding.lower().replace("_", "-") not in ASCII_COMPATIBLE
        or len(delimiter) != 1
        or not delimiter.isascii()
        or b'"' in data
    ):
        return math.inf
    import numpy as np  # not needed on the quickest path (plain_validation)

    buffer = np.frombuffer(data, np.uint8)
    ends = np.append(np.flatnonzero(buffer == ord("\n")), len(buffer))
    before = np.searchsorted(np.flatnonzero(buffer == ord(delimiter)), ends)
    return int(np.diff(before, prepend=0).max()) + 1


def _is_inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


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
    _check_profile(resource.get("profile"), dataclasses.replace(where, field="profile"))
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
        if reason is None and not _is_inside((folder / value).resolve(), folder.resolve()):
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
            f"the file {_display(file, project_root)!r} does not exist.",
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
        schema = _read_descriptor(folder / schema, _display(folder / schema, project_root))
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


def _validate_with_frictionless(
    descriptor_path: Path, name: str, folder: Path, project_root: Path
) -> None:
    import frictionless  # imported only for a package that plain_validation cannot pass

    shown = _display(descriptor_path, project_root)
    try:
        package = frictionless.Package(str(descriptor_path))
        package_errors, tasks = _validation_report(descriptor_path, package)
    except frictionless.FrictionlessException as error:
        reasons = [reason.message for reason in getattr(error, "reasons", []) or []]
        raise NewsroomError.single(
            frictionless_code(error.error.type),
            Location(shown, package=name),
            " ".join([error.error.message.rstrip(".") + ":", *reasons])
            if reasons
            else error.error.message,
            "Correct datapackage.json so that it follows the Data Package standard.",
        ) from None
    problems = [
        NewsroomProblem(
            frictionless_code(e.type),
            Location(shown, package=name),
            e.message,
            "Correct datapackage.json so that it follows the Data Package standard.",
        )
        for e in package_errors
    ]
    for task_name, place, errors in tasks:
        resource = package.get_resource(task_name) if package.has_resource(task_name) else None
        file = _display(folder / place, project_root) if place else shown
        for error in errors[:MAX_ERRORS_PER_RESOURCE]:
            problems.append(_row_problem(error, file, name, task_name, resource))
        extra = len(errors) - MAX_ERRORS_PER_RESOURCE
        if extra > 0:
            problems.append(
                NewsroomProblem(
                    "frictionless/more-errors",
                    Location(file, package=name, resource=task_name),
                    f"{extra} more errors in this resource are not shown.",
                    f"Run `invoke validate` after fixing the errors above, or"
                    f" `frictionless validate {shown}` for the full report.",
                )
            )
    if problems:
        raise NewsroomError(problems)


def _validation_report(
    descriptor_path: Path, package: frictionless.Package
) -> tuple[list[Any], list[tuple[str, str, list[Any]]]]:
    """frictionless's package errors and (resource, place, errors) per resource. Rows go
    through the fast path when it supports every resource, through frictionless (on a
    fresh reading of the descriptor) if not."""
    import frictionless

    from newsroom.data.fast_validation import Unsupported, validate_package

    try:
        package.to_descriptor(validate=True)
    except frictionless.FrictionlessException as exception:
        return exception.to_errors(), []
    findings = validate_package(package)
    if isinstance(findings, Unsupported):
        report = frictionless.Package(str(descriptor_path)).validate()
        return report.errors, [(task.name, task.place, task.errors) for task in report.tasks]
    return [], [(f.name, f.place, f.errors) for f in findings]


def _row_problem(
    error: Any,
    file: str,
    package: str,
    resource_name: str,
    resource: frictionless.Resource | None,
) -> NewsroomProblem:
    row = getattr(error, "row_number", None)
    field_name = getattr(error, "field_name", None)
    location = Location(file, package=package, resource=resource_name, row=row, field=field_name)
    cell = getattr(error, "cell", None)
    field = (
        resource.schema.get_field(field_name)
        if resource is not None and field_name and resource.schema.has_field(field_name)
        else None
    )
    row_hint = f"row {row} counts the header as row 1" if row else ""
    if error.type == "type-error" and field is not None:
        expected = READABLE_TYPES.get(field.type, f"of type {field.type}")
        message = f'the value "{_shortened(cell)}" is not {expected} (field type "{field.type}").'
        hint = f"Correct the value ({row_hint}), or change the field's type in datapackage.json."
    elif error.type == "constraint-error":
        message = f'the value "{_shortened(cell)}" breaks a rule of the schema: {error.note}.'
        hint = f"Correct the value ({row_hint}), or relax the constraint in datapackage.json."
    else:
        message = _shortened(error.message.rstrip("."), 300) + "."
        hint = f"Correct the data ({row_hint})." if row else "Correct the data file."
    return NewsroomProblem(frictionless_code(error.type), location, message, hint)


def _shortened(cell: object, limit: int = 80) -> str:
    """A cell as quoted in a message: a 10 MB value must not flood the terminal."""
    text = str(cell)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"
