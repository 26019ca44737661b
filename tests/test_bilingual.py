"""Bilingual publishing (issue 10): the real site in English and Welsh, in parity."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from newsroom.charts.languages import chart_in_language
from newsroom.core.errors import NewsroomError
from newsroom.core.languages import (
    format_date,
    load_translations,
    run_catalogue,
    run_settings,
    use_run_translations,
)
from newsroom.data.selection import parse_yaml_mapping
from newsroom.figures.computed import check_wording, format_value, ordinal
from newsroom.news.translation_report import render_table as render_translations
from newsroom.news.translation_report import translation_rows

from .conftest import SiteCopy

SITE = "https://news.example.org/"
IN_NUMBERS = "news/2021/07/south-wales-in-numbers/"
CONFERENCE = "news/2021/07/vru-national-conference/"
KNIFE_CRIME = "data/vru-knife-crime-under-25/"


def alternates(page: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in page.select("link[hreflang]")}


def switcher_links(page: BeautifulSoup) -> list[str]:
    return [a["href"] for a in page.select(".language-switcher a")]


def test_every_page_states_its_language(built_site: SiteCopy) -> None:
    for path in built_site.output.rglob("*.html"):
        relative = path.relative_to(built_site.output).as_posix()
        if relative.startswith("pagefind/"):
            continue
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        expected = "cy" if relative.startswith("cy/") else "en"
        assert page.html["lang"] == expected, relative


def test_translated_article_links_to_its_counterpart(built_site: SiteCopy) -> None:
    english = built_site.page(IN_NUMBERS)
    welsh = built_site.page("cy/" + IN_NUMBERS)
    both = {
        "en": SITE + IN_NUMBERS,
        "cy": SITE + "cy/" + IN_NUMBERS,
        "x-default": SITE + IN_NUMBERS,
    }
    assert alternates(english) == both
    assert alternates(welsh) == both
    (to_welsh,) = switcher_links(english)
    (to_english,) = switcher_links(welsh)
    assert (
        built_site.resolve(IN_NUMBERS, to_welsh)
        == built_site.output / "cy" / IN_NUMBERS / "index.html"
    )
    assert (
        built_site.resolve("cy/" + IN_NUMBERS, to_english)
        == built_site.output / IN_NUMBERS / "index.html"
    )
    assert welsh.select_one(".language-switcher a")["lang"] == "en"
    assert welsh.select_one("h1").get_text() == "De Cymru mewn niferoedd"


def test_untranslated_article_says_so_and_links_to_the_welsh_home(built_site: SiteCopy) -> None:
    page = built_site.page(CONFERENCE)
    notice = page.select_one(".language-switcher .no-translation")
    assert "This page is not available in Welsh." in notice.get_text()
    home = notice.select_one("a")
    assert built_site.resolve(CONFERENCE, home["href"]) == built_site.output / "cy" / "index.html"
    assert "cy" not in alternates(page)
    assert not (built_site.output / "cy" / CONFERENCE).exists()


def test_every_language_link_leads_to_a_page(built_site: SiteCopy) -> None:
    """The switcher and hreflang of every page point at pages that exist."""
    checked = 0
    for path in built_site.output.rglob("*.html"):
        url = path.relative_to(built_site.output).as_posix()
        if url.startswith("pagefind/"):
            continue
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for href in switcher_links(page):
            assert built_site.resolve(url, href).is_file(), (url, href)
            checked += 1
        for code, href in alternates(page).items():
            target = built_site.output / href.removeprefix(SITE)
            target = target / "index.html" if href.endswith("/") else target
            assert target.is_file(), (url, code, href)
    assert checked > 100


def test_welsh_pages_have_welsh_interface_dates_and_numbers(built_site: SiteCopy) -> None:
    welsh = built_site.page("cy/" + IN_NUMBERS)
    assert welsh.select_one(".skip-link").get_text() == "Neidio i'r prif gynnwys"
    # The data were released at midnight UTC (`Z`): 01:00 in a British summer.
    assert welsh.select_one("p.meta time").get_text() == "1 Gorffennaf 2021, 01:00"
    assert built_site.page(IN_NUMBERS).select_one("p.meta time").get_text() == "1 July 2021, 01:00"
    text = welsh.select_one(".article-body").get_text(" ", strip=True)
    assert "Y ffigur diweddaraf (Mehefin 2021)" in text
    assert "gostyngiad o 20%" in text
    assert "Safle ymhlith yr holl unedau: 11eg" in text


def test_welsh_chart_labels_and_download_headings(built_site: SiteCopy) -> None:
    welsh = built_site.page("cy/" + IN_NUMBERS)
    caption = welsh.select_one("figure.chart figcaption").get_text(" ", strip=True)
    assert caption.startswith("Ffigur 1: Troseddau cyllyll")
    headings = [th.get_text() for th in welsh.select("figure.chart thead th")]
    assert headings == ["Blwyddyn", "Uned", "Cyfradd fesul 100,000 o bobl dan 25 oed"]
    assert "Cyfartaledd 18 uned" in welsh.select_one("figure.chart tbody").get_text()
    chart = "charts/south-wales-in-numbers-rates"
    welsh_csv = (built_site.output / "cy" / f"{chart}.csv").read_text(encoding="utf-8")
    english_csv = (built_site.output / f"{chart}.csv").read_text(encoding="utf-8")
    welsh_header = 'Blwyddyn,Uned,"Cyfradd fesul 100,000 o bobl dan 25 oed",Statws'
    assert welsh_csv.splitlines()[0] == welsh_header
    assert english_csv.splitlines()[0] == 'Year,Unit,"Rate per 100,000 under-25s",Status'
    svg = (built_site.output / "cy" / f"{chart}.svg").read_text(encoding="utf-8")
    assert "Cyfartaledd 18 uned" in svg and "Average of" not in svg


def test_welsh_dataset_page_and_language_tagged_catalogue(built_site: SiteCopy) -> None:
    title = "Troseddau cyllyll yn ymwneud â phobl dan 25 oed, fesul UYT, yn flynyddol"
    welsh = built_site.page("cy/" + KNIFE_CRIME)
    assert welsh.select_one("h1").get_text().startswith(title)
    assert built_site.page(KNIFE_CRIME).select_one("h1").get_text().startswith("Knife-crime")
    for catalogue in ("catalog.jsonld", "cy/catalog.jsonld"):
        data = json.loads((built_site.output / catalogue).read_text(encoding="utf-8"))
        (dataset,) = [
            d for d in data["dcat:dataset"] if d["dct:identifier"] == "vru-knife-crime-under-25"
        ]
        languages = {literal["@language"]: literal["@value"] for literal in dataset["dct:title"]}
        assert languages["en"].startswith("Knife-crime offences")
        assert languages["cy"].startswith(title)
    (script,) = welsh.select('script[type="application/ld+json"]')
    names = {n["@language"] for n in json.loads(script.string)["name"]}
    assert names == {"en", "cy"}


def test_feeds_and_sitemaps_per_language(built_site: SiteCopy) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    welsh_feed = ElementTree.parse(built_site.output / "cy/feeds/all.atom.xml").getroot()
    english_feed = ElementTree.parse(built_site.output / "feeds/all.atom.xml").getroot()
    assert welsh_feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "cy"
    assert english_feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    rss = ElementTree.parse(built_site.output / "cy/feeds/all.rss.xml").getroot()
    assert rss.findtext("channel/language") == "cy"
    welsh_titles = [e.findtext(atom + "title") for e in welsh_feed.iter(atom + "entry")]
    assert welsh_titles == ["De Cymru mewn niferoedd"]
    assert welsh_feed.findtext(atom + "title") == "Unedau Lleihau Trais: newyddion a data"
    self_link = next(x for x in welsh_feed.findall(atom + "link") if x.get("rel") == "self")
    assert self_link.get("href") == SITE + "cy/feeds/all.atom.xml"
    english_titles = [e.findtext(atom + "title") for e in english_feed.iter(atom + "entry")]
    assert (
        "South Wales in numbers" in english_titles
        and "De Cymru mewn niferoedd" not in english_titles
    )
    english_map = (built_site.output / "sitemap.xml").read_text(encoding="utf-8")
    welsh_map = (built_site.output / "cy/sitemap.xml").read_text(encoding="utf-8")
    assert SITE + "cy/" not in english_map
    assert f"<loc>{SITE}cy/{IN_NUMBERS}</loc>" in welsh_map
    robots = (built_site.output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE}sitemap.xml" in robots and f"Sitemap: {SITE}cy/sitemap.xml" in robots
    assert not (built_site.output / "cy/robots.txt").exists()
    headers = (built_site.output / "_headers").read_text(encoding="utf-8")
    assert "/cy/embed/*" in headers


def test_welsh_search_page_uses_the_shared_multilingual_index(built_site: SiteCopy) -> None:
    page = built_site.page("cy/search/")
    bundle = page.select_one("#search")["data-bundle"]
    assert built_site.resolve("cy/search/", bundle + "pagefind-ui.js").is_file()
    entry = json.loads((built_site.output / "pagefind/pagefind-entry.json").read_text())
    assert {"en", "cy"} <= set(entry["languages"])


def test_welsh_figure_wording_is_checked_like_english() -> None:
    assert check_wording("gostyngiad o 13%", -13.2, "change", "cy").matches
    assert check_wording("cynnydd o 13%", 12.8, "change", "cy").matches
    assert not check_wording("cynnydd o 13%", -13.2, "change", "cy").matches
    assert check_wording("dim newid", 0.3, "change", "cy").matches
    assert check_wording("bron i 12,500", 12437, "nearly", "cy").matches
    assert check_wording("13% decrease", -13.2, "change").matches  # English unchanged
    assert check_wording("The rate is 13%", -13.2, "change").expected == "13% decrease"
    assert format_value(-13.2, "change", lang="cy") == "gostyngiad o 13%"
    assert format_value(12437, "nearly", lang="cy") == "bron i 12,500"
    assert [ordinal(n, "cy") for n in (1, 2, 3, 11, 18)] == ["1af", "2il", "3ydd", "11eg", "18fed"]
    assert format_value(pd.Timestamp("2021-06-01"), "date", lang="cy") == "Mehefin 2021"


def test_babel_dates() -> None:
    assert format_date("2021-07-12T11:00:00", "cy") == "12 Gorffennaf 2021, 11:00"
    assert format_date("2021-07-12T11:00:00", "en") == "12 July 2021, 11:00"


def test_chart_text_per_language() -> None:
    text = "title: {en: Knife crime, cy: Troseddau cyllyll}\nalt:\n  en: A chart.\n  cy: Siart.\n"
    block = parse_yaml_mapping(text, "content/x.md", 10, "chart-yaml")
    assert chart_in_language(block, "cy", ["en", "cy"]).options["title"] == "Troseddau cyllyll"
    assert chart_in_language(block, "en", ["en", "cy"]).options["alt"] == "A chart."
    notes = "annotations:\n  - {date: 2019-10, label: {en: Launch, cy: Lansio}}\n"
    annotated = parse_yaml_mapping(notes, "content/x.md", 10, "chart-yaml")
    welsh = chart_in_language(annotated, "cy", ["en", "cy"]).options["annotations"]
    assert welsh == [{"date": "2019-10", "label": "Lansio"}]
    missing = parse_yaml_mapping("title: T\nalt: {en: A chart.}\n", "content/x.md", 10, "y")
    with pytest.raises(NewsroomError) as error:
        chart_in_language(missing, "en", ["en", "cy"])
    (problem,) = error.value.problems
    assert (problem.code, str(problem.location)) == (
        "chart-alt-translation-missing",
        "content/x.md:11",
    )


def test_language_settings_of_each_run() -> None:
    settings = {"SITEURL": "https://x.org", "SITE_ABSOLUTE_URL": "https://x.org",
                "NEWSROOM_LANGUAGES": ["en", "cy"], "ARTICLE_URL": "news/{slug}/"}  # fmt: skip
    welsh = run_settings(settings, "cy")
    assert welsh["SITEURL"] == "https://x.org/cy"
    assert welsh["NEWSROOM_LANGUAGE_PATHS"] == {"en": "../", "cy": ""}
    assert welsh["ARTICLE_LANG_URL"] == "news/{slug}/"
    assert run_settings(settings, "en")["NEWSROOM_LANGUAGE_PATHS"] == {"en": "", "cy": "cy/"}
    with pytest.raises(NewsroomError) as error:
        run_settings({**settings, "NEWSROOM_LANGUAGES": ["en", "xx-nope"]}, "en")
    assert error.value.problems[0].code == "language-unknown"


def test_a_one_language_site_has_no_switcher_and_plain_metadata(site: SiteCopy) -> None:
    site.build({"NEWSROOM_LANGUAGES": ["en"]})
    assert not (site.output / "cy").exists()
    page = site.page(IN_NUMBERS)
    assert page.select(".language-switcher") == [] and alternates(page) == {}
    data = json.loads((site.output / "catalog.jsonld").read_text(encoding="utf-8"))
    assert all(isinstance(d["dct:title"], str) for d in data["dcat:dataset"])
    assert not any(Path(p).name.endswith(".cy.md") for p in site.output.rglob("*"))


def test_translations_report_lists_missing_and_outdated(tmp_path: Path) -> None:
    def item(name: str, slug: str, lang: str, date: str, modified: str | None = None):
        return SimpleNamespace(
            source_path=str(tmp_path / name), slug=slug, lang=lang,
            date=datetime.fromisoformat(date),
            modified=datetime.fromisoformat(modified) if modified else None,
        )  # fmt: skip

    items = [
        item("a.md", "a", "en", "2021-07-01"),
        item("b.md", "b", "en", "2021-07-01", "2021-08-01"),
        item("b.cy.md", "b", "cy", "2021-07-02"),
        item("c.md", "c", "en", "2021-07-01"),
        item("c.cy.md", "c", "cy", "2021-07-01", "2021-07-03"),
    ]
    rows = translation_rows(items, ["en", "cy"], tmp_path)
    assert [(r["key"], r["status"].split(":")[0]) for r in rows] == [
        ("a", "missing"),
        ("b", "outdated"),
    ]
    assert rows[1]["translation"] == "b.cy.md"
    assert "ORIGINAL" in render_translations(rows)


def test_invoke_translations_lists_the_untranslated_articles(site: SiteCopy) -> None:
    shutil.copy2(Path(__file__).parent.parent / "tasks.py", site.root / "tasks.py")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "translations"],
        cwd=site.root, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "vru-national-conference" in result.stdout
    assert "south-wales-in-numbers" not in result.stdout
    assert "missing" in result.stdout


def test_welsh_spreadsheet_dictionary(built_site: SiteCopy) -> None:
    import openpyxl

    path = built_site.output / "cy" / KNIFE_CRIME / "latest/knife-crime-under-25.xlsx"
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["knife-crime-under-25", "Geiriadur data"]
    rows = list(workbook["Geiriadur data"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Maes", "Teitl")
    assert ("year", "Blwyddyn") in [row[:2] for row in rows]
    english = openpyxl.load_workbook(
        built_site.output / KNIFE_CRIME / "latest/knife-crime-under-25.xlsx"
    )
    assert english.sheetnames == ["knife-crime-under-25", "Data dictionary"]


def test_no_language_is_left_behind_by_a_build(built_site: SiteCopy) -> None:
    """The Welsh run's interface words end with the run (Python code reads them)."""
    from newsroom.core.languages import interface_text

    assert interface_text("Data dictionary") == "Data dictionary"


