"""What readers and machines get besides pages: feeds, social cards, search index, weight."""

from __future__ import annotations

import gzip
import json
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from newsroom.site import search_index

from .conftest import SiteCopy
from .static_host import headers_for, parse_headers_file

ARTICLE = "news/2021/07/vru-national-conference/"
ATOM = "{http://www.w3.org/2005/Atom}"
PAGE_WEIGHT_LIMIT = 150 * 1024


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def test_feeds_for_all_news_categories_and_units(built_site: SiteCopy) -> None:
    articles = len(list((built_site.output / "news").glob("*/*/*/index.html")))
    for feed, count in (("feeds/all.atom.xml", articles), ("feeds/category/news.atom.xml", 1),
                        ("feeds/unit/greater-manchester.atom.xml", 2)):  # fmt: skip
        root = ET.parse(built_site.output / feed).getroot()
        entries = root.findall(f"{ATOM}entry")
        assert len(entries) == count, feed
        links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
        assert f"https://news.example.org/{ARTICLE}" in links
    rss = ET.parse(built_site.output / "feeds/all.rss.xml").getroot()
    assert rss.find("channel/item/title").text.startswith("Violence Reduction Units")
    assert ET.parse(built_site.output / "feeds/unit/greater-manchester.rss.xml").getroot()


def test_every_page_type_links_its_feed_and_canonical_url(built_site: SiteCopy) -> None:
    for url in ("", ARTICLE, "data/vru-victims-referred/", "units/greater-manchester/"):
        page = built_site.page(url or "index.html")
        assert page.select_one('link[rel="canonical"]')["href"] == f"https://news.example.org/{url}"
        feeds = [link["href"] for link in page.select('link[rel="alternate"]')]
        assert "https://news.example.org/feeds/all.atom.xml" in feeds


def test_article_social_card_is_its_first_chart_at_1200_by_630(built_site: SiteCopy) -> None:
    page = built_site.page(ARTICLE)
    image = page.select_one('meta[property="og:image"]')["content"]
    assert image == "https://news.example.org/charts/gm-sharp-object-admissions.card.png"
    card = (built_site.output / "charts/gm-sharp-object-admissions.card.png").read_bytes()
    assert png_size(card) == (1200, 630)
    assert page.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
    assert page.select_one('meta[property="og:title"]')["content"].startswith("Violence Reduction")
    default = built_site.page("units/").select_one('meta[property="og:image"]')["content"]
    assert default == "https://news.example.org/newsroom/social-card.png"
    assert png_size((built_site.output / "newsroom/social-card.png").read_bytes()) == (1200, 630)


def test_search_index_covers_articles_datasets_and_units_with_filters(built_site: SiteCopy) -> None:
    entry = json.loads((built_site.output / "pagefind/pagefind-entry.json").read_text())
    articles = len(list((built_site.output / "news").glob("*/*/*/index.html")))
    assert articles == 1 + 4 + 18  # the press release, a release article per package, units
    assert entry["languages"]["en"]["page_count"] == articles + 4 + 18
    for page, kind in ((ARTICLE, "News"), ("data/vru-victims-referred/", "Dataset"),
                       ("units/kent/", "Unit")):  # fmt: skip
        html = built_site.page(page)
        assert html.select_one("[data-pagefind-body]") is not None
        assert html.select_one('[data-pagefind-filter="type"]').get_text() == kind
    assert built_site.page("data/").select_one("[data-pagefind-body]") is None


def test_article_with_a_chart_weighs_under_150_kb_gzipped(built_site: SiteCopy) -> None:
    """HTML, CSS, fonts and the chart's SVG: what a reader's browser loads before asking
    for anything; no Vega JavaScript is among it (the browser tests check that)."""
    page = built_site.page(ARTICLE)
    files = [built_site.output / ARTICLE / "index.html"]
    files += [
        built_site.resolve(ARTICLE, link["href"])
        for link in page.select('link[rel="stylesheet"], link[rel="icon"]')
    ]
    files += [built_site.resolve(ARTICLE, img["src"]) for img in page.select("img")]
    files += [built_site.resolve(ARTICLE, script["src"]) for script in page.select("script[src]")]
    weight = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    assert all("vega" not in f.name for f in files)
    assert weight <= PAGE_WEIGHT_LIMIT, f"{weight} bytes gzipped"


