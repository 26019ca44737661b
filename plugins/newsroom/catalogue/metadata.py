"""Step 5c: the catalogue for machines: DCAT-AP 3 (JSON-LD); the schema.org markup of
each page is in schema_org.py.

The JSON-LD context is written inline, so reading the catalogue needs no network.
"""

from __future__ import annotations

import calendar
import json
from typing import Any

from newsroom.catalogue.datasets import DatasetPage
from newsroom.catalogue.page_downloads import Download
from newsroom.core.languages import site_languages
from newsroom.core.settings import setting
from newsroom.core.vocabularies import (
    AVAILABILITY_LABELS,
    DATA_THEME_LABELS,
    DATA_THEMES,
    FILE_TYPES,
    IANA,
    LANGUAGES,
    LICENCE_TYPE_LABELS,
    PUBLISHER_TYPE_LABELS,
    licence_types,
)
from newsroom.data.status import status_label, status_text
from newsroom.data.translations import language_texts

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcatap": "http://data.europa.eu/r5r/",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "gsp": "http://www.opengis.net/ont/geosparql#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "dcat:byteSize": {"@type": "xsd:nonNegativeInteger"},
    "dct:issued": {"@type": "xsd:date"},
    "dct:modified": {"@type": "xsd:date"},
    "dcat:startDate": {"@type": "xsd:date"},
    "dcat:endDate": {"@type": "xsd:date"},
    "dcat:bbox": {"@type": "gsp:wktLiteral"},
    "dcat:centroid": {"@type": "gsp:wktLiteral"},
    "dcat:downloadURL": {"@type": "@id"},
    "dcat:accessURL": {"@type": "@id"},
    "vcard:hasEmail": {"@type": "@id"},
    "vcard:hasURL": {"@type": "@id"},
}


def absolute(settings: dict[str, Any], url: str) -> str:
    return settings["SITE_ABSOLUTE_URL"].rstrip("/") + "/" + url


def licence_url(page: DatasetPage) -> str:
    return next((licence["href"] for licence in page.licences if licence.get("href")), "")


def _first_day(text: str) -> str:
    """A coverage bound as a date: 2018-04 → 2018-04-01, 2018 → 2018-01-01."""
    parts = text.split("-")
    return "-".join([parts[0], *[*parts[1:], "01", "01"][:2]])


def _last_day(text: str) -> str:
    """The last day a coverage bound covers: 2021-06 → 2021-06-30, 2020 → 2020-12-31."""
    parts = text.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-12-31"
    if len(parts) == 2:
        days = calendar.monthrange(int(parts[0]), int(parts[1]))[1]
        return f"{parts[0]}-{parts[1]}-{days:02d}"
    return text


def _period(page: DatasetPage) -> tuple[str, str]:
    assert page.temporal_coverage is not None
    first, last = page.temporal_coverage
    return _first_day(first), _last_day(last)


# DCAT-AP's range shapes judge the class a value states (no vocabulary is fetched), so
# every object names its class; every concept carries its label, as DCAT-AP asks.
def _document(url: str) -> dict[str, str]:
    return {"@id": url, "@type": "foaf:Document"}


def _concept(iri: str, label: str) -> dict[str, Any]:
    return {
        "@id": iri,
        "@type": "skos:Concept",
        "skos:prefLabel": {"@language": "en", "@value": label},
    }


def _licence(url: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"@id": url, "@type": "dct:LicenseDocument"}
    if kinds := licence_types(url):
        entry["dct:type"] = [_concept(kind, LICENCE_TYPE_LABELS[kind]) for kind in kinds]
    return entry


def _distribution(
    download: Download, description: Any, page: DatasetPage, settings: dict[str, Any]
) -> dict:
    entry = {
        "@type": "dcat:Distribution",
        "dct:title": f"{download.label} ({download.format_name})",
        "dct:description": description,
        "dcat:accessURL": absolute(settings, page.url),
        "dcat:downloadURL": absolute(settings, download.url),
        "dcat:mediaType": {"@id": IANA + download.media_type, "@type": "dct:MediaType"},
        "dct:format": {"@id": FILE_TYPES[download.format], "@type": "dct:MediaTypeOrExtent"},
        "dcat:byteSize": download.size,
    }
    if licence_url(page):
        entry["dct:license"] = _licence(licence_url(page))
    if availability := setting(settings, "NEWSROOM_AVAILABILITY"):
        entry["dcatap:availability"] = _concept(availability, AVAILABILITY_LABELS[availability])
    return entry


def _distributions(page: DatasetPage, settings: dict[str, Any]) -> list[dict[str, Any]]:
    """Each data file, described by its table's description (a package's zip by the
    package's); the README is the dataset's documentation (`foaf:page`), not data."""
    described = [
        (download, _run_text(resource.description or resource.title, settings))
        for resource in page.resources
        for download in resource.downloads
    ] + [(download, texts(page, "description", settings)) for download in page.downloads]
    return [
        _distribution(download, description, page, settings)
        for download, description in described
        if download.format in FILE_TYPES
    ]


def _publisher(settings: dict[str, Any]) -> dict[str, Any]:
    publisher: dict[str, Any] = {
        "@id": absolute(settings, "#publisher"),
        "@type": "foaf:Agent",
        "foaf:name": settings.get("AUTHOR", ""),
    }
    if kind := setting(settings, "NEWSROOM_PUBLISHER_TYPE"):
        publisher["dct:type"] = _concept(kind, PUBLISHER_TYPE_LABELS[kind])
    return publisher


