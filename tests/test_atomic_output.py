"""output/ is only ever the last good build, builds are reproducible, links all resolve.

(a) A build killed with SIGKILL while it renders charts, or while it writes the site,
leaves output/ byte for byte as the last good build left it; the next build succeeds
and clears the leftovers. (b) Two builds of the same inputs, from separate copies with
separate caches (each build here has its own, not the session's shared one) and with
SOURCE_DATE_EPOCH set to two different times, give the same bytes (Pagefind's index
aside: it is written in hash-map order, upstream issue Pagefind/pagefind#638).
(c) LinkChecker finds no broken internal link.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import SiteCopy, copy_site, serving

ARTICLE = "content/news/2021-07-12-vru-national-conference.md"
STAGING = ".output-building-*"
EXTRA_CHARTS = 30
PAGEFIND = "pagefind"


def build_command(site: SiteCopy, *args: str, **env: str) -> subprocess.Popen[str]:
    """The build command as SiteCopy.run_build_command runs it, without waiting, with a
    cache of the site's own (not the session's shared one): nothing is drawn in advance."""
    own = {"PYTHONPATH": str(site.root / "plugins"), "NEWSROOM_CACHE": str(cache_of(site))}
    return subprocess.Popen(
        [sys.executable, "-m", "newsroom.site.build", *args],
        cwd=site.root,
        env={**os.environ, **own, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str], timeout: float = 300) -> tuple[int, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out + err


def add_charts(site: SiteCopy, count: int) -> None:
    """count more charts in the conference article, each new to the cache."""
    blocks = "".join(
        f"""
