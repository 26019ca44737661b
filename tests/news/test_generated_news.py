"""Generated news, pinned figures, revisions and embargoes, with two releases of a
package and a fixed clock."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from ..conftest import SiteCopy

VICTIMS = "data/vru-victims-referred"
SEED = "news/2021/07/vru-national-conference/"
BEFORE_RELEASE = {"NEWSROOM_NOW": "2021-07-31T12:00:00"}
AFTER_RELEASE = {"NEWSROOM_NOW": "2021-08-02T12:00:00"}
EMBARGOED_TITLE = "Embargoed story about knife crime"


def release_1_1(site: SiteCopy) -> None:
    """Version 1.1.0 of the victims package: 2021 added, Greater Manchester's 2020 revised,
    published on 1 August 2021 at 09:30."""
    package = site.root / VICTIMS
    shutil.copytree(package, package / "archive" / "1.0.0")
    descriptor = json.loads((package / "datapackage.json").read_text())
    descriptor.update(version="1.1.0", published="2021-08-01T09:30:00+01:00",
                      modified="2021-08-01T09:30:00Z")  # fmt: skip
    (package / "datapackage.json").write_text(json.dumps(descriptor, indent=2))
    lines = (package / "victims-referred.csv").read_text().splitlines()
    lines = [
        line.replace("greater-manchester,2020,12437", "greater-manchester,2020,12610")
        for line in lines
    ]
    units = sorted({line.split(",")[0] for line in lines[1:]})
    lines += [f"{unit},2021,{5000 + i}" for i, unit in enumerate(units)]
    (package / "victims-referred.csv").write_text("\n".join(lines) + "\n")


def embargoed_article(site: SiteCopy) -> None:
    (site.root / "content/news/embargoed.md").write_text(
        f"Title: {EMBARGOED_TITLE}\nDate: 2021-08-01 10:00\nCategory: News\nTags: Embargo test\n"
        "Units: kent\n\nA story for release on 1 August.\n"
    )


def every_text_file(output: Path) -> str:
    texts = []
    for path in sorted(output.rglob("*")):
        if path.is_file() and path.suffix in (
            ".html",
            ".xml",
            ".json",
            ".jsonld",
            ".txt",
            ".csv",
            ".md",
        ):
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteCopy, SiteCopy]:
    """The same site built before and after the release time of version 1.1.0."""
    from ..conftest import copy_site

    built = []
    for name, clock in (("before", BEFORE_RELEASE), ("after", AFTER_RELEASE)):
        site = copy_site(tmp_path_factory.mktemp(name) / "site")
        release_1_1(site)
        embargoed_article(site)
        site.build(clock)
        built.append(site)
    return built[0], built[1]


def test_a_new_figures_article_for_every_release(two_releases) -> None:
    _, after = two_releases
    first = after.page("news/2021/07/vru-victims-referred-1-0-0/")
    assert (
        "This is the first release, covering 2019 to 2020."
        in first.select_one(".article-body").get_text()
    )
    second = after.page("news/2021/08/vru-victims-referred-1-1-0/")
    assert second.h1.get_text() == (
        "New figures: Victims of violent crime referred to support services, by VRU, yearly"
        " (illustrative), version 1.1.0"
    )
    body = " ".join(second.select_one(".article-body").get_text().split())
    assert (
        "Version 1.1.0 adds 18 rows, revises 1 earlier values, and now covers 2019 to 2021." in body
    )
    assert "The previous release was version 1.0.0." in body
    assert second.select_one("figure.chart img")["alt"].startswith("Line chart of victims referred")
    feed = (after.output / "feeds/all.atom.xml").read_text()
    assert "version 1.1.0" in feed
    assert "vru-victims-referred-1-1-0" in (after.output / "sitemap.xml").read_text()
    assert after.page("category/data-releases/").find("a", string=lambda t: t and "1.1.0" in t)


def test_a_release_article_is_dated_at_the_moment_the_descriptor_gives(two_releases) -> None:
    """1.0.0 was created at midnight UTC (`Z`), 1.1.0 published at 09:30 British summer
    time (`+01:00`): each article carries that moment, shown in the site's time zone,
    not the descriptor's clock time read as London's (an hour early in summer)."""
    _, after = two_releases
    for url, moment, shown in (
        ("news/2021/07/vru-victims-referred-1-0-0/", "2021-07-01T00:00:00+00:00", "01:00"),
        ("news/2021/08/vru-victims-referred-1-1-0/", "2021-08-01T08:30:00+00:00", "09:30"),
    ):
        page = after.page(url)
        stated = json.loads(page.find("script", type="application/ld+json").string)
        published = datetime.fromisoformat(stated["datePublished"])
        assert published == datetime.fromisoformat(moment), url
        assert shown in page.select_one("time").get_text(), url


def test_unit_in_numbers_articles_summarise_the_latest_data(two_releases) -> None:
    _, after = two_releases
    page = after.page("news/2021/08/greater-manchester-in-numbers/")
    text = " ".join(page.select_one(".article-body").get_text().split())
    assert "In 2021: 5,004 (people), down 60% on 2020, ranking" in text
    links = page.select(".article-body a.figure")
    assert links and all("figures/" in a["href"] for a in links)
    summary = page.select_one('meta[name="description"]')["content"]
    assert "victims referred down 60% on 2020" in summary
    unit_page = after.page("units/greater-manchester/")
    assert unit_page.find("a", string="Greater Manchester in numbers")


def test_pinned_article_keeps_its_numbers_and_shows_the_revision(two_releases) -> None:
    before, after = two_releases
    for site in (before, after):
        body = site.page(SEED).select_one(".article-body").get_text()
        assert "nearly 12,500 victims" in body
    assert before.page(SEED).select_one(".revision-notice") is None
    notice = after.page(SEED).select_one(".revision-notice")
    text = " ".join(notice.get_text().split())
    assert (
        "These figures were revised on 2021-08-01 (version 1.1.0):"
        ' figure "gm-victims-2020", nearly 12,500, is now nearly 12,700.'
    ) in text
    link = notice.find("a", string="See the latest figures")
    assert after.resolve(SEED, link["href"]) == after.output / VICTIMS / "index.html"


def test_embargoed_release_and_article_are_absent_until_their_time(two_releases) -> None:
    before, after = two_releases
    text_before, text_after = every_text_file(before.output), every_text_file(after.output)
    for marker in (
        EMBARGOED_TITLE,
        "12610",
        "12,610",
        "vru-victims-referred/1.1.0",
        "version 1.1.0",
    ):
        assert marker not in text_before, marker
    assert not (before.output / VICTIMS / "1.1.0").exists()
    assert not (before.output / "news/2021/08").exists()
    for marker in (EMBARGOED_TITLE, "12610", "version 1.1.0"):
        assert marker in text_after, marker
    for page in ("", "news/", "tag/embargo-test/", "units/kent/", "search/"):
        assert after.page(page or "index.html").find("a", string=EMBARGOED_TITLE), page
    assert EMBARGOED_TITLE in (after.output / "feeds/unit/kent.atom.xml").read_text()


def test_preview_shows_embargoed_content_under_a_banner(site: SiteCopy) -> None:
    release_1_1(site)
    embargoed_article(site)
    site.build({**BEFORE_RELEASE, "NEWSROOM_PREVIEW": True}, output=site.root / "preview")
    page = site.root / "preview/news/2021/08/embargoed-story-about-knife-crime/index.html"
    html = page.read_text(encoding="utf-8")
    assert "Embargoed until 1 August 2021, 10:00." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert (site.root / "preview" / VICTIMS / "1.1.0").exists()
    assert not site.output.exists()


def test_hand_written_article_replaces_the_generated_one(site: SiteCopy) -> None:
    (site.root / "content/news/kent.md").write_text(
        "Title: Kent, told by a person\nDate: 2021-07-20\nSlug: kent-in-numbers\n\n"
        "Written by hand.\n"
    )
    site.build()
    page = site.page("news/2021/07/kent-in-numbers/")
    assert page.h1.get_text() == "Kent, told by a person"
    assert "Written by hand." in page.select_one(".article-body").get_text()


def test_two_articles_at_one_address_stop_the_build(site: SiteCopy) -> None:
    for name in ("first", "second"):
        (site.root / f"content/news/{name}.md").write_text(
            f"Title: {name}\nDate: 2021-07-20\nSlug: same-slug\n\nText.\n"
        )
    message = site.build_fails()
    assert "error[article-address-taken]" in message
    assert "content/news/first.md" in message and "content/news/second.md" in message
    assert "news/2021/07/same-slug/index.html" in message


def test_template_can_be_switched_off_for_a_unit(site: SiteCopy) -> None:
    template = site.root / "content/article-templates/unit-in-numbers.md"
    template.write_text(
        template.read_text().replace(
            "Kind: unit-in-numbers", "Kind: unit-in-numbers\nExclude: london, kent"
        )
    )
    site.build()
    built = {p.parent.name for p in (site.output / "news/2021/07").glob("*-in-numbers/index.html")}
    assert "london-in-numbers" not in built and "kent-in-numbers" not in built
    assert "essex-in-numbers" in built


def test_template_error_names_the_template_and_line(site: SiteCopy) -> None:
    template = site.root / "content/article-templates/new-release.md"
    template.write_text(
        template.read_text().replace("{{ package.version }} of", "{{ package.versoin }} of")
    )
    message = site.build_fails()
    assert "error[template-error] content/article-templates/new-release.md" in message
    assert "versoin" in message


def test_pinning_records_the_releases_an_article_uses(site: SiteCopy) -> None:
    from newsroom.news.pins import LOCK_NAME, articles_data_releases, write_pins
    from newsroom.site.build import inspect_site

    (site.root / "content" / LOCK_NAME).unlink()
    report = inspect_site(site.root / "pelicanconf.py")
    used = articles_data_releases(report.builds)
    assert used == {
        "content/news/2021-07-12-vru-national-conference.md": {
            "vru-sharp-object-admissions": "1.0.0",
            "vru-victims-referred": "1.0.0",
        }
    }
    written = write_pins(site.root / "content", used, "2021-07-12")
    lock = json.loads((site.root / "content" / LOCK_NAME).read_text())
    assert lock == written and lock["articles"][next(iter(used))]["pinned"] == "2021-07-12"


def test_a_pin_to_a_release_that_is_gone_stops_the_build(site: SiteCopy) -> None:
    lock = site.root / "content/figures.lock"
    lock.write_text(
        lock.read_text().replace(
            '"vru-victims-referred": "1.0.0"', '"vru-victims-referred": "0.9.0"'
        )
    )
    message = site.build_fails()
    assert "error[pin-release-missing] content/figures.lock" in message
    assert "vru-victims-referred version 0.9.0" in message
