"""Whatever text content or data hold, the site shows it as text: nothing is injected.

(a) A property test sends generated text (any Unicode, quotes, angle brackets, `</script>`,
`<!--`, U+2028/U+2029, control characters) through an article, a data package and a
chart: the build either succeeds with every string escaped everywhere, or fails with a
located message. (b) `</script><img src=x onerror=alert(N)>` is set in each place a title
comes from, and every page type is read for it. (c) Text that a spreadsheet would run
as a formula stays text in the chart CSVs and the Excel downloads.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from newsroom.site.build import BuildFailedError

from ..conftest import SiteCopy, copy_site

ARTICLE = "content/news/2021-07-12-vru-national-conference.md"
ARTICLE_PAGE = "news/2021/07/vru-national-conference/index.html"
VICTIMS = "data/vru-victims-referred"
PAYLOAD = "</script><img src=x onerror=alert({n})>"
MARKUP_SUFFIXES = (".html", ".xml", ".svg")
JSON_SUFFIXES = (".json", ".jsonld")
HTML_IN_FEEDS = ("summary", "content", "description")
LIVE_IN_XML = ("script", "img", "iframe", "foreignObject", "object", "embed")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "xlink:href")
# Characters whose survival as text shows that a string was escaped, not interpreted.
VISIBLE = re.compile(r"[^A-Za-z0-9<>&\"'/=!()\[\]-]")


# ---------------------------------------------------------------- reading the output
def text_files(output: Path) -> Iterator[Path]:
    """Every file a browser, feed reader or client parses; Pagefind's own index aside."""
    for path in sorted(output.rglob("*")):
        relative = path.relative_to(output)
        kept = path.suffix in (*MARKUP_SUFFIXES, *JSON_SUFFIXES)
        if kept and path.is_file() and relative.parts[0] != "pagefind":
            yield path


def visible(text: str) -> str:
    return VISIBLE.sub("", text)


def injected(html: str) -> list[str]:
    """Elements and attributes that only a payload's text could have made."""
    soup = BeautifulSoup(html, "html.parser")
    found = [str(tag)[:120] for tag in soup.find_all("img", src="x")]
    found += [
        f"<{tag.name} {name}={value!r}>"[:120]
        for tag in soup.find_all(True)
        for name, value in tag.attrs.items()
        if name.lower().startswith("on") and "alert(" in str(value)
    ]
    found += [
        str(tag)[:120]
        for tag in soup.find_all("script")
        if "alert(" in tag.get_text() and "json" not in str(tag.get("type", ""))
    ]
    return found


