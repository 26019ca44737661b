"""Step 7: publish output/ to a host: what is shared by both targets (publish_s3.py,
publish_git.py): reading a finished build safely, comparing it with what is published.

Both targets compare output/ with what is already published and change only the
difference. In a bucket, new and changed files go up first (pages last, so a page never
links to a file that is not there yet) and stale files are deleted last of all; a failed
upload stops before any deletion, so the published site stays whole. On a branch, the
whole of output/ becomes one commit, made with git plumbing in a temporary index so the
working tree and the current branch are never touched. A dry run lists the plan and
changes nothing. Knows nothing of Pelican: it publishes any finished build.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from newsroom.core.error_codes import refuse_undeclared

logger = logging.getLogger(__name__)

# Names site_build gives its folders; importing them from there would pull in Pelican.
BUILD_LEFTOVER_PREFIXES = (".output-building-", ".output-retired-")
PREVIEW_FOLDER = "preview"  # where site_build writes previews that show embargoed articles

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".xml": "application/xml; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".parquet": "application/vnd.apache.parquet",
    ".zip": "application/zip",
    ".wasm": "application/wasm",
}
FEED_TYPES = {
    ".atom.xml": "application/atom+xml; charset=utf-8",
    ".rss.xml": "application/rss+xml; charset=utf-8",
}
BINARY = "application/octet-stream"  # Pagefind's .pf_* and .pagefind files, and anything unknown

SHORT_CACHE = "public, max-age=300"  # pages, feeds, catalogues: new figures show within minutes
DEFAULT_CACHE = "public, max-age=3600"
LONG_CACHE = "public, max-age=86400"  # charts/ and pagefind/ keep their names when they change
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"  # a content hash in the name


@dataclass(eq=False)
class PublishError(Exception):
    """Publishing stopped; says where, why and what to do. `result` is what was done."""

    code: str
    where: str
    message: str
    hint: str = ""
    result: PublishResult | None = None

    def __post_init__(self) -> None:
        refuse_undeclared(self.code)

    def __str__(self) -> str:
        text = f"error[{self.code}] {self.where}: {self.message}"
        return text + (f"\n    fix: {self.hint}" if self.hint else "")


@dataclass(frozen=True)
class LocalFile:
    """One file of output/, named by its POSIX path relative to output/."""

    key: str
    path: Path
    size: int
    md5: str
    sha256: str


@dataclass
class PublishPlan:
    """What publishing changes at a destination; keys are relative to output/."""

    destination: str
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def uploads(self) -> list[str]:
        """New and changed files in upload order: files that link to others after them."""
        return sorted(self.new + self.changed, key=lambda key: (upload_rank(key), key))

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed or self.deleted)

    def describe(self) -> str:
        rows = [("new", k) for k in sorted(self.new)] + [("changed", k) for k in self.changed]
        rows += [("delete", key) for key in self.deleted]
        return "\n".join(f"  {action:<8} {key}" for action, key in rows)


@dataclass
class PublishResult:
    """What a publish did (nothing, for a dry run); `commit` for a git branch."""

    plan: PublishPlan
    dry_run: bool = False
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    commit: str | None = None

    def summary(self) -> str:
        plan = self.plan
        if self.dry_run:
            text = (
                f"Dry run, nothing changed. {plan.destination}: would upload "
                f"{len(plan.uploads)} ({len(plan.new)} new, {len(plan.changed)} changed), "
                f"delete {len(plan.deleted)}; {plan.unchanged} unchanged."
            )
            return text + (f"\n{plan.describe()}" if plan.has_changes else "")
        text = (
            f"Published to {plan.destination}: uploaded {len(self.uploaded)} "
            f"({len(plan.new)} new, {len(plan.changed)} changed), deleted {len(self.deleted)}; "
            f"{plan.unchanged} unchanged."
        )
        return text + (f" Branch at {self.commit[:12]}." if self.commit else "")


def upload_rank(key: str) -> int:
    """Pages go last; feeds, catalogues and Pagefind's entry file just before them."""
    path = PurePosixPath(key)
    if path.suffix == ".html":
        return 2
    top_level_catalogue = len(path.parts) == 1 and path.suffix in (".json", ".jsonld")
    if path.suffix == ".xml" or top_level_catalogue or path.name == "pagefind-entry.json":
        return 1
    return 0


