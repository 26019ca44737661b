"""Step 1a: read a package's datapackage.json and refuse every unsafe path in it.

Paths are checked by us before frictionless opens anything, because frictionless fetches
`http(s)` paths and follows symlinks: a path must be relative, stay inside the package
folder and not be a link out of it; a profile must be a standard one.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from newsroom.core.errors import Location, NewsroomError

DESCRIPTOR_NAME = "datapackage.json"
STANDARD_PROFILES = {
    "data-package",
    "tabular-data-package",
    "data-resource",
    "tabular-data-resource",
}


def display_path(path: Path, project_root: Path) -> str:
    """A file as a problem names it: relative to the project where it lies inside it."""
    try:
        return path.relative_to(project_root).as_posix()
    except ValueError:
        return path.as_posix()


def read_descriptor(path: Path, shown: str) -> dict[str, Any]:
    """A descriptor (or a schema file) as a JSON object; a problem saying why it is not."""
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


def check_profile(profile: object, where: Location) -> None:
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


def is_inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
