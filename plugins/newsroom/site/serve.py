"""`newsroom serve`: build, serve output/ on localhost, and build again on every change.

For writers and designers on their own machine, not for production: Python's HTTP server
sends no compression or caching headers. Each build is a process of its own (see
newsroom.commands.run_build), so an edit to the plugin's code is used by the next build.
"""

from __future__ import annotations

import contextlib
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from newsroom.commands import OUTPUT_FOLDER, CommandError, run_build
from newsroom.core import PLUGIN_FOLDER

# The site's own sources; the plugin's folder (its code, templates and, when installed
# from the wheel, the house theme) is watched as well.
WATCHED = ("content", "data", "theme", "pelicanconf.py")
POLL_SECONDS = 1


def serve_site(site: Path, port: int = 8000) -> None:
    """Build the site, serve its output/ on 127.0.0.1:port and rebuild on change, until
    Ctrl-C. A failed rebuild has printed its problems; the last good output stays served."""
    if not run_build(site):
        raise CommandError("The site did not build: there is nothing to serve.")
    handler = partial(SimpleHTTPRequestHandler, directory=str(site / OUTPUT_FOLDER))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving http://127.0.0.1:{port}/ (Ctrl-C to stop); rebuilding on change.")
    seen = sources_snapshot(site)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = sources_snapshot(site)
            if now != seen:
                seen = now
                run_build(site)
    except KeyboardInterrupt:
        server.shutdown()


def sources_snapshot(site: Path) -> dict[Path, float]:
    """Every watched file's modification time: a change, an addition or a removal
    differs."""
    files: dict[Path, float] = {}
    for path in [*(site / name for name in WATCHED), PLUGIN_FOLDER]:
        for file in [path] if path.is_file() else path.rglob("*"):
            if "__pycache__" not in file.parts:
                with contextlib.suppress(OSError):  # removed while we looked
                    if file.is_file():
                        files[file] = file.stat().st_mtime
    return files
