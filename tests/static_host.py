"""A test server that serves a built site as a static host (Netlify, Cloudflare Pages)
does, so that what is measured over HTTP (Lighthouse, headers) is what readers get:

- the headers of the site's `_headers` file, for every rule whose path matches (a `*`
  matches any rest of the path); where several rules set one header, the last rule's
  value is sent, as Netlify does (`headersForPath` in netlify/primitives, its local
  server), or, `joined`, the values joined with a comma, as Cloudflare Pages does (its
  documentation: a header applied twice has its values comma-separated), which for a
  Content-Security-Policy means two policies, both enforced;
- text (HTML, CSS, JavaScript, JSON, XML, SVG, CSV) gzip-compressed when the client
  accepts it, with `Vary: Accept-Encoding`;
- the hosts' default cache headers: `Cache-Control: public, max-age=0, must-revalidate`
  with an `ETag`, answering `If-None-Match` with 304 (unless `_headers` says otherwise);
- `index.html` for a folder, a redirect to the slash for a folder without it, and
  `404.html` with status 404 for what is missing.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from functools import cache
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

DEFAULT_CACHE_CONTROL = "public, max-age=0, must-revalidate"
COMPRESSED_TYPES = re.compile(
    r"^(text/|image/svg\+xml|application/(javascript|json|ld\+json|xml|atom\+xml|rss\+xml|wasm))"
)
EXTRA_TYPES = {
    ".mjs": "text/javascript",
    ".webp": "image/webp",
    ".jsonld": "application/ld+json",
    ".wasm": "application/wasm",
    ".csv": "text/csv",
}

HeaderRules = list[tuple[re.Pattern[str], list[tuple[str, str]]]]


def parse_headers_file(text: str) -> HeaderRules:
    """The rules of a Netlify-style `_headers` file: a path at the start of a line, then
    its indented `Name: value` lines; `#` starts a comment."""
    rules: HeaderRules = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = re.escape(line.strip()).replace(r"\*", ".*")
            rules.append((re.compile(f"^{pattern}$"), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules: HeaderRules, path: str, joined: bool = False) -> dict[str, str]:
    """The headers the matching rules give `path`: a later rule's value replaces an
    earlier one's (Netlify), or, `joined`, is added after a comma (Cloudflare Pages)."""
    found: dict[str, str] = {}
    for pattern, headers in rules:
        if pattern.match(path):
            for name, value in headers:
                found[name] = f"{found[name]}, {value}" if joined and name in found else value
    return found


class StaticHostHandler(SimpleHTTPRequestHandler):
    """Serves `directory` like a static host; make one with `for_folder`."""

    rules: ClassVar[HeaderRules] = []
    joined: ClassVar[bool] = False
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        **EXTRA_TYPES,
    }

    @classmethod
    def for_folder(cls, folder: Path, joined: bool = False) -> type[StaticHostHandler]:
        """joined: where rules overlap, join a header's values as Cloudflare Pages does."""
        headers_file = folder / "_headers"
        text = headers_file.read_text(encoding="utf-8") if headers_file.exists() else ""
        rules = {"rules": parse_headers_file(text), "joined": joined}
        return type("FolderHostHandler", (cls,), rules)

    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def _respond(self, send_body: bool) -> None:
        url_path = unquote(urlsplit(self.path).path)
        root = Path(self.directory).resolve()
        target = (root / url_path.lstrip("/")).resolve()
        if root not in (target, *target.parents):
            target = root / "missing"
        if target.is_dir() and not url_path.endswith("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", url_path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if target.is_dir():
            target = target / "index.html"
        status = HTTPStatus.OK
        if not target.is_file():
            status, target = HTTPStatus.NOT_FOUND, root / "404.html"
        body, content_type = _file(target), self.guess_type(str(target))
        headers = {
            "Cache-Control": DEFAULT_CACHE_CONTROL,
            **headers_for(self.rules, url_path, self.joined),
        }
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        compress = COMPRESSED_TYPES.match(content_type) and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        )
        if status == HTTPStatus.OK and self.headers.get("If-None-Match") == etag:
            status, body = HTTPStatus.NOT_MODIFIED, b""
        elif compress:
            body = _gzipped(target)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if compress:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("ETag", etag)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


@cache
def _file(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b"Not found"


@cache
def _gzipped(path: Path) -> bytes:
    return gzip.compress(_file(path), compresslevel=6, mtime=0)
