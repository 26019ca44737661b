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
import tempfile
from pathlib import Path
from typing import Any

from newsroom.core.errors import Location, NewsroomError

SEARCHABLE_MARK = b"data-pagefind-body"
GLOB_SPECIAL = re.compile(r"[{}\[\]*?,\\!]")


def build_search_index(site: Path, live: Path) -> None:
    pages = _html_pages(site)
    if (live / "pagefind").is_dir() and _same_pages(site, pages, live):
        # Hard links: neither folder's files are written again, only replaced.
        shutil.copytree(live / "pagefind", site / "pagefind", copy_function=_link_or_copy)
        return
    with tempfile.TemporaryDirectory(prefix="newsroom-pagefind-") as folder:
        # Pagefind reads its settings from the folder it runs in; a file, not a command
        # line, because the list of pages is longer than one argument may be.
        marked = {name: SEARCHABLE_MARK in _read(site / name) for name in pages}
        config = {"site": str(site), "silent": True, **_only_searchable(marked)}
        (Path(folder) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        try:
            result = subprocess.run(
                [pagefind_binary()],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=600,
            )
            said = (result.stderr or result.stdout).strip()
            failure = (said or f"exit status {result.returncode}") if result.returncode else ""
        except (ImportError, OSError) as error:  # no binary, or one that cannot run
            failure = str(error)
    if failure:
        raise NewsroomError.single(
            "search-index-failed",
            Location("pagefind"),
            f"Pagefind could not index the site: {failure}",
            "Check that the pagefind package is installed (make build installs it).",
        )


def pagefind_binary() -> str:
    """The binary `python -m pagefind` runs (PAGEFIND_BINARY_PATH, else the pagefind_bin
    package's), started directly: `python -m pagefind` took a tenth of a second to start
    Pagefind."""
    from pagefind_bin import get_executable  # light: no asyncio, unlike pagefind.service

    return os.environ.get("PAGEFIND_BINARY_PATH") or str(get_executable())


def _only_searchable(marked: dict[str, bool]) -> dict[str, str]:
    """Pagefind's `glob` naming just the pages marked `data-pagefind-body` (marked: each
    page's relative path, and whether it has the mark). Once a page has the mark,
    Pagefind leaves out every page without it, but it parses them all to find out:
    listing, tag and embed pages were a third of its work. Nothing when every page or no
    page is marked (Pagefind then indexes every page) or a path would need glob
    escaping."""
    if all(marked.values()) or not any(marked.values()):
        return {}
    if any(GLOB_SPECIAL.search(path) for path, is_marked in marked.items() if is_marked):
        return {}
    return {"glob": "{" + ",".join(_patterns(_tree(marked), "")) + "}"}


def _tree(marked: dict[str, bool]) -> dict[str, Any]:
    """Pages as nested folders: {folder name: {...}, file name: marked}."""
    root: dict[str, Any] = {}
    for path, is_marked in marked.items():
        *folders, name = path.split("/")
        node = root
        for folder in folders:
            node = node.setdefault(folder, {})
        node[name] = is_marked
    return root


def _patterns(folder: dict[str, Any], prefix: str) -> list[str]:
    """A folder's marked pages as few patterns: a subfolder whose every page is marked is
    one `sub/**/*.html`. Naming every page was a pattern too large for Pagefind, which
    then indexed no page (some 12,000 pages at 50 characters each)."""
    patterns = []
    for name, node in sorted(folder.items()):
        if node is True:
            patterns.append(prefix + name)
        elif isinstance(node, dict) and _every_page_marked(node):
            patterns.append(f"{prefix}{name}/**/*.html")
        elif isinstance(node, dict):
            patterns += _patterns(node, f"{prefix}{name}/")
    return patterns


def _every_page_marked(folder: dict[str, Any]) -> bool:
    return all(
        _every_page_marked(node) if isinstance(node, dict) else node for node in folder.values()
    )


def _same_pages(site: Path, pages: list[str], live: Path) -> bool:
    """Whether the staged pages (sorted relative paths) are the live site's pages, byte
    for byte; sizes first, which tell an edited site apart without reading it. One page
    at a time: the site of 8,000 articles has 160 MB of pages, once all held at once."""
    if pages != _html_pages(live):
        return False
    if any(os.stat(site / name).st_size != os.stat(live / name).st_size for name in pages):
        return False
    return all(_read(site / name) == _read(live / name) for name in pages)


def _html_pages(folder: Path) -> list[str]:
    """The pages below folder, as sorted relative paths with "/" (os.scandir: a third of
    the time of Path.rglob, at every build that writes the site)."""
    found, folders = [], [""]
    while folders:
        relative = folders.pop()
        with os.scandir(folder / relative) as entries:
            for entry in entries:
                name = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append(name)
                elif entry.name.endswith(".html"):
                    found.append(name)
    return sorted(found)


def _read(path: Path) -> bytes:
    with open(path, "rb", buffering=0) as stream:
        return stream.read()


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)
