"""Step 0: a build whose inputs are as the last good build found them is not run again.

A comms officer rebuilds to preview, often with nothing changed. Like make, a file
counts as unchanged while its size, modification and change times and inode are; the
inputs are the settings as Pelican reads them (so what the settings file takes from
the environment or other files counts), every file below the content, data, theme and
plugin folders and the settings file, the environment variables the build itself
reads, and the Python and installed packages (their folders' times change whenever
pip adds, removes or upgrades one). The output must be file for file as the build
left it, and the build must not be waiting for an embargo to end: the record says
until when it holds. The record lives in the cache folder; without a cache, or with
`--force`, every build runs.
"""

from __future__ import annotations

import json
import os
import sys
import sysconfig
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from newsroom.core import PLUGIN_FOLDER
from newsroom.core.cache import code_version, content_key
from newsroom.core.paths import data_root, project_cache, project_root
from newsroom.news.embargo import build_now

NAMESPACE = "builds"
ENVIRONMENT_PREFIXES = ("NEWSROOM_", "SOURCE_DATE_EPOCH", "TZ", "LANG", "LC_")
SKIPPED_FOLDERS = {"__pycache__", ".git"}


class BuildRecord:
    """What the last good build of one output saw, and whether it still holds."""

    def __init__(
        self,
        settings_file: Path,
        output: Path,
        overrides: dict[str, Any],
        settings: dict[str, Any],
    ) -> None:
        """settings: as Pelican read them from settings_file with overrides."""
        self.cache = project_cache(settings)
        self.output = output
        self.warnings = ""  # the last build's summary, once holds() found it holds
        try:
            self.now: datetime | None = build_now(settings)
        except ValueError:  # a malformed NEWSROOM_NOW, which the build reports
            self.now = None
        self.key = content_key(str(settings_file), str(output), _described(overrides))
        root = project_root(settings)
        folders = [Path(settings["PATH"]), Path(settings["THEME"]), data_root(settings)]
        # The plugin's templates and static files wherever it is installed (its sources
        # are in code_version), and any other plugins the settings load from a folder.
        folders += [PLUGIN_FOLDER, *(root / str(p) for p in settings.get("PLUGIN_PATHS", []))]
        self.inputs = content_key(
            _described(settings),
            _described(sorted(_read_environment())),
            _files_signature([settings_file], folders),
            _python_signature(),
            code_version(),
        )

    def holds(self) -> bool:
        """Whether the output is what a build of the current inputs would write."""
        stored = self.cache.get(NAMESPACE, self.key)
        if stored is None or self.now is None or not self.output.is_dir():
            return False
        try:
            record = json.loads(stored)
            until = record["until"] and datetime.fromisoformat(record["until"])
            inputs, output = record["inputs"], record["output"]
            self.warnings = str(record["warnings"])
        except (ValueError, KeyError, TypeError):  # a damaged record: build again
            return False
        return (
            inputs == self.inputs
            and (not until or self.now < until)
            and output == _output_signature(self.output)
        )

    def save(self, until: datetime | None, warnings: str) -> None:
        """After a good build: its inputs, its output, when an embargo ends, and its
        warnings (shown again while it holds)."""
        record = {
            "inputs": self.inputs,
            "output": _output_signature(self.output),
            "until": until.isoformat() if until else None,
            "warnings": warnings,
        }
        self.cache.put(NAMESPACE, self.key, json.dumps(record).encode("utf-8"))


def _described(value: Any) -> str:
    """JSON of settings; an object without a stable text is named by its type and name."""
    return json.dumps(value, sort_keys=True, default=_name_of)


def _name_of(value: Any) -> str:
    if isinstance(value, set | frozenset):  # in hash order, which differs between runs
        return repr(sorted(map(repr, value)))
    text = repr(value)
    if " at 0x" not in text:
        return text
    name = getattr(value, "__qualname__", "")
    return f"{type(value).__module__}.{type(value).__qualname__}:{name}"


def _read_environment() -> Iterator[tuple[str, str]]:
    for name, value in os.environ.items():
        if name.startswith(ENVIRONMENT_PREFIXES):
            yield name, value


def _files_signature(files: list[Path], folders: list[Path]) -> str:
    entries = [_stat_entry(path) for path in files]
    for folder in folders:
        entries += [_stat_entry(path) for path in sorted(_walk(folder))]
    return content_key(*entries)


def _output_signature(output: Path) -> str:
    """The output's files without their change times: an unchanged search index is hard
    links to the previous output's files, and removing that output in the background
    (ContentCache.throw_away) changes their link count, hence their change time."""
    return content_key(*(_stat_entry(path, changed=False) for path in sorted(_walk(output))))


def _walk(folder: Path) -> Iterator[str]:
    """Paths as text: Path objects were half the time of a signature of 8,000 files."""
    if not folder.is_dir():
        yield str(folder)  # a missing folder is an input too: its appearing changes the build
        return
    for base, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if name not in SKIPPED_FOLDERS]
        for name in files:
            yield os.path.join(base, name)


def _stat_entry(path: str | Path, changed: bool = True) -> str:
    try:
        found = os.stat(path)
    except OSError:
        return f"{path} missing"
    change_time = found.st_ctime_ns if changed else ""
    return f"{path} {found.st_size} {found.st_mtime_ns} {change_time} {found.st_ino}"


def _python_signature() -> str:
    """The interpreter and its package folders: pip changes their times when it installs."""
    folders = sorted({Path(sysconfig.get_path(name)) for name in ("purelib", "platlib")})
    return content_key(sys.version, *(_stat_entry(folder) for folder in folders))
