"""A web server on 127.0.0.1 for the fetcher's tests, each path answering as the test says.

Nothing here reaches the internet: the server listens on loopback on a free port, and the
fetcher under test is only ever pointed at it (or refused before connecting anywhere).
A route is a function given the request handler; helpers below make the usual answers: a
page, a redirect, a slow or endless answer. Every request is logged with its arrival time.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]
HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Seen:
    path: str
    at: float  # time.monotonic() when the request arrived
    headers: dict[str, str]


@dataclass
class LocalSite:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    closing: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [request.path for request in self.seen]


@contextmanager
def serve() -> Iterator[LocalSite]:
    """A LocalSite listening until the block ends; unknown paths (robots.txt too) answer 404."""
    site = LocalSite("")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            site.seen.append(Seen(self.path, time.monotonic(), dict(self.headers.items())))
            site.routes.get(self.path, not_found)(self)

        def log_message(self, format, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.closing.set()
        server.shutdown()
        server.server_close()


def answer(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"",
           headers: Iterable[tuple[str, str]] = ()) -> None:
    handler.send_response(status)
    for key, value in headers:
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def not_found(handler: BaseHTTPRequestHandler) -> None:
    answer(handler, 404, b"not here", [("Content-Type", "text/plain")])


def page(body: bytes, content_type: str = HTML, status: int = 200,
         headers: Iterable[tuple[str, str]] = ()) -> Route:
    return lambda handler: answer(handler, status, body, [("Content-Type", content_type), *headers])


def gzipped(body: bytes, content_type: str = HTML) -> Route:
    packed = gzip.compress(body)
    return page(packed, content_type, headers=[("Content-Encoding", "gzip")])


def redirect(location: str, status: int = 302) -> Route:
    return lambda handler: answer(handler, status, headers=[("Location", location)])


def in_turn(*routes: Route) -> Route:
    """Each request answered by the next route, the last one for all after it."""
    left = list(routes)

    def route(handler: BaseHTTPRequestHandler) -> None:
        (left.pop(0) if len(left) > 1 else left[0])(handler)

    return route


def silent(site: LocalSite, seconds: float) -> Route:
    """No answer for `seconds` (or until the server closes), then a page."""
    def route(handler: BaseHTTPRequestHandler) -> None:
        site.closing.wait(seconds)
        answer(handler, 200, b"<p>late</p>", [("Content-Type", HTML)])

    return route


def dripping(site: LocalSite, every: float) -> Route:
    """A page that never ends: a byte every `every` seconds, each within any read timeout."""
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", HTML)
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        while not site.closing.wait(every):
            handler.wfile.write(b"x")
            handler.wfile.flush()

    return route


def endless(site: LocalSite, declared: int | None = None) -> Route:
    """A page of 64 KB chunks that never ends, chunked (no length) or with `declared` as its
    Content-Length; writing stops when the client hangs up or the server closes."""
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", HTML)
        if declared is None:
            handler.send_header("Transfer-Encoding", "chunked")
        else:
            handler.send_header("Content-Length", str(declared))
        handler.end_headers()
        chunk = b"<p>" + b"x" * 65536 + b"</p>"
        try:
            while not site.closing.is_set():
                data = b"%x\r\n%s\r\n" % (len(chunk), chunk) if declared is None else chunk
                handler.wfile.write(data)
                if declared is not None:
                    site.closing.wait(0.05)  # a declared length is refused before this matters
        except OSError:
            pass

    return route
