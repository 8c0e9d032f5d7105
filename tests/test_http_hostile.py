"""The Fetcher against a loopback server that misbehaves on purpose: every failure becomes the
right error of extractors.errors, quickly, without reading what must not be read."""

from __future__ import annotations

import gzip

import pytest

from extractors.errors import PermanentFetchError, RateLimited, TooLarge, TransientFetchError
from extractors.http import Fetcher, FetchPolicy
from tests.hostile_server import (
    HostileServer, endless, gzip_bomb, redirect, respond, slow_start, stall_mid_body, status, truncated,
)

POLICY = FetchPolicy(
    allow_private_addresses=("127.0.0.1/32",), host_delay_seconds=0, connect_timeout=2, read_timeout=1,
    total_timeout=4, max_body_bytes=1024 * 1024, max_decoded_bytes=2 * 1024 * 1024, max_retry_after_seconds=600,
)


@pytest.fixture()
def server():
    with HostileServer() as site:
        yield site


@pytest.fixture()
def fetcher():
    with Fetcher(POLICY) as client:
        yield client


def test_server_errors_are_transient_and_client_errors_permanent(server, fetcher):
    server.route("/500", status(500))
    server.route("/404", status(404))
    with pytest.raises(TransientFetchError, match="HTTP 500") as err:
        fetcher.get(server.url("/500"))
    assert err.value.status == 500
    with pytest.raises(PermanentFetchError, match="HTTP 404"):
        fetcher.get(server.url("/404"))


def test_429_with_retry_after_is_rate_limited_capped_and_pauses_the_host(server, fetcher):
    server.route("/429", status(429, {"Retry-After": "7200"}))
    server.route("/other", respond("fine", "text/plain"))
    with pytest.raises(RateLimited) as err:
        fetcher.get(server.url("/429"))
    assert err.value.retry_after == 600  # capped by max_retry_after_seconds
    with pytest.raises(RateLimited, match="asked us to wait"):
        fetcher.get(server.url("/other"))
    assert server.hits("/other") == []


def test_503_with_an_http_date_retry_after(server, fetcher):
    server.route("/503", status(503, {"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}))
    with pytest.raises(RateLimited) as err:
        fetcher.get(server.url("/503"))
    assert err.value.status == 503 and err.value.retry_after == 600


def test_a_stall_mid_body_times_out(server, fetcher):
    server.route("/stall", stall_mid_body(b"<rss><channel>", declared=50_000))
    with pytest.raises(TransientFetchError, match="timed out"):
        fetcher.get(server.url("/stall"))


def test_a_server_that_never_answers_times_out(server, fetcher):
    server.route("/silent", slow_start(30))
    with pytest.raises(TransientFetchError, match="timed out"):
        fetcher.get(server.url("/silent"))


def test_a_truncated_body_is_a_transient_error(server, fetcher):
    server.route("/short", truncated(b"<rss><channel><title>cut", declared=5000))
    with pytest.raises(TransientFetchError, match="broke off"):
        fetcher.get(server.url("/short"))


def test_an_endless_body_stops_at_the_raw_cap(server, fetcher):
    server.route("/endless", endless())
    with pytest.raises(TooLarge, match="1048576-byte cap"):
        fetcher.get(server.url("/endless"))


def test_a_declared_oversize_body_is_refused_before_reading(server, fetcher):
    server.route("/huge", lambda r: (r.send_response(200), r.send_header("Content-Length", str(2 * 1024**3)),
                                     r.end_headers(), r.server.owner.stopping.wait(30)))
    with pytest.raises(TooLarge, match="declared body of 2147483648"):
        fetcher.get(server.url("/huge"))


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_compression_bomb_stops_at_the_decoded_cap(server, fetcher, encoding):
    server.route("/bomb", gzip_bomb(64, encoding))
    with pytest.raises(TooLarge, match="decoded body exceeds the 2097152-byte cap"):
        fetcher.get(server.url("/bomb"))


def test_gzip_bodies_are_decoded(server, fetcher):
    server.route("/gz", respond(gzip.compress(b"<rss>hello</rss>"), headers={"Content-Encoding": "gzip"}))
    assert fetcher.get(server.url("/gz")).body == b"<rss>hello</rss>"


def test_an_unknown_content_encoding_is_refused(server, fetcher):
    server.route("/br", respond(b"\x0b\x02\x80", headers={"Content-Encoding": "br"}))
    with pytest.raises(PermanentFetchError, match="unsupported content-encoding br"):
        fetcher.get(server.url("/br"))


def test_redirects_are_followed_and_loops_and_chains_stopped(server, fetcher):
    server.route("/a", redirect("/b"))
    server.route("/b", redirect("/c", 301))
    server.route("/c", respond("done", "text/plain"))
    server.route("/loop1", redirect("/loop2"))
    server.route("/loop2", redirect("/loop1"))
    for i in range(8):
        server.route(f"/chain{i}", redirect(f"/chain{i + 1}"))
    response = fetcher.get(server.url("/a"))
    assert response.body == b"done" and response.url == server.url("/c")
    assert response.redirects == (server.url("/a"), server.url("/b"))
    with pytest.raises(PermanentFetchError, match="redirect loop"):
        fetcher.get(server.url("/loop1"))
    with pytest.raises(PermanentFetchError, match="more than 5 redirects"):
        fetcher.get(server.url("/chain0"))


def test_credentials_never_follow_a_redirect_to_another_origin(server, fetcher):
    with HostileServer() as other:
        other.route("/landing", respond("landed", "text/plain"))
        server.route("/private", redirect(other.url("/landing")))
        url = server.url("/private").replace("http://", "http://reader:s3cret@")
        assert fetcher.get(url).body == b"landed"
    assert "Authorization" in server.hits("/private")[0]
    assert "Authorization" not in other.hits("/landing")[0]


def test_cookies_are_neither_kept_nor_sent(server, fetcher):
    server.route("/set", respond("x", "text/plain", headers={"Set-Cookie": "session=abc; Path=/"}))
    server.route("/next", respond("y", "text/plain"))
    fetcher.get(server.url("/set"))
    fetcher.get(server.url("/next"))
    assert "Cookie" not in server.hits("/next")[0]


def test_the_user_agent_is_honest(server):
    server.route("/ua", respond("x", "text/plain"))
    policy = FetchPolicy(allow_private_addresses=("127.0.0.1/32",), host_delay_seconds=0,
                         user_agent="claimwatch/0.1 (+https://example.org/contact)")
    with Fetcher(policy) as client:
        client.get(server.url("/ua"))
    assert server.hits("/ua")[0]["User-Agent"] == "claimwatch/0.1 (+https://example.org/contact)"
