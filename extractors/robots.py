"""robots.txt for article pages, read once per origin per run and shared between threads.

Following RFC 9309: a robots.txt that does not exist (4xx, or a permanent failure such as a
redirect loop) allows everything; one that cannot be read now (5xx, 429, timeout) disallows the
origin for this run, and its pages are retried next run; only the first 500 KiB is read.
A `Crawl-delay` for our user agent (or `*`) slows requests to that server down to it, capped at
MAX_CRAWL_DELAY_SECONDS so that one robots.txt cannot stall a night.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from extractors.errors import BlockedAddress, FetchError, TransientFetchError
from extractors.http import Fetcher, server_key

__all__ = ["RobotsCache", "RobotsDisallowed", "ROBOTS_TOKEN"]

ROBOTS_TOKEN = "claimwatch"
MAX_ROBOTS_BYTES = 500 * 1024
MAX_CRAWL_DELAY_SECONDS = 30.0


class RobotsDisallowed(Exception):
    """robots.txt of the page's origin disallows it for our user agent."""


class _Unavailable:
    def __init__(self, error: TransientFetchError):
        self.error = error


class RobotsCache:
    """Rules per origin. `fetcher` is the default client for reading robots.txt; check() may be
    given another (a cache shared by several batches outlives each batch's client)."""

    def __init__(self, fetcher: Fetcher | None = None, token: str = ROBOTS_TOKEN):
        self.fetcher, self.token = fetcher, token
        self._rules: dict[str, RobotFileParser | _Unavailable | BlockedAddress] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def check(self, url: str, fetcher: Fetcher | None = None) -> None:
        """Return when `url` may be fetched; raise RobotsDisallowed, or the FetchError that
        makes the answer unknowable (transient: retry next run; BlockedAddress: never)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self._rules_for(origin, fetcher or self.fetcher)
        if isinstance(rules, _Unavailable):
            raise TransientFetchError(f"robots.txt of {origin} could not be read: {rules.error}", url)
        if isinstance(rules, BlockedAddress):
            raise BlockedAddress(str(rules), url)
        if not rules.can_fetch(self.token, url):
            raise RobotsDisallowed(f"robots.txt of {origin} disallows {parts.path or '/'}")

    def _rules_for(self, origin: str, fetcher: Fetcher):
        with self._lock:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:  # one thread reads an origin's robots.txt; the others wait for its answer
            if origin not in self._rules:
                self._rules[origin] = self._read(origin, fetcher)
            return self._rules[origin]

    def _read(self, origin: str, fetcher: Fetcher):
        parser = RobotFileParser(origin + "/robots.txt")
        try:
            response = fetcher.get(origin + "/robots.txt", accept="text/plain")
        except BlockedAddress as exc:
            return exc
        except FetchError as exc:
            if exc.transient:
                return _Unavailable(exc)
            parser.allow_all = True  # no robots.txt (4xx), or none that could ever be read
            return parser
        text = response.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
        parser.parse(text.splitlines())
        delay = parser.crawl_delay(self.token)
        if delay:
            fetcher.limiter.slow_down(server_key(origin), min(float(delay), MAX_CRAWL_DELAY_SECONDS))
        return parser