def _contact(settings: dict[str, Any]) -> dict[str, Any] | None:
    contact = setting(settings, "NEWSROOM_CONTACT")
    if not contact:
        return None
    entry = {
        "@id": absolute(settings, "#contact"),
        "@type": "vcard:Kind",
        "vcard:fn": contact["name"],
    }
    if contact.get("email"):
        entry["vcard:hasEmail"] = "mailto:" + contact["email"]
    if contact.get("url"):
        entry["vcard:hasURL"] = contact["url"]
    return entry


def _spatial(settings: dict[str, Any]) -> dict[str, Any] | None:
    iri = setting(settings, "NEWSROOM_SPATIAL")
    if not iri:
        return None
    location = {"@id": iri, "@type": "dct:Location"}
    if bbox := setting(settings, "NEWSROOM_SPATIAL_BBOX"):
        location["dcat:bbox"] = bbox
    if centroid := setting(settings, "NEWSROOM_SPATIAL_CENTROID"):
        location["dcat:centroid"] = centroid
    return location


def _languages(settings: dict[str, Any]) -> list[dict[str, str]]:
    codes = [code for code in site_languages(settings) if code in LANGUAGES]
    return [{"@id": LANGUAGES[code], "@type": "dct:LinguisticSystem"} for code in codes]


def _dataset(page: DatasetPage, settings: dict[str, Any]) -> dict[str, Any]:
    dataset: dict[str, Any] = {
        "@id": absolute(settings, page.url),
        "@type": "dcat:Dataset",
        "dct:identifier": page.name,
        "dct:title": texts(page, "title", settings),
        "dct:description": texts(page, "description", settings),
        "dcat:keyword": page.keywords,
        "dcat:landingPage": _document(absolute(settings, page.url)),
        "dcat:version": page.version,
        "dct:publisher": _publisher(settings),
        "dct:language": _languages(settings),
        # The status of the statistics: its label as the dataset's type, and label
        # and notice as its provenance (both DCAT-AP 3 properties of a dataset).
        "dct:type": {"@type": "skos:Concept", "skos:prefLabel": status_label(page.status)},
        "dct:provenance": {
            "@type": "dct:ProvenanceStatement",
            "rdfs:label": status_text(page.status),
        },
        "dcat:distribution": _distributions(page, settings),
        "dcat:theme": [
            _concept(theme, DATA_THEME_LABELS[theme])
            for theme in setting(settings, "NEWSROOM_THEMES")
        ],
        "foaf:page": [
            _document(absolute(settings, download.url))
            for download in page.downloads
            if download.format not in FILE_TYPES
        ],
    }
    if page.created:
        dataset["dct:issued"] = page.created[:10]
    if page.modified:
        dataset["dct:modified"] = page.modified
    if licence_url(page):
        dataset["dct:license"] = _licence(licence_url(page))
    if page.temporal_coverage:
        dataset["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": _period(page)[0],
            "dcat:endDate": _period(page)[1],
        }
    if spatial := _spatial(settings):
        dataset["dct:spatial"] = spatial
    if contact := _contact(settings):
        dataset["dcat:contactPoint"] = contact
    return dataset


def dcat_catalog(pages: list[DatasetPage], settings: dict[str, Any]) -> dict[str, Any]:
    """The site's DCAT-AP 3 catalogue; tests/catalogue/test_dcat_ap.py checks it with
    SEMIC's SHACL shapes. Its dates are the packages' own, never the build's."""
    catalog: dict[str, Any] = {
        "@context": DCAT_CONTEXT,
        "@id": absolute(settings, "catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": f"{settings['SITENAME']}: data catalogue",
        "dct:description": settings.get("SITE_DESCRIPTION", ""),
        "foaf:homepage": _document(absolute(settings, "")),
        "dct:publisher": _publisher(settings),
        "dct:language": _languages(settings),
        "dcat:dataset": [_dataset(page, settings) for page in pages],
    }
    if issued := [page.created[:10] for page in pages if page.created]:
        catalog["dct:issued"] = min(issued)
    if modified := [page.modified for page in pages if page.modified]:
        catalog["dct:modified"] = max(modified)
    if licence := setting(settings, "NEWSROOM_CATALOGUE_LICENCE"):
        catalog["dct:license"] = _licence(licence)
    if spatial := _spatial(settings):
        catalog["dct:spatial"] = spatial
    if setting(settings, "NEWSROOM_THEMES"):
        catalog["dcat:themeTaxonomy"] = {
            "@id": DATA_THEMES,
            "@type": "skos:ConceptScheme",
            "dct:title": {"@language": "en", "@value": "Data theme"},
        }
    return catalog


def texts(page: DatasetPage, key: str, settings: dict[str, Any]) -> Any:
    """The page's text in every language, as language-tagged literals when there are two."""
    return language_texts(
        getattr(page, key),
        page.translations,
        key,
        settings["DEFAULT_LANG"],
        site_languages(settings),
    )


def _run_text(text: str, settings: dict[str, Any]) -> Any:
    """A text in the run's language alone, tagged as such when the site has two."""
    if len(site_languages(settings)) == 1:
        return text
    return {"@language": settings["DEFAULT_LANG"], "@value": text}


def json_file(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()


def script_json(data: dict[str, Any]) -> str:
    """JSON safe inside <script>: no `</script>`, `<!--` or line separators can break out."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(raw, escaped)
    return text