def header_policies(headers: dict[str, str]) -> list[dict[str, str]]:
    """The Content-Security-Policies among a response's headers, joined by a comma where
    the host joins overlapping rules (Cloudflare Pages): each policy as {directive: its
    sources}."""
    value = headers.get("Content-Security-Policy", "")
    return [
        {d.split()[0]: " ".join(d.split()[1:]) for d in policy.split(";") if d.strip()}
        for policy in value.split(",")
        if policy.strip()
    ]


POLICY_PAGES = (
    "",
    "news/2021/07/south-wales-in-numbers/",
    "search/",
    "cy/search/",
    "embed/gm-sharp-object-admissions/",
    "cy/embed/south-wales-in-numbers-rates/",
)


@pytest.mark.parametrize("joined", [False, True], ids=["netlify", "cloudflare-pages"])
def test_headers_file_keeps_each_pages_policy_on_hosts_that_join_or_replace(
    built_site: SiteCopy, joined: bool
) -> None:
    """Each page's meta tag is its policy; the headers add framing rules and must not
    take anything a page needs away, whichever way the host combines its rules."""
    rules = parse_headers_file((built_site.output / "_headers").read_text(encoding="utf-8"))
    for url in POLICY_PAGES:
        meta = built_site.page(url or "index.html").select_one(
            'meta[http-equiv="Content-Security-Policy"]'
        )["content"]
        assert "unsafe-inline" not in meta and "'unsafe-eval'" not in meta
        needed = dict(d.strip().split(" ", 1) for d in meta.split(";"))
        headers = headers_for(rules, "/" + url, joined)
        policies = header_policies(headers)
        assert policies, url
        for policy in policies:  # every policy must allow what the page's own allows
            for directive, sources in policy.items():
                if directive in needed:
                    assert set(needed[directive].split()) <= set(sources.split()), (url, policy)
        ancestors = {p["frame-ancestors"] for p in policies if "frame-ancestors" in p}
        framing = headers.get("X-Frame-Options")
        if "embed/" in url:  # frameable anywhere: frame-ancestors * makes browsers skip XFO
            assert ancestors == {"*"}, (url, policies)
        else:
            assert framing == "SAMEORIGIN" and "*" not in ancestors, (url, policies)


def search_files(site: SiteCopy) -> dict[Path, bytes]:
    index = site.output / "pagefind"
    return {p.relative_to(index): p.read_bytes() for p in index.rglob("*") if p.is_file()}


