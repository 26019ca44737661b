"""Structured data and social cards on every page of the built site, both languages:
schema.org JSON-LD checked against schema.org's own vocabulary file, and the Open Graph
and Twitter tags checked against the files they point at."""

from __future__ import annotations

import copy
import functools
import json
import re
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from newsroom.catalogue.datasets import DatasetPage
from newsroom.catalogue.schema_org import ArticleFacts, news_article, schema_org_dataset
from newsroom.core.errors import NewsroomError
from newsroom.site.structured_data import author_type

from tests.conftest import SiteCopy
from tests.site.schema_org_vocabulary import schema_org
from tests.site.share_tags import share_problems

SITE = "https://news.example.org/"
ARTICLE = "news/2021/07/vru-national-conference/"
ADMISSIONS = "data/vru-sharp-object-admissions/"
DATASET_PAGE = re.compile(r"^(cy/)?data/[^/]+/index\.html$")  # data/index.html: the catalogue


@functools.cache
def heads(output: Path) -> dict[str, BeautifulSoup]:
    """Every HTML page's <html> start and <head> (what sharing and indexing read), by
    path below the output folder."""
    found = {}
    for path in sorted(output.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        found[path.relative_to(output).as_posix()] = BeautifulSoup(
            text[: text.find("</head>")] + "</head></html>", "html.parser"
        )
    return found


def json_ld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


def test_every_json_ld_fits_the_schema_org_vocabulary(built_site: SiteCopy) -> None:
    vocabulary = schema_org()
    pages = heads(built_site.output)
    problems = [
        p for url, page in pages.items() for d in json_ld(page) for p in vocabulary.problems(d, url)
    ]
    assert problems == []
    kinds = {url: [d["@type"] for d in json_ld(page)] for url, page in pages.items()}
    articles = [
        url
        for url, page in pages.items()
        if page.find("meta", property="og:type", content="article")
    ]
    assert len(articles) == 23 + 1  # English: the press release, 4 releases, 18 units; Welsh: 1
    assert all(kinds[url] == ["NewsArticle"] for url in articles)
    datasets = [url for url in pages if DATASET_PAGE.match(url)]
    assert len(datasets) == 2 * 4
    assert all(kinds[url] == ["Dataset"] for url in datasets)


def test_news_article_says_what_the_page_shows(built_site: SiteCopy) -> None:
    page = heads(built_site.output)[ARTICLE + "index.html"]
    (article,) = json_ld(page)
    assert article["headline"] == page.find("meta", property="og:title")["content"]
    assert article["image"] == page.find("meta", property="og:image")["content"]
    assert article["url"] == article["mainEntityOfPage"] == SITE + ARTICLE
    assert article["datePublished"] == "2021-07-12T11:00:00+01:00"
    assert article["inLanguage"] == "en"
    assert article["author"][0]["name"] == "Greater Manchester Violence Reduction Unit"
    assert article["author"][0]["@type"] == "Organization"
    assert article["publisher"] == {"@type": "Organization", "name": "VRU Newsroom", "url": SITE}
    based_on = [dataset["@id"] for dataset in article["isBasedOn"]]
    assert based_on == [
        SITE + "data/vru-sharp-object-admissions/",
        SITE + "data/vru-victims-referred/",
    ]
    (welsh,) = json_ld(
        heads(built_site.output)["cy/news/2021/07/south-wales-in-numbers/index.html"]
    )
    assert welsh["inLanguage"] == "cy" and welsh["url"].startswith(SITE + "cy/news/")


def test_dataset_links_its_catalogue_fields_and_other_language(built_site: SiteCopy) -> None:
    (dataset,) = json_ld(heads(built_site.output)[ADMISSIONS + "index.html"])
    assert dataset["identifier"] == "vru-sharp-object-admissions"
    assert dataset["sameAs"] == [SITE + "cy/" + ADMISSIONS]
    assert dataset["includedInDataCatalog"]["url"] == SITE + "data/"
    assert {"unit_id", "month", "admissions"} <= {v["name"] for v in dataset["variableMeasured"]}
    assert {d["contentUrl"].rsplit(".", 1)[-1] for d in dataset["distribution"]} >= {"csv", "zip"}
    (welsh,) = json_ld(heads(built_site.output)["cy/" + ADMISSIONS + "index.html"])
    assert welsh["sameAs"] == [SITE + ADMISSIONS] and welsh["url"] == SITE + "cy/" + ADMISSIONS


def test_every_address_in_the_json_ld_is_a_file_of_the_site(built_site: SiteCopy) -> None:
    """Downloads, dataset pages an article is based on, cards, other languages' pages."""
    missing = []
    for url, page in heads(built_site.output).items():
        for data in json_ld(page):
            addresses = [data["url"], data.get("image", ""), *data.get("sameAs", [])]
            addresses += [d["contentUrl"] for d in data.get("distribution", [])]
            addresses += [d["@id"] for d in data.get("isBasedOn", [])]
            for address in filter(None, addresses):
                path = built_site.output / address.removeprefix(SITE)
                if not (path / "index.html" if address.endswith("/") else path).is_file():
                    missing.append(f"{url}: {address}")
    assert missing == []


def test_planted_vocabulary_errors_are_reported(built_site: SiteCopy) -> None:
    """CONTROL: the same check reports an unknown property, a property of another type and
    a value of the wrong kind planted in a real page's JSON-LD."""
    (dataset,) = json_ld(heads(built_site.output)[ADMISSIONS + "index.html"])
    planted = copy.deepcopy(dataset)
    planted["rowCount"] = 3  # not schema.org
    planted["articleBody"] = "text"  # an Article's, not a Dataset's
    planted["dateModified"] = "last week"  # not a Date
    planted["distribution"][0]["@type"] = "Person"  # not a DataDownload
    problems = schema_org().problems(planted, "planted")
    assert any("'rowCount' is not a schema.org property" in p for p in problems)
    assert any("'articleBody' is not a property of Dataset" in p for p in problems)
    assert any("'last week' does not fit Date, DateTime" in p for p in problems)
    assert any("a Person where DataDownload is expected" in p for p in problems)
    assert len(problems) == 4


def test_every_page_has_its_sharing_tags_and_card(built_site: SiteCopy) -> None:
    pages = heads(built_site.output)
    problems = [
        f"{url}: {p}"
        for url, page in pages.items()
        for p in share_problems(page, built_site.output, SITE)
    ]
    assert problems == []
    embed = pages["embed/gm-sharp-object-admissions/index.html"]
    alt = embed.find("meta", property="og:image:alt")["content"]
    assert alt.startswith("Line chart of monthly hospital admissions")
    assert (
        embed.find("meta", property="og:image")["content"]
        == SITE + "charts/gm-sharp-object-admissions.card.png"
    )
    welsh = pages["cy/" + ADMISSIONS + "index.html"]
    assert welsh.find("meta", property="og:locale")["content"] == "cy_GB"
    assert welsh.find("meta", property="og:locale:alternate")["content"] == "en_GB"


def test_a_page_without_image_alt_fails_the_check(built_site: SiteCopy) -> None:
    """CONTROL: one real page with its og:image:alt removed, and one whose card is not
    the size it claims."""
    page = copy.copy(heads(built_site.output)[ARTICLE + "index.html"])
    assert share_problems(page, built_site.output, SITE) == []
    page.find("meta", property="og:image:alt").decompose()
    assert "og:image:alt: missing or empty" in share_problems(page, built_site.output, SITE)
    page = copy.copy(heads(built_site.output)[ARTICLE + "index.html"])
    page.find("meta", property="og:image:width")["content"] = "600"
    assert any("the tags say" in p for p in share_problems(page, built_site.output, SITE))


def _dataset_page(**values: object) -> DatasetPage:
    fields = {
        name: ""
        for name in (
            "name",
            "title",
            "description",
            "version",
            "created",
            "modified",
            "readme",
            "url",
            "latest_version",
        )
    }
    lists = {
        name: []
        for name in ("keywords", "licences", "sources", "contributors", "resources", "downloads")
    }
    return DatasetPage(**{**fields, **lists, "temporal_coverage": None, **values})  # type: ignore[arg-type]


SETTINGS = {
    "SITENAME": "A newsroom",
    "AUTHOR": "A public body",
    "SITE_ABSOLUTE_URL": "https://n.example",
    "DEFAULT_LANG": "en",
}


WALES = "http://statistics.data.gov.uk/id/statistical-geography/W92000004"


def test_spatial_coverage_and_publisher_logo_fit_the_vocabulary() -> None:
    """What the real site does not set: an area covered, a logo, a person's byline."""
    settings = {**SETTINGS, "NEWSROOM_SPATIAL": WALES, "NEWSROOM_PUBLISHER_LOGO": "logo.png"}
    dataset = schema_org_dataset(_dataset_page(name="x", title="X", url="data/x/"), settings)
    assert dataset["spatialCoverage"] == {"@type": "Place", "sameAs": WALES}
    assert dataset["publisher"]["logo"] == {
        "@type": "ImageObject",
        "url": "https://n.example/logo.png",
    }
    facts = ArticleFacts(
        "news/a/",
        "A",
        "B",
        datetime(2024, 1, 2),
        "2024-02-01",
        [("Ann Other", "author/ann/")],
        "Person",
        "en",
        "card.png",
        [],
    )
    article = news_article(facts, settings)
    assert article["author"][0]["@type"] == "Person" and "isBasedOn" not in article
    assert schema_org().problems(dataset) == schema_org().problems(article) == []


def test_unknown_author_type_is_a_located_error(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("Title: A\nAuthor-Type: Persons\n\nText\n", encoding="utf-8")
    article = SimpleNamespace(metadata={"author-type": "Persons"}, source_path=str(source))
    with pytest.raises(NewsroomError) as error:
        author_type(article, "content/a.md")
    (problem,) = error.value.problems
    assert problem.code == "article-author-type-unknown" and problem.location.line == 2
    assert author_type(SimpleNamespace(metadata={"author-type": "person"}), "x") == "Person"
    assert author_type(SimpleNamespace(metadata={}), "x") == "Organization"
