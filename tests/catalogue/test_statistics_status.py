"""The status of statistics on every output of a site built with one package of each
status: charts and figures (article, embed, figure page), dataset pages, the catalogue,
XLSX, zip, DCAT and schema.org, in English and Welsh; the illustrative notice; a package
without a status, a warning in development and refused in production; How to cite."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup, Tag
from newsroom.site.build import build_site

from ..conftest import REPO, SiteCopy, copy_site

STARTER_PACKAGE = REPO / "plugins/newsroom/starter/files/data/example-library-visits"
NOT_STATED = "school-meals"
# The package's own status, else the setting's (for example-library-visits, published
# here as if from another publisher), else none.
STATUSES = {
    "vru-knife-crime-under-25": "accredited-official",
    "vru-violence-with-injury": "official",
    "vru-victims-referred": "official-in-development",
    "vru-sharp-object-admissions": "illustrative",
    "example-library-visits": "management-information",
    NOT_STATED: "",
}
SETTING = {"NEWSROOM_PACKAGE_STATUS": {"example-library-visits": "management-information"}}
LABELS = {
    "en": {
        "accredited-official": "Accredited official statistics",
        "official": "Official statistics",
        "official-in-development": "Official statistics in development",
        "management-information": "Management information",
        "illustrative": "Illustrative data",
        "": "Status not stated",
    },
    "cy": {
        "accredited-official": "Ystadegau swyddogol achrededig",
        "official": "Ystadegau swyddogol",
        "official-in-development": "Ystadegau swyddogol sy'n cael eu datblygu",
        "management-information": "Gwybodaeth reoli",
        "illustrative": "Data enghreifftiol",
        "": "Statws heb ei nodi",
    },
}
NOTICE = {
    "en": "These values are invented to show how the site works: do not quote them.",
    "cy": "Mae'r gwerthoedd hyn wedi'u dyfeisio i ddangos sut mae'r wefan yn gweithio:"
    " peidiwch â'u dyfynnu.",
}
ROOTS = {"en": "", "cy": "cy/"}


def _set_status(descriptor_path: Path, status: str | None) -> None:
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor.pop("newsroom:status", None)
    if status:
        descriptor["newsroom:status"] = status
    descriptor_path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


@pytest.fixture(scope="module")
def status_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteCopy, str]:
    """The site with a package of each status; the development build's warnings."""
    site = copy_site(tmp_path_factory.mktemp("status") / "site")
    data = site.root / "data"
    for name in ("vru-knife-crime-under-25", "vru-violence-with-injury", "vru-victims-referred"):
        _set_status(data / name / "datapackage.json", STATUSES[name])
    shutil.copytree(STARTER_PACKAGE, data / "example-library-visits")
    _set_status(data / "example-library-visits/datapackage.json", None)
    shutil.copytree(REPO / "tests/fixtures/packages" / NOT_STATED, data / NOT_STATED)
    # A package with neither a version nor a date, as other publishers' often are.
    descriptor = json.loads((data / NOT_STATED / "datapackage.json").read_text())
    descriptor.pop("version")
    (data / NOT_STATED / "datapackage.json").write_text(json.dumps(descriptor, indent=2))
    result = build_site(site.root / "pelicanconf.py", site.output, SETTING)
    return site, result.warnings


def _status(container: Tag) -> tuple[str, str]:
    label = container.select_one(".statistics-status strong")
    assert label is not None, container.get_text(" ", strip=True)[:200]
    notice = container.select_one(".status-notice")
    return label.get_text(), notice.get_text() if notice else ""


def _expected(name: str, lang: str) -> tuple[str, str]:
    status = STATUSES[name]
    return LABELS[lang][status], NOTICE[lang] if status == "illustrative" else ""


def _dataset_of(href: str) -> str:
    return href.rstrip("/").split("/data/")[-1].split("/")[0]


def _pages(site: SiteCopy, folder: str) -> list[Path]:
    return sorted((site.output / folder).rglob("index.html"))


def _page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_chart_shows_its_package_status(status_site: tuple[SiteCopy, str], lang: str) -> None:
    site, _ = status_site
    # "data": the dataset pages' views, if a package has any.
    seen: dict[str, set[str]] = {"news": set(), "embed": set(), "data": set()}
    for kind in seen:
        for path in _pages(site, ROOTS[lang] + kind):
            for figure in _page(path).select("figure.chart"):
                name = _dataset_of(figure.select_one(".chart-source a")["href"])
                assert _status(figure) == _expected(name, lang), (path, name)
                seen[kind].add(name)
    # The Welsh site translates one article, whose chart draws knife crime.
    drawn = set(STATUSES) - {NOT_STATED} if lang == "en" else {"vru-knife-crime-under-25"}
    assert seen["news"] == seen["embed"] == drawn


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_figure_pages_show_the_status(status_site: tuple[SiteCopy, str], lang: str) -> None:
    site, _ = status_site
    pages = _pages(site, ROOTS[lang] + "figures")
    assert pages
    for path in pages:
        page = _page(path)
        data = page.select_one(".figure-definition dl a[href*='/data/']")
        assert _status(page.select_one("article")) == _expected(_dataset_of(data["href"]), lang)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_dataset_pages_and_catalogue_show_the_status(
    status_site: tuple[SiteCopy, str], lang: str
) -> None:
    site, _ = status_site
    catalogue = site.page(ROOTS[lang] + "data/")
    listed = {}
    for item in catalogue.select(".dataset-list > li"):
        listed[_dataset_of(item.h2.a["href"])] = _status(item)
    for name in STATUSES:
        assert listed[name] == _expected(name, lang)
        page = site.page(f"{ROOTS[lang]}data/{name}/")
        assert _status(page.select_one("article.dataset header")) == _expected(name, lang)


