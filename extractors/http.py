"""The one place where httpx meets the world.

Every request goes through `Fetcher`: one shared client (thread-safe, so a pool of threads can
share it) with an honest User-Agent; connect, read and total timeouts; raw and decoded body
caps enforced while streaming (extractors.body); redirects followed by hand, at most
`max_redirects`, with loop detection and credentials dropped when the origin changes; no
cookies; per-host concurrency, delay and Retry-After pauses (extractors.host_limiter); and the
address guard checked at connect time for every hop (extractors.address_guard). httpx's errors
are translated here into the tree of extractors.errors.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpcore
import httpx

from extractors.address_guard import AddressGuard, GuardedBackend, check_scheme
from extractors.body import ACCEPT_ENCODING, read_bounded
from extractors.errors import FetchError, PermanentFetchError, RateLimited, TooLarge, TransientFetchError
from extractors.host_limiter import HostLimiter

__all__ = ["FetchPolicy", "Response", "Fetcher", "AddressGuard", "describe", "server_key", "REDIRECT_STATUSES"]

REDIRECT_STATUSES = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class FetchPolicy:
    """Plain values from the [fetch] config section."""

    user_agent: str = "claimwatch/0.1 (+https://github.com/claimwatch/claimwatch)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    # Checked between chunks, so a response may overrun it by at most one read_timeout.
    total_timeout: float = 60.0
    # Bytes on the wire, and bytes after gzip/deflate decoding (a compression bomb stops here).
    max_body_bytes: int = 10 * 1024 * 1024
    max_decoded_bytes: int = 40 * 1024 * 1024
    max_redirects: int = 5
    # False: only public addresses; True: anything; a tuple of CIDRs: public plus these.
    allow_private_addresses: bool | tuple[str, ...] = False
    max_retry_after_seconds: float = 3600.0
    # Politeness towards one host: requests in flight, and seconds between two request starts.
    per_host_concurrency: int = 2
    host_delay_seconds: float = 1.0
    # Requests in flight over all hosts (threads of the page and feed pools).
    concurrency: int = 8
    # Obey robots.txt for article pages (feeds are published to be fetched).
    respect_robots: bool = True


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    elapsed_seconds: float = 0.0
    redirects: tuple[str, ...] = ()

    @property
    def body_hash(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool whose sockets pass the address guard.

    httpx offers no public hook for the network backend, so the pool it builds is replaced by an
    equivalent one with our backend (httpx is pinned below 0.29 in pyproject.toml)."""

    def __init__(self, guard: AddressGuard, limits: httpx.Limits):
        super().__init__(limits=limits, trust_env=False)
        ssl_context = self._pool._ssl_context
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(guard),
        )


class _Budget:
    """The total time allowed for one get(), redirects included, counted from its first request."""

    def __init__(self, seconds: float):
        self.seconds, self.started = seconds, None

    def start(self) -> None:
        if self.started is None:
            self.started = time.monotonic()

    def elapsed(self) -> float:
        return 0.0 if self.started is None else time.monotonic() - self.started

    def remaining(self) -> float:
        return self.seconds - self.elapsed()


