"""Step 5c: schema.org markup (JSON-LD) for the pages search engines and aggregators read:
a `Dataset` for each dataset page, a `NewsArticle` for each article.

Only terms of schema.org's vocabulary, on the types whose domain includes them
(`tests/site/test_structured_data.py` checks every page against the vocabulary file).
The publisher is the site's organisation (`AUTHOR`), with its logo when the site has one
(`NEWSROOM_PUBLISHER_LOGO`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newsroom.catalogue.datasets import DatasetPage
from newsroom.catalogue.metadata import absolute, licence_url, texts
from newsroom.core.languages import site_languages
from newsroom.core.settings import setting
from newsroom.data.status import status_label, status_notice

CONTEXT = "https://schema.org"
CATALOGUE_URL = "data/"  # the catalogue page, schema.org's DataCatalog


@dataclass(frozen=True)
class ArticleFacts:
    """What a NewsArticle says of an article, taken from Pelican's article by the site."""

    url: str  # below the run's root
    headline: str
    description: str
    published: datetime
    modified: str  # ISO 8601: the article's modified date, a later revision's, or published
    authors: list[tuple[str, str]]  # (name, page URL below the run's root)
    author_type: str  # Organization, or Person: what the article's authors are
    lang: str
    image: str  # the social card, below the run's root
    based_on: list[tuple[str, str]]  # (dataset name, dataset page URL) of its data


def publisher(settings: dict[str, Any]) -> dict[str, Any]:
    """The site's organisation: `AUTHOR`, at the site's address, with its logo if any."""
    organisation: dict[str, Any] = {
        "@type": "Organization",
        "name": settings.get("AUTHOR") or settings["SITENAME"],
        "url": absolute(settings, ""),
    }
    if logo := setting(settings, "NEWSROOM_PUBLISHER_LOGO"):
        organisation["logo"] = {"@type": "ImageObject", "url": absolute(settings, logo)}
    return organisation


def news_article(facts: ArticleFacts, settings: dict[str, Any]) -> dict[str, Any]:
    url = absolute(settings, facts.url)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "@id": url,
        "headline": facts.headline,
        "description": facts.description,
        "datePublished": facts.published.isoformat(),
        "dateModified": facts.modified,
        "author": [
            {
                "@type": facts.author_type,
                "name": name,
                "url": absolute(settings, page),
            }
            for name, page in facts.authors
        ]
        or [publisher(settings)],
        "publisher": publisher(settings),
        "image": absolute(settings, facts.image),
        "inLanguage": facts.lang,
        "url": url,
        "mainEntityOfPage": url,
    }
    if facts.based_on:
        data["isBasedOn"] = [
            {"@type": "Dataset", "@id": absolute(settings, page), "name": name}
            for name, page in facts.based_on
        ]
    return data


def schema_org_dataset(page: DatasetPage, settings: dict[str, Any]) -> dict[str, Any]:
    url = absolute(settings, page.url)
    creators = [
        {"@type": "Organization", "name": person["title"]}
        for person in page.contributors
        if person.get("title")
    ] or [publisher(settings)]
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "@id": url,
        "name": texts(page, "title", settings),
        "description": texts(page, "description", settings) if page.description else page.title,
        "identifier": page.name,
        "url": url,
        "version": page.version,
        "keywords": page.keywords,
        "creator": creators,
        "publisher": publisher(settings),
        "creativeWorkStatus": status_label(page.status),
        "isAccessibleForFree": True,
        "includedInDataCatalog": {
            "@type": "DataCatalog",
            "name": f"{settings['SITENAME']}: data",
            "url": absolute(settings, CATALOGUE_URL),
        },
        "variableMeasured": _variables(page),
        "distribution": [
            {
                "@type": "DataDownload",
                "name": f"{d.label} ({d.format_name})",
                "encodingFormat": d.media_type,
                "contentUrl": absolute(settings, d.url),
                "contentSize": f"{d.size} B",
            }
            for d in page.all_downloads()
        ],
    }
    if status_notice(page.status):
        data["disambiguatingDescription"] = status_notice(page.status)
    if licence_url(page):
        data["license"] = licence_url(page)
    if page.modified:
        data["dateModified"] = page.modified
    if page.temporal_coverage:
        data["temporalCoverage"] = "/".join(page.temporal_coverage)
    if spatial := setting(settings, "NEWSROOM_SPATIAL"):
        data["spatialCoverage"] = {"@type": "Place", "sameAs": spatial}  # an IRI
    if other_languages := _other_languages(page.url, settings):
        data["sameAs"] = other_languages
    return data


def _variables(page: DatasetPage) -> list[dict[str, str]]:
    """Each field of the package once (by name, first resource first), as a PropertyValue."""
    seen: dict[str, dict[str, str]] = {}
    for resource in page.resources:
        for field in resource.fields:
            if field.name in seen:
                continue
            variable = {"@type": "PropertyValue", "name": field.name, "propertyID": field.name}
            variable |= {"description": field.description} if field.description else {}
            variable |= {"alternateName": field.title} if field.title else {}
            variable |= {"unitText": field.unit} if field.unit else {}
            seen[field.name] = variable
    return list(seen.values())


def _other_languages(url: str, settings: dict[str, Any]) -> list[str]:
    """The same page in the site's other languages (each language has every dataset page)."""
    roots = setting(settings, "NEWSROOM_LANGUAGE_URLS")
    here = settings["DEFAULT_LANG"]
    return [
        roots[code] + url for code in site_languages(settings) if code != here and code in roots
    ]
