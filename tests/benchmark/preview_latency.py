"""The preview's latency as an author sees it: from a file's write to the new text (or
the reloaded page) in chromium, through `newsroom serve`'s own server and watcher.

    python -m tests.benchmark.preview_latency SITE SOURCE URL [SOURCE URL ...]

(with the site's plugins/ on PYTHONPATH) prints one line per save. For `invoke bench`:
`save_latencies` edits each article and waits for its new sentence;
`data_change_latency` edits a data file and waits for a page showing it to reload.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from newsroom.site.serve import Preview, open_preview

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TIMEOUT_MS = 600_000
WARM_SECONDS = 600  # the page renderers build their context after the first build


@contextlib.contextmanager
def previewed(site: Path) -> Iterator[tuple[Preview, object]]:
    """The site under `newsroom serve` (on a free port) and a chromium to look at it."""
    from playwright.sync_api import sync_playwright

    preview = open_preview(site, port=0)
    watcher = threading.Thread(target=preview.watch, daemon=True)
    watcher.start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield preview, browser
            browser.close()
    finally:
        preview.stop()
        watcher.join(timeout=60)


def save_latencies(site: Path, pages: list[tuple[str, str]]) -> list[float]:
    """For each (source file, its page's URL): open the page, add a sentence to the
    source, and time the write until the sentence shows. Timed once the page renderers
    are warm, as while an author works: the saves come one after another, each as soon
    as the one before shows, while the full builds follow."""
    seconds = []
    with previewed(site) as (preview, browser):
        preview.renderers.wait_until_ready(WARM_SECONDS)
        for source, url in pages:
            page = browser.new_page()  # type: ignore[attr-defined]
            page.goto(preview.url + url)
            # Unique and in letters: a number here would be an unreviewed number to
            # the build, and warned about.
            unique = "".join(chr(ord("a") + int(d)) for d in str(time.time_ns()))
            sentence = f"Preview latency probe {unique}."
            path = site / source
            text = path.read_text(encoding="utf-8")
            started = time.perf_counter()
            path.write_text(text.replace("\n\n", f"\n\n{sentence}\n\n", 1), encoding="utf-8")
            page.get_by_text(sentence).wait_for(timeout=TIMEOUT_MS)
            seconds.append(time.perf_counter() - started)
            page.close()
        first = sum(source in made.sources for made in preview.shown_first for source, _ in pages)
        print(f"preview: {first} of {len(pages)} saves shown first", file=sys.stderr)
    return seconds


def data_change_latency(site: Path, url: str, edit: Callable[[], None]) -> float:
    """Open url (a page showing a chart of the package), make the edit, and time it until
    the page has reloaded."""
    with previewed(site) as (preview, browser):
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(preview.url + url)
        page.evaluate("window.__notReloaded = true")
        started = time.perf_counter()
        edit()
        deadline = started + TIMEOUT_MS / 1000
        while time.perf_counter() < deadline:
            with contextlib.suppress(Exception):  # navigating at that moment
                if page.evaluate("window.__notReloaded") is None:
                    return time.perf_counter() - started
            time.sleep(0.02)
        raise TimeoutError(f"{url} did not reload")


def main(argv: list[str]) -> None:
    site, pairs = Path(argv[0]), argv[1:]
    pages = list(zip(pairs[::2], pairs[1::2], strict=True))
    for (source, _url), seconds in zip(pages, save_latencies(site, pages), strict=True):
        print(f"{seconds:6.2f} s  {source}")


if __name__ == "__main__":
    main(sys.argv[1:])
