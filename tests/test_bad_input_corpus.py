"""The bad-input corpus: each case in tests/bad_inputs/ breaks a copy of the real site.

A case is a folder with `case.yaml` and the files it lays over the site copy (at their
paths in the site, e.g. `data/vru-victims-referred/victims-referred.csv`). `case.yaml`
says what the case is and what the build must say:

    description: what is wrong
    code: frictionless/type-error        # the error's code
    location: {file: ..., line: 3}       # or package, resource, row, field
    message: [a few words, of the message]
    remove: [paths to delete]            # optional
    symlink: [{path: ..., target: ...}]  # optional; target relative to the link's folder
    generate:                            # optional: files made at run time (big ones,
      - {path: ..., mode: append, text: "a,{big}\\n", fill: "9", size: 2000000}
      - {path: ..., mode: write, text: "...", encoding: latin-1}  # or not UTF-8 ones)
    memory_cap_mb: 1024                  # optional: cap the build's data segment
    xfail: why                           # optional: a known bug, reported; strict
    builds: true                         # the input is accepted (a decision, see the case)
    page: {url: ..., contains: ..., lacks: ...}  # for accepted inputs: what is published

Every failing case runs the build command as a reader of the docs would: exit code not 0,
an `error[code] location: ...` line with the words, no Python traceback, and `output/`
byte for byte as the last good build left it. The good build is made once per session
(`built_site`); each case starts from a copy of its output/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import SiteCopy, copy_site

CORPUS = Path(__file__).parent / "bad_inputs"
CASE_FILE = "case.yaml"
BUILD_TIMEOUT = 120  # seconds; the real site's failing builds take 2 to 6
# Ten errors of a few lines each: anything much longer is unreadable in a terminal or CI.
MAX_STDERR = 64 * 1024


@dataclass(frozen=True)
class BadInputCase:
    name: str
    folder: Path
    spec: dict[str, Any]

    @property
    def overlay(self) -> list[Path]:
        return sorted(
            path
            for path in self.folder.rglob("*")
            if path.is_file() and path.relative_to(self.folder).as_posix() != CASE_FILE
        )


def load_cases() -> list[BadInputCase]:
    cases = []
    for spec_file in sorted(CORPUS.glob(f"*/{CASE_FILE}")):
        spec = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
        cases.append(BadInputCase(spec_file.parent.name, spec_file.parent, spec))
    return cases


CASES = load_cases()


def as_param(case: BadInputCase) -> Any:
    marks = []
    if case.spec.get("xfail"):
        marks.append(pytest.mark.xfail(strict=True, reason=case.spec["xfail"]))
    return pytest.param(case, id=case.name, marks=marks)


def apply_case(case: BadInputCase, site: SiteCopy) -> None:
    for relative in case.spec.get("remove", []):
        (site.root / relative).unlink()
    for source in case.overlay:
        target = site.root / source.relative_to(case.folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for made in case.spec.get("generate", []):
        text = made["text"].replace("{big}", made.get("fill", "") * made.get("size", 0))
        target = site.root / made["path"]
        with target.open("ab" if made["mode"] == "append" else "wb") as file:
            file.write(text.encode(made.get("encoding", "utf-8")))
    for link in case.spec.get("symlink", []):
        path = site.root / link["path"]
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        os.symlink(link["target"], path)


def run_build(site: SiteCopy, memory_cap_mb: int | None) -> subprocess.CompletedProcess[str]:
    """The build command with a time and memory cap.

    The memory cap is for cases that stop in data validation: it keeps a runaway case
    (a quadratic validation) from taking the machine's memory. It cannot be set for a
    build that renders charts: vl-convert's V8 reserves more address space than that.
    """
    try:
        return site.run_build_command(memory_cap_mb, timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the build did not finish within {BUILD_TIMEOUT} s")


def expected_location(location: dict[str, Any]) -> str:
    """The location as errors.Location prints it: file:line, package, resource, row, field."""
    parts = [location["file"] + (f":{location['line']}" if "line" in location else "")]
    for key in ("package", "resource"):
        if key in location:
            parts.append(f"{key} {location[key]!r}")
    if "row" in location:
        parts.append(f"row {location['row']}")
    if "field" in location:
        parts.append(f"field {location['field']!r}")
    return ", ".join(parts)


def error_blocks(stderr: str) -> list[str]:
    """Each `error[...]` line with the lines that continue it (fix:, file lists)."""
    blocks: list[str] = []
    for line in stderr.splitlines():
        if line.startswith("error["):
            blocks.append(line)
        elif blocks and not line.startswith("Build stopped:"):
            blocks[-1] += "\n" + line
    return blocks


@pytest.fixture(scope="module")
def good_digest(built_site: SiteCopy) -> str:
    """The digest of the good build's output/, which every case starts from."""
    return built_site.tree_digest()


def site_with_good_build(good: SiteCopy, folder: Path) -> SiteCopy:
    """A fresh copy of the site holding the session's good build (its output/; the
    build cache is the session's shared one, see conftest.shared_build_cache)."""
    site = copy_site(folder)
    shutil.copytree(good.output, site.output, symlinks=True)
    return site


def test_corpus_is_large_and_well_formed() -> None:
    failing = [case for case in CASES if not case.spec.get("builds")]
    assert len(failing) >= 40
    for case in CASES:
        assert case.spec.get("description"), case.name
        if not case.spec.get("builds"):
            assert {"code", "location", "message"} <= case.spec.keys(), case.name
            assert "file" in case.spec["location"], case.name
        assert case.overlay or case.spec.keys() & {"remove", "generate", "symlink"}, case.name
        assert all(path.stat().st_size < 8_000 for path in case.overlay), case.name


@pytest.mark.parametrize("case", [as_param(case) for case in CASES])
def test_bad_input(
    case: BadInputCase, built_site: SiteCopy, good_digest: str, tmp_path: Path
) -> None:
    site = site_with_good_build(built_site, tmp_path / "site")
    apply_case(case, site)

    result = run_build(site, case.spec.get("memory_cap_mb"))
    everything = result.stdout + result.stderr
    assert "Traceback" not in everything, everything[-5000:]
    if case.spec.get("builds"):
        assert result.returncode == 0, result.stderr[-5000:]
        page = case.spec.get("page")
        if page:
            text = (site.output / page["url"]).read_text(encoding="utf-8")
            assert page["contains"] in text
            assert page.get("lacks", "\0") not in text
        return

    assert result.returncode != 0, f"the build succeeded:\n{result.stdout[-2000:]}"
    assert site.tree_digest() == good_digest, "output/ changed"
    assert not list(site.root.glob(".output-*")), "the staging folder was left behind"
    start = f"error[{case.spec['code']}] {expected_location(case.spec['location'])}: "
    blocks = [block for block in error_blocks(result.stderr) if block.startswith(start)]
    assert blocks, f"no error starts with {start!r}:\n{result.stderr[:5000]}"
    assert any(all(words in block for words in case.spec["message"]) for block in blocks), (
        f"{case.spec['message']} not in:\n" + "\n".join(blocks)[:5000]
    )
    assert len(result.stderr) <= MAX_STDERR, f"{len(result.stderr):,} characters of errors"
