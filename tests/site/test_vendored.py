"""Vendored JavaScript: the pinned versions, at or above the releases with security fixes."""

from __future__ import annotations

from newsroom.site.generator import PLUGIN_STATIC
from newsroom.site.vendored import VENDORED

# vega 6.2.0 fixes CVE-2025-59840 (GHSA-7f2v-3qq3-vvjf); vega 5.26.0 / vega-functions
# 5.16.0 fixed CVE-2025-25304; GHSA-w5m3-xh75-mp55 was fixed in vega 5.30.0.
MINIMUM = {"vega": (6, 2, 0), "vega-lite": (5, 0, 0), "vega-embed": (6, 0, 0)}


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_vendored_files_exist_with_licences() -> None:
    for package, (_version, files) in VENDORED.items():
        for _inside, name in files:
            assert (PLUGIN_STATIC / "vendor" / package / name).stat().st_size > 0


def test_vendored_builds_carry_the_pinned_versions() -> None:
    for package, (pinned, _files) in VENDORED.items():
        if package == "vega-interpreter":
            continue  # an ES module without a version string; pinned in vendored.py
        build = (PLUGIN_STATIC / "vendor" / package / f"{package}.min.js").read_text()
        assert f'"{pinned}"' in build, package


def test_vendored_versions_include_the_security_fixes() -> None:
    for package, minimum in MINIMUM.items():
        assert version_tuple(VENDORED[package][0]) >= minimum, package