def test_south_wales_unit_page_in_both_languages(built_site: SiteCopy) -> None:
    welsh = built_site.page("cy/units/south-wales/")
    english = built_site.page("units/south-wales/")
    assert welsh.select_one("h1").get_text() == "De Cymru"
    assert english.select_one("h1").get_text() == "South Wales"
    assert [h.get_text() for h in welsh.select("h2")] == ["Newyddion: De Cymru", "Data: De Cymru"]
    assert "Enw'r uned" in welsh.select_one("dl.dataset-facts").get_text()
    (article,) = welsh.select(".article-list a")
    assert article.get_text() == "De Cymru mewn niferoedd"
    assert alternates(welsh)["en"] == SITE + "units/south-wales/"


WELSH_CONFERENCE = """Title: Unedau Lleihau Trais o bob rhan o'r wlad yn cydweithio i atal trais
Date: 2021-07-12 11:00
Category: Newyddion
Slug: vru-national-conference
Lang: cy
Translation: true
Units: greater-manchester

Ers mis Hydref 2019, bu [{change}](figure:gm-admissions-change) yn nifer cyfartalog
misol y derbyniadau i'r ysbyty yn ymwneud â chyllyll ym Manceinion Fwyaf. Yn 2020,
atgyfeiriwyd [bron i 12,500](figure:gm-victims-2020) o ddioddefwyr troseddau treisgar.

```chart
id: gm-sharp-object-admissions
package: vru-sharp-object-admissions
kind: before-after
x: month
y: admissions
filter:
  unit_id: greater-manchester
split: 2019-10
title: Derbyniadau i'r ysbyty am ymosodiad â gwrthrych miniog ym Manceinion Fwyaf
alt: Siart llinell o dderbyniadau misol i'r ysbyty ym Manceinion Fwyaf, Ebrill 2018 i Fehefin 2021.
```

```figures
gm-admissions-change:
  package: vru-sharp-object-admissions
  filter: {{unit_id: greater-manchester}}
  field: admissions
  calculation: percent-change
  of: mean
  period-field: month
  before: 2018-04 to 2019-09
  after: 2019-10 to 2021-06
gm-victims-2020:
  package: vru-victims-referred
  filter: {{unit_id: greater-manchester, year: 2020}}
  field: victims_referred
  calculation: value
  format: nearly
```
"""