```chart
id: extra-chart-{n}
package: vru-sharp-object-admissions
kind: line
x: month
y: admissions
filter:
  unit_id: greater-manchester
title: Extra chart {n}
alt: Line chart {n} of monthly admissions in Greater Manchester.
```
"""
        for n in range(count)
    )
    article = site.root / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + blocks, encoding="utf-8")


def cache_of(site: SiteCopy) -> Path:
    return site.root / ".cache" / "newsroom"


def chart_cache_entries(site: SiteCopy) -> int:
    return _count(cache_of(site) / "svg")


def _count(folder: Path) -> int:
    """Files under folder, which a build may be writing or removing meanwhile."""
    count = 0
    for root, _, files in os.walk(folder):
        count += len(files) if Path(root).exists() else 0
    return count


def staged_files(site: SiteCopy) -> int:
    return sum(_count(staging) for staging in site.root.glob(STAGING))


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[str], what: str) -> None:
    deadline = time.monotonic() + 240
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the build ended (exit {process.returncode}) before {what}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.01)


@pytest.mark.parametrize("moment", ["rendering charts", "writing the site"])
def test_killed_build_leaves_last_good_output(tmp_path: Path, moment: str) -> None:
    site = copy_site(tmp_path / "site")
    assert finish(build_command(site))[0] == 0
    good = site.tree_digest()
    add_charts(site, EXTRA_CHARTS)
    cached = chart_cache_entries(site)

    process = build_command(site)
    if moment == "rendering charts":
        # Charts are drawn while Markdown is read, into the cache; the staging folder is
        # made first. A few new charts drawn, most still to come: rendering is under way.
        wait_for(
            lambda: bool(list(site.root.glob(STAGING))) and chart_cache_entries(site) >= cached + 3,
            process,
            "charts were being drawn",
        )
        assert chart_cache_entries(site) < cached + EXTRA_CHARTS, "rendering already ended"
    else:
        wait_for(lambda: staged_files(site) > 0, process, "the staging folder had files")
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL

    assert site.tree_digest() == good
    assert list(site.root.glob(STAGING)), "nothing was left behind: was the build killed?"
    code, log = finish(build_command(site))
    assert code == 0, log[-3000:]
    assert not list(site.root.glob(".output-*"))
    assert (site.output / "charts" / f"extra-chart-{EXTRA_CHARTS - 1}.svg").is_file()


@pytest.mark.parametrize("cache", ["own", "none"])
def test_a_rebuild_removes_the_output_it_replaced(tmp_path: Path, cache: str) -> None:
    """The replaced output goes to the cache's bin, emptied by a process of its own; with
    no cache the build removes it itself. Either way nothing is left beside output/."""
    site = copy_site(tmp_path / "site")
    env = {} if cache == "own" else {"NEWSROOM_CACHE": ""}
    assert finish(build_command(site, **env))[0] == 0
    replaced = site.output / "index.html"
    replaced_inode = replaced.stat().st_ino
    code, log = finish(build_command(site, "--force", **env))
    assert code == 0, log[-3000:]
    assert replaced.stat().st_ino != replaced_inode, "the output was not replaced"
    assert not list(site.root.glob(".output-*"))
    bin_folder = cache_of(site) / "discarded"
    assert bin_folder.is_dir() == (cache == "own")
    deadline = time.monotonic() + 60
    while bin_folder.is_dir() and any(bin_folder.iterdir()):
        assert time.monotonic() < deadline, f"{bin_folder} was not emptied"
        time.sleep(0.05)


def file_digests(output: Path) -> dict[str, str]:
    return {
        path.relative_to(output).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file() and path.relative_to(output).parts[0] != PAGEFIND
    }


def test_two_builds_from_separate_copies_are_byte_identical(tmp_path: Path) -> None:
    first = copy_site(tmp_path / "first" / "site")
    second = copy_site(tmp_path / "second-copy" / "elsewhere")
    # Both after every date in the content and data, so that no embargo differs.
    builds = [
        build_command(first, SOURCE_DATE_EPOCH="1700000000"),  # 2023-11-14
        build_command(second, SOURCE_DATE_EPOCH="1900000000"),  # 2030-03-17
    ]
    for process in builds:
        code, log = finish(process)
        assert code == 0, log[-3000:]

    one, two = file_digests(first.output), file_digests(second.output)
    assert len(one) > 300
    assert sorted(one) == sorted(two)
    different = [path for path in one if one[path] != two[path]]
    assert not different, f"{len(different)} files differ, e.g. {different[:10]}"
    assert (first.output / PAGEFIND).is_dir() and (second.output / PAGEFIND).is_dir()


def serving_to_linkchecker(folder: Path) -> contextlib.AbstractContextManager[str]:
    """folder over HTTP on 127.0.0.1, with the header that lets LinkChecker go faster
    than 10 requests a second (its politeness limit for other people's servers)."""
    return serving(folder, {"LinkChecker": "local test server"})


def test_no_broken_internal_links(built_site: SiteCopy, tmp_path: Path) -> None:
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=1000\n", encoding="utf-8")
    output = built_site.output
    pages = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))
    with serving_to_linkchecker(output) as base:
        # Run as root, LinkChecker drops to nobody, who cannot read tmp_path: HTTP it is.
        result = subprocess.run(
            [
                str(Path(sys.executable).parent / "linkchecker"),
                f"--config={config}",
                "--stdin",
                "--no-robots",
                "--no-status",
                "--verbose",
                "--output=csv/utf-8",
                # Anything not on this server is checked for syntax only: nothing leaves
                # the machine (mailto: and https:// links included).
                f"--ignore-url=^(?!{re.escape(base)})",
            ],
            input="\n".join(base + page for page in pages),
            capture_output=True,
            text=True,
            timeout=600,
        )
    rows = list(csv.DictReader(_csv_body(result.stdout), delimiter=";"))
    internal = [row for row in rows if row["url"].startswith(base)]
    broken = [
        f"{row['url']} (linked from {row['parentname']}): {row['result']}"
        for row in internal
        if row["valid"] != "True"
    ]
    assert not broken, "\n".join(broken[:30])
    checked = {row["url"] for row in internal if row["result"].startswith("200")}
    assert len(pages) > 200
    assert len(checked) > 400, result.stdout[-2000:] + result.stderr[-2000:]


def _csv_body(output: str) -> io.StringIO:
    """LinkChecker's CSV without its comment lines."""
    return io.StringIO("\n".join(line for line in output.splitlines() if not line.startswith("#")))
