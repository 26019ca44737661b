"""The benchmark's baseline site must build with plain Pelican, cold and from its cache:
a theme that needs the plugin would otherwise break `invoke bench`, not the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .benchmark.run import ARTICLES, make_sites


def test_plain_pelican_builds_the_benchmark_site_cold_and_cached(tmp_path: Path) -> None:
    _, plain = make_sites(tmp_path, 1)
    command = [sys.executable, "-m", "pelican", "content", "-s", "plainconf.py", "-o", "output"]
    for run in ("cold", "cached"):
        done = subprocess.run(command, cwd=plain, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{run}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
        assert len(list((plain / "output/news").glob("*/*/*/index.html"))) == ARTICLES
    assert (plain / "pelican-cache").is_dir()