def test_search_index_is_reused_only_while_no_page_changes(
    site: SiteCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.build()
    entry = site.output / "pagefind/pagefind-entry.json"
    indexed = json.loads(entry.read_text())["languages"]["en"]["page_count"]
    before = {
        p.relative_to(site.output): p.read_bytes() for p in (site.output / "pagefind").rglob("*.*")
    }

    def pagefind_must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("Pagefind ran although no page changed")

    with monkeypatch.context() as patched:
        patched.setattr(search_index.subprocess, "run", pagefind_must_not_run)
        assert site.build(force=True)
    after = {
        p.relative_to(site.output): p.read_bytes() for p in (site.output / "pagefind").rglob("*.*")
    }
    assert after == before
    (site.root / "content/news/a-new-article.md").write_text(
        "Title: A new article\nDate: 2021-07-20 09:00\nCategory: News\n\nA zebracrossing.\n",
        encoding="utf-8",
    )
    site.build()
    assert json.loads(entry.read_text())["languages"]["en"]["page_count"] == indexed + 1


def test_a_search_index_that_cannot_be_built_stops_the_build(
    site: SiteCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.build()
    before = site.tree_digest()
    (site.root / "content/news/a-new-article.md").write_text(
        "Title: A new article\nDate: 2021-07-20 09:00\nCategory: News\n\nNew.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(site.root / "no-such-pagefind"))
    message = site.build_fails()
    assert "Pagefind could not index the site" in message and "no-such-pagefind" in message
    assert "Traceback" not in message
    assert site.tree_digest() == before


def test_search_indexes_only_marked_pages_and_every_page_when_none_is(tmp_path: Path) -> None:
    """Pagefind is handed just the marked pages; with no mark, or a page whose name a glob
    cannot hold, it is handed every page and applies its own rule."""

    def index_of(pages: dict[str, str]) -> int:
        site = tmp_path / f"site-{len(list(tmp_path.iterdir()))}"
        for name, body in pages.items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_text(
                f'<!DOCTYPE html><html lang="en"><head><title>{name}</title></head>'
                f"<body>{body}</body></html>",
                encoding="utf-8",
            )
        search_index.build_search_index(site, tmp_path / "no-live-site")
        entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
        return entry["languages"]["en"]["page_count"]

    marked = "<main data-pagefind-body><p>Referrals rose.</p></main>"
    assert index_of({"a/index.html": marked, "b/index.html": "<p>A list.</p>"}) == 1
    assert index_of({"a/index.html": "<p>One.</p>", "b/index.html": "<p>Two.</p>"}) == 2
    assert index_of({"a,b/index.html": marked, "c/index.html": "<p>A list.</p>"}) == 1
    nested = {"u/index.html": "<p>A list.</p>", "u/kent/index.html": marked}
    nested |= {"u/kent/more/index.html": marked, "u/essex/index.html": marked}
    nested |= {"u/essex/tag/index.html": "<p>A list.</p>", "top.html": marked}
    assert index_of(nested) == 4


def test_search_indexes_a_site_of_many_thousand_pages(tmp_path: Path) -> None:
    """Naming each of 9,000 articles in Pagefind's glob made a pattern it could not use:
    it indexed nothing, and a site of 8,000 articles could not be built."""
    articles = 9000
    site = tmp_path / "site"
    page = '<!DOCTYPE html><html lang="en"><head><title>{0}</title></head><body>{1}</body></html>'
    for number in range(articles):
        folder = site / f"news/2021/07/an-article-about-referrals-{number:05d}"
        folder.mkdir(parents=True)
        body = f"<main data-pagefind-body><p>Article {number}.</p></main>"
        (folder / "index.html").write_text(page.format(number, body), encoding="utf-8")
    (site / "news/index.html").write_text(page.format("News", "<p>A list.</p>"))
    search_index.build_search_index(site, tmp_path / "no-live-site")
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == articles


def indexed_text(site: SiteCopy, url: str) -> str:
    """What Pagefind holds of one page: its fragment's text."""
    for fragment in (site.output / "pagefind/fragment").iterdir():
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        if data["url"] == url:
            return data["content"]
    raise AssertionError(f"{url} is not in the search index")


def test_search_holds_prose_and_titles_not_chart_tables_or_download_lists(
    built_site: SiteCopy,
) -> None:
    text = indexed_text(built_site, "/" + ARTICLE)
    assert "victims of violent crime were referred" in text
    assert "Hospital admissions for assault with a sharp object" in text  # the chart's title
    page = (built_site.output / ARTICLE / "index.html").read_text(encoding="utf-8")
    # The data table (its caption, then rows of months and counts) and the chart's links.
    for words in ("Data for figure 1:", "Download the chart", "Copy this code"):
        assert words in page and words not in text
    dataset = "data/vru-victims-referred/"
    text = indexed_text(built_site, "/" + dataset)
    page = (built_site.output / dataset / "index.html").read_text(encoding="utf-8")
    assert "Victims referred" in text
    # The download and version lists: file formats and sizes.
    assert " bytes" in page and " bytes" not in text