class Fetcher:
    """A shared HTTP client. Use as a context manager; share one between threads."""

    def __init__(self, policy: FetchPolicy, resolver=None, limiter: HostLimiter | None = None):
        self.policy = policy
        self.guard = AddressGuard(policy.allow_private_addresses, resolver)
        self.limiter = limiter or HostLimiter(policy.per_host_concurrency, policy.host_delay_seconds)
        pool_size = max(policy.concurrency, policy.per_host_concurrency) + 2
        self.client = httpx.Client(
            transport=_GuardedTransport(self.guard, httpx.Limits(max_connections=pool_size, max_keepalive_connections=pool_size)),
            timeout=httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout),
            follow_redirects=False,
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            # Never store or send cookies: nothing a site sets may follow us to another request.
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
            trust_env=False,
        )

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, headers: dict | None = None, accept: str = "*/*") -> Response:
        """GET with redirects followed by hand, so every hop passes the guard and the caps."""
        budget = _Budget(self.policy.total_timeout)
        request_headers = {"Accept": accept, **(headers or {})}
        current, hops = url, [url]
        for _ in range(self.policy.max_redirects + 1):
            response = self._get_once(current, request_headers, budget)
            if response.status not in REDIRECT_STATUSES:
                return self._raise_for_status(_replace_redirects(response, hops), url)
            current = self._redirect_target(current, response, url)
            if _same_resource(current, hops):
                raise PermanentFetchError(f"redirect loop at {current}", url, response.status)
            hops.append(current)
        raise PermanentFetchError(f"more than {self.policy.max_redirects} redirects", url)

    def _redirect_target(self, current: str, response: Response, url: str) -> str:
        location = response.headers.get("location", "").strip()
        if not location:
            raise PermanentFetchError(f"HTTP {response.status} redirect without a Location", url, response.status)
        try:
            source, target = httpx.URL(current), httpx.URL(current).join(location)
        except (httpx.InvalidURL, ValueError) as exc:
            raise PermanentFetchError(f"bad redirect Location {location[:200]!r}: {exc}", url, response.status) from exc
        if (source.scheme, source.host, source.port) != (target.scheme, target.host, target.port):
            target = target.copy_with(username=None, password=None)  # credentials stay with their origin
        return str(target)

    def _get_once(self, url: str, headers: dict, budget: _Budget) -> Response:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, ValueError) as exc:
            raise PermanentFetchError(f"invalid URL: {exc}", url) from exc
        check_scheme(parsed.scheme, url)
        try:
            with self.limiter.slot(server_key(parsed), url):
                budget.start()
                return self._stream(url, headers, budget)
        except FetchError as exc:
            exc.url = exc.url if exc.url and not exc.url.startswith("//") else url
            raise

    def _stream(self, url: str, headers: dict, budget: _Budget) -> Response:
        remaining = max(0.1, budget.remaining())
        timeout = httpx.Timeout(min(self.policy.read_timeout, remaining), connect=min(self.policy.connect_timeout, remaining))
        try:
            with self.client.stream("GET", url, headers=headers, timeout=timeout) as stream:
                lowered = {k.lower(): v for k, v in stream.headers.items()}
                body = self._read_body(stream, lowered, url, budget) if stream.status_code < 300 else b""
                return Response(url, stream.status_code, lowered, body, budget.elapsed())
        except httpx.TimeoutException as exc:
            raise TransientFetchError(f"timed out ({type(exc).__name__})", url) from exc
        except httpx.RemoteProtocolError as exc:
            raise TransientFetchError(f"connection broke off: {exc}", url) from exc
        except httpx.TransportError as exc:
            raise TransientFetchError(f"connection failed: {exc}", url) from exc
        except httpx.InvalidURL as exc:
            raise PermanentFetchError(f"invalid URL: {exc}", url) from exc

    def _read_body(self, stream: httpx.Response, headers: dict, url: str, budget: _Budget) -> bytes:
        cap = self.policy.max_body_bytes
        declared = headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > cap:
            raise TooLarge(f"declared body of {int(declared)} bytes exceeds the {cap}-byte cap", url, stream.status_code)

        def check_deadline() -> None:
            if budget.remaining() < 0:
                raise TransientFetchError(f"took longer than {self.policy.total_timeout:g}s in total", url)

        try:
            return read_bounded(stream.iter_raw(), headers.get("content-encoding", ""), max_raw=cap,
                                max_decoded=self.policy.max_decoded_bytes, on_chunk=check_deadline)
        except FetchError as exc:
            exc.url, exc.status = url, stream.status_code
            raise

    def _raise_for_status(self, response: Response, url: str) -> Response:
        status = response.status
        if status < 400:
            return response
        if status in (429, 503):
            retry_after = self._retry_after(response)
            if retry_after:
                self.limiter.pause(server_key(httpx.URL(response.url)), retry_after)
            raise RateLimited(f"HTTP {status}" + (f", Retry-After {retry_after:g}s" if retry_after else ""),
                              url, status, retry_after)
        if status >= 500 or status in (408, 425):
            raise TransientFetchError(f"HTTP {status}", url, status)
        raise PermanentFetchError(f"HTTP {status}", url, status)

    def _retry_after(self, response: Response) -> float | None:
        """Retry-After in seconds (delta or HTTP date), capped by policy; None when absent or bad."""
        value = response.headers.get("retry-after", "").strip()
        if not value:
            return None
        if value.isdigit():
            seconds = float(value)
        else:
            try:
                when = parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                return None
            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            seconds = (when - datetime.now(timezone.utc)).total_seconds()
        return max(0.0, min(seconds, self.policy.max_retry_after_seconds))


def server_key(url: httpx.URL | str) -> str:
    """Politeness is kept per server: host and port (two ports are two servers)."""
    url = httpx.URL(url)
    return f"{url.host}:{url.port or (443 if url.scheme == 'https' else 80)}"


def _same_resource(url: str, hops: list[str]) -> bool:
    target = httpx.URL(url).copy_with(fragment=None)
    return any(httpx.URL(h).copy_with(fragment=None) == target for h in hops)


def _replace_redirects(response: Response, hops: list[str]) -> Response:
    if len(hops) == 1:
        return response
    return Response(response.url, response.status, response.headers, response.body, response.elapsed_seconds, tuple(hops[:-1]))


def describe(exc: FetchError) -> str:
    """One line for logs and the feed health table."""
    return f"{exc} ({exc.url})" if exc.url else str(exc)
