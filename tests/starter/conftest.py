"""The starter site that `newsroom init` writes, written into tmp_path and built once.

Every input that could vary from run to run is pinned, so that the golden-output test
can compare the build with committed bytes: the build's "now" (embargoes), and the
environment variable the starter's settings read for the public address.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from newsroom.starter import write_starter_site

from ..conftest import SiteCopy

# Builds decide embargoes by this moment, whatever the clock says (docs/generated-articles.md).
PINNED_OVERRIDES = {"NEWSROOM_NOW": "2025-06-01T12:00:00+00:00"}
# The starter's pelicanconf.py takes its SITEURL from here when set: keep its default.
UNSET_ENVIRONMENT = ("NEWSROOM_SITEURL",)


def build_starter_site(root: Path) -> SiteCopy:
    """Write the starter site into root and build it, with every varying input pinned."""
    write_starter_site(root)
    site = SiteCopy(root)
    with pytest.MonkeyPatch.context() as environment:
        for name in UNSET_ENVIRONMENT:
            environment.delenv(name, raising=False)
        site.build(PINNED_OVERRIDES, force=True)
    return site


@pytest.fixture(scope="session")
def built_starter(tmp_path_factory: pytest.TempPathFactory) -> SiteCopy:
    """The starter site, built once, for tests that only read its output."""
    return build_starter_site(tmp_path_factory.mktemp("starter") / "site")
