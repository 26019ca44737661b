"""In a real browser: static charts without JavaScript, interactive ones on request."""

from __future__ import annotations

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
