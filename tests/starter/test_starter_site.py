"""The starter site `newsroom init` writes: it builds at once, and a reader sees the
example article with its chart and checked figure, the generated article, the dataset
page with its downloads, the feeds and the search index. Writing it never overwrites
anything, and nothing shipped (starter, plugin, theme) names the repository's own data.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from newsroom.core import PLUGIN_FOLDER
from newsroom.core.errors import NewsroomError
from newsroom.starter import STARTER_FILES, starter_files, write_starter_site

from ..conftest import REPO, SiteCopy

ARTICLE = "news/2025/01/example-library-visits/"
GENERATED_ARTICLE = "news/2025/01/example-library-visits-1-0-0/"
DATASET = "data/example-library-visits/"
ARTICLE_TITLE = "Example story: library visits fall in the South District"
GENERATED_TITLE = "New data: Library visits by area, monthly (invented example data), version 1.0.0"


def test_the_article_shows_its_chart_and_its_checked_figure(built_starter: SiteCopy) -> None:
    page = built_starter.page(ARTICLE)
    assert page.h1.get_text(strip=True) == ARTICLE_TITLE
    image = page.select_one("figure img[src$='.svg']")
    assert built_starter.resolve(ARTICLE, image["src"]).read_text().startswith("<svg")
    assert image["alt"].startswith("Line chart of invented monthly library visits")
    assert page.select_one("button.chart-interactive-button") is not None
    figures = {link.get_text(strip=True): link["href"] for link in page.select("a.figure")}
    assert set(figures) == {"a 13% decrease", "21,934"}  # the typed words were checked
    definition = built_starter.page(ARTICLE + figures["a 13% decrease"]).get_text(" ")
    assert "percentage change in the mean of library visits" in definition
    assert "matches" in definition


def test_every_number_of_the_starter_is_reviewed(built_starter: SiteCopy) -> None:
    assert "number-unreviewed" not in built_starter.warnings


def test_the_generated_article_is_written_from_the_release(built_starter: SiteCopy) -> None:
    page = built_starter.page(GENERATED_ARTICLE)
    assert page.h1.get_text(strip=True) == GENERATED_TITLE
    assert "This is the first release, covering 2023-01 to 2024-12." in page.get_text()
    image = page.select_one("figure img[src$='.svg']")
    assert built_starter.resolve(GENERATED_ARTICLE, image["src"]).is_file()


def test_the_dataset_page_says_the_data_is_invented_and_offers_downloads(
    built_starter: SiteCopy,
) -> None:
    page = built_starter.page(DATASET)
    text = page.get_text(" ", strip=True)
    assert "invented example data" in page.h1.get_text()
    assert "must not be quoted" in text
    links = {link["href"].rsplit("/", 1)[-1]: link["href"] for link in page.select("a[href]")}
    source = STARTER_FILES / "data/example-library-visits/visits.csv"
    csv = built_starter.resolve(DATASET, links["visits.csv"])
    assert csv.read_text(encoding="utf-8").splitlines() == source.read_text().splitlines()
    assert built_starter.resolve(DATASET, links["visits.xlsx"]).read_bytes()[:2] == b"PK"


def test_feeds_and_search_index_hold_both_articles(built_starter: SiteCopy) -> None:
    feed = (built_starter.output / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert ARTICLE_TITLE in feed and GENERATED_TITLE in feed
    assert "https://news.example.org/" + ARTICLE in feed
    pagefind = built_starter.output / "pagefind"
    assert json.loads((pagefind / "pagefind-entry.json").read_text())["languages"].keys() == {"en"}
    indexed = {
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
        for path in (pagefind / "fragment").iterdir()
    }
    assert {"/" + ARTICLE, "/" + GENERATED_ARTICLE, "/" + DATASET} <= indexed


def test_every_page_shows_one_language_and_no_switcher(built_starter: SiteCopy) -> None:
    pages = [p for p in built_starter.output.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert '<html lang="en"' in html, path
        assert 'hreflang="cy"' not in html, path


def test_init_writes_every_starter_file_into_a_missing_or_empty_folder(tmp_path: Path) -> None:
    written = write_starter_site(tmp_path / "new")
    assert sorted(p for p in (tmp_path / "new").rglob("*") if p.is_file()) == sorted(written)
    assert len(written) == len(starter_files())
    assert (tmp_path / "new/.gitignore").is_file()
    (tmp_path / "empty").mkdir()
    assert len(write_starter_site(tmp_path / "empty")) == len(written)


def test_the_starter_sites_own_test_passes(tmp_path: Path) -> None:
    write_starter_site(tmp_path / "site")
    environment = {**os.environ, "PYTHONPATH": str(PLUGIN_FOLDER.parent)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=tmp_path / "site",
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout


@pytest.mark.parametrize("kind", ["a file inside", "a hidden file inside", "a file, not a folder"])
def test_init_refuses_a_folder_that_is_not_empty_and_writes_nothing(
    tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "site"
    if kind == "a file, not a folder":
        target.write_text("mine")
    else:
        target.mkdir()
        (target / (".notes" if "hidden" in kind else "notes.md")).write_text("mine")
    before = sorted(tmp_path.rglob("*"))

    with pytest.raises(NewsroomError) as refused:
        write_starter_site(target)

    (problem,) = refused.value.problems
    assert (problem.code, problem.location.file) == ("init-folder-not-empty", str(target))
    assert problem.hint
    assert sorted(tmp_path.rglob("*")) == before


# The repository's own site reports on Violence Reduction Units; what we ship to other
# newsrooms must not carry them.
REPOSITORY_DATA_NAMES = re.compile(rb"vru|violence reduction", re.IGNORECASE)


@pytest.mark.parametrize(
    "folder", [STARTER_FILES, PLUGIN_FOLDER, REPO / "theme"], ids=["starter", "plugin", "theme"]
)
def test_nothing_shipped_names_the_repository_data(folder: Path) -> None:
    named = [
        path.relative_to(REPO).as_posix()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and "__pycache__" not in path.parts
        and REPOSITORY_DATA_NAMES.search(
            path.relative_to(folder).as_posix().encode() + b"\n" + path.read_bytes()
        )
    ]
    assert named == []
