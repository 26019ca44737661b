"""In a real browser: static charts without JavaScript, interactive ones on request."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

from .conftest import CSP_RECORDER

ARTICLE = "news/2021/07/vru-national-conference/"


def test_interactive_chart_loads_on_request_without_csp_violation(browser, served_site) -> None:
    page = browser.new_page()
    page.add_init_script(CSP_RECORDER)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(served_site + ARTICLE)
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests if "vendor/vega" in u], "Vega loaded before it was asked for"
    button = page.get_by_role("button", name="Show interactive chart")
    assert button.is_visible()
    button.click()
    page.wait_for_selector("figure.chart .chart-interactive svg .mark-line path", timeout=20_000)
    expect(page.locator("figure.chart .chart-image")).to_be_hidden()
    assert page.evaluate("window.__csp") == []
    assert {urlsplit(u).hostname for u in requests} == {"127.0.0.1"}
    assert any(u.endswith("vega.min.js") for u in requests)
    page.close()


def test_static_chart_works_without_javascript(browser, served_site) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + ARTICLE)
    image = page.locator("figure.chart img.chart-image")
    assert image.evaluate("img => img.complete && img.naturalWidth > 600")
    assert page.locator(".chart-interactive-button").count() == 1
    assert page.locator(".chart-interactive-button").is_hidden()
    page.get_by_text("Show the data in this chart").click()
    assert page.locator("figure.chart table tbody tr").first.is_visible()
    context.close()


def test_a_readers_walk_from_home_to_feed(browser, served_site) -> None:
    """home → article → chart table → download → dataset → unit → search → feed."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(CSP_RECORDER)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(served_site)
    page.get_by_role("link", name="Violence Reduction Units from across the country").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Violence Reduction Units from across the country work together to prevent violence"
    )
    page.get_by_text("Show the data in this chart").click()
    expect(page.get_by_role("cell", name="June 2021")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the data in this chart").click()
    download = download_info.value
    assert download.suggested_filename == "gm-sharp-object-admissions.csv"
    first_line = Path(download.path()).read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("Month,Admissions")
    page.locator("figure.chart .chart-source a").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hospital admissions")
    page.go_back()
    page.get_by_role("link", name="Greater Manchester", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Greater Manchester")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    search = page.get_by_role("textbox", name="Search")
    search.fill("Greater Manchester")
    results = page.locator(".pagefind-ui__result-link")
    expect(results.first).to_be_visible(timeout=15_000)
    titles = results.all_inner_texts()
    assert any("Violence Reduction Units from across the country" in t for t in titles)
    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]').first
    assert feed.get_attribute("href").endswith("feeds/all.atom.xml")
    assert page.evaluate("window.__csp") == []
    assert {urlsplit(u).hostname for u in requests} == {"127.0.0.1"}
    page.close()


def test_search_page_lists_every_page_without_javascript(browser, served_site) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "search/")
    fallback = page.locator("#search-fallback")
    expect(fallback).to_be_visible()
    assert fallback.get_by_role("link", name="Greater Manchester", exact=True).count() == 1
    context.close()
