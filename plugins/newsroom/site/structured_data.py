"""Step 5: what an article page tells those who share it and those who index it: its
social card's text alternative and its schema.org `NewsArticle`, from Pelican's article
and what the build drew and computed for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from newsroom.catalogue.datasets import DatasetPage
from newsroom.catalogue.metadata import script_json
from newsroom.catalogue.schema_org import ArticleFacts, news_article
from newsroom.charts.drawing import RenderedChart
from newsroom.core.errors import Location, NewsroomError
from newsroom.data.units import metadata_line
from newsroom.figures.uses import FigureUse

AUTHOR_TYPES = ("Organization", "Person")


def packages_used(
    charts: Iterable[RenderedChart], figure_uses: Iterable[FigureUse]
) -> dict[str, set[str]]:
    """{source file: names of the packages its charts and figures use}."""
    used: dict[str, set[str]] = {}
    for chart in charts:
        used.setdefault(chart.source, set()).add(chart.package_name)
    for use in figure_uses:
        used.setdefault(use.source, set()).add(use.figure.package.name)
    return used


def last_modified(article: Any) -> str:
    """The article's modified date, or that of a later revision of its figures, or else
    its publication date (ISO 8601)."""
    changed: datetime = getattr(article, "modified", None) or article.date
    revised = max((r.released for r in getattr(article, "revisions", [])), default="")
    return revised if revised > changed.date().isoformat() else changed.isoformat()


def author_type(article: Any, shown: str) -> str:
    """What the article's authors are: `Author-Type:` in its front matter, else the
    organisation (a newsroom's bylines are mostly its own or its members')."""
    written = str(article.metadata.get("author-type", "Organization")).strip()
    for kind in AUTHOR_TYPES:
        if written.lower() == kind.lower():
            return kind
    raise NewsroomError.single(
        "article-author-type-unknown",
        Location(shown, metadata_line(Path(article.source_path), "author-type")),
        f'"Author-Type:" is "{written}"; it can be Person or Organization.',
        "Write 'Author-Type: Person' for a byline naming people, or remove the line.",
    )


def article_json_ld(
    article: Any,
    shown: str,
    packages: set[str],
    datasets: dict[str, DatasetPage],
    settings: dict[str, Any],
) -> str:
    """The article's NewsArticle, ready for a <script type="application/ld+json">; shown
    is its source's path as errors show it."""
    facts = ArticleFacts(
        url=article.url,
        headline=Markup(article.title).striptags(),
        description=Markup(article.summary).striptags(),
        published=article.date,
        modified=last_modified(article),
        authors=[(str(author), author.url) for author in getattr(article, "authors", [])],
        author_type=author_type(article, shown),
        lang=article.lang,
        image=article.social_card,
        based_on=[
            (datasets[name].title, datasets[name].url)
            for name in sorted(packages)
            if name in datasets
        ],
    )
    return script_json(news_article(facts, settings))
