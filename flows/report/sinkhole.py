"""A proxy on loopback that refuses everything and remembers what was asked.

Headless Chromium is pointed at it for all traffic, so whatever Chromium's own services try to
reach (some, like the component updater and the account checker, run even with the background
networking switches off), nothing leaves the machine, and a test can read what was attempted.
"""

from __future__ import annotations

import socketserver
import threading
from urllib.parse import urlsplit

__all__ = ["Sinkhole"]


class Sinkhole(socketserver.ThreadingTCPServer):
    daemon_threads = True

    def __init__(self):
        self.requests: list[str] = []  # first line of each request: "GET http://host/path HTTP/1.1"
        super().__init__(("127.0.0.1", 0), _Refuse)
        self._thread = threading.Thread(target=self.serve_forever, name="chromium-sinkhole", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> "Sinkhole":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()

    def hosts(self) -> set[str]:
        """Hosts Chromium tried to reach (CONNECT host:port, or the host of a proxied URL)."""
        found = set()
        for line in self.requests:
            method, _, rest = line.partition(" ")
            target = rest.split(" ", 1)[0]
            found.add(target.rsplit(":", 1)[0] if method == "CONNECT" else (urlsplit(target).hostname or ""))
        return found


class _Refuse(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline(4096).decode("latin-1").strip()
        if line:
            self.server.requests.append(line)
        self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
