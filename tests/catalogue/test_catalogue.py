"""The open data catalogue: dataset pages, downloads read back by their own readers,
versions, machine-readable metadata, unit pages and packages from other publishers."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import frictionless
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
import rdflib
from playwright.sync_api import expect
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from ..conftest import CSP_RECORDER, REPO, SiteCopy, copy_site, serving
from ..site.share_tags import share_problems

FOREIGN = REPO / "tests" / "fixtures" / "packages"
ADMISSIONS = "data/vru-sharp-object-admissions"
SCHEMA_ORG_PROPERTIES = {
    "Dataset": {"@context", "@type", "@id", "name", "description", "identifier", "url",
                "version", "keywords", "creator", "publisher", "isAccessibleForFree",
                "includedInDataCatalog", "variableMeasured", "distribution", "license",
                "dateModified", "temporalCoverage", "creativeWorkStatus",
                "disambiguatingDescription", "sameAs", "spatialCoverage"},
    "DataDownload": {"@type", "name", "encodingFormat", "contentUrl", "contentSize"},
    "Organization": {"@type", "name", "url"},
}  # fmt: skip


@pytest.fixture(scope="module")
def foreign_site(tmp_path_factory: pytest.TempPathFactory) -> SiteCopy:
    site = copy_site(tmp_path_factory.mktemp("foreign") / "site")
    for package in FOREIGN.iterdir():
        shutil.copytree(package, site.root / "data" / package.name)
    site.build()
    return site


def test_downloads_read_back_with_their_own_readers(built_site: SiteCopy) -> None:
    folder = built_site.output / ADMISSIONS / "latest"
    source = pd.read_csv(REPO / ADMISSIONS / "admissions.csv")
    assert pd.read_csv(folder / "admissions.csv").equals(source)
    records = pd.read_json(folder / "admissions.json", dtype={"month": str})
    assert records.to_dict("records") == source.to_dict("records")
    sheet = openpyxl.load_workbook(folder / "admissions.xlsx").worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("unit_id", "month", "admissions") and len(rows) == len(source) + 1
    assert rows[1][1].year == 2018 and isinstance(rows[1][2], int)
    parquet = pq.read_table(folder / "admissions.parquet").to_pandas()
    assert list(parquet.admissions) == list(source.admissions)
    with zipfile.ZipFile(folder / "vru-sharp-object-admissions.zip") as archive:
        names = archive.namelist()
        assert "vru-sharp-object-admissions/data/admissions.csv" in names
        assert (
            archive.read("vru-sharp-object-admissions/data/admissions.csv")
            == (REPO / ADMISSIONS / "admissions.csv").read_bytes()
        )


def test_package_zip_validates_after_extraction(built_site: SiteCopy, tmp_path: Path) -> None:
    folder = built_site.output / ADMISSIONS / "latest"
    with zipfile.ZipFile(folder / "vru-sharp-object-admissions.zip") as archive:
        archive.extractall(tmp_path)
    package = frictionless.Package(str(tmp_path / "vru-sharp-object-admissions/datapackage.json"))
    assert package.validate().valid


def test_dcat_catalogue_parses_as_json_ld_with_every_property(built_site: SiteCopy) -> None:
    graph = rdflib.Graph().parse(built_site.output / "catalog.jsonld", format="json-ld")
    catalogues = list(graph.subjects(RDF.type, DCAT.Catalog))
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(catalogues) == 1 and len(datasets) == 4
    for dataset in datasets:
        for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.modified,
                     DCTERMS.temporal, DCAT.keyword, DCAT.landingPage):  # fmt: skip
            assert graph.value(dataset, prop) is not None, prop
        period = graph.value(dataset, DCTERMS.temporal)
        assert graph.value(period, DCAT.startDate) is not None
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert len(distributions) >= 10
        assert str(graph.value(dataset, FOAF.page)).endswith("/latest/README.md")
        for distribution in distributions:
            for prop in (DCAT.mediaType, DCAT.byteSize, DCAT.downloadURL, DCTERMS.license):
                assert graph.value(distribution, prop) is not None, prop
    admissions = next(d for d in datasets if str(d).endswith("vru-sharp-object-admissions/"))
    period = graph.value(admissions, DCTERMS.temporal)
    assert str(graph.value(period, DCAT.startDate)) == "2018-04-01"
    assert str(graph.value(period, DCAT.endDate)) == "2021-06-30"


def test_sizes_in_the_catalogue_are_the_real_sizes(built_site: SiteCopy) -> None:
    dcat = json.loads((built_site.output / "catalog.jsonld").read_text())
    for dataset in dcat["dcat:dataset"]:
        for distribution in dataset["dcat:distribution"]:
            url = distribution["dcat:downloadURL"].split("/", 3)[3]
            assert (built_site.output / url).stat().st_size == distribution["dcat:byteSize"]


def test_dataset_page_carries_schema_org_dataset(built_site: SiteCopy) -> None:
    page = built_site.page(f"{ADMISSIONS}/")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "Dataset" and set(data) <= SCHEMA_ORG_PROPERTIES["Dataset"]
    for download in data["distribution"]:
        assert set(download) <= SCHEMA_ORG_PROPERTIES["DataDownload"]
    for creator in data["creator"]:
        assert set(creator) <= SCHEMA_ORG_PROPERTIES["Organization"]
    assert data["temporalCoverage"] == "2018-04/2021-06"
    assert data["license"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert data["creativeWorkStatus"] == "Illustrative data"


def test_dataset_page_shows_coverage_computed_from_the_data(built_site: SiteCopy) -> None:
    page = built_site.page(f"{ADMISSIONS}/")
    facts = {dt.get_text(): dt.find_next_sibling("dd") for dt in page.select(".dataset-facts dt")}
    assert facts["Covers"].get_text() == "2018-04 to 2021-06"
    assert facts["Units covered"].get_text().startswith("18: Avon and Somerset, Bedfordshire")
    assert len(facts["Units covered"].select("a")) == 18


def test_sitemap_lists_datasets_units_and_articles(built_site: SiteCopy) -> None:
    sitemap = (built_site.output / "sitemap.xml").read_text()
    for path in (
        f"{ADMISSIONS}/",
        "units/greater-manchester/",
        "news/2021/07/vru-national-conference/",
    ):
        assert f"https://news.example.org/{path}</loc>" in sitemap
    assert (
        "Sitemap: https://news.example.org/sitemap.xml"
        in (built_site.output / "robots.txt").read_text()
    )


def test_unit_page_lists_its_datasets_and_articles(built_site: SiteCopy) -> None:
    page = built_site.page("units/greater-manchester/")
    links = [a.get_text() for a in page.select("main a")]
    assert (
        "Violence Reduction Units from across the country work together to prevent violence"
        in links
    )
    listed = [a.get_text() for a in page.select("main ul.dataset-list a")]
    assert sum("(illustrative)" in text for text in listed) == 4
    assert (built_site.output / "feeds/unit/greater-manchester.atom.xml").exists()
    filtered = built_site.page("data/keyword/knife-crime/")
    assert len(filtered.select(".dataset-list > li")) == 2


def test_an_archived_version_keeps_its_files_and_page(site: SiteCopy) -> None:
    package = site.root / ADMISSIONS
    shutil.copytree(
        package, package / "archive" / "1.0.0", ignore=shutil.ignore_patterns("archive")
    )
    descriptor = json.loads((package / "datapackage.json").read_text())
    descriptor["version"] = "1.1.0"
    (package / "datapackage.json").write_text(json.dumps(descriptor, indent=2))
    csv_text = (package / "admissions.csv").read_text()
    (package / "admissions.csv").write_text(csv_text.replace("kent,2021-06,", "kent,2021-06,1", 1))
    site.build()
    out = site.output / ADMISSIONS
    assert (out / "1.0.0/admissions.csv").read_bytes() == (
        package / "archive/1.0.0/admissions.csv"
    ).read_bytes()
    assert (out / "latest/admissions.csv").read_bytes() == (package / "admissions.csv").read_bytes()
    assert (out / "1.1.0/admissions.csv").read_bytes() == (package / "admissions.csv").read_bytes()
    old = site.page(f"{ADMISSIONS}/1.0.0/")
    assert "This is version 1.0.0" in old.select_one(".notice").get_text()
    versions = [
        li.get_text(" ", strip=True) for li in site.page(f"{ADMISSIONS}/").select(".versions li")
    ]
    assert versions[0].startswith("1.1.0") and "(newest)" in versions[0]
    assert versions[1].startswith("1.0.0")


def test_readme_is_rendered_safely(foreign_site: SiteCopy) -> None:
    page = foreign_site.page("data/gdp-growth-wide/")
    readme = page.select_one(".readme")
    html = str(readme)
    assert "Published" in readme.get_text() and "quarterly" in readme.get_text()
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert not readme.select("img")
    assert readme.find("a", string="logo (image)")["href"] == "https://cdn.example.org/logo.png"
    assert readme.find("a", string="Build status")["href"] == "https://ci.example.org/job"


@pytest.mark.parametrize("name", ["gdp-growth-wide", "communes-population", "school-meals"])
def test_other_publishers_packages_publish_unchanged(foreign_site: SiteCopy, name: str) -> None:
    page = foreign_site.page(f"data/{name}/")
    descriptor = json.loads((FOREIGN / name / "datapackage.json").read_text(encoding="utf-8"))
    assert page.h1.get_text() == descriptor["title"]
    licence = page.select_one('a[rel="license"]')
    assert licence["href"] == descriptor["licenses"][0]["path"]
    for resource in descriptor["resources"]:
        folder = foreign_site.output / "data" / name / "latest"
        published = (FOREIGN / name / resource["path"]).read_bytes()
        assert (folder / resource["path"]).read_bytes() == published
        encoding = resource.get("encoding", "utf-8")
        source = pd.read_csv(
            io.BytesIO(published), encoding=encoding, dtype=str, keep_default_na=False
        )
        stem = Path(resource["path"]).stem
        workbook = openpyxl.load_workbook(folder / f"{stem}.xlsx")
        assert workbook.worksheets[0].max_row == len(source) + 1
        assert workbook.sheetnames[1] == "Data dictionary"
        assert pq.read_table(folder / f"{stem}.parquet").num_rows == len(source)


def test_v2_package_with_latin1_csv_shows_accents(foreign_site: SiteCopy) -> None:
    page = foreign_site.page("data/communes-population/")
    cells = [td.get_text() for td in page.select("table.preview td")]
    assert "Évry-Courcouronnes" in cells and "Saint-Étienne" in cells
    contributors = page.find("dt", string="Contributors").find_next_sibling("dd").get_text()
    assert "creator, publisher" in contributors
    rows = json.loads(
        (foreign_site.output / "data/communes-population/latest/communes.json").read_text()
    )
    assert rows[0]["commune"] == "Évry-Courcouronnes"


def test_formula_like_text_is_a_string_cell_and_the_page_warns(foreign_site: SiteCopy) -> None:
    sheet = openpyxl.load_workbook(
        foreign_site.output / "data/school-meals/latest/schools.xlsx"
    ).worksheets[0]
    cells = {cell.value: cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row}
    assert cells['=HYPERLINK("http://example.org","Click")'] == "s"
    assert cells["@Academy"] == "s"
    warning = foreign_site.page("data/school-meals/").select_one(".warning").get_text()
    assert "school" in warning and "(2)" in warning


def test_view_of_a_package_is_drawn_on_its_page(foreign_site: SiteCopy) -> None:
    page = foreign_site.page("data/gdp-growth-wide/")
    figure = page.select_one("#figure-gdp-growth-wide-world")
    assert "World GDP growth" in figure.figcaption.get_text()
    svg = foreign_site.resolve("data/gdp-growth-wide/", figure.img["src"]).read_text()
    assert 'class="mark-line' in svg
    assert len(figure.select("tbody tr")) == 31


def test_a_dataset_page_with_a_chart_is_shared_with_its_card(foreign_site: SiteCopy) -> None:
    page = foreign_site.page("data/gdp-growth-wide/")
    card = "https://news.example.org/charts/gdp-growth-wide-world.card.png"
    assert page.find("meta", property="og:image")["content"] == card
    chart_alt = page.select_one("#figure-gdp-growth-wide-world img")["alt"]
    assert page.find("meta", property="og:image:alt")["content"] == chart_alt
    assert share_problems(page, foreign_site.output, "https://news.example.org/") == []


def test_wide_table_preview_scrolls_inside_its_region(foreign_site: SiteCopy) -> None:
    page = foreign_site.page("data/gdp-growth-wide/")
    preview = page.select_one("#resource-gdp-growth").parent.select_one("table.preview")
    assert len(preview.select("thead th")) == 33
    assert preview.parent["role"] == "region" and preview.parent["tabindex"] == "0"


def test_unsupported_resource_format_names_package_and_property(site: SiteCopy) -> None:
    folder = site.root / "data" / "school-meals"
    shutil.copytree(FOREIGN / "school-meals", folder)
    descriptor = json.loads((folder / "datapackage.json").read_text())
    descriptor["resources"][0]["format"] = "xlsx"
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    message = site.build_fails()
    assert "error[resource-unsupported]" in message
    assert "package 'school-meals'" in message and "field 'format'" in message


@pytest.mark.parametrize("name", ["gdp-growth-wide", "communes-population", "school-meals"])
def test_browser_walks_catalogue_to_dataset_to_download(
    browser, foreign_site: SiteCopy, name: str
) -> None:
    descriptor = json.loads((FOREIGN / name / "datapackage.json").read_text(encoding="utf-8"))
    with serving(foreign_site.output) as base:
        page = browser.new_page()
        page.add_init_script(CSP_RECORDER)
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(base + "data/")
        page.get_by_role("link", name=descriptor["title"], exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(descriptor["title"])
        resource = descriptor["resources"][0]
        link = page.locator(f'ul.downloads a[href$="/latest/{resource["path"]}"]')
        with page.expect_download() as download_info:
            link.click()
        content = Path(download_info.value.path()).read_bytes()
        assert content == (FOREIGN / name / resource["path"]).read_bytes()
        assert page.evaluate("window.__csp") == []
        assert {urlsplit(u).hostname for u in requests} == {"127.0.0.1"}
        page.close()
