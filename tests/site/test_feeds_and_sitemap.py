"""Standards that feed readers and search engines check, on the built site in every
language: the W3C feed validator finds no error and no warning in any Atom or RSS feed;
every sitemap is valid against the sitemaps.org schema; every HTML page is either listed
in its language's sitemap or marked `noindex`. Each check has a control: a planted
problem that the same check reports.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import xmlschema
from bs4 import BeautifulSoup
from newsroom.site.feed_entries import entry_html

from ..conftest import SiteCopy
from .feed_validation import FeedProblem, feed_problems

SITE = "https://news.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITEMAP_XSD = Path(__file__).resolve().parents[1] / "fixtures" / "sitemaps" / "sitemap.xsd"
FEED_ROOTS = (ATOM + "feed", "rss")
NOINDEX = re.compile(r"\bnoindex\b")


def site_url(output: Path, path: Path) -> str:
    relative = path.relative_to(output).as_posix()
    return SITE + relative.removesuffix("index.html")


def feeds(output: Path) -> list[Path]:
    """Every Atom and RSS file of the site: each *.xml whose root is a feed."""
    return [p for p in sorted(output.rglob("*.xml")) if ET.parse(p).getroot().tag in FEED_ROOTS]


def published_together(atom: bytes) -> bool:
    """Entries that share an `updated` time were all published at that time and never
    changed (a data release's generated articles, all published with the release)."""
    entries = ET.fromstring(atom).iter(ATOM + "entry")
    times = [(e.findtext(ATOM + "updated"), e.findtext(ATOM + "published")) for e in entries]
    shared = {updated for updated, count in Counter(u for u, _ in times).items() if count > 1}
    return all(published == updated for updated, published in times if updated in shared)


def unexplained_problems(data: bytes, url: str) -> list[FeedProblem]:
    """The validator's errors and warnings, less one: DuplicateUpdated ("two entries with
    the same value for atom:updated") when the entries were really published together;
    the validator's own documentation says no action is needed then."""
    problems = feed_problems(data, url)
    if published_together(data):
        problems = [p for p in problems if p.kind != "DuplicateUpdated"]
    return problems


def test_every_feed_passes_the_w3c_feed_validator(built_site: SiteCopy) -> None:
    found = feeds(built_site.output)
    names = {p.relative_to(built_site.output).as_posix() for p in found}
    assert {"feeds/all.atom.xml", "feeds/all.rss.xml", "cy/feeds/all.atom.xml",
            "cy/feeds/all.rss.xml", "feeds/unit/greater-manchester.rss.xml"} <= names  # fmt: skip
    assert len(found) >= 40, names
    problems = {}
    for path in found:
        reported = unexplained_problems(path.read_bytes(), site_url(built_site.output, path))
        if reported:
            problems[path.relative_to(built_site.output).as_posix()] = [str(p) for p in reported]
    assert problems == {}


def test_the_feed_validator_reports_what_the_site_no_longer_writes(built_site: SiteCopy) -> None:
    """Controls: the site's feeds with one problem planted each, as they were before."""
    rss_url, atom_url = SITE + "feeds/all.rss.xml", SITE + "feeds/all.atom.xml"
    rss = (built_site.output / "feeds/all.rss.xml").read_bytes()
    atom = (built_site.output / "feeds/all.atom.xml").read_bytes()
    assert unexplained_problems(rss, rss_url) == []
    assert b' isPermaLink="false"' in rss
    permalink_guid = rss.replace(b' isPermaLink="false"', b"", 1)
    assert "InvalidPermalink" in kinds(feed_problems(permalink_guid, rss_url))
    script = b"&lt;script src=&quot;https://news.example.org/x.js&quot;&gt;&lt;/script&gt;"
    with_script = atom.replace(b'<content type="html">', b'<content type="html">' + script, 1)
    assert "SecurityRisk" in kinds(feed_problems(with_script, atom_url))
    handler = atom.replace(b"&lt;p&gt;", b"&lt;p onclick=&quot;go()&quot;&gt;", 1)
    assert "SecurityRiskAttr" in kinds(feed_problems(handler, atom_url))
    # Two entries updated at one moment but published apart are not explained away.
    apart = atom.replace(b"<published>2021-07-01", b"<published>2021-06-30", 1)
    assert not published_together(apart)
    assert published_together(atom)


def kinds(problems: Iterable[FeedProblem]) -> set[str]:
    return {p.kind for p in problems}


def test_feed_entries_are_the_article_without_scripts_and_with_absolute_links(
    built_site: SiteCopy,
) -> None:
    links = 0
    for path in feeds(built_site.output):
        root = ET.parse(path).getroot()
        for element in root.iter():
            if element.tag.split("}")[-1] not in ("content", "summary", "description"):
                continue
            html = BeautifulSoup(element.text or "", "html.parser")
            where = f"{path.relative_to(built_site.output)}: {element.tag}"
            assert not html.select("script, button, textarea, input, label, form"), where
            assert not html.select("[tabindex], [hidden], [data-pagefind-ignore]"), where
            for tag in html.select("[href], [src]"):
                target = tag.get("href") or tag.get("src")
                assert target.startswith(("https://", "mailto:")), (where, target)
                links += 1
    assert links > 100  # the article links and chart images are there, made absolute
    atom = (built_site.output / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert "https://news.example.org/charts/gm-sharp-object-admissions.svg" in atom


def test_entry_html_keeps_the_article_and_drops_what_only_a_page_can_use() -> None:
    page = "https://news.example.org/news/2021/07/a/"
    html = (
        '<p>See <a href="../b/">b</a> and <a href="#figure-1">figure 1</a>.</p>\n'
        '<div class="chart-frame" tabindex="0" role="region" aria-label="Figure 1">'
        '<img src="/charts/c.svg" alt="A chart" width="6" height="3"></div>\n'
        '<p class="controls"><button type="button" hidden>Show interactive chart</button></p>\n'
        '<script src="/newsroom/interactive-charts.js" defer></script>\n'
        '<details class="chart-embed"><summary>Embed this chart</summary>'
        '<label for="e">Copy</label><textarea id="e">&lt;iframe&gt;</textarea></details>'
    )
    assert entry_html(html, page) == (
        '<p>See <a href="https://news.example.org/news/2021/07/b/">b</a> and'
        ' <a href="https://news.example.org/news/2021/07/a/#figure-1">figure 1</a>.</p>\n'
        '<div class="chart-frame" role="region" aria-label="Figure 1">'
        '<img src="https://news.example.org/charts/c.svg" alt="A chart" width="6" height="3">'
        "</div>\n\n\n"
    )


def sitemap_urls(output: Path) -> dict[str, set[str]]:
    """{sitemap file: the URLs it lists} for each language's sitemap."""
    return {
        path.relative_to(output).as_posix(): {
            loc.text for loc in ET.parse(path).getroot().iter(SITEMAP + "loc") if loc.text
        }
        for path in sorted(output.rglob("sitemap.xml"))
    }


def test_every_sitemap_is_valid_against_the_sitemaps_schema(built_site: SiteCopy) -> None:
    schema = xmlschema.XMLSchema(SITEMAP_XSD)
    sitemaps = sorted(built_site.output.rglob("sitemap.xml"))
    names = [p.relative_to(built_site.output).as_posix() for p in sitemaps]
    assert names == ["cy/sitemap.xml", "sitemap.xml"]
    for path in sitemaps:
        assert [str(e) for e in schema.iter_errors(str(path))] == [], path
    # Controls: an element the protocol does not have, and a date that is not one.
    text = sitemaps[1].read_text(encoding="utf-8")
    for planted in (
        text.replace("</loc>", "</loc><title>Home</title>", 1),
        re.sub(r"<lastmod>[^<]*</lastmod>", "<lastmod>1 July 2021</lastmod>", text, count=1),
    ):
        assert not schema.is_valid(planted)


def pages_neither_listed_nor_noindex(pages: dict[str, str], listed: set[str]) -> list[str]:
    """Of {URL: HTML}, the pages that a search engine would neither find in a sitemap nor
    be told to leave out, and those both listed and marked noindex."""
    wrong = []
    for url, html in sorted(pages.items()):
        head = BeautifulSoup(html.partition("</head>")[0], "html.parser")
        robots = head.find("meta", attrs={"name": "robots"})
        noindex = bool(robots and NOINDEX.search(robots.get("content", "")))
        if noindex == (url in listed):
            wrong.append(f"{url} ({'listed and noindex' if noindex else 'neither'})")
    return wrong


def test_every_page_is_in_a_sitemap_or_marked_noindex(built_site: SiteCopy) -> None:
    output = built_site.output
    sitemaps = sitemap_urls(output)
    assert all(url.startswith(SITE + "cy/") for url in sitemaps["cy/sitemap.xml"])
    assert not any(url.startswith(SITE + "cy/") for url in sitemaps["sitemap.xml"])
    listed = set().union(*sitemaps.values())
    pages = {site_url(output, p): p.read_text(encoding="utf-8") for p in output.rglob("*.html")}
    assert pages_neither_listed_nor_noindex(pages, listed) == []
    assert listed <= set(pages), "every listed URL is a page of the site"
    assert len(listed) > 0.9 * len(pages)
    for kind in ("news/2021/07/vru-national-conference/", "data/vru-victims-referred/",
                 "units/kent/", "data/keyword/knife-crime/", "data/unit/kent/", "search/",
                 "category/news/", "tag/in-numbers/", "tags.html", "news/", "cy/units/kent/",
                 "figures/2021-07-12-vru-national-conference/gm-victims-2020/"):  # fmt: skip
        assert SITE + kind in listed, kind
    for hidden in ("404.html", "cy/404.html", "index2.html", "embed/gm-sharp-object-admissions/"):
        assert SITE + hidden not in listed and NOINDEX.search(pages[SITE + hidden]), hidden
    # Controls: a page in neither, and a listed page that also says noindex.
    planted = {SITE + "planted/": "<html><head></head><body></body></html>"}
    assert pages_neither_listed_nor_noindex(planted, listed) == [SITE + "planted/ (neither)"]
    noindexed = {SITE: '<html><head><meta name="robots" content="noindex"></head></html>'}
    assert pages_neither_listed_nor_noindex(noindexed, listed) == [SITE + " (listed and noindex)"]