def content_type(key: str) -> str:
    name = PurePosixPath(key).name.lower()
    for ending, kind in FEED_TYPES.items():
        if name.endswith(ending):
            return kind
    return CONTENT_TYPES.get(PurePosixPath(name).suffix, BINARY)


def cache_control(key: str) -> str:
    suffix = PurePosixPath(key).suffix
    if key.startswith("pagefind/") and suffix.startswith(".pf_"):
        return IMMUTABLE_CACHE
    if key.startswith(("pagefind/", "charts/")):
        return LONG_CACHE
    if suffix in (".html", ".xml", ".json", ".jsonld", ".txt"):
        return SHORT_CACHE
    return DEFAULT_CACHE


def read_output(output: Path) -> list[LocalFile]:
    """Every file of a finished build, sorted by key; refuses anything that is not one."""
    root = output.resolve()
    if any(part.startswith(BUILD_LEFTOVER_PREFIXES) for part in root.parts):
        raise PublishError(
            "build-leftover", str(output), "this is a staging folder of a build, not output/.",
            "Publish the output/ folder that a successful build swapped into place.",
        )  # fmt: skip
    if root.name == PREVIEW_FOLDER:
        raise PublishError(
            "preview-build", str(output), "this is a preview build, with embargoed content.",
            "Publish output/ from `newsroom build --settings publishconf.py`, never preview/.",
        )  # fmt: skip
    if not (root / "index.html").is_file():
        raise PublishError(
            "not-a-build", str(output), "there is no index.html, so this is not a finished build.",
            "Run `newsroom build --settings publishconf.py` and publish its output/.",
        )  # fmt: skip
    try:
        return _walk(root)
    except OSError as error:  # a folder skipped silently would be deleted from the host
        raise PublishError(
            "unreadable", str(error.filename), f"cannot be read: {error.strerror}.",
            "Check the permissions of output/, or rebuild it.",
        ) from None  # fmt: skip


def _walk(root: Path) -> list[LocalFile]:
    files: list[LocalFile] = []
    for folder, subfolders, names in os.walk(root, onerror=_raise):  # never enters symlinks
        here = Path(folder)
        for name in sorted(subfolders):
            if (here / name).is_symlink():
                raise _unsafe(here / name, "is a symlinked folder")
        for name in names:
            path = here / name
            key = path.relative_to(root).as_posix()
            check_key(key)
            if path.is_symlink():
                path = path.resolve()
                if not path.is_relative_to(root) or not path.is_file():
                    raise _unsafe(here / name, "is a symlink to something outside output/")
            elif not path.is_file():
                raise _unsafe(here / name, "is not a regular file")
            files.append(_describe(key, path))
    return sorted(files, key=lambda file: file.key)


def _raise(error: OSError) -> None:
    raise error


def check_key(key: str) -> None:
    """A key is a relative POSIX path: no `..`, no backslash, no control characters."""
    parts = key.split("/")
    unsafe = any(ord(c) < 32 or c in "\\\x7f" for c in key) or key.startswith("/")
    if unsafe or any(part in ("", ".", "..") for part in parts):
        raise PublishError(
            "unsafe-name", repr(key), "this name cannot be published safely as a URL path.",
            "Rename the source file: use letters, digits, '-', '_' and '.' only.",
        )  # fmt: skip


def _unsafe(path: Path, why: str) -> PublishError:
    return PublishError(
        "unsafe-file", str(path), f"{why}; publishing never follows links out of output/.",
        "Rebuild output/ with `newsroom build`; a finished build holds only regular files.",
    )  # fmt: skip


def _describe(key: str, path: Path) -> LocalFile:
    md5, sha256, size = hashlib.md5(usedforsecurity=False), hashlib.sha256(), 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            md5.update(chunk)
            sha256.update(chunk)
            size += len(chunk)
    return LocalFile(key, path, size, md5.hexdigest(), sha256.hexdigest())


def compare_files(
    local: dict[str, Any], published: dict[str, Any], destination: str
) -> PublishPlan:
    plan = PublishPlan(destination, deleted=sorted(set(published) - set(local)))
    for key in sorted(local):
        if key not in published:
            plan.new.append(key)
        elif local[key] != published[key]:
            plan.changed.append(key)
        else:
            plan.unchanged += 1
    return plan
