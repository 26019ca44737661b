"""Which of Pelican's pages the sitemap lists, from a run's context and settings (the
built site's sitemaps are checked in test_feeds_and_sitemap.py)."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from newsroom.site.sitemap_pages import page_url, pelican_pages


def article(url: str, day: int, modified: int | None = None) -> SimpleNamespace:
    made = SimpleNamespace(url=url, date=datetime(2025, 1, day))
    if modified:
        made.modified = datetime(2025, 2, modified)
    return made


def test_pelican_pages_lists_direct_templates_contents_listings_and_period_archives() -> None:
    first, second = article("news/a/", 3), article("news/b/", 9, modified=1)
    tag = SimpleNamespace(url="tag/t/", save_as="tag/t/index.html")
    unwritten = SimpleNamespace(url="author/x/", save_as="")
    context = {
        "articles": [first, second],
        "pages": [SimpleNamespace(url="about/", date=datetime(2024, 5, 1))],
        "tags": [(tag, [first])],
        "authors": [(unwritten, [first])],
        "period_archives": {"year": [{"url": "", "save_as": "2025/index.html",
                                      "dates": [first, second]}]},
    }  # fmt: skip
    settings = {
        "DIRECT_TEMPLATES": ["index", "tags", "archives", "authors"],
        "ARCHIVES_SAVE_AS": "news/index.html",
        "AUTHORS_SAVE_AS": "",
    }
    assert pelican_pages(context, settings) == [
        ("", "2025-02-01"),
        ("tags.html", ""),
        ("news/", "2025-02-01"),
        ("news/a/", "2025-01-03"),
        ("news/b/", "2025-02-01"),
        ("about/", "2024-05-01"),
        ("tag/t/", "2025-01-03"),
        ("2025/", "2025-02-01"),
    ]


def test_page_url_is_the_folder_of_an_index_file() -> None:
    assert page_url("index.html") == ""
    assert page_url("news/index.html") == "news/"
    assert page_url("tags.html") == "tags.html"
    assert page_url("news/myindex.html") == "news/myindex.html"
