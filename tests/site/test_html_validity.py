"""The Nu HTML Checker (vnu, the W3C's validator) finds no error and no real warning in
any page of the built site, in every language, nor in its SVG charts and stylesheet, nor
in the starter site's golden pages.

One JVM run checks them all, together with a CONTROL: a copy of one article page with
PLANTED's problems in it, which the same run must report (the errors, and the warnings
that the known false positives must not hide).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from ..conftest import REPO, SiteCopy

VNU_JAR = REPO / "tests/tools/node_modules/vnu-jar/build/dist/vnu.jar"
STARTER_GOLDEN = REPO / "tests/starter/expected-output"
CONTROL_SOURCE = "news/2021/07/vru-national-conference/index.html"
# What the control plants, and a piece of the message vnu gives for each: three errors, and
# two warnings that known_false_positive must not excuse.
PLANTED = {
    "duplicate id": "Duplicate ID “main”",
    "block in inline": "Element “div” not allowed as child of element “span”",
    "skipped heading": "The heading “h4” (with computed level 4) follows the heading “h1”",
    "inline script": "Inline script violates Content Security Policy",
    "stylesheet from another host": "external stylesheet “https://cdn.example.org/planted.css”",
}
QUOTED = re.compile(r"“([^”]*)”")
ABSOLUTE_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//")


@dataclass(frozen=True)
class VnuMessage:
    file: str
    line: int | None
    kind: str  # error, warning, info or non-document-error
    message: str
    extract: str
    highlighted: str  # the part of the extract the message is about

    def __str__(self) -> str:
        extract = " ".join(self.extract.split())
        return f"{self.file}:{self.line or '?'}: {self.kind}: {self.message}\n    {extract}"


def known_false_positive(message: VnuMessage) -> bool:
    """Two warnings that come only from checking files on disk (vnu refuses to fetch
    from 127.0.0.1; the browser tests catch real CSP violations). From a file: URL, `'self'`
    in the page's Content-Security-Policy matches none of the site's own stylesheets,
    scripts and images: excused for relative URLs only (one with a scheme or a host,
    `data:` included, is still reported). And a JSON-LD `<script>`, data that is never
    run, is judged as if it were an inline script."""
    if message.message.startswith("Resource violates Content Security Policy (meta tag)"):
        resource = QUOTED.search(message.message)
        return bool(resource) and not ABSOLUTE_URL.match(resource.group(1))
    if message.message.startswith("Inline script violates Content Security Policy"):
        return "application/ld+json" in message.highlighted
    return False


def vnu_command() -> list[str]:
    """`java -jar vnu.jar`; without Java or the jar the test skips, except on CI where it
    fails with how to install them."""
    missing = []
    if not shutil.which("java"):
        missing.append("Java 17 or later (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        missing.append(f"{VNU_JAR.relative_to(REPO)} (npm ci --prefix tests/tools)")
    if missing:
        reason = "the Nu HTML Checker needs " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return ["java", "-jar", str(VNU_JAR)]


def plant_control(page: Path, target: Path) -> Path:
    """A copy of a valid page with the problems of PLANTED."""
    html = page.read_text(encoding="utf-8")
    assert html.count("</h1>") == 1 and html.count('id="main"') == 1
    html = html.replace("</h1>", '</h1><h4>Planted</h4><p id="main">Planted</p>', 1)
    html = html.replace(
        "</main>",
        "<div><span><div>Planted</div></span></div><script>document.title = 'Planted';</script>"
        '<link rel="stylesheet" href="https://cdn.example.org/planted.css"></main>',
        1,
    )
    target.write_text(html, encoding="utf-8")
    return target


def display_name(path: Path, roots: dict[str, Path]) -> str:
    for prefix, root in roots.items():
        if path.is_relative_to(root):
            return prefix + path.relative_to(root).as_posix()
    return str(path)


@pytest.fixture(scope="module")
def vnu_report(
    built_site: SiteCopy, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[VnuMessage]]:
    """Every message of one vnu run, by file: a path in the site's output, `starter/` and
    a path in the starter's golden output, or `control/page.html`."""
    command = vnu_command()
    roots = {
        "": built_site.output.resolve(),
        "starter/": STARTER_GOLDEN,
        "control/": tmp_path_factory.mktemp("control").resolve(),
    }
    control = plant_control(built_site.output / CONTROL_SOURCE, roots["control/"] / "page.html")
    files = [
        *sorted(built_site.output.rglob("*.html")),
        *sorted((built_site.output / "charts").rglob("*.svg")),
        built_site.output / "theme/css/site.css",
        *sorted(STARTER_GOLDEN.rglob("*.html")),
        control,
    ]
    run = subprocess.run(
        [*command, "--also-check-svg", "--also-check-css", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report: dict[str, list[VnuMessage]] = {
        display_name(path.resolve(), roots): [] for path in files
    }
    if not run.stderr.startswith("{"):
        pytest.fail(f"the Nu HTML Checker did not run (exit {run.returncode}):\n{run.stderr}")
    for raw in json.loads(run.stderr)["messages"]:
        path = Path(unquote(urlsplit(raw.get("url", "")).path)).resolve()
        name = display_name(path, roots)
        kind = raw["type"] if raw["type"] != "info" else raw.get("subType", "info")
        extract, start = raw.get("extract", ""), raw.get("hiliteStart", 0)
        highlighted = extract[start : start + raw.get("hiliteLength", 0)]
        report.setdefault(name, []).append(
            VnuMessage(name, raw.get("lastLine"), kind, raw["message"], extract, highlighted)
        )
    return report


def real_problems(messages: list[VnuMessage]) -> list[VnuMessage]:
    """Errors and warnings, less the known false positives and the notes that point at
    the first occurrence of a duplicate id (the duplicate itself is an error)."""
    return [
        m
        for m in messages
        if m.kind != "info"
        and not known_false_positive(m)
        and not m.message.startswith("The first occurrence of ID")
    ]


def listing(messages: list[VnuMessage]) -> str:
    return f"{len(messages)} message(s) from the Nu HTML Checker:\n" + "\n".join(map(str, messages))


def test_every_page_is_valid_html(vnu_report: dict[str, list[VnuMessage]]) -> None:
    checked = [name for name in vnu_report if not name.startswith("control/")]
    assert "index.html" in checked and "cy/index.html" in checked
    assert any(name.startswith("starter/") for name in checked)
    problems = [message for name in checked for message in real_problems(vnu_report[name])]
    assert not problems, listing(problems)


def test_control_planted_problems_are_reported(vnu_report: dict[str, list[VnuMessage]]) -> None:
    reported = real_problems(vnu_report["control/page.html"])
    found = {problem for problem, text in PLANTED.items() for m in reported if text in m.message}
    assert found == set(PLANTED), listing(reported)
    assert len(reported) == len(PLANTED), listing(reported)
