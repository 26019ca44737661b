"""The build hands freed memory back before Pagefind runs (rebuilds/freed_memory.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from ..conftest import REPO

# Article-sized blocks (over Python's 512-byte small-object limit, so in the C heap), all
# freed but for one made after them, which keeps the heap from shrinking by itself.
FREED_BELOW_A_LIVE_BLOCK = textwrap.dedent(
    """
    import os

    from newsroom.rebuilds.freed_memory import release_freed_memory

    def resident_mb():
        with open("/proc/self/statm") as stream:
            return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    texts = [bytes(4000) + i.to_bytes(4, "little") for i in range(60_000)]
    kept = bytes(8000)  # too large for a freed block: made at the top
    before = resident_mb()
    del texts
    released = release_freed_memory()
    print(released, before - resident_mb())
    """
)


def test_memory_freed_by_the_runs_goes_back_to_the_system() -> None:
    shown = subprocess.run(
        [sys.executable, "-c", FREED_BELOW_A_LIVE_BLOCK],
        capture_output=True, text=True, check=True, cwd=REPO,
        env={"PYTHONPATH": str(REPO / "plugins")},
    ).stdout.split()  # fmt: skip
    assert shown[0] == "True"  # glibc, as on every machine the site is built on here
    assert float(shown[1]) > 150  # of the 240 MB freed
