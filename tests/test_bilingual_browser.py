"""Bilingual pages in a real browser: on every page type, in English and in Welsh, axe
finds no WCAG 2.2 AA violation and the language switcher leads to the other language's
page (or, where there is none, says so and leads to the other language's home)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import SiteCopy

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# page type: (English page, its Welsh counterpart, or None where the page has none)
PAGE_TYPES = {
    "home": ("", "cy/"),
    "article": ("news/2021/07/south-wales-in-numbers/", "cy/news/2021/07/south-wales-in-numbers/"),
    "untranslated-article": ("news/2021/07/vru-national-conference/", None),
    "dataset": ("data/vru-knife-crime-under-25/", "cy/data/vru-knife-crime-under-25/"),
    "catalogue": ("data/", "cy/data/"),
    "unit": ("units/south-wales/", "cy/units/south-wales/"),
    "units": ("units/", "cy/units/"),
    "archive": ("news/", "cy/news/"),
    "search": ("search/", "cy/search/"),
    "category": ("category/in-numbers/", None),
    "not-found": ("404.html", "cy/404.html"),
}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _check(page, axe: Axe, url: str, lang: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == lang
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("page_type", sorted(PAGE_TYPES))
def test_switching_language_with_no_axe_violations(
    browser, served_site: str, built_site: SiteCopy, axe: Axe, page_type: str
) -> None:
    english, welsh = PAGE_TYPES[page_type]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _check(page, axe, served_site + english, "en")
    page.click(".language-switcher a[hreflang=cy]")
    page.wait_for_load_state("networkidle")
    assert page.url == served_site + (welsh or "cy/")
    _check(page, axe, page.url, "cy")
    if welsh is not None:
        page.click(".language-switcher a[hreflang=en]")
        page.wait_for_load_state("networkidle")
        assert page.url == served_site + english
    page.close()


def test_welsh_search_finds_welsh_pages(browser, served_site: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served_site + "cy/search/")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute(".pagefind-ui__search-input", "placeholder") == "Chwilio"
    page.fill(".pagefind-ui__search-input", "Troseddau")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
    links = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.href)")
    assert links and all("/cy/" in link for link in links)
    page.close()
