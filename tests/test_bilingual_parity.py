"""Bilingual publishing in parity (issue 10): Welsh interface on every page type, Welsh
embeds, data values named per language, figures and pins in every language, `invoke new`."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from newsroom.core.errors import NewsroomError
from newsroom.data.plain_validation import plain_package_problem
from newsroom.figures.report import report_rows
from newsroom.news.new_release import new_release
from newsroom.news.pins import articles_data_releases
from newsroom.site.build import inspect_site

from .conftest import REPO, SiteCopy, copy_site
from .news.test_generated_news import AFTER_RELEASE, release_1_1
from .test_bilingual import CONFERENCE, WELSH_CONFERENCE

SITE = "https://news.example.org/"
WELSH_SOURCE = "content/news/2021-07-12-vru-national-conference.cy.md"
IN_NUMBERS_FIGURE = "figures/south-wales-in-numbers/vru-victims-referred-victims-referred-change/"
IN_NUMBERS_EMBED = "embed/south-wales-in-numbers-rates/"
KNIFE_CRIME = "data/vru-knife-crime-under-25/"


def text_of(page: BeautifulSoup) -> str:
    return " ".join(page.get_text(" ").split())


def alternates(page: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in page.select("link[hreflang]")}


def add_welsh_conference(site: SiteCopy) -> None:
    text = WELSH_CONFERENCE.format(change="gostyngiad o 13%")
    text = text.replace("\nalt: Siart", "\ninteractive: true\nalt: Siart")
    (site.root / WELSH_SOURCE).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def revised_welsh_site(tmp_path_factory: pytest.TempPathFactory) -> SiteCopy:
    """The site with a Welsh translation of the conference release, both pinned to
    version 1.0.0 of the victims package, built after version 1.1.0 revised it."""
    site = copy_site(tmp_path_factory.mktemp("revised-welsh") / "site")
    add_welsh_conference(site)
    lock = site.root / "content/figures.lock"
    pins = json.loads(lock.read_text(encoding="utf-8"))
    pins["articles"][WELSH_SOURCE] = pins["articles"][
        "content/news/2021-07-12-vru-national-conference.md"
    ]
    lock.write_text(json.dumps(pins, indent=2), encoding="utf-8")
    release_1_1(site)
    site.build(AFTER_RELEASE)
    return site


# --- 1. Interface parity ------------------------------------------------------------


def test_welsh_figure_page_is_welsh_throughout(built_site: SiteCopy) -> None:
    page = built_site.page("cy/" + IN_NUMBERS_FIGURE)
    text = text_of(page.select_one("article"))
    for welsh in (
        "newid canrannol yn y cyfanswm (dioddefwyr a atgyfeiriwyd) o 2019 i 2019",
        "cyfnodau yn ôl: Blwyddyn, lle mae unit_id = south-wales",
        'canran wedi\'i thalgrynnu i ganran gyfan; mae "gostyngiad" yn golygu cwymp: yn cyfateb',
        "adnodd victims-referred , fersiwn 1.0.0, data",
        "cyn: 2019 i 2019",
        "ar ôl: 2020 i 2020",
    ):
        assert welsh in text
    for english in ("percentage", "matches", "resource", "version", "before:", "where", " to "):
        assert english not in text, english
    headings = [th.get_text() for th in page.select("article thead th")]
    assert headings == ["Uned", "Blwyddyn", "Dioddefwyr a atgyfeiriwyd", "Cyfnod"]
    english = text_of(built_site.page(IN_NUMBERS_FIGURE))  # the same address in English
    assert "percentage change in the sum of victims referred from 2019 to 2019" in english


def test_the_no_translation_notice_is_in_the_page_language(built_site: SiteCopy) -> None:
    english = built_site.page(CONFERENCE).select_one(".language-switcher .no-translation")
    assert "This page is not available in Welsh." in english.get_text()
    welsh = built_site.page("cy/" + IN_NUMBERS_FIGURE).select_one(".no-translation")
    assert "Nid yw'r dudalen hon ar gael yn Saesneg." in welsh.get_text()
    assert "not available" not in welsh.get_text()


def test_welsh_dataset_page_names_downloads_and_sizes_in_welsh(built_site: SiteCopy) -> None:
    text = " ".join(text_of(ul) for ul in built_site.page("cy/" + KNIFE_CRIME).select(".downloads"))
    assert "Y cyfan: data, disgrifydd a README (Zip)" in text
    assert "Disgrifydd y pecyn data (JSON)" in text and " beit" in text
    assert "Everything" not in text and "bytes" not in text
    tables = built_site.page("cy/" + KNIFE_CRIME).select('[aria-label^="Meysydd"]')
    dictionary = " ".join(text_of(table) for table in tables)  # one per resource
    assert "gofynnol; o leiaf 0" in dictionary and "Yn cyfeirio at" in dictionary
    assert "required" not in dictionary and "Refers to" not in dictionary
    english = " ".join(text_of(ul) for ul in built_site.page(KNIFE_CRIME).select(".downloads"))
    assert "Everything: data, descriptor and README (Zip)" in english and "bytes" in english


def test_welsh_revision_notice(revised_welsh_site: SiteCopy) -> None:
    notice = revised_welsh_site.page("cy/" + CONFERENCE).select_one(".revision-notice")
    text = text_of(notice)
    assert text.startswith("Ffigurau diwygiedig")
    assert (
        'Diwygiwyd y ffigurau hyn ar 2021-08-01 (fersiwn 1.1.0): ffigur "gm-victims-2020",'
        " bron i 12,500, bellach yn bron i 12,700."
    ) in text
    for english in ("revised", "figure ", "nearly", "See the latest"):
        assert english not in text, english
    english = text_of(revised_welsh_site.page(CONFERENCE).select_one(".revision-notice"))
    assert 'figure "gm-victims-2020", nearly 12,500, is now nearly 12,700.' in english


def test_a_translation_figure_page_has_the_original_address(revised_welsh_site) -> None:
    key = "figures/2021-07-12-vru-national-conference/gm-admissions-change/"
    welsh = text_of(revised_welsh_site.page("cy/" + key).select_one("article"))
    assert "newid canrannol yn y cymedr (derbyniadau) o 2018-04 i 2019-09" in welsh
    assert "cyfnodau yn ôl: Mis" in welsh
    english = text_of(revised_welsh_site.page(key).select_one("article"))
    assert "percentage change in the mean of admissions from 2018-04 to 2019-09" in english


def test_the_interactive_chart_button_speaks_the_page_language(revised_welsh_site) -> None:
    welsh = revised_welsh_site.page("cy/" + CONFERENCE).select_one(".chart-interactive-button")
    assert welsh.get_text() == "Dangos siart rhyngweithiol"
    assert welsh["data-loading"] == "Wrthi'n llwytho'r siart rhyngweithiol…"
    assert welsh["data-failed"].startswith("Nid oedd modd dangos y siart rhyngweithiol ({reason})")
    english = revised_welsh_site.page(CONFERENCE).select_one(".chart-interactive-button")
    assert english["data-loading"] == "Loading the interactive chart…"
    script = (REPO / "plugins/newsroom/static/interactive-charts.js").read_text(encoding="utf-8")
    assert "Loading the" not in script and "could not be shown" not in script


# --- 2. Embeds ----------------------------------------------------------------------


def test_welsh_embed_is_welsh_and_links_its_english_counterpart(built_site: SiteCopy) -> None:
    welsh = built_site.page("cy/" + IN_NUMBERS_EMBED)
    assert welsh.html["lang"] == "cy"
    text = text_of(welsh)
    assert "Troseddau cyllyll yn ymwneud â phobl dan 25 oed yn Ne Cymru" in text
    assert "Ffynhonnell:" in text and "Dangos y data" in text and "De Cymru" in text
    assert "Source:" not in text and "South Wales" not in text
    assert welsh.select(".language-switcher") == []
    both = {
        "en": SITE + IN_NUMBERS_EMBED,
        "cy": SITE + "cy/" + IN_NUMBERS_EMBED,
        "x-default": SITE + IN_NUMBERS_EMBED,
    }
    assert alternates(welsh) == both
    assert alternates(built_site.page(IN_NUMBERS_EMBED)) == both
    assert alternates(built_site.page("embed/kent-in-numbers-rates/")) == {}


def test_a_translated_article_embeds_have_the_same_address(revised_welsh_site) -> None:
    embed = "embed/gm-sharp-object-admissions/"
    welsh = revised_welsh_site.page("cy/" + embed)
    assert welsh.html["lang"] == "cy"
    assert "Derbyniadau i'r ysbyty am ymosodiad" in welsh.select_one(".chart-title").get_text()
    assert alternates(welsh)["en"] == SITE + embed
    assert alternates(revised_welsh_site.page(embed))["cy"] == SITE + "cy/" + embed


# --- 3. Data values named per language ----------------------------------------------


def test_unit_names_in_welsh_charts_tables_and_chart_csvs(built_site: SiteCopy) -> None:
    chart = "charts/south-wales-in-numbers-rates"
    welsh_csv = (built_site.output / "cy" / f"{chart}.csv").read_text(encoding="utf-8")
    english_csv = (built_site.output / f"{chart}.csv").read_text(encoding="utf-8")
    assert "2018,De Cymru,95.7" in welsh_csv and "South Wales" not in welsh_csv
    assert "2018,South Wales,95.7" in english_csv
    svg = (built_site.output / "cy" / f"{chart}.svg").read_text(encoding="utf-8")
    assert "De Cymru" in svg and "South Wales" not in svg
    cells = [td.get_text() for td in built_site.page("cy/news/2021/07/south-wales-in-numbers/")
             .select("figure.chart tbody td")]  # fmt: skip
    assert "De Cymru" in cells and "South Wales" not in cells
    unit = built_site.page("cy/units/south-wales/")
    facts = text_of(unit.select_one("dl.dataset-facts"))
    assert "Uned Lleihau Trais De Cymru" in facts and "Rhanbarth Cymru" in facts


def test_english_units_keep_their_names_and_downloads_keep_the_data(built_site) -> None:
    kent = built_site.page("cy/units/kent/")
    assert kent.select_one("h1").get_text() == "Kent"
    assert "De-ddwyrain Lloegr" in text_of(kent.select_one("dl.dataset-facts"))
    for language in ("", "cy/"):
        units = built_site.output / language / KNIFE_CRIME / "latest/units.csv"
        assert "South Wales,South Wales,Wales" in units.read_text(encoding="utf-8")
        descriptor = built_site.output / language / KNIFE_CRIME / "latest/datapackage.json"
        assert (
            descriptor.read_bytes()
            == (REPO / "data/vru-knife-crime-under-25/datapackage.json").read_bytes()
        )


def test_the_real_packages_pass_stock_frictionless_and_stay_plain() -> None:
    """Value names keep the packages valid for frictionless, and on the quick path."""
    frictionless = Path(sys.executable).parent / "frictionless"
    for package in sorted((REPO / "data").glob("vru-*/datapackage.json")):
        descriptor = json.loads(package.read_text(encoding="utf-8"))
        assert plain_package_problem(descriptor, package.parent) is None, package
        result = subprocess.run(
            [str(frictionless), "validate", str(package)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout


def test_every_title_and_description_of_our_packages_has_its_welsh() -> None:
    untranslated = []
    for descriptor in sorted((REPO / "data").glob("*/datapackage.json")):
        package = json.loads(descriptor.read_text(encoding="utf-8"))
        parts = [("package", package)]
        for resource in package["resources"]:
            parts.append((resource["name"], resource))
            parts += [(f"{resource['name']}.{f['name']}", f) for f in resource["schema"]["fields"]]
        for where, part in parts:
            welsh = part.get("newsroom:translations", {}).get("cy", {})
            untranslated += [
                f"{package['name']} {where} {key}"
                for key in ("title", "description")
                if part.get(key) and not welsh.get(key)
            ]
    assert untranslated == []


def test_the_package_generator_is_deterministic(tmp_path: Path) -> None:
    script = REPO / "data/generate_vru_packages.py"
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True, timeout=120)
    for made in sorted(tmp_path.rglob("*")):
        if made.is_file():
            committed = REPO / "data" / made.relative_to(tmp_path)
            assert made.read_bytes() == committed.read_bytes(), made


@pytest.mark.parametrize(
    ("values", "where", "words"),
    [
        ('["De Cymru"]', "short_name", "not a mapping"),
        ('{"South Wales": 3}', "short_name", "not a mapping"),
        ('{"1330000": "un"}', "population", "holds integer values"),
    ],
)
def test_bad_value_names_are_located_errors(
    site: SiteCopy, values: str, where: str, words: str
) -> None:
    descriptor = site.root / "data/vru-victims-referred/datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    (units,) = [r for r in data["resources"] if r["name"] == "units"]
    (spec,) = [f for f in units["schema"]["fields"] if f["name"] == where]
    spec["newsroom:translations"]["cy"]["values"] = json.loads(values)
    descriptor.write_text(json.dumps(data, indent=2), encoding="utf-8")
    failure = site.build_fails()
    assert (
        "error[translation-values-invalid] data/vru-victims-referred/datapackage.json,"
        f" package 'vru-victims-referred', resource 'units', field '{where}'"
    ) in failure
    assert words in failure and "Traceback" not in failure


def test_value_names_belong_to_a_field(site: SiteCopy) -> None:
    descriptor = site.root / "data/vru-victims-referred/datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["newsroom:translations"]["cy"]["values"] = {"a": "b"}
    descriptor.write_text(json.dumps(data, indent=2), encoding="utf-8")
    failure = site.build_fails()
    assert (
        "error[translation-values-invalid] data/vru-victims-referred/datapackage.json,"
        " package 'vru-victims-referred': " in failure
    )


# --- 4. invoke figures and invoke pin in every language -------------------------------


def test_figures_and_pins_cover_welsh_articles(site: SiteCopy) -> None:
    add_welsh_conference(site)
    report = inspect_site(site.root / "pelicanconf.py")
    assert report.problems == []
    rows = [r for r in report_rows(report.builds) if r["source"].startswith(WELSH_SOURCE)]
    assert [(r["kind"], r["text"], r["status"]) for r in rows] == [
        ("figure", "gostyngiad o 13%", "checked"),
        ("figure", "bron i 12,500", "checked"),
        ("chart", rows[2]["text"], "rendered"),
    ]
    assert rows[2]["text"].startswith("Derbyniadau i'r ysbyty")
    used = articles_data_releases(report.builds)
    assert used[WELSH_SOURCE] == {
        "vru-sharp-object-admissions": "1.0.0",
        "vru-victims-referred": "1.0.0",
    }
    assert "content/news/2021-07-12-vru-national-conference.md" in used


# --- 5. invoke new, in English and in Welsh -------------------------------------------


def invoke_new(site: SiteCopy, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "-r", str(site.root), "new", *arguments],
        cwd=site.root, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_invoke_new_starts_a_release_and_its_welsh_translation(site: SiteCopy) -> None:
    (site.root / "tasks.py").write_bytes((REPO / "tasks.py").read_bytes())
    english = invoke_new(site, "--title", "Knife crime falls in Kent")
    assert english.returncode == 0, english.stderr
    (written,) = (site.root / "content/news").glob("*-knife-crime-falls-in-kent.md")
    assert written.read_text(encoding="utf-8").startswith(
        "Title: Knife crime falls in Kent\nDate: "
    )
    assert "Slug: knife-crime-falls-in-kent\n" in written.read_text(encoding="utf-8")
    original = "content/news/2021-07-12-vru-national-conference.md"
    welsh = invoke_new(site, "--lang", "cy", "--title", "Cydweithio i atal trais",
                       "--original", original)  # fmt: skip
    assert welsh.returncode == 0, welsh.stderr
    text = (site.root / WELSH_SOURCE).read_text(encoding="utf-8")
    assert text.startswith(
        "Title: Cydweithio i atal trais\nDate: 2021-07-12 11:00\nCategory: Newyddion\n"
        "Slug: vru-national-conference\nLang: cy\nTranslation: true\nUnits: greater-manchester\n"
    )
    assert "```figures\ngm-admissions-change:" in text
    again = invoke_new(site, "--lang", "cy", "--title", "T", "--original", original)
    assert again.returncode == 1
    assert f"error[new-release-exists] {WELSH_SOURCE}" in again.stderr + again.stdout
    assert "Traceback" not in again.stderr
    site.build({"NEWSROOM_NOW": "2100-01-01T00:00:00"})  # the new release is dated today
    page = site.page("cy/" + CONFERENCE)
    assert page.select_one("h1").get_text() == "Cydweithio i atal trais"
    assert alternates(page)["en"] == SITE + CONFERENCE
    assert site.page("news/" + written.stem[:8].replace("-", "/") + "knife-crime-falls-in-kent/")


@pytest.mark.parametrize(
    ("lang", "original", "code"),
    [
        ("xx", None, "language-unknown"),
        ("cy", "content/news/nope.md", "new-original-missing"),
        ("en", "content/news/2021-07-12-vru-national-conference.md", "new-original-same-language"),
    ],
)
def test_invoke_new_mistakes_are_located(
    tmp_path: Path, lang: str, original: str | None, code: str
) -> None:
    site = copy_site(tmp_path / "site")
    with pytest.raises(NewsroomError) as error:
        new_release(
            site.root / "content", site.root, ["en", "cy"], "Title",
            datetime(2021, 7, 12, 11, 0), lang, Path(original) if original else None,
        )  # fmt: skip
    (problem,) = error.value.problems
    assert problem.code == code
    assert problem.location.file in ("pelicanconf.py", original)
