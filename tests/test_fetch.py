"""Fetching a source by URL: limits of size and time, and no request into the server's own network."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from quizgen.errors import QuizgenError
from quizgen.fetch import fetch_url

from document_files import HTML, pdf_bytes

LOOPBACK = ["127.0.0.0/8"]
PDF = pdf_bytes()


class Pages(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def log_message(self, *_args) -> None:
        pass

    def send(self, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        Pages.requests.append(self.path)
        routes = {
            "/floods.html": lambda: self.send(200, HTML.encode()),
            "/papers/railway.pdf": lambda: self.send(200, PDF, "application/pdf"),
            "/moved": lambda: self.send(302, headers={"Location": "/floods.html"}),
            "/to-private": lambda: self.send(302, headers={"Location": "http://10.20.30.40/secret"}),
            "/to-metadata": lambda: self.send(301, headers={"Location": "http://169.254.169.254/latest/"}),
            "/loop": lambda: self.send(302, headers={"Location": "/loop"}),
            "/image": lambda: self.send(200, b"\x89PNG", "image/png"),
            "/missing": lambda: self.send(404, b"not here"),
        }
        if self.path in routes:
            routes[self.path]()
        elif self.path == "/huge":  # 50 MB announced honestly
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50_000_000))
            self.end_headers()
            self.wfile.write(b"<p>" * 1000)
        elif self.path == "/huge-unannounced":  # no length: the limit must hold while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(800):
                    self.wfile.write(b"<p>word</p>" * 6000)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
        elif self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"<p>drip</p>")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
        else:
            self.send(404)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str, **options):
    return fetch_url(url, **{"max_bytes": 5_000_000, "timeout": 10.0, "allowed_networks": LOOPBACK, **options})


def test_a_page_and_a_pdf_are_fetched_with_a_name_for_their_kind(server):
    page = fetch(f"{server}/floods.html")
    assert page.data == HTML.encode() and page.name == "floods.html"
    paper = fetch(f"{server}/papers/railway.pdf")
    assert paper.data == PDF and paper.name == "railway.pdf"


def test_a_redirect_inside_the_allowed_network_is_followed(server):
    moved = fetch(f"{server}/moved")
    assert moved.url == f"{server}/floods.html" and moved.data == HTML.encode()


def test_loopback_is_refused_unless_a_setting_allows_it(server):
    Pages.requests.clear()
    for url in (f"{server}/floods.html", server.replace("127.0.0.1", "localhost") + "/floods.html"):
        with pytest.raises(QuizgenError, match="inside this network"):
            fetch(url, allowed_networks=[])
    assert Pages.requests == [], "nothing was requested"


@pytest.mark.parametrize(("path", "address"), [("/to-private", "10.20.30.40"), ("/to-metadata", "169.254.169.254")])
def test_a_redirect_to_a_private_or_link_local_address_is_refused(server, path, address):
    with pytest.raises(QuizgenError, match=f"{address}.*inside this network") as caught:
        fetch(f"{server}{path}")
    assert caught.value.one_line().count("\n") == 0


@pytest.mark.parametrize("url", ["http://[::1]/", "http://0.0.0.0/", "http://192.168.1.1/", "http://[fe80::1]/",
                                 "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/",
                                 "http://224.0.0.1/"])
def test_addresses_of_the_servers_own_network_are_refused_before_any_request(url):
    with pytest.raises(QuizgenError, match="inside this network"):
        fetch_url(url, max_bytes=1000, timeout=1.0)


def test_size_limit_holds_whether_or_not_the_length_is_announced(server):
    with pytest.raises(QuizgenError, match="too large"):
        fetch(f"{server}/huge")
    with pytest.raises(QuizgenError, match="too large"):
        fetch(f"{server}/huge-unannounced", max_bytes=1_000_000)


def test_time_limit_holds_for_a_slow_server(server):
    started = time.monotonic()
    with pytest.raises(QuizgenError, match="too long"):
        fetch(f"{server}/slow", timeout=1.0)
    assert time.monotonic() - started < 3.5


@pytest.mark.parametrize(("path", "message"), [
    ("/loop", "redirects"), ("/image", "cannot use a image/png"), ("/missing", "answered 404")])
def test_other_failures_get_one_clear_message(server, path, message):
    with pytest.raises(QuizgenError, match=message):
        fetch(f"{server}{path}")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "http://user:pw@127.0.0.1/"])
def test_only_plain_http_addresses_are_fetched(url):
    with pytest.raises(QuizgenError, match="http"):
        fetch_url(url, max_bytes=1000, timeout=1.0, allowed_networks=LOOPBACK)
