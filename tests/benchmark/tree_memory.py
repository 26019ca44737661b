"""The memory of a process and all its descendants, summed, at its peak.

`/usr/bin/time -v` reports the largest resident set of one process; a build that draws
charts in worker processes uses the sum. This samples the process tree from /proc every
few hundredths of a second and keeps the largest sum of proportional set sizes (PSS:
pages shared between processes counted once, split between them), so a worker's copy of
the parent's pages is not counted twice. A peak shorter than the interval can be missed;
the benchmark reports the larger of this and time's single-process peak.
"""

from __future__ import annotations

import threading
from pathlib import Path

PROC = Path("/proc")
INTERVAL_SECONDS = 0.05


class TreeMemory:
    """Samples the tree below `pid` from start() until stop(); `peak_mb` is the result."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_mb = 0.0
        self.peak_parts: dict[str, float] = {}  # MB by kind of process, at the peak
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def start(self) -> TreeMemory:
        self._thread.start()
        return self

    def stop(self) -> float | None:
        """The peak in MB, or None where /proc cannot be read (not Linux)."""
        self._stopped.set()
        self._thread.join()
        return self.peak_mb or None

    def _sample(self) -> None:
        while not self._stopped.wait(INTERVAL_SECONDS):
            parts: dict[str, float] = {}
            for pid in _tree(self.pid):
                kind = _kind(pid)
                parts[kind] = parts.get(kind, 0.0) + _pss_kb(pid) / 1024
            total = sum(parts.values())
            if total > self.peak_mb:
                self.peak_mb, self.peak_parts = total, parts


def _kind(pid: int) -> str:
    """What a process of the tree is, for the peak's composition: our build, its copy
    forked to render pages (the same command line as its parent's), a chart worker,
    Pagefind, or another process (the baselines, /usr/bin/time, a removal)."""
    try:
        command = (PROC / str(pid) / "cmdline").read_bytes()
        parent = int((PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
        parent_command = (PROC / str(parent) / "cmdline").read_bytes()
    except (OSError, ValueError):  # ended while we looked
        return "other"
    if b"pagefind" in command:
        return "Pagefind"
    if b"multiprocessing.spawn" in command:
        return "chart workers"
    if b"newsroom.site.build" in command:
        return "forked page renderer" if command == parent_command else "the build"
    return "other"


def _tree(root: int) -> list[int]:
    """root and its descendants, from each process's parent in /proc/<pid>/stat."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended while we looked
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        found.append(pid)
        waiting += children.get(pid, [])
    return found


def _pss_kb(pid: int) -> int:
    try:
        text = (PROC / str(pid) / "smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0