def javascript_urls(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        for name in URL_ATTRIBUTES:
            value = tag.get(name)
            if value and _is_javascript(str(value)):
                found.append(f"<{tag.name} {name}={value!r}>")
    return found


def _is_javascript(url: str) -> bool:
    # Browsers ignore whitespace and control characters before the scheme.
    return re.sub(r"[\x00-\x20]", "", url).lower().startswith("javascript:")


def json_ld_blocks(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [tag.string or "" for tag in soup.find_all("script", type="application/ld+json")]


def problems_in(path: Path, output: Path, raw: list[str]) -> list[str]:
    """What is wrong with one output file: injected markup, javascript: URLs, JSON or XML
    that does not parse, or one of the raw strings (input holding `<`) written as is."""
    where = path.relative_to(output).as_posix()
    text = path.read_text(encoding="utf-8")
    if path.suffix in JSON_SUFFIXES:
        # `<` needs no escaping in JSON; these files are served as JSON (with nosniff).
        try:
            json.loads(text)
        except ValueError as error:
            return [f"{where}: not JSON: {error}"]
        return []
    problems = [f"{where}: holds {s!r} unescaped" for s in raw if s in text]
    if path.suffix == ".html":
        problems += [f"{where}: {found}" for found in injected(text)]
        problems += [f"{where}: {url}" for url in javascript_urls(text)]
        for block in json_ld_blocks(text):
            if re.search(r"</script|<!--", block, re.IGNORECASE):
                problems.append(f"{where}: JSON-LD holds </script or <!--")
            try:
                json.loads(block)
            except ValueError as error:
                problems.append(f"{where}: JSON-LD is not JSON: {error}")
        return problems
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as error:
        return [*problems, f"{where}: not well-formed XML: {error}"]
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name in LIVE_IN_XML:
            problems.append(f"{where}: a <{name}> element")
        for attribute, value in element.attrib.items():
            attribute = attribute.rsplit("}", 1)[-1]
            if attribute.lower().startswith("on"):
                problems.append(f"{where}: <{name} {attribute}=...>")
            if attribute == "href" and _is_javascript(value):
                problems.append(f"{where}: <{name} href={value!r}>")
        if name in HTML_IN_FEEDS and element.text:
            found = injected(element.text) + javascript_urls(element.text)
            problems += [f"{where} (HTML in <{name}>): {f}" for f in found]
    return problems


def shown_as_text(page: Path, text: str) -> bool:
    """text is on the page as text or as an attribute's value (alt, title, content)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    if visible(text) in visible(soup.get_text()):
        return True
    values = (str(v) for tag in soup.find_all(True) for v in tag.attrs.values())
    return any(visible(text) in visible(value) for value in values)


# ---------------------------------------------------------------- changing the site
def edit(site: SiteCopy, path: str, old: str, new: str) -> None:
    file = site.root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def replace_line(site: SiteCopy, path: str, start: str, new: str) -> None:
    """Replace the one line of path that starts with start."""
    file = site.root / path
    lines = file.read_text(encoding="utf-8").split("\n")
    matches = [i for i, line in enumerate(lines) if line.startswith(start)]
    assert len(matches) == 1, f"{len(matches)} lines of {path} start with {start!r}"
    lines[matches[0]] = new
    file.write_text("\n".join(lines), encoding="utf-8")


def edit_descriptor(site: SiteCopy, package: str, change: Callable[[dict], None]) -> None:
    file = site.root / package / "datapackage.json"
    descriptor = json.loads(file.read_text(encoding="utf-8"))
    change(descriptor)
    file.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")


def set_unit_names(site: SiteCopy, names: dict[str, str]) -> None:
    """A unit's short_name in every package's units.csv (they carry the same table)."""
    for units in sorted(site.root.glob("data/*/units.csv")):
        with units.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
        for row in rows:
            row["short_name"] = names.get(row["id"], row["short_name"])
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        units.write_text(buffer.getvalue(), encoding="utf-8")


def yaml_value(text: str) -> str:
    """text as one YAML scalar on one line, whatever it holds."""
    return yaml.safe_dump(text, allow_unicode=False, width=10**9).removesuffix("\n...\n").strip()


# ---------------------------------------------------------------- (b) one title everywhere
@dataclasses.dataclass(frozen=True)
class Place:
    """Where a payload goes in, and a page that must show it as text."""

    name: str
    number: int
    shown_on: str
    put: Callable[[SiteCopy, str], None]

    @property
    def payload(self) -> str:
        return PAYLOAD.format(n=self.number)


def _article_title(site: SiteCopy, text: str) -> None:
    edit(
        site, ARTICLE, "Title: Violence Reduction Units", f"Title: {text} Violence Reduction Units"
    )


def _article_summary(site: SiteCopy, text: str) -> None:
    edit(
        site,
        ARTICLE,
        "Slug: vru-national-conference\n",
        f"Slug: vru-national-conference\nSummary: {text}\n",
    )


def _package_title(site: SiteCopy, text: str) -> None:
    edit_descriptor(site, VICTIMS, lambda d: d.update(title=f"{text} {d['title']}"))


def _package_description(site: SiteCopy, text: str) -> None:
    edit_descriptor(site, VICTIMS, lambda d: d.update(description=f"{text} {d['description']}"))


def _field_title(site: SiteCopy, text: str) -> None:
    def change(descriptor: dict) -> None:
        field = descriptor["resources"][1]["schema"]["fields"][2]
        field["title"] = f"{text} {field['title']}"

    edit_descriptor(site, VICTIMS, change)


def _unit_name(site: SiteCopy, text: str) -> None:
    set_unit_names(site, {"greater-manchester": f"{text} Greater Manchester"})


def _chart_title(site: SiteCopy, text: str) -> None:
    replace_line(site, ARTICLE, "title: ", f"title: {yaml_value(text + ' Admissions')}")


def _chart_alt(site: SiteCopy, text: str) -> None:
    replace_line(site, ARTICLE, "alt: ", f"alt: {yaml_value(text + ' Line chart')}")


def _figure_description(site: SiteCopy, text: str) -> None:
    start = "  description: Average monthly admissions"  # the 13% figure's
    replace_line(site, ARTICLE, start, f"  description: {yaml_value(text)}")


PLACES = [
    Place("article-title", 1, ARTICLE_PAGE, _article_title),
    Place("article-summary", 2, "index.html", _article_summary),
    Place("package-title", 3, "data/vru-victims-referred/index.html", _package_title),
    Place("package-description", 4, "data/vru-victims-referred/index.html", _package_description),
    Place("field-title", 5, "data/vru-victims-referred/index.html", _field_title),
    Place("unit-short-name", 6, "units/greater-manchester/index.html", _unit_name),
    Place("chart-title", 7, ARTICLE_PAGE, _chart_title),
    Place("chart-alt", 8, ARTICLE_PAGE, _chart_alt),
    Place(
        "figure-description",
        9,
        "figures/2021-07-12-vru-national-conference/gm-admissions-change/index.html",
        _figure_description,
    ),
]
JAVASCRIPT_URL = "javascript:alert(10)"
# Values a spreadsheet would run as formulas, as unit names (they reach the chart CSVs).
FORMULAS = {
    "kent": "=1+2",
    "london": "+44 20 7946 0000",
    "merseyside": "-Merseyside",
    "lancashire": "@SUM(A1)",
}
PAGE_TYPES = {
    "home": "index.html",
    "article": ARTICLE_PAGE,
    "archive": "news/index.html",
    "category": "category/news/index.html",
    "tag": "tag/greater-manchester/index.html",
    "dataset": "data/vru-victims-referred/index.html",
    "catalogue": "data/index.html",
    "unit": "units/greater-manchester/index.html",
    "units index": "units/index.html",
    "figure page": "figures/2021-07-12-vru-national-conference/gm-admissions-change/index.html",
    "embed page": "embed/gm-sharp-object-admissions/index.html",
    "search page": "search/index.html",
    "Atom feed": "feeds/all.atom.xml",
    "RSS feed": "feeds/all.rss.xml",
    "unit feed": "feeds/unit/greater-manchester.atom.xml",
    "sitemap": "sitemap.xml",
    "DCAT catalogue": "catalog.jsonld",
    "chart SVG": "charts/gm-sharp-object-admissions.svg",
}


def _javascript_links(site: SiteCopy) -> None:
    def change(descriptor: dict) -> None:
        descriptor["homepage"] = JAVASCRIPT_URL
        descriptor["sources"][0]["path"] = JAVASCRIPT_URL
        descriptor["licenses"][0]["path"] = JAVASCRIPT_URL
        descriptor["contributors"][0]["path"] = JAVASCRIPT_URL

    edit_descriptor(site, VICTIMS, change)
    readme = site.root / VICTIMS / "README.md"
    readme.write_text(
        readme.read_text(encoding="utf-8")
        + f'\n[a link]({JAVASCRIPT_URL}) <a href="{JAVASCRIPT_URL}">b</a>\n',
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory: pytest.TempPathFactory, built_site: SiteCopy) -> SiteCopy:
    """The real site with a payload in every place, javascript: links and formula names
    (after built_site, so that the shared cache already holds the unchanged charts)."""
    site = copy_site(tmp_path_factory.mktemp("injected") / "site")
    for place in PLACES:
        place.put(site, place.payload)
    _javascript_links(site)
    set_unit_names(site, FORMULAS)
    site.build()
    return site


def test_every_page_type_is_read(injected_site: SiteCopy) -> None:
    read = {
        path.relative_to(injected_site.output).as_posix()
        for path in text_files(injected_site.output)
    }
    missing = {kind: url for kind, url in PAGE_TYPES.items() if url not in read}
    assert not missing
    assert len(read) > 300


@pytest.mark.parametrize("place", PLACES, ids=[p.name for p in PLACES])
def test_title_with_script_and_img_is_escaped_everywhere(
    injected_site: SiteCopy, place: Place
) -> None:
    output = injected_site.output
    assert shown_as_text(output / place.shown_on, place.payload), f"not shown on {place.shown_on}"
    marker = f"alert({place.number})"
    problems = [
        p for path in text_files(output) for p in problems_in(path, output, [place.payload])
    ]
    problems = [p for p in problems if marker in p or "JSON" in p or "XML" in p]
    assert not problems, "\n".join(problems[:20])


def test_dataset_page_json_ld_cannot_be_closed(injected_site: SiteCopy) -> None:
    page = (injected_site.output / "data/vru-victims-referred/index.html").read_text(
        encoding="utf-8"
    )
    blocks = json_ld_blocks(page)
    assert blocks, "no JSON-LD on the dataset page"
    dataset = next(json.loads(b) for b in blocks if PLACES[2].payload in json.dumps(json.loads(b)))
    assert PLACES[2].payload in json.dumps(dataset, ensure_ascii=False)
    for block in blocks:
        assert "</script" not in block.lower()
        assert "<!--" not in block


def test_no_javascript_url_survives(injected_site: SiteCopy) -> None:
    output = injected_site.output
    problems = [p for path in text_files(output) for p in problems_in(path, output, [])]
    found = [p for p in problems if "javascript" in p.lower()]
    assert not found, "\n".join(found[:20])
    assert "javascript:" not in (output / "sitemap.xml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- (c) formulas stay text
def test_chart_csv_never_holds_a_formula(injected_site: SiteCopy) -> None:
    bad = []
    charts = sorted((injected_site.output / "charts").glob("*.csv"))
    seen = set()
    for chart in charts:
        for row in csv.reader(io.StringIO(chart.read_text(encoding="utf-8"))):
            for cell in row:
                seen.add(cell)
                if cell[:1] in ("=", "+", "-", "@") and not _is_number(cell):
                    bad.append(f"{chart.name}: {cell!r}")
    assert set(FORMULAS.values()) & {c.lstrip("'") for c in seen}, "no chart CSV shows the units"
    assert not bad, "\n".join(bad[:20])


def test_excel_never_holds_a_formula(injected_site: SiteCopy) -> None:
    workbooks = sorted(injected_site.output.glob("data/*/latest/*.xlsx"))
    assert len(workbooks) >= 8
    shown = set()
    for workbook in workbooks:
        for sheet in openpyxl.load_workbook(workbook).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{workbook.name}!{cell.coordinate} is a formula"
                    if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                        assert cell.data_type == "s"
                        shown.add(cell.value)
    assert set(FORMULAS.values()) <= shown


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- (a) generated text
SNIPPETS = [
    "</script>",
    "<script>alert(1)</script>",
    "<!--",
    "-->",
    "<img src=x onerror=alert(1)>",
    "<b>",
    '"',
    "'",
    "&",
    "&amp;",
    "&#60;",
    "<",
    ">",
    "]]>",
    "\u2028",
    "\u2029",
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x1b",
    "\x7f",
    "\x85",
    "\ufeff",
    "\u202e",
    "\U0001f600",
    "{{ 1 + 1 }}",
    "{% raw %}",
    "javascript:alert(1)",
    "\\",
    "`",
    "*",
    "_",
    "[x](javascript:alert(1))",
    "#",
    ": ",
    "%",
]
# Line breaks would end a front-matter value or a YAML line: a different mistake.
ANY_CHARACTER = st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r")
# Control characters XML 1.0 cannot hold: vl-convert aborts the whole process on one in a
# chart's text, and Pelican's feeds refuse one in an article's title or text (corpus
# cases chart-title-control-character, unit-name-control-character and
# front-matter-control-character). Texts that reach a chart or a feed leave them out.
NOT_XML = "".join(chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)))


def texts(alphabet: st.SearchStrategy[str], snippets: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(snippets), st.text(alphabet, min_size=1, max_size=6))
    return st.lists(piece, min_size=1, max_size=5).map("".join)


TEXT = texts(ANY_CHARACTER, SNIPPETS)
XML_TEXT = texts(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r" + NOT_XML),
    [s for s in SNIPPETS if not set(s) & set(NOT_XML)],
)
PROBE = "data/escaping-probe"
PROBE_TITLE = "Escaping probe"


@dataclasses.dataclass(frozen=True)
class Texts:
    article_title: str
    package_description: str
    field_title: str
    cells: list[str]
    chart_title: str
    chart_alt: str
    package_title: str = PROBE_TITLE

    def all(self) -> list[str]:
        return [
            self.article_title,
            self.package_description,
            self.field_title,
            *self.cells,
            self.chart_title,
            self.chart_alt,
            self.package_title,
        ]


def tagged(strategy: st.SearchStrategy[str], tag: str) -> st.SearchStrategy[str]:
    """Each text starts with a tag of its own, so that finding it written unescaped
    (`zqa</script>` rather than `zqa&lt;/script&gt;`) cannot be a coincidence."""
    return strategy.map(lambda text: tag + text)


TEXTS = st.builds(
    Texts,
    article_title=tagged(XML_TEXT, "zqa"),
    package_description=tagged(TEXT, "zqb"),
    field_title=tagged(XML_TEXT, "zqc"),
    cells=st.lists(tagged(XML_TEXT, "zqd"), min_size=1, max_size=4, unique_by=str.strip),
    chart_title=tagged(XML_TEXT, "zqe"),
    chart_alt=tagged(XML_TEXT, "zqf"),
)
PAYLOAD_TEXTS = Texts(
    article_title="zqa" + PAYLOAD.format(n=1),
    package_description="zqb<!--\u2028-->\x01\"'",
    field_title="zqc\u2029&amp;<b>",
    cells=["zqd</script><b>x</b>", "zqd=1+2", "zqd\U0001f600"],
    chart_title="zqe<script>alert(1)</script>",
    chart_alt="zqf\u2029" + PAYLOAD.format(n=1),
)

# Texts every renderer takes as they are: only the package title varies.
PLAIN_TEXTS = Texts(
    article_title="zqa A probe",
    package_description="zqb A probe package",
    field_title="zqc Label",
    cells=["zqd one", "zqd two"],
    chart_title="zqe A probe chart",
    chart_alt="zqf A bar chart of two values.",
)


def write_probe(site: SiteCopy, texts: Texts) -> None:
    """A package, and an article charting it, made of the generated texts."""
    folder = site.root / PROBE
    folder.mkdir()
    descriptor = {
        "name": "escaping-probe",
        "title": texts.package_title,
        "description": texts.package_description,
        "version": "1.0.0",
        "licenses": [{"name": "CC0-1.0", "title": "CC0 1.0"}],
        "resources": [
            {
                "name": "probe",
                "path": "probe.csv",
                "format": "csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": "label", "type": "string", "title": texts.field_title},
                        {"name": "value", "type": "integer", "title": "Value"},
                    ]
                },
            }
        ],
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["label", "value"])
    writer.writerows([cell, number] for number, cell in enumerate(texts.cells, 1))
    (folder / "probe.csv").write_text(buffer.getvalue(), encoding="utf-8")
    article = f"""Title: {texts.article_title}
Date: 2021-07-14 09:00
Category: News
Slug: escaping-probe

A chart of generated text.

```chart
id: escaping-probe
package: escaping-probe
kind: bar
x: label
y: value
title: {yaml_value(texts.chart_title)}
alt: {yaml_value(texts.chart_alt)}
```
"""
    (site.root / "content/news/escaping-probe.md").write_text(article, encoding="utf-8")


def check_escaped(site: SiteCopy, texts: Texts) -> None:
    """No markup from the texts anywhere, and each text shown as text where it belongs."""
    output = site.output
    raw = [text for text in texts.all() if "<" in text]
    problems = [p for path in text_files(output) for p in problems_in(path, output, raw)]
    assert not problems, "\n".join(problems[:20])
    article = output / "news/2021/07/escaping-probe/index.html"
    for text in (texts.article_title, texts.chart_title, texts.chart_alt):
        assert shown_as_text(article, text), f"{text!r} is not shown as text on the article"
    dataset = output / "data/escaping-probe/index.html"
    for text in (texts.package_title, texts.package_description, texts.field_title, *texts.cells):
        assert shown_as_text(dataset, text), f"{text!r} is not shown as text on the dataset page"


def build_and_check(texts: Texts) -> None:
    """The build succeeds with everything escaped, or fails with a located message."""
    with tempfile.TemporaryDirectory() as folder:
        site = copy_site(Path(folder) / "site")
        write_probe(site, texts)
        try:
            site.build()
        except BuildFailedError as failure:
            message = str(failure)
            assert re.search(r"^error\[[a-z/-]+\] \S", message, re.MULTILINE), message
            assert "Traceback" not in message
            assert "error[build-crashed]" not in message, message
            return
        check_escaped(site, texts)


@settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # a shrinking step is a whole build
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(PAYLOAD_TEXTS)
@given(texts=TEXTS)
def test_generated_text_is_escaped_or_refused(built_site: SiteCopy, texts: Texts) -> None:
    # built_site: the real site's charts are then in the shared cache, drawn once.
    build_and_check(texts)


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(package_title="zqg" + PAYLOAD.format(n=1))
@example(package_title="zqg\ufeff</script>[x](javascript:alert(1))]]>")  # found by Hypothesis
@given(package_title=tagged(XML_TEXT, "zqg"))
def test_generated_package_title_is_escaped_or_refused(
    built_site: SiteCopy, package_title: str
) -> None:
    build_and_check(dataclasses.replace(PLAIN_TEXTS, package_title=package_title))