def test_downloads_and_machine_metadata_carry_the_status(
    status_site: tuple[SiteCopy, str],
) -> None:
    site, _ = status_site
    catalog = json.loads((site.output / "catalog.jsonld").read_text())
    dcat = {d["dct:identifier"]: d for d in catalog["dcat:dataset"]}
    for name, status in STATUSES.items():
        label, notice = _expected(name, "en")
        folder = site.output / "data" / name / "latest"
        sheet = next(folder.glob("*.xlsx"))
        about = {
            row[0]: row[1]
            for row in openpyxl.load_workbook(sheet).worksheets[1].iter_rows(values_only=True)
        }
        assert about["Status"] == label and about.get("Notice") == (notice or None)
        with zipfile.ZipFile(folder / f"{name}.zip") as archive:
            readme = archive.read(f"{name}/README.md").decode()
        assert readme.startswith(f"{label}. {notice}".strip() + "\n\n")
        assert dcat[name]["dct:type"]["skos:prefLabel"] == label
        assert dcat[name]["dct:provenance"]["rdfs:label"].startswith(label + ".")
        script = site.page(f"data/{name}/").find("script", type="application/ld+json")
        schema_org = json.loads(script.string)
        assert schema_org["creativeWorkStatus"] == label
        assert schema_org.get("disambiguatingDescription", "") == notice
        invented = "invented" in dcat[name]["dct:provenance"]["rdfs:label"]
        assert invented == (status == "illustrative")


def test_generated_articles_word_the_numbers_by_their_status(
    status_site: tuple[SiteCopy, str],
) -> None:
    site, _ = status_site
    text = site.page("news/2021/07/vru-knife-crime-under-25-1-0-0/").get_text(" ", strip=True)
    assert "Status: Accredited official statistics." in text
    text = site.page("news/2021/07/vru-sharp-object-admissions-1-0-0/").get_text(" ", strip=True)
    assert "Status: Illustrative data. " + NOTICE["en"] in text
    # A unit's article draws on packages of different statuses: plain "figures".
    text = site.page("news/2021/07/bedfordshire-in-numbers/").get_text(" ", strip=True)
    assert "The latest figures for Bedfordshire" in text
    assert "published figures" not in text


def test_a_package_without_status_is_a_warning_in_development(
    status_site: tuple[SiteCopy, str],
) -> None:
    site, warnings = status_site
    [line] = [line for line in warnings.splitlines() if "package-status-missing" in line]
    assert f"data/{NOT_STATED}/datapackage.json" in line and repr(NOT_STATED) in line
    # A build with nothing to do shows the last build's warnings again.
    again = build_site(site.root / "pelicanconf.py", site.output, SETTING)
    assert not again.built and again.warnings == warnings


def test_the_production_build_refuses_a_package_without_status(
    status_site: tuple[SiteCopy, str],
) -> None:
    site, _ = status_site
    message = site.build_fails({**SETTING, "NEWSROOM_PRODUCTION": True})
    assert f"error[package-status-missing] data/{NOT_STATED}/datapackage.json" in message
    assert f"package {NOT_STATED!r}" in message
    assert '"newsroom:status"' in message and "NEWSROOM_PACKAGE_STATUS" in message
    # The example in docs/publishing-data.md is this message, word for word.
    docs = (REPO / "docs/publishing-data.md").read_text(encoding="utf-8").splitlines()
    example = [line for line in docs if "error[package-status-missing]" in line]
    example += [line for line in docs if 'fix: Add "newsroom:status"' in line]
    assert len(example) == 2 and all(line in message.splitlines() for line in example)


def test_how_to_cite_uses_the_package_publisher_version_and_date(
    status_site: tuple[SiteCopy, str],
) -> None:
    site, _ = status_site

    def citation(name: str) -> str:
        return site.page(f"data/{name}/").select_one(".citation").get_text()

    assert citation("vru-victims-referred").startswith(
        "VRU Newsroom data team (2021). Victims of violent crime"
    )
    assert ", version 1.0.0. Violence Reduction Units: news and data." in citation(
        "vru-victims-referred"
    )
    # No version and no date: neither "()" nor "version ." is written.
    assert citation(NOT_STATED) == (
        "VRU Newsroom. Free school meals eligibility. Violence Reduction Units: news and"
        f" data. https://news.example.org/data/{NOT_STATED}/"
    )
