"""What `newsroom serve` watches: the site's sources, and the news that one changed.

On Linux the kernel says at once (inotify, one watch per folder, read through ctypes);
elsewhere, or when the kernel refuses more watches, every file's size and time are
looked at every POLL_SECONDS (a tenth of a second at the reference site, about as long as
the look itself at 8,000 articles: hence the kernel, where there is one).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import select
import struct
import sys
import time
from pathlib import Path

from newsroom.core import PLUGIN_FOLDER

# The site's own sources; the plugin's folder (its code, templates and, when installed
# from the wheel, the house theme) is watched as well.
WATCHED = ("content", "data", "theme", "pelicanconf.py")
POLL_SECONDS = 0.1
SETTLE_SECONDS = 0.02  # an editor's save is several writes: wait until they stop
# What an event's name must not be to count: compiled code, editors' scratch files.
SCRATCH_SUFFIXES = ("~", ".swp", ".swx", ".pyc", ".tmp")
SCRATCH_NAMES = {"__pycache__", "4913"}  # 4913: vim's test of a folder

# inotify's event bits (linux/inotify.h)
IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF, IN_Q_OVERFLOW = 0x400, 0x800, 0x4000
MASK = (IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE) | (
    IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF
)
EVENT = struct.Struct("iIII")  # watch, mask, cookie, length of the name that follows


class SourceWatch:
    """Waits for a change to a source; by the kernel's news, or by looking."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self._inotify = _Inotify.open() if sys.platform == "linux" else None
        self._seen = sources_snapshot(site) if self._inotify is None else {}
        self._changed: set[Path] | None = set()
        if self._inotify is not None:
            self._watch_folders()

    def changes(self) -> set[Path] | None:
        """The paths changed since the last call (None: unknown, as if all changed), for
        the preview's page-first path."""
        changed, self._changed = self._changed, set()
        return changed

    def wait(self, timeout: float) -> bool:
        """True as soon as a source changed (once its writes have settled), False after
        timeout."""
        if self._inotify is None:
            return self._poll(timeout)
        names = self._inotify.read(timeout)
        if names is None or any(_counts(os.path.basename(name)) for name in names):
            while (more := self._inotify.read(SETTLE_SECONDS)) is not None and more:
                names = None if names is None else names + more
            if names is None or more is None:
                self._changed = None
            elif self._changed is not None:
                self._changed |= {Path(name) for name in names if _counts(Path(name).name)}
            self._watch_folders()  # new folders, or one replaced
            return True
        return False

    def close(self) -> None:
        if self._inotify is not None:
            self._inotify.close()

    def _poll(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            now = sources_snapshot(self.site)
            if now != self._seen:
                if self._changed is not None:
                    moved = now.items() ^ self._seen.items()
                    self._changed |= {Path(p) for p, _ in moved if _counts(Path(p).name)}
                self._seen = now
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))

    def _watch_folders(self) -> None:
        """Every folder of the sources, and the site's own folder for pelicanconf.py (the
        events there that name other files, such as output/, do not count)."""
        assert self._inotify is not None
        self._inotify.add(str(self.site), top=True)
        for path in [*(self.site / name for name in WATCHED[:-1]), PLUGIN_FOLDER]:
            for folder, subfolders, _files in os.walk(path):
                subfolders[:] = [name for name in subfolders if _counts(name)]
                if not self._inotify.add(folder):
                    self._inotify.close()  # out of watches: look instead
                    self._inotify = None
                    self._seen = sources_snapshot(self.site)
                    return


def _counts(name: str) -> bool:
    return name not in SCRATCH_NAMES and not name.endswith(SCRATCH_SUFFIXES)


class _Inotify:
    """Linux's inotify through libc: the names of what changed in the watched folders."""

    def __init__(self, libc: ctypes.CDLL, descriptor: int) -> None:
        self.libc, self.descriptor = libc, descriptor
        self.folders: dict[int, bool] = {}  # watch → is the site's own folder
        self.paths: dict[int, str] = {}  # watch → its folder

    @classmethod
    def open(cls) -> _Inotify | None:
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
            descriptor = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
            if descriptor >= 0:
                return cls(libc, descriptor)
        return None

    def add(self, folder: str, top: bool = False) -> bool:
        watch = self.libc.inotify_add_watch(self.descriptor, os.fsencode(folder), MASK)
        if watch < 0:
            return ctypes.get_errno() == 2  # the folder went away meanwhile: fine
        self.folders[watch] = top
        self.paths[watch] = folder
        return True

    def read(self, timeout: float) -> list[str] | None:
        """The paths changed within timeout (empty: none; only the site folder's own
        sources count there); None when the kernel lost count, as if all changed."""
        if not select.select([self.descriptor], [], [], timeout)[0]:
            return []
        try:
            data = os.read(self.descriptor, 1 << 16)
        except BlockingIOError:
            return []
        names, at = [], 0
        while at < len(data):
            watch, mask, _cookie, length = EVENT.unpack_from(data, at)
            name = data[at + EVENT.size : at + EVENT.size + length].rstrip(b"\0").decode()
            at += EVENT.size + length
            if mask & IN_Q_OVERFLOW:
                return None
            if not self.folders.get(watch, False) or name in WATCHED:
                names.append(os.path.join(self.paths.get(watch, ""), name or "."))
        return names

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.descriptor)


def sources_snapshot(site: Path) -> dict[str, tuple[int, int]]:
    """Every watched file's size and modification time: a change, an addition or a
    removal differs."""
    files: dict[str, tuple[int, int]] = {}
    for path in [*(site / name for name in WATCHED), PLUGIN_FOLDER]:
        if path.is_file():
            with contextlib.suppress(OSError):
                found = path.stat()
                files[str(path)] = (found.st_size, found.st_mtime_ns)
        else:
            _add_files(str(path), files)
    return files


def _add_files(folder: str, files: dict[str, tuple[int, int]]) -> None:
    with contextlib.suppress(OSError), os.scandir(folder) as entries:  # removed meanwhile
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    _add_files(entry.path, files)
            elif entry.is_file():
                with contextlib.suppress(OSError):
                    found = entry.stat()
                    files[entry.path] = (found.st_size, found.st_mtime_ns)
