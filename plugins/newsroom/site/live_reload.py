"""`newsroom serve`'s live reload: what each build changed, told to the open pages.

After each build, OutputFiles says which files of output/ differ from the last good
build's, by their bytes (a build writes every page again, so times say little).
BuildEvents keeps the news for the pages listening on the preview's event stream: a
generation number that each build raises, the files each recent build changed, and the
last build's problems, which the page shows over itself until a build succeeds.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import threading
from pathlib import Path
from typing import Any

# Above this many changed files a page is told "everything changed" rather than sent a
# list as long as the site.
MANY_CHANGES = 2000
HISTORY = 50  # builds remembered for a page that reconnects late

Fingerprint = tuple[int, int, int]  # size, modification time (ns), inode


class OutputFiles:
    """The output folder's files as last seen, each with its fingerprint and digest;
    only a file whose fingerprint moved is read again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seen: dict[str, tuple[Fingerprint, bytes]] = {}
        self.changes()

    def changes(self) -> set[str]:
        """The files (POSIX paths below the folder) added, changed or removed since the
        last look."""
        now: dict[str, tuple[Fingerprint, bytes]] = {}
        changed = set()
        for relative, fingerprint in _files(self.folder, ""):
            earlier = self.seen.get(relative)
            if earlier is not None and earlier[0] == fingerprint:
                now[relative] = earlier
                continue
            try:
                with open(self.folder / relative, "rb") as file:
                    digest = hashlib.file_digest(file, "blake2b").digest()
            except OSError:  # removed while we looked
                continue
            now[relative] = (fingerprint, digest)
            if earlier is None or earlier[1] != digest:
                changed.add(relative)
        changed |= self.seen.keys() - now.keys()
        self.seen = now
        return changed

    def note(self, relative: str) -> None:
        """A file the preview wrote itself (its page-first path): the next look compares
        the build's file with this one."""
        path = self.folder / relative
        with contextlib.suppress(OSError), open(path, "rb") as file:
            found = os.fstat(file.fileno())
            digest = hashlib.file_digest(file, "blake2b").digest()
            self.seen[relative] = ((found.st_size, found.st_mtime_ns, found.st_ino), digest)


def _files(folder: Path, prefix: str) -> list[tuple[str, Fingerprint]]:
    found = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                found += _files(Path(entry.path), relative + "/")
            elif entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    found_stat = entry.stat(follow_symlinks=False)
                    fingerprint = (found_stat.st_size, found_stat.st_mtime_ns, found_stat.st_ino)
                    found.append((relative, fingerprint))
    return found


class BuildEvents:
    """What the open pages are told. A page knows the server and the generation it was
    served at; `news_since` says what changed after that generation."""

    def __init__(self) -> None:
        self.server = secrets.token_hex(8)  # a page from an earlier server reloads
        self.generation = 0
        self.problems: list[dict[str, Any]] = []
        self.closed = False
        self._history: list[tuple[int, frozenset[str] | None]] = []
        self._condition = threading.Condition()

    def built(self, changed: set[str], problems: list[dict[str, Any]] | None = None) -> None:
        """A build succeeded and changed these files: pages showing them reload and any
        overlay closes (or shows problems that remain elsewhere, after a page written
        first)."""
        files = frozenset(changed) if len(changed) <= MANY_CHANGES else None
        self._next(files, problems or [])

    def failed(self, problems: list[dict[str, Any]]) -> None:
        """A build failed: output/ is unchanged and every page shows the problems."""
        self._next(frozenset(), problems)

    def close(self) -> None:
        """The server stops: every event stream ends."""
        with self._condition:
            self.closed = True
            self._condition.notify_all()

    def _next(self, files: frozenset[str] | None, problems: list[dict[str, Any]]) -> None:
        with self._condition:
            self.generation += 1
            self._history = [*self._history[-HISTORY + 1 :], (self.generation, files)]
            self.problems = problems
            self._condition.notify_all()

    def news_since(self, generation: int) -> dict[str, Any]:
        """What a page served at generation needs: the files changed since (None: every
        file, or too long ago to say) and the current problems."""
        with self._condition:
            return self._news(generation)

    def wait_for_news(self, generation: int, timeout: float) -> dict[str, Any] | None:
        """The news once a build after generation has ended; None after timeout, or when
        the server stops."""
        with self._condition:
            self._condition.wait_for(lambda: self.closed or self.generation > generation, timeout)
            if self.closed or self.generation <= generation:
                return None
            return self._news(generation)

    def _news(self, generation: int) -> dict[str, Any]:
        changed: set[str] | None = set()
        known = self._history[0][0] - 1 if self._history else self.generation
        if generation < known or generation > self.generation:
            changed = None
        for built, files in self._history:
            if changed is not None and built > generation:
                changed = None if files is None else changed | files
        return {
            "server": self.server,
            "generation": self.generation,
            "changed": None if changed is None else sorted(changed),
            "problems": self.problems,
        }
