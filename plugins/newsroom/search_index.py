"""Step 6: the static full-text search index, built by Pagefind over the finished site.

Pagefind reads the written HTML (only the parts marked `data-pagefind-body`: articles,
dataset pages, unit pages, with their `type` and `unit` filters) and writes its index
and interface into `pagefind/`. It runs on the staging folder, before the swap, so a
failure leaves the live site untouched.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .errors import Location, NewsroomError


def build_search_index(site: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise NewsroomError.single(
            "search-index-failed",
            Location("pagefind"),
            f"Pagefind could not index the site: {(result.stderr or result.stdout).strip()}",
            "Check that the pagefind package is installed (make build installs it).",
        )
