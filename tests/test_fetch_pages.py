"""Article pages: concurrent fetching within per-host limits, robots.txt, content types and
charsets, against loopback servers."""

from __future__ import annotations

import time

import pytest

from extractors.articles import Page, fetch_page
from extractors.charset import decode_page
from extractors.host_limiter import HostLimiter
from extractors.http import Fetcher, FetchPolicy
from extractors.models import FeedEntry, Rejected
from extractors.robots import RobotsCache
from flows import pipeline
from tests.hostile_server import HostileServer, respond, status

POLICY = FetchPolicy(allow_private_addresses=("127.0.0.1/32",), host_delay_seconds=0, read_timeout=5, concurrency=8,
                     per_host_concurrency=2)
HTML = "<!DOCTYPE html><html><head><title>t</title></head><body><p>page</p></body></html>"


def entry(url: str, key: str | None = None) -> FeedEntry:
    return FeedEntry(feed_name="f", key=key or url, url=url)


def slow_page(seconds: float = 0.15):
    page = respond(HTML, "text/html")

    def handler(request) -> None:
        time.sleep(seconds)
        page(request)

    return handler


def test_pages_are_fetched_concurrently_but_never_more_than_the_per_host_limit():
    with HostileServer() as first, HostileServer() as second:
        for server in (first, second):
            for i in range(8):
                server.route(f"/p{i}", server.counting(slow_page()))
        entries = [entry(s.url(f"/p{i}")) for i in range(8) for s in (first, second)]
        pages = pipeline.fetch_pages(POLICY, entries)
    assert all(isinstance(p, Page) for p in pages)
    assert [p.entry for p in pages] == entries  # results keep the input order
    assert 1 <= first.max_in_flight <= 2 and 1 <= second.max_in_flight <= 2


def test_a_limit_of_one_serialises_a_host():
    with HostileServer() as server:
        for i in range(6):
            server.route(f"/p{i}", server.counting(slow_page(0.05)))
        policy = FetchPolicy(allow_private_addresses=("127.0.0.1/32",), host_delay_seconds=0, per_host_concurrency=1, concurrency=6)
        pipeline.fetch_pages(policy, [entry(server.url(f"/p{i}")) for i in range(6)])
    assert server.max_in_flight == 1


