"""The site behind the headers of its `_headers` file, in chromium, on a host that joins
overlapping rules' values (Cloudflare Pages): search runs, an embed can be framed by
another site, and an article cannot."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SiteCopy, serving

EMBED = "embed/gm-sharp-object-admissions/"
ARTICLE = "news/2021/07/south-wales-in-numbers/"


@pytest.fixture(scope="module")
def joining_host(built_site: SiteCopy):
    with serving(built_site.output, joining_headers=True) as url:
        yield url


def test_search_runs_under_the_joined_policies(browser, joining_host: str) -> None:
    page = browser.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(joining_host + "search/")
    page.fill(".pagefind-ui__search-input", "knife")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
    assert page.locator(".pagefind-ui__result-link").count() > 0
    assert refused == []
    page.close()


def framed(browser, joining_host: str, folder: Path, path: str) -> str:
    """What a page of another site (another port) shows of `path` in an iframe: its
    heading's text, or "" where the browser refused to frame it."""
    (folder / "index.html").write_text(
        f'<!doctype html><title>Elsewhere</title><iframe src="{joining_host}{path}"></iframe>',
        encoding="utf-8",
    )
    with serving(folder) as elsewhere:
        page = browser.new_page()
        page.goto(elsewhere)
        page.wait_for_load_state("load")
        frame = page.frames[1]
        refused = frame.url.startswith("chrome-error:")  # chromium's "refused to connect"
        text = "" if refused else frame.evaluate("document.body.innerText")
        page.close()
    return text.strip()


def test_another_site_can_frame_an_embed_but_not_an_article(
    browser, joining_host: str, tmp_path: Path
) -> None:
    assert "assault with a sharp object" in framed(browser, joining_host, tmp_path, EMBED)
    # Control: the same frame holding an article is refused (X-Frame-Options).
    assert framed(browser, joining_host, tmp_path, ARTICLE) == ""
