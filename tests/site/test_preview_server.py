"""The preview's HTTP server: output/ only, on 127.0.0.1 only, the script in HTML
responses only; and what it tells the open pages after each build."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from newsroom.site.live_reload import MANY_CHANGES, BuildEvents, OutputFiles
from newsroom.site.preview_server import start_preview_server

SECRET = "SECRET = 'not for the browser'\n"
PAGE = "<!doctype html><html><head><title>A</title></head><body><p>Built.</p></body></html>"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[ThreadingHTTPServer, Path]]:
    (tmp_path / "pelicanconf.py").write_text(SECRET)
    output = tmp_path / "output"
    (output / "news").mkdir(parents=True)
    (output / "index.html").write_text(PAGE)
    (output / "news/index.html").write_text(PAGE)
    (output / "style.css").write_text("p { color: red; }</head>")
    (output / "escape.py").symlink_to(tmp_path / "pelicanconf.py")
    events = BuildEvents()
    server = start_preview_server(output, 0, events)
    yield server, output
    events.close()
    server.shutdown()
    server.server_close()


def get(server: ThreadingHTTPServer, path: str, host: str = "127.0.0.1") -> tuple[int, bytes]:
    """A request sent exactly as written: no client tidies the path first."""
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", f"{host}:{port}")
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_the_preview_listens_on_127_0_0_1_only(served) -> None:
    server, _ = served
    assert server.server_address[0] == "127.0.0.1"


@pytest.mark.parametrize(
    "path",
    [
        "/../pelicanconf.py",
        "/%2e%2e/pelicanconf.py",
        "/%2E%2E/pelicanconf.py",
        "/..%2fpelicanconf.py",
        "/%2e%2e%2fpelicanconf.py",
        "/news/../../pelicanconf.py",
        "/news/%2e%2e/%2e%2e/pelicanconf.py",
        "/..\\pelicanconf.py",
        "/%5c..%5cpelicanconf.py",
        "/__newsroom/../../pelicanconf.py",
        "/__newsroom/%2e%2e/live_reload.py",
        "/pelicanconf.py",
        "/escape.py",  # a link inside output/ that leads outside
        "//etc/passwd",
    ],
)
def test_paths_outside_the_output_folder_are_refused(served, path: str) -> None:
    server, _ = served
    status, body = get(server, path)
    assert status in (400, 403, 404)
    assert b"SECRET" not in body and b"root:" not in body


def test_a_request_for_another_host_is_refused(served) -> None:
    server, _ = served
    status, body = get(server, "/index.html", host="attacker.example")
    assert status == 403 and b"Built." not in body
    assert get(server, "/index.html", host="localhost")[0] == 200


def test_html_responses_carry_the_script_and_the_files_stay_as_built(served) -> None:
    server, output = served
    for path in ("/", "/index.html", "/news/"):
        status, body = get(server, path)
        assert status == 200
        assert body.count(b'src="/__newsroom/live-reload.js"') == 1
        assert body.index(b"live-reload.js") < body.index(b"</head>")
    assert b"__newsroom" not in (output / "index.html").read_bytes()
    assert get(server, "/style.css") == (200, b"p { color: red; }</head>")
    status, script = get(server, "/__newsroom/live-reload.js")
    assert status == 200 and b"EventSource" in script
    assert get(server, "/__newsroom/live_reload.py")[0] == 404


def test_the_output_files_changed_are_those_whose_bytes_changed(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/page.html").write_text("one")
    (tmp_path / "same.html").write_text("same")
    (tmp_path / "gone.css").write_text("x")
    files = OutputFiles(tmp_path)
    assert files.changes() == set()
    (tmp_path / "same.html").unlink()
    (tmp_path / "same.html").write_text("same")  # written again, as a build does
    (tmp_path / "a/page.html").write_text("two")
    (tmp_path / "gone.css").unlink()
    (tmp_path / "new.svg").write_text("<svg/>")
    assert files.changes() == {"a/page.html", "gone.css", "new.svg"}
    assert files.changes() == set()


def test_a_page_hears_what_changed_since_it_was_served() -> None:
    events = BuildEvents()
    served_at = events.generation
    events.built({"a.html"})
    events.failed([{"code": "figure-unknown"}])
    news = events.news_since(served_at)
    assert news["changed"] == ["a.html"] and news["problems"] == [{"code": "figure-unknown"}]
    assert events.news_since(events.generation)["changed"] == []
    events.built({"b.html"})
    assert events.news_since(served_at)["changed"] == ["a.html", "b.html"]
    assert events.news_since(served_at)["problems"] == []
    assert events.news_since(99)["changed"] is None, "a page from another server"
    events.built({f"{n}.html" for n in range(MANY_CHANGES + 1)})
    assert events.news_since(served_at)["changed"] is None
    assert events.wait_for_news(events.generation, timeout=0.01) is None


def test_a_connection_closed_by_the_browser_mid_page_prints_nothing(served, capfd) -> None:
    """A browser leaving a page while it loads (a reset connection) is no error: the
    author's terminal shows no traceback, and the server goes on serving."""
    import socket
    import struct
    import time

    server, output = served
    (output / "big.csv").write_bytes(b"x" * 20_000_000)
    port = server.server_address[1]
    for _ in range(3):
        client = socket.create_connection(("127.0.0.1", port))
        client.sendall(f"GET /big.csv HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        client.recv(1024)  # the response has started
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()  # reset, as a tab closed mid-download
    time.sleep(0.5)
    assert get(server, "/index.html")[0] == 200
    assert "Traceback" not in capfd.readouterr().err
