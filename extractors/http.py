"""The one place where httpx meets the world.

Every request goes through `Fetcher`: one shared client with an honest User-Agent, timeouts, a
body-size cap enforced while streaming, conditional GET validators, and an address guard that
refuses private and loopback hosts unless the config allows them. httpx's errors are translated
here into the tree of extractors.errors.
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from extractors.errors import (
    BlockedAddress,
    FetchError,
    PermanentFetchError,
    RateLimited,
    TooLarge,
    TransientFetchError,
)

__all__ = ["FetchPolicy", "Response", "Fetcher", "AddressGuard"]


@dataclass(frozen=True)
class FetchPolicy:
    """Plain values from the [fetch] config section."""

    user_agent: str = "claimwatch/0.1 (+https://github.com/claimwatch/claimwatch)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_body_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    # False: only public addresses; True: anything; a tuple of CIDRs: public plus these.
    allow_private_addresses: bool | tuple[str, ...] = False
    max_retry_after_seconds: float = 3600.0


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    elapsed_seconds: float = 0.0

    @property
    def body_hash(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class AddressGuard:
    """Decides whether a host may be contacted, after DNS resolution."""

    def __init__(self, allow: bool | tuple[str, ...] = False, resolver=socket.getaddrinfo):
        self.allow_all = allow is True
        self.allowed_networks = tuple(ipaddress.ip_network(c, strict=False) for c in allow) if isinstance(allow, tuple) else ()
        self.resolver = resolver

    def check(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise BlockedAddress(f"scheme {parts.scheme!r} is not allowed (only http and https)", url)
        if self.allow_all:
            return
        host = parts.hostname or ""
        for address in self._resolve(host, parts.port, url):
            if not self._permitted(address):
                raise BlockedAddress(
                    f"host {host} resolves to {address}, a non-public address "
                    "(set [fetch] allow_private_addresses to allow it)",
                    url,
                )

    def _resolve(self, host: str, port: int | None, url: str) -> list[ipaddress._BaseAddress]:
        try:
            return [ipaddress.ip_address(host)]
        except ValueError:
            pass
        try:
            infos = self.resolver(host, port or 443, proto=socket.IPPROTO_TCP)
        except OSError as exc:
            raise TransientFetchError(f"cannot resolve host {host}: {exc}", url) from exc
        return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]

    def _permitted(self, address) -> bool:
        if any(address in net for net in self.allowed_networks):
            return True
        return address.is_global and not address.is_multicast


class Fetcher:
    """A shared HTTP client. Use as a context manager; one per worker."""

    def __init__(self, policy: FetchPolicy, resolver=socket.getaddrinfo):
        self.policy = policy
        self.guard = AddressGuard(policy.allow_private_addresses, resolver)
        timeout = httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout)
        self.client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, headers: dict | None = None, accept: str = "*/*") -> Response:
        """GET with redirects followed by hand, so every hop passes the address guard."""
        started = time.monotonic()
        seen: set[str] = set()
        current = url
        for _ in range(self.policy.max_redirects + 1):
            self.guard.check(current)
            seen.add(current)
            response = self._get_once(current, {"Accept": accept, **(headers or {})}, started)
            if response.status in (301, 302, 303, 307, 308) and "location" in response.headers:
                target = str(httpx.URL(current).join(response.headers["location"]))
                if target in seen:
                    raise PermanentFetchError(f"redirect loop at {target}", url, response.status)
                current = target
                continue
            return self._raise_for_status(response, url)
        raise PermanentFetchError(f"more than {self.policy.max_redirects} redirects", url)

    def _get_once(self, url: str, headers: dict, started: float) -> Response:
        try:
            with self.client.stream("GET", url, headers=headers) as stream:
                body = self._read_capped(stream, url, started)
                return Response(
                    url=url,
                    status=stream.status_code,
                    headers={k.lower(): v for k, v in stream.headers.items()},
                    body=body,
                    elapsed_seconds=time.monotonic() - started,
                )
        except httpx.TimeoutException as exc:
            raise TransientFetchError(f"timed out: {type(exc).__name__}", url) from exc
        except httpx.TransportError as exc:
            raise TransientFetchError(f"connection failed: {exc}", url) from exc
        except httpx.DecodingError as exc:
            raise PermanentFetchError(f"undecodable body: {exc}", url) from exc

    def _read_capped(self, stream: httpx.Response, url: str, started: float) -> bytes:
        cap = self.policy.max_body_bytes
        declared = stream.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise TooLarge(f"body of {int(declared)} bytes exceeds the {cap}-byte cap", url, stream.status_code)
        chunks, size = [], 0
        # iter_bytes decodes gzip/deflate: counting decoded bytes caps a compression bomb too.
        for chunk in stream.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise TooLarge(f"body exceeds the {cap}-byte cap", url, stream.status_code)
            if time.monotonic() - started > self.policy.total_timeout:
                raise TransientFetchError(f"took longer than {self.policy.total_timeout:.0f}s in total", url)
            chunks.append(chunk)
        return b"".join(chunks)

    def _raise_for_status(self, response: Response, url: str) -> Response:
        status = response.status
        if status < 400 or status == 304:
            return response
        if status in (429, 503):
            raise RateLimited(f"HTTP {status}", url, status, self._retry_after(response))
        if status >= 500 or status in (408, 425):
            raise TransientFetchError(f"HTTP {status}", url, status)
        raise PermanentFetchError(f"HTTP {status}", url, status)

    def _retry_after(self, response: Response) -> float | None:
        value = response.headers.get("retry-after", "").strip()
        if value.isdigit():
            return min(float(value), self.policy.max_retry_after_seconds)
        return None


def describe(exc: FetchError) -> str:
    """One line for logs and the feed health table."""
    return f"{exc} ({exc.url})" if exc.url else str(exc)
