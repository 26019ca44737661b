"""Step 6: the static full-text search index, built by Pagefind over the finished site.

Pagefind reads the written HTML (only the parts marked `data-pagefind-body`: articles,
dataset pages, unit pages, with their `type` and `unit` filters) and writes its index
and interface into `pagefind/`. It runs on the staging folder, before the swap, so a
failure leaves the live site untouched. When every page is the same as in the live
site, the live index is copied instead: Pagefind was the slowest step of a rebuild in
which nothing changed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import Location, NewsroomError

SEARCHABLE_MARK = b"data-pagefind-body"
GLOB_SPECIAL = re.compile(r"[{}\[\]*?,\\!]")


def build_search_index(site: Path, live: Path) -> None:
    if (live / "pagefind").is_dir() and _same_pages(site, live):
        # Hard links: neither folder's files are written again, only replaced.
        shutil.copytree(live / "pagefind", site / "pagefind", copy_function=_link_or_copy)
        return
    with tempfile.TemporaryDirectory(prefix="newsroom-pagefind-") as folder:
        # Pagefind reads its settings from the folder it runs in; a file, not a command
        # line, because the list of pages is longer than one argument may be.
        config = {"site": str(site), "silent": True, **_only_searchable(site)}
        (Path(folder) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "pagefind"],
            cwd=folder,
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


def _only_searchable(site: Path) -> dict[str, str]:
    """Pagefind's `glob` naming just the pages marked `data-pagefind-body`. Once a page
    has the mark, Pagefind leaves out every page without it, but it parses them all to
    find out: listing, tag and embed pages were a third of its work. Nothing when no page
    is marked (Pagefind then indexes every page) or a path would need glob escaping."""
    pages = [
        page.relative_to(site).as_posix()
        for page in sorted(site.rglob("*.html"))
        if SEARCHABLE_MARK in page.read_bytes()
    ]
    if not pages or any(GLOB_SPECIAL.search(page) for page in pages):
        return {}
    return {"glob": "{" + ",".join(pages) + "}"}


def _same_pages(site: Path, live: Path) -> bool:
    pages = sorted(page.relative_to(site) for page in site.rglob("*.html"))
    if pages != sorted(page.relative_to(live) for page in live.rglob("*.html")):
        return False
    return all((site / page).read_bytes() == (live / page).read_bytes() for page in pages)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)