def test_a_hand_written_welsh_translation_is_checked_and_linked(site: SiteCopy) -> None:
    source = site.root / "content/news/2021-07-12-vru-national-conference.cy.md"
    source.write_text(WELSH_CONFERENCE.format(change="gostyngiad o 13%"), encoding="utf-8")
    site.build()
    welsh = site.page("cy/" + CONFERENCE)
    words = [a.get_text() for a in welsh.select("a.figure")]
    assert words == ["gostyngiad o 13%", "bron i 12,500"]
    (to_welsh,) = switcher_links(site.page(CONFERENCE))
    assert site.resolve(CONFERENCE, to_welsh) == site.output / "cy" / CONFERENCE / "index.html"
    csv = (site.output / "cy/charts/gm-sharp-object-admissions.csv").read_text(encoding="utf-8")
    assert csv.splitlines()[0] == "Mis,Derbyniadau,Cyfnod,Cyfartaledd y cyfnod,Statws"
    welsh_status = "Data enghreifftiol. Mae'r gwerthoedd hyn wedi'u dyfeisio i ddangos sut mae'r"
    assert csv.splitlines()[1].split(",", 4)[4].startswith(welsh_status)
    english = (site.output / "charts/gm-sharp-object-admissions.csv").read_text(encoding="utf-8")
    assert english.splitlines()[0] == "Month,Admissions,Period,Period average,Status"
    feed = (site.output / "feeds/all.atom.xml").read_text(encoding="utf-8")
    welsh_feed = (site.output / "cy/feeds/all.atom.xml").read_text(encoding="utf-8")
    welsh_title = "Unedau Lleihau Trais o bob rhan"
    assert welsh_title not in feed and "across the country" in feed
    assert welsh_title in welsh_feed and "across the country" not in welsh_feed
    source.write_text(WELSH_CONFERENCE.format(change="cynnydd o 13%"), encoding="utf-8")
    failure = site.build_fails()
    assert (
        "error[figure-mismatch] content/news/2021-07-12-vru-national-conference.cy.md:9" in failure
    )
    assert '"gostyngiad o 13%"' in failure


