"""Per-host politeness for threads sharing one limiter: at most N requests in flight to one host
(and at most `total` over all hosts), a minimum delay between the starts of two requests to it
(longer for a host whose robots.txt asks for a Crawl-delay), and a pause when the host answered
429/503 with Retry-After (later requests to it fail fast instead of piling on)."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

from extractors.errors import RateLimited

__all__ = ["HostLimiter"]


class _NoLimit:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_NO_LIMIT = _NoLimit()


class _Host:
    def __init__(self, concurrency: int):
        self.slots = threading.BoundedSemaphore(concurrency)
        self.next_start = 0.0
        self.paused_until = 0.0
        self.min_delay = 0.0  # this host's own minimum (robots.txt Crawl-delay), over the limiter's


class HostLimiter:
    def __init__(self, concurrency: int = 2, min_delay: float = 0.0, clock=time.monotonic, sleep=time.sleep,
                 total: int | None = None):
        self.concurrency = max(1, int(concurrency))
        self._total = threading.BoundedSemaphore(total) if total else None
        self.min_delay = max(0.0, float(min_delay))
        self.clock, self.sleep = clock, sleep
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()

    def _host(self, host: str) -> _Host:
        with self._lock:
            state = self._hosts.get(host)
            if state is None:  # not setdefault: that would build a semaphore on every request
                state = self._hosts[host] = _Host(self.concurrency)
            return state

    @contextmanager
    def slot(self, host: str, url: str = ""):
        """Hold one of the host's slots for the duration of a request."""
        state = self._host(host)
        with state.slots, (self._total or _NO_LIMIT):
            self._wait_turn(state, host, url)
            yield

    def _wait_turn(self, state: _Host, host: str, url: str) -> None:
        with self._lock:
            now = self.clock()
            if state.paused_until > now:
                raise RateLimited(f"{host} asked us to wait (Retry-After); not asked again this run", url,
                                  retry_after=state.paused_until - now)
            start = max(now, state.next_start)
            state.next_start = start + max(self.min_delay, state.min_delay)
        if start > now:
            self.sleep(start - now)

    def slow_down(self, host: str, seconds: float) -> None:
        """At least `seconds` between two request starts to `host` from now on (its Crawl-delay)."""
        state = self._host(host)
        with self._lock:
            state.min_delay = max(state.min_delay, float(seconds))

    def pause(self, host: str, seconds: float) -> None:
        """Refuse further requests to `host` for `seconds` (it sent Retry-After)."""
        state = self._host(host)
        with self._lock:
            state.paused_until = max(state.paused_until, self.clock() + seconds)
