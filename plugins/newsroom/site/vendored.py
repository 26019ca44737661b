"""The JavaScript the plugin serves for interactive charts, pinned to exact npm versions.

`invoke vendor` re-creates `static/vendor/` from these npm tarballs. Vega 6.2.0 is the
first release with the fix for CVE-2025-59840 (GHSA-7f2v-3qq3-vvjf);
tests/test_vendored.py reads the vendored files and fails below the fixed versions.
"""

from __future__ import annotations

# package: (version, [(file in the npm tarball, file under static/vendor/<package>/)])
VENDORED: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "vega": ("6.4.0", [("build/vega.min.js", "vega.min.js"), ("LICENSE", "LICENSE")]),
    "vega-lite": (
        "6.5.0",
        [("build/vega-lite.min.js", "vega-lite.min.js"), ("LICENSE", "LICENSE")],
    ),
    "vega-embed": (
        "7.3.0",
        [("build/vega-embed.min.js", "vega-embed.min.js"), ("LICENSE", "LICENSE")],
    ),
    "vega-interpreter": (
        "2.3.2",
        [("build/vega-interpreter.js", "vega-interpreter.js"), ("LICENSE", "LICENSE")],
    ),
}

# The one change to vendored code: vega-interpreter ships as an ES module importing the
# bare name 'vega-util', which needs an import map (an inline script, refused by our
# CSP); it is pointed at a same-origin shim that re-exports from the `vega` global.
INTERPRETER_IMPORT = ("from 'vega-util';", "from './vega-util-shim.js';")
SOURCE_MAP_COMMENT = "//# sourceMappingURL="
