"""Step 5c: the catalogue for machines: DCAT-AP (JSON-LD) and Project Open Data
`data.json` (schema.org markup for the pages is in schema_org.py).

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
from newsroom.data.status import status_label, status_text
from newsroom.data.translations import language_texts

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dcat:byteSize": {"@type": "xsd:nonNegativeInteger"},
    "dct:modified": {"@type": "xsd:date"},
    "dcat:startDate": {"@type": "xsd:date"},
    "dcat:endDate": {"@type": "xsd:date"},
    "dcat:downloadURL": {"@type": "@id"},
    "dcat:accessURL": {"@type": "@id"},
    "dcat:landingPage": {"@type": "@id"},
    "dcat:mediaType": {"@type": "@id"},
    "dct:license": {"@type": "@id"},
    "foaf:homepage": {"@type": "@id"},
}
IANA = "https://www.iana.org/assignments/media-types/"
POD_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"


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


def _distribution(download: Download, page: DatasetPage, settings: dict[str, Any]) -> dict:
    url = absolute(settings, download.url)
    entry = {
        "@type": "dcat:Distribution",
        "dct:title": f"{download.label} ({download.format_name})",
        "dcat:accessURL": absolute(settings, page.url),
        "dcat:downloadURL": url,
        "dcat:mediaType": IANA + download.media_type,
        "dct:format": download.format_name,
        "dcat:byteSize": download.size,
    }
    if licence_url(page):
        entry["dct:license"] = licence_url(page)
    return entry


def dcat_catalog(pages: list[DatasetPage], settings: dict[str, Any]) -> dict[str, Any]:
    datasets = []
    for page in pages:
        dataset: dict[str, Any] = {
            "@id": absolute(settings, page.url),
            "@type": "dcat:Dataset",
            "dct:identifier": page.name,
            "dct:title": texts(page, "title", settings),
            "dct:description": texts(page, "description", settings),
            "dcat:keyword": page.keywords,
            "dcat:landingPage": absolute(settings, page.url),
            "dcat:version": page.version,
            # The status of the statistics: its label as the dataset's type, and label
            # and notice as its provenance (both DCAT-AP 3 properties of a dataset).
            "dct:type": {"@type": "skos:Concept", "skos:prefLabel": status_label(page.status)},
            "dct:provenance": {
                "@type": "dct:ProvenanceStatement",
                "rdfs:label": status_text(page.status),
            },
            "dcat:distribution": [
                _distribution(download, page, settings) for download in page.all_downloads()
            ],
        }
        if page.modified:
            dataset["dct:modified"] = page.modified
        if licence_url(page):
            dataset["dct:license"] = licence_url(page)
        if page.temporal_coverage:
            dataset["dct:temporal"] = {
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": _period(page)[0],
                "dcat:endDate": _period(page)[1],
            }
        if spatial := setting(settings, "NEWSROOM_SPATIAL"):
            dataset["dct:spatial"] = {
                "@type": "dct:Location",
                "skos:prefLabel": spatial,
            }
        datasets.append(dataset)
    return {
        "@context": DCAT_CONTEXT,
        "@id": absolute(settings, "catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": f"{settings['SITENAME']}: data catalogue",
        "dct:description": settings.get("SITE_DESCRIPTION", ""),
        "foaf:homepage": absolute(settings, ""),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": settings.get("AUTHOR", "")},
        "dcat:dataset": datasets,
    }


def open_data_catalog(pages: list[DatasetPage], settings: dict[str, Any]) -> dict[str, Any]:
    """Project Open Data v1.1 `data.json`, which many harvesters read."""
    datasets = []
    for page in pages:
        entry: dict[str, Any] = {
            "@type": "dcat:Dataset",
            "identifier": absolute(settings, page.url),
            "title": page.title,
            "description": page.description,
            "keyword": page.keywords,
            "modified": page.modified,
            "publisher": {"@type": "org:Organization", "name": settings.get("AUTHOR", "")},
            "accessLevel": "public",
            "landingPage": absolute(settings, page.url),
            "distribution": [
                {
                    "@type": "dcat:Distribution",
                    "title": f"{d.label} ({d.format_name})",
                    "downloadURL": absolute(settings, d.url),
                    "mediaType": d.media_type,
                    "format": d.format_name,
                }
                for d in page.all_downloads()
            ],
        }
        if licence_url(page):
            entry["license"] = licence_url(page)
        if page.temporal_coverage:
            entry["temporal"] = "/".join(_period(page))
        datasets.append(entry)
    return {"conformsTo": POD_SCHEMA, "@type": "dcat:Catalog", "dataset": datasets}


def texts(page: DatasetPage, key: str, settings: dict[str, Any]) -> Any:
    """The page's text in every language, as language-tagged literals when there are two."""
    return language_texts(
        getattr(page, key),
        page.translations,
        key,
        settings["DEFAULT_LANG"],
        site_languages(settings),
    )


def json_file(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()


def script_json(data: dict[str, Any]) -> str:
    """JSON safe inside <script>: no `</script>`, `<!--` or line separators can break out."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(raw, escaped)
    return text
