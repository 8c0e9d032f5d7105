"""A loopback HTTP server that misbehaves on purpose, for the fetching tests.

    with HostileServer() as server:
        server.route("/slow", stall_mid_body(b"<rss>", declared=10_000))
        url = server.url("/slow")

Each route is a function of the request handler; `server.requests` records (path, headers) of
every request so tests can assert what was sent (conditional headers, credentials, counts).
Binds 127.0.0.1 by default; 127.0.0.2 works too on Linux (the whole 127/8 is loopback).
"""

from __future__ import annotations

import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

__all__ = [
    "HostileServer", "respond", "status", "redirect", "stall_mid_body", "truncated", "endless",
    "gzip_bomb", "slow_start", "conditional", "BILLION_LAUGHS", "rss",
]

Route = Callable[[BaseHTTPRequestHandler], None]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        path = self.path.split("?")[0]
        self.server.owner.record(self.path, dict(self.headers.items()))
        route = self.server.owner.routes.get(path) or self.server.owner.routes.get(self.path)
        try:
            (route or status(404))(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def log_message(self, format, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: "HostileServer"

    def handle_error(self, request, client_address) -> None:
        pass  # clients hanging up on hostile routes is the expected outcome, not noise to print


class HostileServer:
    def __init__(self, host: str = "127.0.0.1"):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self._server = _Server((host, 0), _Handler)
        self._server.owner = self
        self.host, self.port = host, self._server.server_address[1]
        self.base_url = f"http://{host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, handler: Route) -> str:
        self.routes[path] = handler
        return self.url(path)

    def record(self, path: str, headers: dict) -> None:
        with self._lock:
            self.requests.append((path, headers))

    def hits(self, path: str) -> list[dict]:
        return [headers for p, headers in self.requests if p.split("?")[0] == path]

    def __enter__(self) -> "HostileServer":
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def counting(self, handler: Route) -> Route:
        """Wrap a route to track how many requests are in flight at once (politeness tests)."""

        def wrapped(request) -> None:
            with self._lock:
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)
            try:
                handler(request)
            finally:
                with self._lock:
                    self.in_flight -= 1

        return wrapped


def _headers(request, code: int, headers: dict) -> None:
    request.send_response(code)
    for name, value in headers.items():
        request.send_header(name, value)
    request.end_headers()


def respond(body: bytes | str, content_type: str = "application/rss+xml", code: int = 200, headers: dict | None = None,
            delay: float = 0.0) -> Route:
    data = body.encode("utf-8") if isinstance(body, str) else body

    def handler(request) -> None:
        if delay:
            time.sleep(delay)
        _headers(request, code, {"Content-Type": content_type, "Content-Length": str(len(data)), **(headers or {})})
        request.wfile.write(data)

    return handler


def status(code: int, headers: dict | None = None) -> Route:
    return respond(f"<html><body>HTTP {code}</body></html>", "text/html", code, headers)


def redirect(location: str, code: int = 302) -> Route:
    return respond(b"", "text/html", code, {"Location": location})


def stall_mid_body(first: bytes, declared: int) -> Route:
    """Send headers and part of the body, then nothing until the server stops."""

    def handler(request) -> None:
        _headers(request, 200, {"Content-Type": "application/rss+xml", "Content-Length": str(declared)})
        request.wfile.write(first)
        request.wfile.flush()
        request.server.owner.stopping.wait(60)

    return handler


def slow_start(seconds: float) -> Route:
    """Accept the request, then say nothing (no headers) for `seconds`."""

    def handler(request) -> None:
        request.server.owner.stopping.wait(seconds)

    return handler


def truncated(body: bytes, declared: int) -> Route:
    """Promise `declared` bytes, send fewer, close the connection."""

    def handler(request) -> None:
        _headers(request, 200, {"Content-Type": "application/rss+xml", "Content-Length": str(declared), "Connection": "close"})
        request.wfile.write(body)
        request.wfile.flush()
        request.close_connection = True

    return handler


def endless(content_type: str = "application/rss+xml") -> Route:
    """A body that never ends (no Content-Length, bytes until the client hangs up)."""
    chunk = b"<item><title>more</title></item>" * 2048

    def handler(request) -> None:
        _headers(request, 200, {"Content-Type": content_type, "Connection": "close"})
        request.close_connection = True
        while not request.server.owner.stopping.is_set():
            request.wfile.write(chunk)

    return handler


_BOMB: dict[tuple[int, str], bytes] = {}


def gzip_bomb(decoded_megabytes: int = 64, encoding: str = "gzip") -> Route:
    """A small gzip (or zlib-deflate) body that inflates to `decoded_megabytes` of zeros."""
    key = (decoded_megabytes, encoding)
    if key not in _BOMB:
        wbits = 16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS
        compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
        block = b"\0" * (1024 * 1024)
        _BOMB[key] = b"".join(compressor.compress(block) for _ in range(decoded_megabytes)) + compressor.flush()
    return respond(_BOMB[key], "application/rss+xml", headers={"Content-Encoding": encoding})


def conditional(body: bytes | str, etag: str | None = '"v1"', last_modified: str | None = "Wed, 21 Oct 2020 07:28:00 GMT",
                content_type: str = "application/rss+xml") -> Route:
    """Answer 304 when the client sends the current validators (either kind may be left out)."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    validators = {k: v for k, v in (("ETag", etag), ("Last-Modified", last_modified)) if v}

    def handler(request) -> None:
        if (etag and request.headers.get("If-None-Match") == etag) or (
                last_modified and request.headers.get("If-Modified-Since") == last_modified):
            _headers(request, 304, {**validators, "Content-Length": "0"})
            return
        _headers(request, 200, {"Content-Type": content_type, "Content-Length": str(len(data)), **validators})
        request.wfile.write(data)

    return handler


def rss(*links: str, title: str = "Hostile feed") -> str:
    items = "".join(
        f"<item><title>Item {i}</title><link>{link}</link><guid isPermaLink=\"false\">hostile-{i}</guid>"
        f"<pubDate>Wed, 21 Oct 2020 0{i % 10}:00:00 GMT</pubDate></item>"
        for i, link in enumerate(links)
    )
    return f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>http://127.0.0.1:9/laughs</link><guid>laughs-1</guid><description>&lol9;</description></item>
</channel></rss>"""
