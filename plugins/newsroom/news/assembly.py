"""Step 3f: put generated articles among the hand-written ones, before Pelican builds
categories, tags, archives and feeds, so that they get all of those like any article.

A hand-written article with the same slug replaces the generated one; two articles
that would be written to the same address stop the build, naming both sources.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from pelican.contents import Article, SkipStub
from pelican.generators import ArticlesGenerator
from pelican.utils import order_content

from newsroom.core.cache import ContentCache
from newsroom.core.errors import Location, NewsroomError, NewsroomProblem
from newsroom.core.languages import known_language, site_languages
from newsroom.data.tables import DataCatalog
from newsroom.data.units import Unit
from newsroom.news.embargo import site_timezone
from newsroom.news.generated import generate

GENERATED_FOLDER = ".cache/generated-articles"


def add_generated_articles(
    generator: ArticlesGenerator,
    cache: ContentCache,
    project_root: Path,
    catalog: DataCatalog,
    units: dict[str, Unit],
    unit_field: str,
    pins: dict[str, dict[str, str]],
    problems: list[NewsroomProblem],
) -> None:
    """pins: each article's pinned releases, to which the generated articles' are added;
    problems: the build's, where the reader puts what it finds."""
    settings = generator.settings
    written = generate(
        cache,
        Path(settings["PATH"]),
        project_root,
        catalog,
        units,
        unit_field,
        {
            "name": settings["SITENAME"],
            "url": settings.get("SITE_ABSOLUTE_URL", ""),
            "timezone": site_timezone(settings).key,
        },
    )
    folder = _fresh_folder(project_root)
    languages = site_languages(settings)
    default = languages[0]
    by_slug = {
        (a.slug, a.lang): a
        for a in generator.articles + generator.translations + generator.drafts
        + generator.hidden_articles
    }  # fmt: skip
    for article in written:
        if article.lang not in ("", *languages) and known_language(article.lang):
            continue  # a template in a language this site does not publish
        if (article.slug, article.lang or default) in by_slug:
            continue  # the hand-written article with this slug and language replaces it
        suffix = f".{article.lang}" if article.lang else ""
        path = folder / f"{article.slug}{suffix}.md"
        path.write_text(article.text, encoding="utf-8")
        source = path.relative_to(project_root).as_posix()
        pins[source] = article.pins
        try:
            content = generator.readers.read_file(
                base_path=str(folder), path=path.name, content_class=Article,
                context=generator.context,
            )  # fmt: skip
        except Exception:  # the reader has recorded a located problem
            continue
        if isinstance(content, SkipStub) or not content.is_valid():
            continue
        content.generated_from = f"{article.template} ({article.subject})"
        generator.articles.append(content)
        generator.add_source_path(content)
        by_slug[(content.slug, content.lang)] = content
    if problems:
        raise NewsroomError(problems)
    _refuse_shared_addresses(generator.articles, project_root)
    generator.articles = order_content(generator.articles, settings["ARTICLE_ORDER_BY"])


def _fresh_folder(project_root: Path) -> Path:
    """Always in the project (not in a shared cache): error messages name these files."""
    folder = project_root / GENERATED_FOLDER
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _refuse_shared_addresses(articles: list[Any], project_root: Path) -> None:
    seen: dict[tuple[str, str], Any] = {}
    problems = []
    for article in articles:  # translations share an address, each in its language's folder
        earlier = seen.setdefault((article.save_as, article.lang), article)
        if earlier is article:
            continue
        first, second = (_source(a, project_root) for a in (earlier, article))
        problems.append(
            NewsroomProblem(
                "article-address-taken",
                Location(second),
                f"this article would be written to {article.save_as}, like {first}.",
                "Give one of the two a different Slug (or Date, if the URL has the date).",
            )
        )
    if problems:
        raise NewsroomError(problems)


def _source(article: Any, project_root: Path) -> str:
    generated = getattr(article, "generated_from", "")
    if generated:
        return f"{generated}"
    return Path(article.source_path).resolve().relative_to(project_root).as_posix()
