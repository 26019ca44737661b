"""Lighthouse scores every page type of the built site, served as a static host serves
it (the `_headers` file's headers, compressed text: tests/static_host.py), at 95 or more
in performance, accessibility, best practices and SEO, on Lighthouse's default mobile
profile. One Node process and one Chrome run every page (tests/tools/lighthouse-pages.mjs);
a planted heavy, inaccessible page in the same run must score below 95 (the control).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, REPO, SiteCopy, serving

RUNNER = REPO / "tests" / "tools" / "lighthouse-pages.mjs"
LIGHTHOUSE = REPO / "tests" / "tools" / "node_modules" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = 95

# One page of each type, in English and in Welsh (the Welsh site has no hand-written
# article: its article is a generated one).
PAGES = {
    "home": "",
    "list: all news": "news/",
    "list: category": "category/news/",
    "article": "news/2021/07/vru-national-conference/",
    "generated article": "news/2021/07/greater-manchester-in-numbers/",
    "figure": "figures/2021-07-12-vru-national-conference/gm-admissions-change/",
    "dataset": "data/vru-sharp-object-admissions/",
    "catalogue": "data/",
    "unit": "units/greater-manchester/",
    "embed": "embed/gm-sharp-object-admissions/",
    "search": "search/",
    "404": "404.html",
    "cy home": "cy/",
    "cy list: category": "cy/category/mewn-niferoedd/",
    "cy generated article": "cy/news/2021/07/south-wales-in-numbers/",
    "cy figure": "cy/figures/south-wales-in-numbers/vru-sharp-object-admissions-admissions-change/",
    "cy dataset": "cy/data/vru-sharp-object-admissions/",
    "cy catalogue": "cy/data/",
    "cy unit": "cy/units/south-wales/",
    "cy embed": "cy/embed/south-wales-in-numbers-rates/",
    "cy search": "cy/search/",
    "cy 404": "cy/404.html",
}
# The seed article's words are published as written, "click here" among them: its SEO
# link-text audit may fail, on that page only (docs/theme.md, "Lighthouse").
KNOWN_EXCEPTIONS = {("news/2021/07/vru-national-conference/", "seo", "link-text")}
# A page that asks not to be indexed (`<meta name="robots" content="noindex">`: embeds,
# the 404 page) fails the SEO audit is-crawlable by design; that audit only, there only.
NOINDEX_AUDIT = ("seo", "is-crawlable")
CONTROL = "control/"


def plant_control_page(site: SiteCopy, folder: Path) -> None:
    """The home page with a 3 MB image of no stated size at the top and a button with no
    name, beside a copy of the theme's files so that it looks as the home page does."""
    from PIL import Image

    noise = random.Random(21).randbytes(1000 * 1000 * 3)
    (folder / "control").mkdir(parents=True)
    Image.frombytes("RGB", (1000, 1000), noise).save(folder / "control" / "heavy.png")
    shutil.copytree(site.output / "theme", folder / "theme")
    html = (site.output / "index.html").read_text(encoding="utf-8").replace("./", "../")
    planted, count = re.subn(
        r"<main[^>]*>", r'\g<0><img src="heavy.png" alt=""><button></button>', html, count=1
    )
    assert count == 1
    (folder / "control" / "index.html").write_text(planted, encoding="utf-8")


@pytest.fixture(scope="module")
def lighthouse_results(built_site: SiteCopy, hosted_site: str, tmp_path_factory) -> dict:
    """Every page's scores and failing audits, from one run, by path; the control's too."""
    if not (CHROMIUM.exists() and shutil.which("node") and LIGHTHOUSE.is_dir()):
        if os.environ.get("CI"):
            pytest.fail("chromium, node or tests/tools/node_modules (npm ci) is missing")
        pytest.skip("Lighthouse needs chromium, node and `npm ci` in tests/tools")
    planted = tmp_path_factory.mktemp("lighthouse-control")
    plant_control_page(built_site, planted)
    with serving(planted, like_a_host=True) as control_site:
        urls = {hosted_site + path: path for path in PAGES.values()}
        urls[control_site + CONTROL] = CONTROL
        run = subprocess.run(
            ["node", str(RUNNER), f"--retry-below={MINIMUM}", *urls],
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
            capture_output=True,
            text=True,
            timeout=900,
        )
    assert run.returncode == 0, run.stderr[-3000:]
    return {urls[result["url"]]: result for result in json.loads(run.stdout)}


def described(result: dict) -> str:
    lines = [
        f"{result['url']}: {result['scores']} (performance in each run: "
        f"{result['performanceRuns']})"
    ]
    for audit in result["failing"]:
        lines.append(
            f"  {audit['category']} {audit['id']} (score {audit['score']}, weight "
            f"{audit['weight']}): {audit['title']} {audit['displayValue']}"
        )
    return "\n".join(lines)


def exceptions(site: SiteCopy, path: str) -> set[tuple[str, str]]:
    """The audits that may fail on this page, as (category, audit)."""
    known = {(category, audit) for page, category, audit in KNOWN_EXCEPTIONS if page == path}
    robots = site.page(path).find("meta", attrs={"name": "robots"})
    if robots is not None and "noindex" in robots.get("content", ""):
        known.add(NOINDEX_AUDIT)
    return known


def score_without_exceptions(result: dict, category: str, allowed: set) -> float:
    """The category's score (0-100) with the audits allowed to fail counted as passed:
    the part each one lost is given back."""
    score = result["scores"][category]
    for audit in result["failing"]:
        if (category, audit["id"]) in allowed:
            score += 100 * audit["weight"] * (1 - audit["score"]) / result["weights"][category]
    return score


@pytest.mark.parametrize("page_type", PAGES)
def test_every_page_type_scores_95_or_more(
    built_site: SiteCopy, lighthouse_results: dict, page_type: str
) -> None:
    path = PAGES[page_type]
    result = lighthouse_results[path]
    assert result["runtimeError"] is None, result["runtimeError"]
    allowed = exceptions(built_site, path)
    low = {
        category: result["scores"][category]
        for category in CATEGORIES
        if score_without_exceptions(result, category, allowed) < MINIMUM
    }
    assert not low, f"{page_type} scores below {MINIMUM}:\n" + described(result)


def test_the_known_exceptions_are_still_needed(lighthouse_results: dict) -> None:
    """An exception that no longer fails is taken out of KNOWN_EXCEPTIONS."""
    for path, category, audit_id in KNOWN_EXCEPTIONS:
        failing = {(a["category"], a["id"]) for a in lighthouse_results[path]["failing"]}
        assert (category, audit_id) in failing, f"{audit_id} passes on {path} now"


def test_a_heavy_inaccessible_page_scores_below_95(lighthouse_results: dict) -> None:
    """The control: the same run finds the planted image and the button with no name."""
    result = lighthouse_results[CONTROL]
    failing = {audit["id"] for audit in result["failing"]}
    assert result["scores"]["performance"] < MINIMUM, described(result)
    assert result["scores"]["accessibility"] < MINIMUM, described(result)
    assert {"largest-contentful-paint", "button-name"} <= failing, described(result)
