"""A content-addressed cache for expensive build steps (validation, chart images).

Entries are files named by a SHA-256 key under a cache folder outside `output/`;
deleting the folder is always safe. Writes are atomic so an interrupted build never
leaves a truncated entry behind. Every key is made by `cache_key` from named ingredients.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsroom.core import PLUGIN_FOLDER

if TYPE_CHECKING:  # imported where used: validating data alone needs no Jinja
    import jinja2


def content_key(*parts: bytes | str) -> str:
    """The SHA-256 of the parts, each prefixed by its length: no two lists of parts share
    one. Results are keyed by `cache_key`, which names what goes in."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


# The libraries whose results the cache keeps (tables, figures, chart records and their
# SVGs, validation verdicts): upgrading one computes them again.
CACHED_LIBRARIES = ("pandas", "pyarrow", "altair", "vl-convert-python", "frictionless")
# What else a step's results depend on, beyond the code (which counts CACHED_LIBRARIES).
CHART_IMAGE_LIBRARIES = ("vl-convert-python", "altair")  # SVG and PNG from a chart's spec
CARD_IMAGE_LIBRARIES = ("vl-convert-python",)  # the house card's PNG from its SVG
TEASER_IMAGE_LIBRARIES = ("pillow",)  # a list's teaser WebP from a card's PNG
MARKDOWN_LIBRARIES = ("markdown", "pygments")
README_LIBRARIES = ("markdown", "nh3")  # a dataset's README as sanitised HTML
DOWNLOAD_LIBRARIES = ("xlsxwriter", "pyarrow")  # the spreadsheet and Parquet writers
TEMPLATE_LIBRARIES = ("jinja2",)  # Jinja's compiled templates
INTERFACE_TEXT_LIBRARIES = ("babel", "jinja2")  # the msgids Babel finds in templates


@functools.cache
def code_version() -> str:
    """A hash of the plugin's own source and of the cached libraries' versions, for
    results that depend on more than one library: neither a changed plugin nor an
    upgraded library reads what an older one cached."""
    sources = sorted(PLUGIN_FOLDER.rglob("*.py"))
    libraries = [f"{name} {version(name)}" for name in CACHED_LIBRARIES]
    return content_key(*(path.read_bytes() for path in sources), *libraries)


@functools.cache
def library_version(name: str) -> str:
    """Looked up once per library: `importlib.metadata.version` reads metadata files."""
    return version(name)


def cache_key(
    step: str,
    *,
    data: str | bytes | Iterable[str | bytes] | None = None,
    options: object = None,
    language: str | Sequence[str] | None = None,
    libraries: tuple[str, ...] = (),
    code: bool = True,
) -> str:
    """The key of one step's result, from named ingredients, each hashed under its name:
    two steps never share a key, and a key that leaves an ingredient out says so.

    data: what the result is computed from (file contents, data versions), hashed as is;
    options: what was asked for, as sorted JSON; language: the run's language and the
    words it uses; libraries: the distributions whose versions the result depends on;
    code: whether the plugin's code (and CACHED_LIBRARIES) is an ingredient. Leave code
    out only for results that nothing of ours shapes (an image drawn from its spec)."""
    ingredients: list[str | bytes] = ["step", step]
    if data is not None:
        parts = [data] if isinstance(data, str | bytes) else list(data)
        ingredients += ["data", content_key(*parts)]
    if options is not None:
        ingredients += ["options", _described(options)]
    if language is not None:
        ingredients += ["language", _described(language)]
    if libraries:
        ingredients += ["libraries", _described([[n, library_version(n)] for n in libraries])]
    if code:
        ingredients += ["code", code_version()]
    return content_key(*ingredients)


def data_hash(*contents: bytes) -> str:
    """The hash that names a release's data (its data version, shown on every page that
    uses it): a package's descriptor and data files, with the frictionless version hashed
    first, as it always was, so that the versions shown stay the same."""
    return content_key(library_version("frictionless"), *contents)


def _described(value: object) -> str:
    """Options as text that is the same in every run: JSON with sorted keys; a function
    or class by its name; a set sorted; anything else by its repr."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=_plain)


def _plain(value: object) -> object:
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    return getattr(value, "__qualname__", None) or repr(value)


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
        key = cache_key("jinja-templates", options=options, libraries=TEMPLATE_LIBRARIES)
        folder = self.root / "jinja" / key
        folder.mkdir(parents=True, exist_ok=True)
        import jinja2

        return jinja2.FileSystemBytecodeCache(str(folder))
