"""The address guard. Decisions about private and metadata ranges are checked with a stub
resolver and never connected to; real connections go only to loopback (127.0.0.2 and ::1 as the
forbidden targets, 127.0.0.1 as the allowed test site)."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from extractors.address_guard import AddressGuard
from extractors.errors import BlockedAddress
from extractors.http import Fetcher, FetchPolicy
from tests.hostile_server import HostileServer, redirect, respond

LOOPBACK_ONLY = ("127.0.0.1/32",)


def stub_resolver(table: dict[str, list[str]]):
    """A getaddrinfo stand-in answering from `table`; no DNS traffic at all."""

    def resolve(host, port, *args, **kwargs):
        family = lambda a: socket.AF_INET6 if ":" in a else socket.AF_INET  # noqa: E731
        return [(family(a), socket.SOCK_STREAM, 6, "", (a, port)) for a in table[host]]

    return resolve


REFUSED = [
    "10.0.0.1", "10.255.255.254", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
    "169.254.0.1", "127.0.0.1", "127.0.0.2", "0.0.0.0", "100.64.0.1", "100.100.100.200", "224.0.0.1",
    "239.255.255.250", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "192.0.0.170",
]


@pytest.mark.parametrize("address", REFUSED)
def test_private_loopback_link_local_multicast_and_metadata_addresses_are_refused(address):
    guard = AddressGuard(False, stub_resolver({"news.test": [address]}))
    with pytest.raises(BlockedAddress, match="non-public"):
        guard.check("http://news.test/feed.xml")
    literal = f"[{address}]" if ":" in address else address
    with pytest.raises(BlockedAddress):
        guard.check(f"http://{literal}/feed.xml")


@pytest.mark.parametrize("address", ["93.184.216.34", "151.101.1.69", "2606:4700::6810:84e5"])
def test_public_addresses_pass(address):
    guard = AddressGuard(False, stub_resolver({"news.test": [address]}))
    assert guard.check("https://news.test/feed.xml") == [address]


def test_a_host_with_one_private_address_among_public_ones_is_refused():
    guard = AddressGuard(False, stub_resolver({"news.test": ["93.184.216.34", "10.0.0.5"]}))
    with pytest.raises(BlockedAddress, match="10.0.0.5"):
        guard.check("http://news.test/")


def test_an_allow_list_lets_exactly_its_cidrs_through():
    guard = AddressGuard(LOOPBACK_ONLY, stub_resolver({}))
    assert guard.check("http://127.0.0.1:8080/feed") == ["127.0.0.1"]
    for forbidden in ("127.0.0.2", "[::1]", "10.0.0.1", "169.254.169.254", "192.168.0.1"):
        with pytest.raises(BlockedAddress):
            guard.check(f"http://{forbidden}/feed")


def test_allow_true_lets_everything_through_and_false_nothing_private():
    assert AddressGuard(True, stub_resolver({"x.test": ["10.1.2.3"]})).check("http://x.test/") == ["10.1.2.3"]
    with pytest.raises(BlockedAddress):
        AddressGuard(False, stub_resolver({"x.test": ["10.1.2.3"]})).check("http://x.test/")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed", "gopher://127.0.0.1/", "data:text/plain,hi"])
def test_only_http_and_https_schemes(url):
    with pytest.raises(BlockedAddress, match="scheme"):
        AddressGuard(True).check(url)


def test_ipv4_mapped_and_public_v6_are_judged_by_what_they_reach():
    guard = AddressGuard(False)
    assert not guard.permitted(ipaddress.ip_address("::ffff:192.168.0.1"))
    assert guard.permitted(ipaddress.ip_address("2606:4700::6810:84e5"))


def test_the_connection_goes_to_the_checked_address_not_a_second_lookup():
    """A name is resolved once, by the guard's resolver; the socket connects to that answer."""
    with HostileServer() as site:
        site.route("/feed", respond("ok", "text/plain"))
        resolver = stub_resolver({"good.test": ["127.0.0.1"], "evil.test": ["127.0.0.2"]})
        with Fetcher(FetchPolicy(allow_private_addresses=LOOPBACK_ONLY, host_delay_seconds=0), resolver=resolver) as fetcher:
            assert fetcher.get(f"http://good.test:{site.port}/feed").body == b"ok"
            with pytest.raises(BlockedAddress, match="127.0.0.2"):
                fetcher.get(f"http://evil.test:{site.port}/feed")
    assert len(site.hits("/feed")) == 1


def test_a_redirect_to_a_refused_loopback_address_is_not_followed():
    with HostileServer("127.0.0.2") as forbidden, HostileServer() as site:
        forbidden.route("/secret", respond("secret", "text/plain"))
        site.route("/feed", redirect(forbidden.url("/secret")))
        site.route("/v6", redirect(f"http://[::1]:{forbidden.port}/secret"))
        with Fetcher(FetchPolicy(allow_private_addresses=LOOPBACK_ONLY, host_delay_seconds=0)) as fetcher:
            with pytest.raises(BlockedAddress, match="127.0.0.2"):
                fetcher.get(site.url("/feed"))
            with pytest.raises(BlockedAddress, match="::1"):
                fetcher.get(site.url("/v6"))
    assert forbidden.requests == []


def test_default_policy_refuses_loopback_without_sending_anything():
    with HostileServer() as site:
        site.route("/feed", respond("ok", "text/plain"))
        with Fetcher(FetchPolicy()) as fetcher, pytest.raises(BlockedAddress):
            fetcher.get(site.url("/feed"))
    assert site.requests == []
