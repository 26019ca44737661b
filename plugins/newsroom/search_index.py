"""Step 6: the static full-text search index, built by Pagefind over the finished site.

Pagefind reads the written HTML (only the parts marked `data-pagefind-body`: articles,
dataset pages, unit pages, with their `type` and `unit` filters) and writes its index
and interface into `pagefind/`. It runs on the staging folder, before the swap, so a
failure leaves the live site untouched. When every page is the same as in the live
site, the live index is copied instead: Pagefind was the slowest step of a rebuild in
which nothing changed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .errors import Location, NewsroomError


def build_search_index(site: Path, live: Path) -> None:
    if (live / "pagefind").is_dir() and _same_pages(site, live):
        shutil.copytree(live / "pagefind", site / "pagefind")
        return
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


def _same_pages(site: Path, live: Path) -> bool:
    pages = sorted(page.relative_to(site) for page in site.rglob("*.html"))
    if pages != sorted(page.relative_to(live) for page in live.rglob("*.html")):
        return False
    return all((site / page).read_bytes() == (live / page).read_bytes() for page in pages)