def test_a_language_without_a_catalogue_or_unknown_to_babel_stops_the_build(
    site: SiteCopy,
) -> None:
    failure = site.build_fails({"NEWSROOM_LANGUAGES": ["en", "xx-nope"]})
    assert "error[language-unknown] pelicanconf.py" in failure
    failure = site.build_fails({"NEWSROOM_LANGUAGES": ["en", "ga"]})
    assert (
        "error[translation-catalogue-missing] theme/translations/ga/LC_MESSAGES/messages.po"
        in failure
    )
    assert "Traceback" not in failure
    assert not site.output.exists()


def test_production_links_go_to_the_other_language_public_address(site: SiteCopy) -> None:
    site.build({"RELATIVE_URLS": False})
    assert switcher_links(site.page("cy/units/")) == [SITE + "units/"]
    assert switcher_links(site.page("units/")) == [SITE + "cy/units/"]
    assert site.page("cy/search/").select_one("#search")["data-bundle"] == SITE + "pagefind/"


def test_the_catalogue_in_cache_keys_leaves_out_when_it_was_compiled() -> None:
    """Babel stamps a compiled catalogue's header with the minute: a key that held it
    computed every figure again in every build of a new minute."""
    root = Path(__file__).resolve().parent.parent

    def key(minute: str, period: str = "") -> str:
        translations, _ = load_translations(root / "theme", "cy", "en", root)
        translations._catalog[""] = f"POT-Creation-Date: 2026-01-01 09:{minute}+0000\n"
        if period:
            translations._catalog["Period"] = period
        use_run_translations(translations, "cy")
        return run_catalogue()

    try:
        assert key("00") == key("01"), "the compile time is part of the key"
        assert key("00", period="Cyfnod arall") != key("00"), "a translation is not"
    finally:
        use_run_translations(None)


def test_numbers_in_pages_are_written_in_the_language_with_every_digit() -> None:
    from gettext import NullTranslations

    import jinja2
    from newsroom.core.languages import install_language

    for lang in ("en", "cy"):
        env = jinja2.Environment(autoescape=True)
        install_language(env, lang, NullTranslations())
        written = env.from_string("{{ '1330000'|localnumber }} {{ '0.123456'|localnumber }}")
        assert written.render() == "1,330,000 0.123456"
