"""A content-addressed cache for expensive build steps (validation, chart images).

Entries are files named by a SHA-256 key under a cache folder outside `output/`;
deleting the folder is always safe. Writes are atomic so an interrupted build never
leaves a truncated entry behind.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import jinja2

from newsroom.core import PLUGIN_FOLDER


def content_key(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


# The libraries whose results the cache keeps (tables, figures, chart records and their
# SVGs, validation verdicts): upgrading one computes them again.
CACHED_LIBRARIES = ("pandas", "pyarrow", "altair", "vl-convert-python", "frictionless")


@functools.cache
def code_version() -> str:
    """A hash of the plugin's own source and of the cached libraries' versions, for
    results that depend on more than one library: neither a changed plugin nor an
    upgraded library reads what an older one cached."""
    sources = sorted(PLUGIN_FOLDER.rglob("*.py"))
    libraries = [f"{name} {version(name)}" for name in CACHED_LIBRARIES]
    return content_key(*(path.read_bytes() for path in sources), *libraries)


@dataclass(frozen=True)
class FileContent:
    """A file's bytes: in memory, or in a cache entry read only if they are needed.

    A rebuild read every cached chart image and download into memory (300 MB at four
    times the reference site) only to write it out again; from an entry, its size is a
    `stat` and writing it out is a copy the kernel makes. A copy takes the entry's
    modification time, so that the next build knows a live file for a copy of the same
    entry, unchanged since (size and time, as rsync and make judge), and links it."""

    size: int
    data: bytes | None = None
    path: Path | None = None
    modified: int = 0  # the entry's modification time, in nanoseconds

    @classmethod
    def of(cls, data: bytes) -> FileContent:
        return cls(len(data), data=data)

    def write_to(self, target: Path, earlier: Path | None = None) -> None:
        """Write the bytes to target; earlier: where the live site has the same file, to
        link if it is a copy of the same entry (never the entry itself: editing a file of
        the site must not change the cache)."""
        if self.data is not None:
            target.write_bytes(self.data)
            return
        if earlier is not None and self._copied_to(earlier):
            try:
                os.link(earlier, target)
                return
            except OSError:  # a file system without hard links
                pass
        shutil.copyfile(self.path, target)  # type: ignore[arg-type]
        os.utime(target, ns=(self.modified, self.modified))

    def _copied_to(self, earlier: Path) -> bool:
        try:
            found = earlier.stat()
        except OSError:
            return False
        return found.st_size == self.size and found.st_mtime_ns == self.modified


class ContentCache:
    def __init__(self, root: Path | None) -> None:
        self.root = root

    def _path(self, namespace: str, key: str) -> Path | None:
        return None if self.root is None else self.root / namespace / key[:2] / key

    def get(self, namespace: str, key: str) -> bytes | None:
        path = self._path(namespace, key)
        if path is None or not path.is_file():
            return None
        return path.read_bytes()

    def put(self, namespace: str, key: str, data: bytes) -> None:
        path = self._path(namespace, key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)

    def made(self, namespace: str, key: str, make: Callable[[], bytes]) -> bytes:
        """The entry under key, made (and kept) by make() if there is none."""
        data = self.get(namespace, key)
        if data is None:
            data = make()
            self.put(namespace, key, data)
        return data

    def entry(self, namespace: str, key: str) -> FileContent | None:
        """The entry under key as a file, not read; None if there is none."""
        path = self._path(namespace, key)
        if path is None:
            return None
        try:
            found = path.stat()
        except FileNotFoundError:
            return None
        return FileContent(found.st_size, path=path, modified=found.st_mtime_ns)

    def made_file(self, namespace: str, key: str, make: Callable[[], bytes]) -> FileContent:
        """As `made`, the entry as a file: read only if its bytes are needed."""
        found = self.entry(namespace, key)
        if found is not None:
            return found
        data = make()
        self.put(namespace, key, data)
        return self.entry(namespace, key) or FileContent.of(data)

    def throw_away(self, folder: Path) -> bool:
        """Move folder into the cache's bin and remove the bin's contents in another
        process: a retired output took a tenth of a rebuild to delete, and nothing waits
        for it. False, leaving folder alone, with no cache or across file systems. A
        removal cut short is finished by the next one."""
        if self.root is None:
            return False
        bin_folder = self.root / "discarded"
        bin_folder.mkdir(parents=True, exist_ok=True)
        try:
            folder.rename(bin_folder / folder.name)
        except OSError:
            return False
        subprocess.Popen(
            ["rm", "-rf", "--", *sorted(str(path) for path in bin_folder.iterdir())],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        return True

    def compiled_templates(self, options: dict[str, Any]) -> jinja2.BytecodeCache | None:
        """Jinja's compiled templates, kept between builds. Compiled code depends on the
        environment's options and extensions as well as on the template's source (which
        Jinja checks), so each set of options has a folder of its own."""
        if self.root is None:
            return None
        described = json.dumps(
            options, sort_keys=True, default=lambda o: getattr(o, "__qualname__", repr(o))
        )
        folder = self.root / "jinja" / content_key(described, jinja2.__version__, code_version())
        folder.mkdir(parents=True, exist_ok=True)
        return jinja2.FileSystemBytecodeCache(str(folder))
