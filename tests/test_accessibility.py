"""Every page type in a real browser: axe-core finds no WCAG 2.2 AA violation at phone
and desktop widths, every control is reachable with Tab, and no page asks another host.

Screenshots of each page type at each width are saved beside the built site
(`screenshots/`) for review.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import CSP_RECORDER, SiteCopy

PAGE_TYPES = {
    "home": "",
    "article": "news/2021/07/vru-national-conference/",
    "dataset": "data/vru-sharp-object-admissions/",
    "catalogue": "data/",
    "catalogue-filter": "data/unit/greater-manchester/",
    "unit": "units/greater-manchester/",
    "units": "units/",
    "figure": "figures/2021-07-12-vru-national-conference/gm-admissions-change/",
    "embed": "embed/gm-sharp-object-admissions/",
    "category": "category/news/",
    "tag": "tag/greater-manchester/",
    "archive": "news/",
    "search": "search/",
    "not-found": "404.html",
}
WIDTHS = (320, 1280)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_type", sorted(PAGE_TYPES))
def test_no_axe_violations(
    browser, served_site: str, built_site: SiteCopy, axe: Axe, page_type: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.add_init_script(CSP_RECORDER)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(served_site + PAGE_TYPES[page_type])
    page.wait_for_load_state("networkidle")
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    folder = built_site.root / "screenshots"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{page_type}-{width}.png"), full_page=True)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("window.__csp") == []
    assert {urlsplit(url).hostname for url in requests} == {"127.0.0.1"}
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page_type} scrolls sideways at {width}px"
    page.close()


@pytest.mark.parametrize("page_type", ["article", "dataset", "home"])
def test_every_control_is_reachable_with_tab_and_shows_focus(
    browser, served_site: str, page_type: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served_site + PAGE_TYPES[page_type])
    page.wait_for_load_state("networkidle")
    focusable = page.evaluate(
        """() => [...document.querySelectorAll(FOCUSABLE)]
                 .filter(e => e.checkVisibility()).length""".replace(
            "FOCUSABLE", repr('a[href], button:not([hidden]), summary, textarea, [tabindex="0"]')
        )
    )
    reached = set()
    for _ in range(focusable + 5):
        page.keyboard.press("Tab")
        described = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
                 const at = [...document.querySelectorAll('*')].indexOf(e);
                 return [at + ': ' + e.outerHTML.slice(0, 120), s.outlineStyle, s.boxShadow,
                         e.tagName]; }"""
        )
        if described[3] == "BODY":  # past the last control, focus leaves the page
            continue
        reached.add(described[0])
        assert described[1] != "none" or described[2] != "none", f"no visible focus: {described[0]}"
    assert len(reached) >= focusable
    page.close()


def test_axe_reports_a_page_with_known_violations(browser, axe: Axe) -> None:
    """The checker itself works: an image without alt text and grey-on-grey text fail."""
    page = browser.new_page()
    page.set_content(
        '<html lang="en"><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<p style="color:#999;background:#aaa">Faint</p></main></body></html>'
    )
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count >= 2
    page.close()
