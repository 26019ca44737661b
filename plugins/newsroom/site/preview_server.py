"""`newsroom serve`'s HTTP server: output/ on 127.0.0.1, with a live-reload script.

It serves the files of output/ and nothing else: a path that climbs out (`..`, however
encoded) or a link leading outside is not found, and a request naming another host
(a DNS-rebinding page) is refused. HTML responses get one script tag, of our own file
served from the reserved path /__newsroom/; the files on disk stay as built, so a built
or published site never carries it. The script listens to /__newsroom/events, a stream
of Server-Sent Events fed by BuildEvents.
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from newsroom.site.live_reload import BuildEvents

RESERVED = "/__newsroom/"
FILES = Path(__file__).resolve().parent / "live_reload_files"
RESERVED_FILES = {
    "live-reload.js": "text/javascript; charset=utf-8",
    "live-reload.css": "text/css; charset=utf-8",
}
KEEP_ALIVE_SECONDS = 15.0
HTML_SUFFIXES = (".html", ".htm")


def start_preview_server(output: Path, port: int, events: BuildEvents) -> ThreadingHTTPServer:
    """Serve output on 127.0.0.1:port (0: any free port) in a thread of its own."""
    handler = partial(PreviewHandler, events, directory=str(output))
    server = PreviewServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that leaves a page while it loads, or reloads it, closes the
        connection under the server: nothing went wrong, so nothing is printed (the
        standard server prints a traceback). Anything else is reported as before."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class PreviewHandler(SimpleHTTPRequestHandler):
    def __init__(self, events: BuildEvents, *args: Any, **kwargs: Any) -> None:
        self.events = events
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if self._refused():
            return
        if urlsplit(self.path).path == RESERVED + "events":
            self._stream_events()
            return
        super().do_GET()

    def do_HEAD(self) -> None:
        if not self._refused():
            super().do_HEAD()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")  # a reloaded page asks again
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        if not self.path.startswith(RESERVED):
            super().log_message(format, *args)

    def _refused(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        if host not in ("127.0.0.1", "localhost"):
            self.send_error(403, "The preview answers requests for 127.0.0.1 only")
            return True
        return False

    def send_head(self) -> io.BytesIO | Any:
        path = unquote(urlsplit(self.path).path)
        if path.startswith(RESERVED):
            return self._reserved_file(path.removeprefix(RESERVED))
        if not self._inside_output(path):
            self.send_error(404, "File not found")
            return None
        file = self.translate_path(self.path)
        if os.path.isdir(file) and path.endswith("/"):
            file = os.path.join(file, "index.html")
        if file.endswith(HTML_SUFFIXES) and os.path.isfile(file):
            return self._page(file)
        return super().send_head()

    def _inside_output(self, path: str) -> bool:
        """Refuse `..` in any encoding, backslashes and NULs, then any file whose real
        place (links followed) is outside output/."""
        if "\\" in path or "\0" in path or ".." in path.split("/"):
            return False
        root = os.path.realpath(self.directory)
        real = os.path.realpath(self.translate_path(self.path))
        return real == root or real.startswith(root + os.sep)

    def _page(self, file: str) -> io.BytesIO:
        """The page as built, with the live-reload script before </head>."""
        generation = self.events.generation  # before reading: a page is never newer
        with open(file, "rb") as page:
            html = page.read()
        tag = (
            f'<script src="{RESERVED}live-reload.js" data-server="{self.events.server}"'
            f' data-generation="{generation}" defer></script>'
        ).encode()
        at = html.lower().find(b"</head>")
        html = html[:at] + tag + html[at:] if at >= 0 else html + tag
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(html)))
        self.end_headers()
        return io.BytesIO(html)

    def _reserved_file(self, name: str) -> io.BytesIO | None:
        if name not in RESERVED_FILES:
            self.send_error(404, "File not found")
            return None
        data = (FILES / name).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", RESERVED_FILES[name])
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)

    def _stream_events(self) -> None:
        """The news for a page, now and after every build, until it goes away."""
        query = parse_qs(urlsplit(self.path).query)
        try:
            generation = int(query.get("generation", ["-1"])[0])
        except ValueError:
            generation = -1
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        news: dict[str, Any] | None = self.events.news_since(generation)
        try:
            while not self.events.closed:
                if news is None:
                    self.wfile.write(b": still here\n\n")  # finds out when the page left
                else:
                    generation = news["generation"]
                    self.wfile.write(b"data: " + json.dumps(news).encode() + b"\n\n")
                self.wfile.flush()
                news = self.events.wait_for_news(generation, KEEP_ALIVE_SECONDS)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True
