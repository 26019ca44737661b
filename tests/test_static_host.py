"""The test server that serves a built site as a static host does (tests/static_host.py),
which the Lighthouse test measures through."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request

from tests.conftest import serving
from tests.static_host import headers_for, parse_headers_file

HEADERS_FILE = """/*
  X-Frame-Options: SAMEORIGIN
  Cache-Control: public, max-age=60

/embed/*
  X-Frame-Options: ALLOWALL
"""


def test_every_matching_rule_applies_and_a_later_rule_wins() -> None:
    rules = parse_headers_file(HEADERS_FILE)
    assert headers_for(rules, "/news/") == {
        "X-Frame-Options": "SAMEORIGIN",
        "Cache-Control": "public, max-age=60",
    }
    assert headers_for(rules, "/embed/x/") == {
        "X-Frame-Options": "ALLOWALL",
        "Cache-Control": "public, max-age=60",
    }


def test_joined_like_cloudflare_pages_overlapping_rules_add_their_values() -> None:
    rules = parse_headers_file(HEADERS_FILE)
    assert headers_for(rules, "/embed/x/", joined=True) == {
        "X-Frame-Options": "SAMEORIGIN, ALLOWALL",
        "Cache-Control": "public, max-age=60",
    }
    assert headers_for(rules, "/news/", joined=True) == headers_for(rules, "/news/")


def test_text_is_compressed_with_the_files_headers_and_folders_redirect(tmp_path) -> None:
    (tmp_path / "_headers").write_text(HEADERS_FILE)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "index.html").write_text("<p>" + "news " * 500)
    (tmp_path / "404.html").write_text("<p>not here")
    with serving(tmp_path, like_a_host=True) as url:
        asked = urllib.request.Request(url + "news/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(asked) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert response.headers["Cache-Control"] == "public, max-age=60"
            assert gzip.decompress(response.read()).startswith(b"<p>news")
            etag = response.headers["ETag"]
        again = urllib.request.Request(url + "news/", headers={"If-None-Match": etag})
        try:
            urllib.request.urlopen(again)
            raise AssertionError("no 304 for an unchanged file")
        except urllib.error.HTTPError as answer:
            assert answer.code == 304
        with urllib.request.urlopen(url + "news") as response:  # follows the redirect
            assert response.url == url + "news/"
        try:
            urllib.request.urlopen(url + "gone/")
            raise AssertionError("no 404 for a missing page")
        except urllib.error.HTTPError as answer:
            assert answer.code == 404 and answer.read() == b"<p>not here"
