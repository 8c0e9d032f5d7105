"""The address guard: which hosts may be contacted at all.

A feed is untrusted input, and so is every link and redirect in it. Without a guard, a feed item
pointing at http://169.254.169.254/ or http://localhost:6379/ would make the fetcher probe the
machine it runs on. So every connection is checked *after* DNS resolution, and the connection is
then made to the very address that was checked (no second lookup that a rebinding DNS server
could answer differently). `GuardedBackend` plugs this into httpcore, so it holds for every hop
of a redirect chain and for every new connection of the pool.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from httpcore import ConnectError, ConnectTimeout
from httpcore._backends.sync import SyncBackend, SyncStream

from extractors.errors import BlockedAddress, TransientFetchError

__all__ = ["AddressGuard", "GuardedBackend", "ALLOWED_SCHEMES"]

ALLOWED_SCHEMES = ("http", "https")

# Ranges `ipaddress` calls global but that no public web server lives in.
_ALWAYS_REFUSED = tuple(
    ipaddress.ip_network(net)
    for net in (
        "100.64.0.0/10",  # carrier-grade NAT (and some cloud metadata services, e.g. 100.100.100.200)
        "192.0.0.0/24",  # IETF protocol assignments
        "64:ff9b:1::/48",  # local-use NAT64
    )
)


class AddressGuard:
    """Decides whether a host may be contacted, after DNS resolution.

    `allow` is False (public addresses only), True (anything), or a tuple of CIDRs that are let
    through in addition to public addresses (e.g. ("127.0.0.1/32",) for a local test site).
    `resolver` has the signature of socket.getaddrinfo; tests pass a stub.
    """

    def __init__(self, allow: bool | tuple[str, ...] = False, resolver=None):
        self.allow_all = allow is True
        networks = allow if isinstance(allow, (tuple, list)) else ()
        self.allowed_networks = tuple(ipaddress.ip_network(c, strict=False) for c in networks)
        self._resolver = resolver

    def check(self, url: str) -> list[str]:
        """Raise BlockedAddress unless `url` may be fetched; return the addresses to connect to."""
        parts = urlsplit(url)
        check_scheme(parts.scheme, url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return self.addresses(parts.hostname or "", port, url)

    def addresses(self, host: str, port: int, url: str = "") -> list[str]:
        """The permitted addresses of `host`; BlockedAddress if any of them is refused.

        A host with one public and one private address is refused as a whole: choosing the
        public one would still let the owner of the name pick our target."""
        if not host:
            raise BlockedAddress("URL has no host", url)
        resolved = self._resolve(host, port, url)
        if self.allow_all:
            return [str(a) for a in resolved]
        for address in resolved:
            if not self.permitted(address):
                raise BlockedAddress(
                    f"host {host} resolves to {address}, a non-public address "
                    "(set [fetch] allow_private_addresses to allow it)",
                    url,
                )
        return [str(a) for a in resolved]

    def permitted(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        if self.allow_all or any(address in net for net in self.allowed_networks):
            return True
        mapped = getattr(address, "ipv4_mapped", None) or getattr(address, "sixtofour", None)
        if mapped is not None and not self.permitted(mapped):
            return False
        if any(address in net for net in _ALWAYS_REFUSED):
            return False
        return address.is_global and not address.is_multicast

    def _resolve(self, host: str, port: int, url: str) -> list:
        literal = _literal_address(host)
        if literal is not None:
            return [literal]
        resolver = self._resolver or socket.getaddrinfo
        try:
            infos = resolver(host, port, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError) as exc:
            raise TransientFetchError(f"cannot resolve host {host}: {exc}", url) from exc
        addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))
        if not addresses:
            raise TransientFetchError(f"host {host} has no address", url)
        return addresses


def check_scheme(scheme: str, url: str) -> None:
    if scheme not in ALLOWED_SCHEMES:
        raise BlockedAddress(f"scheme {scheme!r} is not allowed (only http and https)", url)


def _literal_address(host: str):
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return None


class GuardedBackend(SyncBackend):
    """httpcore's socket backend, connecting only to addresses the guard permitted."""

    def __init__(self, guard: AddressGuard):
        self.guard = guard

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = self.guard.addresses(host, port, f"//{host}:{port}")
        last_error: Exception | None = None
        for address in addresses:
            try:
                sock = socket.create_connection((address, port), timeout)
            except socket.timeout as exc:
                last_error = ConnectTimeout(str(exc) or "connect timed out")
            except OSError as exc:
                last_error = ConnectError(str(exc))
            else:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return SyncStream(sock)
        raise last_error or ConnectError(f"no address for {host}")
