"""Golden output: the starter site, built, is file for file the committed expected output.

In Pelican's manner (`pelican/tests/test_pelican.py` builds its sample site and compares
it with `pelican/tests/output/`): any change to what the plugin or the theme writes shows
as a diff of `tests/starter/expected-output/` in review. The build pins what could vary
(see conftest.py). Regenerate on purpose only, after a change you mean, then review and
commit the diff (docs/starter-site.md, "The golden-output test"):

    NEWSROOM_REGENERATE_GOLDEN=1 .venv/bin/pytest tests/starter/test_golden_output.py

Left out of the committed copy, for the reasons given:

- `pagefind/`: volatile. Pagefind names its index files by hashes of their bytes and
  writes them in hash-map order, so both vary from build to build of the same site
  (upstream Pagefind/pagefind#638). test_starter_site.py checks what the index holds.
- `newsroom/vendor/`: the Vega bundles (about 900 KB) copied verbatim from the plugin's
  `static/vendor/`; test_vendor_files_are_their_sources compares each with its source.
- `*.png`: chart images and social cards rasterised by vl-convert (about 900 KB of
  binary, with no readable diff).

These two are listed with their SHA-256 in `expected-output.sha256` instead, which the
test checks (as `sha256sum -c` does, run in an output folder).

The fonts installed are inputs to the PNGs: vl-convert rasterises with the system's fonts,
and the house font (Arial) is drawn as its metric twin Liberation Sans, which `.ci/run`
installs (Debian's fonts-liberation). Without it the PNGs differ; the failure says so.

Dependencies' versions are inputs too: an upgrade of vl-convert (SVG, PNG), openpyxl
(XLSX) or the Parquet writer can change bytes; regenerate and review when it does.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
from pathlib import Path, PurePosixPath

import pytest
from newsroom.core import PLUGIN_FOLDER

from ..conftest import SiteCopy

HERE = Path(__file__).resolve().parent
EXPECTED_OUTPUT = HERE / "expected-output"
EXPECTED_HASHES = HERE / "expected-output.sha256"
REGENERATE_VARIABLE = "NEWSROOM_REGENERATE_GOLDEN"
VOLATILE_FOLDER = "pagefind"
VENDOR_OUTPUT, VENDOR_SOURCE = "newsroom/vendor", PLUGIN_FOLDER / "static" / "vendor"
RASTER_SUFFIX = ".png"
SHOWN_DIFFERENCES, SHOWN_DIFF_LINES = 3, 40
HOUSE_FONT_FILE = Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")


def test_starter_site_output_matches_the_committed_output(built_starter: SiteCopy) -> None:
    output = built_starter.output
    built = output_files(output)
    if os.environ.get(REGENERATE_VARIABLE) == "1":
        regenerate(output, built)

    committed = {path: "" for path in output_files(EXPECTED_OUTPUT)}
    committed |= read_hashes()
    missing, unexpected = sorted(set(committed) - set(built)), sorted(set(built) - set(committed))
    if missing or unexpected:
        pytest.fail(
            f"The list of output files differs.\nMissing from the build: {missing}\n"
            f"New in the build: {unexpected}\n{regenerate_hint()}",
            pytrace=False,
        )
    differences = [
        difference
        for path in built
        if (difference := compare(path, output / path, committed[path]))
    ]
    if differences:
        fonts = (
            ""
            if HOUSE_FONT_FILE.is_file()
            else f"\n\n{HOUSE_FONT_FILE} is missing: install fonts-liberation, as .ci/run does,"
            " for the PNGs' fonts."
        )
        pytest.fail(
            f"{len(differences)} output files differ from the committed output; the first:\n\n"
            + "\n\n".join(differences[:SHOWN_DIFFERENCES])
            + f"{fonts}\n\n{regenerate_hint()}",
            pytrace=False,
        )


def test_vendor_files_are_their_sources(built_starter: SiteCopy) -> None:
    vendor = built_starter.output / VENDOR_OUTPUT
    copied = sorted(p.relative_to(vendor) for p in vendor.rglob("*") if p.is_file())
    assert copied, "the starter's interactive chart should bring the Vega bundles"
    for relative in copied:
        assert (vendor / relative).read_bytes() == (VENDOR_SOURCE / relative).read_bytes()


def output_files(folder: Path) -> list[str]:
    """Every file of an output folder, as POSIX paths, but the volatile folder's."""
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.relative_to(folder).parts[0] != VOLATILE_FOLDER
    )


def is_left_out(path: str) -> bool:
    """Whether a file is checked by its SHA-256 rather than kept in the copy."""
    return path.endswith(RASTER_SUFFIX) or PurePosixPath(path).is_relative_to(VENDOR_OUTPUT)


def compare(path: str, built: Path, expected_hash: str) -> str:
    """'' when the built file is as committed, else a description of the difference."""
    data = built.read_bytes()
    if is_left_out(path):
        actual_hash = hashlib.sha256(data).hexdigest()
        return "" if actual_hash == expected_hash else f"{path}: SHA-256 {actual_hash}"
    expected = (EXPECTED_OUTPUT / path).read_bytes()
    if data == expected:
        return ""
    try:
        lines = difflib.unified_diff(
            expected.decode("utf-8").splitlines(),
            data.decode("utf-8").splitlines(),
            f"expected-output/{path}",
            f"built/{path}",
            lineterm="",
        )
    except UnicodeDecodeError:
        return f"{path}: binary files differ ({len(expected)} bytes committed, {len(data)} built)"
    shown = list(lines)
    more = len(shown) - SHOWN_DIFF_LINES
    return "\n".join(shown[:SHOWN_DIFF_LINES] + ([f"... {more} more lines"] if more > 0 else []))


def read_hashes() -> dict[str, str]:
    """{path: SHA-256} of the files left out of the copy, from expected-output.sha256."""
    entries = (line.split(maxsplit=1) for line in EXPECTED_HASHES.read_text().splitlines())
    return {path: digest for digest, path in entries}


def regenerate(output: Path, built: list[str]) -> None:
    """Replace the committed output with this build's (on purpose only: see above)."""
    shutil.rmtree(EXPECTED_OUTPUT, ignore_errors=True)
    hashes = []
    for path in built:
        if is_left_out(path):
            hashes.append(f"{hashlib.sha256((output / path).read_bytes()).hexdigest()}  {path}\n")
            continue
        (EXPECTED_OUTPUT / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(output / path, EXPECTED_OUTPUT / path)
    EXPECTED_HASHES.write_text("".join(hashes))


def regenerate_hint() -> str:
    return (
        "If the change is intended, regenerate and review the diff:"
        f" {REGENERATE_VARIABLE}=1 pytest tests/starter/test_golden_output.py"
    )