def test_the_host_delay_spaces_request_starts():
    now, slept = [100.0], []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    limiter = HostLimiter(concurrency=4, min_delay=1.5, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        with limiter.slot("news.example:443"):
            pass
    with limiter.slot("other.example:443"):
        pass
    assert slept == [1.5, 1.5]


def test_robots_txt_is_obeyed_and_read_once_per_server():
    with HostileServer() as server:
        server.route("/robots.txt", respond("User-agent: *\nDisallow: /private/\n\nUser-agent: claimwatch\nDisallow: /private/\nDisallow: /drafts/\n", "text/plain"))
        for path in ("/news/1", "/news/2", "/private/1", "/drafts/1"):
            server.route(path, respond(HTML, "text/html"))
        outcomes = pipeline.fetch_pages(POLICY, [entry(server.url(p)) for p in ("/news/1", "/news/2", "/private/1", "/drafts/1")])
    assert [type(o).__name__ for o in outcomes] == ["Page", "Page", "Rejected", "Rejected"]
    assert {o.reason for o in outcomes[2:]} == {"robots_disallowed"}
    assert server.hits("/private/1") == [] and server.hits("/drafts/1") == []
    assert len(server.hits("/robots.txt")) == 1


@pytest.mark.parametrize("robots_route, allowed", [(status(404), True), (status(503), False)])
def test_a_missing_robots_txt_allows_and_an_unreadable_one_defers(robots_route, allowed):
    with HostileServer() as server:
        server.route("/robots.txt", robots_route)
        server.route("/news/1", respond(HTML, "text/html"))
        with Fetcher(POLICY) as fetcher:
            outcome = fetch_page(fetcher, entry(server.url("/news/1")), RobotsCache(fetcher))
    assert isinstance(outcome, Page) == allowed
    if not allowed:
        assert outcome.transient and "robots.txt" in outcome.detail and server.hits("/news/1") == []


def test_robots_can_be_switched_off():
    with HostileServer() as server:
        server.route("/robots.txt", respond("User-agent: *\nDisallow: /\n", "text/plain"))
        server.route("/news/1", respond(HTML, "text/html"))
        policy = FetchPolicy(allow_private_addresses=("127.0.0.1/32",), host_delay_seconds=0, respect_robots=False)
        [outcome] = pipeline.fetch_pages(policy, [entry(server.url("/news/1"))])
    assert isinstance(outcome, Page) and server.hits("/robots.txt") == []


def test_non_html_pages_are_rejected_and_mislabelled_html_accepted():
    with HostileServer() as server:
        server.route("/pdf", respond(b"%PDF-1.4", "application/pdf"))
        server.route("/plain-html", respond(HTML, "text/plain"))
        server.route("/untyped", respond(HTML, ""))
        outcomes = pipeline.fetch_pages(POLICY, [entry(server.url(p)) for p in ("/pdf", "/plain-html", "/untyped")])
    assert isinstance(outcomes[0], Rejected) and outcomes[0].reason == "not_html"
    assert isinstance(outcomes[1], Page) and isinstance(outcomes[2], Page)


def test_a_page_that_crashes_is_one_rejection_not_a_failed_batch(monkeypatch):
    real_fetch_page = pipeline.fetch_page

    def fetch_page_with_a_bug(fetcher, page_entry, robots):
        if page_entry.url.endswith("/bug"):
            raise KeyError("a bug we did not foresee")
        return real_fetch_page(fetcher, page_entry, robots)

    monkeypatch.setattr(pipeline, "fetch_page", fetch_page_with_a_bug)
    with HostileServer() as server:
        server.route("/ok", respond(HTML, "text/html"))
        outcomes = pipeline.fetch_pages(POLICY, [entry(server.url("/bug")), entry(server.url("/ok"))])
    assert isinstance(outcomes[0], Rejected) and outcomes[0].reason == "internal_error" and outcomes[0].transient
    assert isinstance(outcomes[1], Page)


TEXT = "Größe – “quoted” café"


@pytest.mark.parametrize("body, content_type, expected_source", [
    (TEXT.encode("cp1252"), "text/html; charset=windows-1252", "header"),
    (TEXT.encode("cp1252"), "text/html; charset=ISO-8859-1", "header"),  # read as its superset, windows-1252
    (b'<?xml version="1.0" encoding="iso-8859-1"?><html>' + TEXT.encode("cp1252"), "text/html", "xml-declaration"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "text/html", "bom"),
    (b"\xff\xfe" + TEXT.encode("utf-16-le"), "text/html", "bom"),
    (b'<meta charset="windows-1252">' + TEXT.encode("cp1252"), "text/html", "meta"),
    (b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">' + TEXT.encode("utf-8"), "", "meta"),
    (TEXT.encode("utf-8"), "text/html; charset=utf-8", "header"),
    (TEXT.encode("utf-8"), "text/html", "fallback"),
    (TEXT.encode("cp1252"), "text/html", "fallback"),
])
def test_charsets_come_from_header_declaration_bom_or_meta(body, content_type, expected_source):
    text, _, source = decode_page(body, content_type)
    assert TEXT in text and source == expected_source


def test_the_header_wins_over_meta_and_a_wrong_one_gives_way():
    body = b'<meta charset="windows-1252">' + TEXT.encode("utf-8")
    assert decode_page(body, "text/html; charset=utf-8")[2] == "header"
    # The header says UTF-8 but the bytes are not: the next source (meta) decides.
    text, charset, source = decode_page(b'<meta charset="windows-1252">' + TEXT.encode("cp1252"), "text/html; charset=utf-8")
    assert TEXT in text and (charset, source) == ("windows-1252", "meta")
    assert decode_page(b"abc", "text/html; charset=no-such-charset")[2] == "fallback"


@pytest.mark.parametrize("asked, kept", [(2, 2.0), (3600, 30.0)])
def test_a_crawl_delay_in_robots_txt_spaces_requests_to_that_server(asked, kept):
    """The limiter's sleeps are recorded instead of slept: the delays asked for are observed
    without the test waiting for them. A Crawl-delay is capped so one site cannot stall a night."""
    waits: list[float] = []
    with HostileServer() as slow, HostileServer() as other:
        slow.route("/robots.txt", respond(f"User-agent: *\nCrawl-delay: {asked}\n", "text/plain"))
        other.route("/robots.txt", status(404))
        for server in (slow, other):
            for n in (1, 2, 3):
                server.route(f"/news/{n}", respond(HTML, "text/html"))
        with Fetcher(POLICY, limiter=HostLimiter(2, 0.0, sleep=waits.append)) as fetcher:
            robots = RobotsCache(fetcher)
            for n in (1, 2, 3):
                assert isinstance(fetch_page(fetcher, entry(other.url(f"/news/{n}")), robots), Page)
            assert waits == []  # no Crawl-delay there
            for n in (1, 2, 3):
                assert isinstance(fetch_page(fetcher, entry(slow.url(f"/news/{n}")), robots), Page)
    assert len(waits) == 2
    assert kept - 0.5 < waits[0] <= kept and 2 * kept - 0.5 < waits[1] <= 2 * kept
