"""Step 5b: the pages Pelican writes that are meant to be found, for the sitemap.

Pelican's own pages: the home page and its other direct templates (archives, the lists
of tags, categories and authors), every article and page, the first page of each
category, tag and author listing, and the period archives a site turns on. Later pages
of a listing carry `noindex` instead (theme/templates/base.html): everything they list
is in the sitemap already. The newsroom's own pages are added by generator.py.
"""

from __future__ import annotations

from typing import Any

INDEX_FILE = "index.html"


def page_url(save_as: str) -> str:
    """The address a file is served at: a folder's index.html is the folder."""
    folder_index = save_as == INDEX_FILE or save_as.endswith("/" + INDEX_FILE)
    return save_as.removesuffix(INDEX_FILE) if folder_index else save_as


def _newest(articles: list[Any]) -> str:
    dates = [getattr(a, "modified", None) or a.date for a in articles]
    return max(dates).date().isoformat() if dates else ""


def pelican_pages(context: dict[str, Any], settings: dict[str, Any]) -> list[tuple[str, str]]:
    """(URL, last modified date or "") of each of Pelican's pages meant to be found."""
    articles = context.get("articles", [])
    pages = []
    for name in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            url = settings.get(f"{name.upper()}_URL") or page_url(save_as)
            pages.append((url, _newest(articles) if name in ("index", "archives") else ""))
    for item in articles + context.get("pages", []):
        pages.append((item.url, _newest([item])))
    for kind in ("categories", "tags", "authors"):
        for listing, listed in context.get(kind, []):
            if listing.save_as:
                pages.append((listing.url, _newest(listed)))
    for archives in context.get("period_archives", {}).values():  # when a site turns them on
        for archive in archives:
            url = archive["url"] or page_url(archive["save_as"])
            pages.append((url, _newest(archive["dates"])))
    return pages
