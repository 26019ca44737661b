"""The site builds, and the example article shows its chart and its checked figure.

Run with `pytest` in the site's folder. The build goes to a temporary folder, with a
cache of its own, so that output/ is left as it is.
"""

from __future__ import annotations

from pathlib import Path

from newsroom.site.build import build_site

SITE = Path(__file__).resolve().parent.parent
ARTICLE = "news/2025/01/example-library-visits/index.html"


def test_site_builds_with_chart_and_checked_figure(tmp_path: Path) -> None:
    output = tmp_path / "output"
    cache = {"NEWSROOM_CACHE_PATH": str(tmp_path / "cache")}

    assert build_site(SITE / "pelicanconf.py", output, cache, force=True).built

    page = (output / ARTICLE).read_text(encoding="utf-8")
    assert 'src="../../../../charts/example-library-visits.svg"' in page
    assert (output / "charts/example-library-visits.svg").read_text().startswith("<svg")
    assert ">a 13% decrease</a>" in page  # the build has checked these words
