"""`newsroom serve` in a real browser: a saved article reloads its page, a failed build
shows over the last good page until it is fixed, and the script that does it exists only
in the preview's responses."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from newsroom.commands import run_build
from newsroom.site.serve import Preview, open_preview
from newsroom.starter import write_starter_site
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from ..conftest import CSP_RECORDER
from ..test_accessibility import WCAG_TAGS

ARTICLE = "content/news/2025-01-20-example-library-visits.md"
ARTICLE_URL = "news/2025/01/example-library-visits/"
UNRELATED_URL = "units/north/"  # shows nothing of the article
DATASET_URL = "data/example-library-visits/"
DATA_FILE = "data/example-library-visits/visits.csv"
SENTENCE = "The North and Central districts held steady, as the chart shows."
TIMEOUT_MS = 20_000  # a build on two busy cores; the benchmark measures the real latency
WARM_SECONDS = 120  # the page renderers' start: a build's reading, without its writing


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    """The starter site built, served on a free port and watched, as `newsroom serve`."""
    write_starter_site(tmp_path / "site")
    opened = open_preview(tmp_path / "site", port=0)
    watcher = threading.Thread(target=opened.watch, daemon=True)
    watcher.start()
    yield opened
    opened.stop()
    watcher.join(timeout=60)


def edit(site: Path, old: str, new: str) -> None:
    path = site / ARTICLE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def wait_until_reloaded(page: Page) -> None:
    """Until the page has lost the mark set before (the site's CSP forbids the string
    evaluation that Playwright's wait_for_function needs)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        with contextlib.suppress(PlaywrightError):  # navigating at that moment
            if page.evaluate("window.__notReloaded") is None:
                page.wait_for_load_state()
                return
        time.sleep(0.05)
    raise AssertionError(f"{page.url} was not reloaded")


def test_a_saved_article_reloads_its_open_page_and_no_other(browser, preview) -> None:
    page = browser.new_page()
    page.add_init_script(CSP_RECORDER)
    page.goto(preview.url + ARTICLE_URL)
    expect(page.get_by_text(SENTENCE)).to_be_visible()
    other = browser.new_page()
    other.goto(preview.url + UNRELATED_URL)
    other.evaluate("window.__notReloaded = true")
    page.evaluate("window.__notReloaded = true")
    edit(preview.site, SENTENCE, "The North and Central districts held firm, as the chart shows.")
    expect(page.get_by_text("held firm, as the chart shows")).to_be_visible(timeout=TIMEOUT_MS)
    assert page.evaluate("window.__notReloaded") is None, "the page was reloaded"
    assert other.evaluate("window.__notReloaded") is True, "an unrelated page reloaded"
    assert page.evaluate("window.__csp") == []
    page.close()
    other.close()


def shown_first_after(preview: Preview, count: int) -> list:
    """The page-first renderings after the first count, once one more has ended."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while len(preview.shown_first) <= count and time.monotonic() < deadline:
        time.sleep(0.05)
    return preview.shown_first[count:]


def wait_for_generation(preview: Preview, generation: int) -> None:
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while preview.events.generation < generation and time.monotonic() < deadline:
        time.sleep(0.05)
    assert preview.events.generation >= generation, "the full build did not end"


def test_a_saved_article_shows_first_and_the_full_build_agrees(browser, preview) -> None:
    assert preview.renderers.wait_until_ready(WARM_SECONDS)
    page = browser.new_page()
    page.goto(preview.url + ARTICLE_URL)
    before, generation = len(preview.shown_first), preview.events.generation
    edit(preview.site, SENTENCE, "The North and Central districts held firm, as the chart shows.")
    expect(page.get_by_text("held firm, as the chart shows")).to_be_visible(timeout=TIMEOUT_MS)
    [made] = shown_first_after(preview, before)
    assert made.fallback == "" and made.problems == []
    assert made.sources == [ARTICLE]
    assert made.written == [ARTICLE_URL + "index.html"]
    written = preview.site / "output" / ARTICLE_URL / "index.html"
    first = written.read_bytes()
    assert b"held firm" in first
    # The full build follows (one generation for the page, one for the build) and
    # writes the very same page: the open page is not reloaded again.
    page.evaluate("window.__notReloaded = true")
    wait_for_generation(preview, generation + 2)
    assert written.read_bytes() == first
    assert page.evaluate("window.__notReloaded") is True
    page.close()


def test_a_figure_error_shows_first_at_its_file_and_line(browser, preview) -> None:
    assert preview.renderers.wait_until_ready(WARM_SECONDS)
    page = browser.new_page()
    page.goto(preview.url + ARTICLE_URL)
    lines = (preview.site / ARTICLE).read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "figure:south-change" in text)
    before, generation = len(preview.shown_first), preview.events.generation
    edit(preview.site, "figure:south-change", "figure:south-chnage")
    [made] = shown_first_after(preview, before)
    assert made.fallback == "" and made.written == []
    assert [(p["code"], p["file"], p["line"]) for p in made.problems] == [
        ("figure-name-unknown", ARTICLE, line)
    ]
    overlay = page.get_by_role("alertdialog")
    expect(overlay).to_be_visible(timeout=TIMEOUT_MS)
    expect(overlay).to_contain_text(f"{ARTICLE}:{line}")
    # The full build finds the same problem, as the same data.
    wait_for_generation(preview, generation + 2)
    assert preview.events.problems == made.problems
    page.close()


def test_a_new_article_goes_to_the_full_build(browser, preview) -> None:
    assert preview.renderers.wait_until_ready(WARM_SECONDS)
    before = len(preview.shown_first)
    generation = preview.events.generation
    new = preview.site / "content/news/2025-02-01-a-second-story.md"
    new.write_text(
        "Title: A second story\nDate: 2025-02-01 10:00\nCategory: News\n"
        "Slug: a-second-story\n\nA story the renderers have never read.\n",
        encoding="utf-8",
    )
    page = browser.new_page()
    wait_for_generation(preview, generation + 1)
    assert preview.shown_first[before:] == []  # nothing shown ahead of the build
    page.goto(preview.url + "news/2025/02/a-second-story/")
    expect(page.get_by_text("A story the renderers have never read.")).to_be_visible()
    # After that build the renderers start again, with the new article in their run.
    assert preview.renderers.wait_until_ready(WARM_SECONDS)
    new.write_text(new.read_text(encoding="utf-8").replace("never read", "now read"), "utf-8")
    expect(page.get_by_text("A story the renderers have now read.")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    assert [made.sources for made in preview.shown_first[before:]] == [
        ["content/news/2025-02-01-a-second-story.md"]
    ]
    page.close()


def test_a_changed_chart_reloads_the_pages_that_show_it(browser, preview) -> None:
    pages = {url: browser.new_page() for url in (ARTICLE_URL, UNRELATED_URL)}
    for url, page in pages.items():
        page.goto(preview.url + url)
        page.evaluate("window.__notReloaded = true")
    chart = pages[ARTICLE_URL].locator("figure.chart img.chart-image").get_attribute("src")
    shown = (preview.site / "output" / ARTICLE_URL / chart).resolve()
    preview.events.built({shown.relative_to(preview.site / "output").as_posix()})
    wait_until_reloaded(pages[ARTICLE_URL])
    assert pages[UNRELATED_URL].evaluate("window.__notReloaded") is True
    for page in pages.values():
        page.close()


def test_a_changed_data_package_reloads_its_pages(browser, preview) -> None:
    pages = {url: browser.new_page() for url in (ARTICLE_URL, DATASET_URL, UNRELATED_URL)}
    for url, page in pages.items():
        page.goto(preview.url + url)
        page.evaluate("window.__notReloaded = true")
    data = preview.site / DATA_FILE
    data.write_text(data.read_text().replace("north,2023-02,3041", "north,2023-02,3042"))
    for url in (ARTICLE_URL, DATASET_URL):
        wait_until_reloaded(pages[url])
    assert pages[UNRELATED_URL].evaluate("window.__notReloaded") is True
    for page in pages.values():
        page.close()


def test_a_failed_build_shows_over_the_last_good_page_until_fixed(browser, preview) -> None:
    page = browser.new_page()
    page.add_init_script(CSP_RECORDER)
    page.goto(preview.url + ARTICLE_URL)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_visible()
    lines = (preview.site / ARTICLE).read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "figure:south-change" in text)
    edit(preview.site, "figure:south-change", "figure:south-chnage")
    overlay = page.get_by_role("alertdialog")
    expect(overlay).to_be_visible(timeout=TIMEOUT_MS)
    expect(overlay).to_contain_text(f"{ARTICLE}:{line}")
    expect(overlay).to_contain_text("error[")
    expect(overlay).to_contain_text("fix: ")
    expect(overlay.get_by_role("button", name="Hide")).to_be_focused()
    expect(heading).to_be_attached()  # the last good page stays underneath
    edit(preview.site, "figure:south-chnage", "figure:south-change")
    expect(overlay).to_have_count(0, timeout=TIMEOUT_MS)
    expect(heading).to_be_visible()
    edit(preview.site, "figure:south-change", "figure:south-chnage")
    expect(overlay).to_be_visible(timeout=TIMEOUT_MS)
    page.keyboard.press("Escape")  # an author may read the page under it
    expect(overlay).to_have_count(0)
    assert page.evaluate("window.__csp") == []
    page.close()


def test_the_overlay_shows_a_message_as_text(browser, preview) -> None:
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(preview.url + ARTICLE_URL)
    planted = "<img src=x onerror=\"document.title='owned'\">"
    preview.events.failed(
        [
            {
                "code": "figure-unknown",
                "location": f"{ARTICLE}:3",
                "file": ARTICLE,
                "line": 3,
                "message": planted,
                "hint": "<b>bold</b>",
            }
        ]
    )
    overlay = page.get_by_role("alertdialog")
    expect(overlay).to_contain_text(planted)
    expect(overlay).to_contain_text("fix: <b>bold</b>")
    assert overlay.locator("img, b").count() == 0
    assert page.title() != "owned"
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()
    page.close()


def test_built_and_published_sites_carry_no_reload_script(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_starter_site(site)
    for settings in ("pelicanconf.py", "publishconf.py"):
        assert run_build(site, settings, force=True)
        carrying = [
            path.relative_to(site).as_posix()
            for path in (site / "output").rglob("*")
            if path.is_file() and b"__newsroom" in path.read_bytes()
        ]
        assert carrying == [], f"{settings}: the reload script is in the built site"


def test_the_build_writes_its_problems_as_json(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_starter_site(site)
    edit(site, "figure:south-change", "figure:south-chnage")
    report = tmp_path / "problems.json"
    assert not run_build(site, problems_json=report)
    problems = json.loads(report.read_text(encoding="utf-8"))
    assert problems and {problem["file"] for problem in problems} == {ARTICLE}
    assert all(problem["code"] and problem["line"] and problem["hint"] for problem in problems)
    edit(site, "figure:south-chnage", "figure:south-change")
    assert run_build(site, problems_json=report)
    assert json.loads(report.read_text(encoding="utf-8")) == []
