"""Extraction in worker processes: the same outcome as in the flow process, from another process,
and the page stage that feeds the pool while it fetches."""

from __future__ import annotations

import os
import threading
from concurrent.futures.process import BrokenProcessPool
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from extractors.articles import extract_article
from extractors.http import FetchPolicy, Fetcher
from extractors.models import Article, Catalogue, FeedEntry, Rejected
from extractors.matcher import Matcher
from flows import pipeline
from flows.extract_pool import ExtractPool, InlineExtractor, MatcherSpec, PageOutcome
from flows.page_stage import fetch_and_extract_task

PARAGRAPH = "Officials in Baku said on Tuesday that the talks would resume next week in Geneva. " * 6
PAGE = f"<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"
EMPTY = Catalogue(actors=(), claims=(), version="test")
SPEC = MatcherSpec(EMPTY, semantic=False, version=Matcher(EMPTY, semantic=False).version)


def entry(n: int, feed: str = "f") -> FeedEntry:
    return FeedEntry(feed_name=feed, key=f"k{n}", url=f"http://127.0.0.1/a{n}")


@pytest.fixture(scope="module")
def pool():
    with ExtractPool(SPEC, workers=2) as running:
        yield running


def test_pool_extracts_like_the_flow_process_in_another_process(pool):
    got = pool.submit(PAGE.encode(), "http://127.0.0.1/a1", entry(1)).result(timeout=120)
    expected = extract_article(PAGE.encode(), "http://127.0.0.1/a1", entry(1))
    assert isinstance(got, PageOutcome) and isinstance(got.outcome, Article)
    assert got.outcome == expected
    assert got.match is not None and got.extract_seconds > 0


def test_pool_returns_rejections_without_matching(pool):
    got = pool.submit(b"<html><body><p>Too short.</p></body></html>", "http://127.0.0.1/a2", entry(2)).result(timeout=120)
    assert isinstance(got.outcome, Rejected) and got.outcome.reason == "too_short" and got.match is None


def test_a_worker_whose_matcher_differs_from_the_run_s_refuses_to_start():
    with ExtractPool(MatcherSpec(EMPTY, semantic=False, version="semantic-1+other"), workers=1) as pool:
        with pytest.raises(BrokenProcessPool):
            pool.submit(PAGE, "http://127.0.0.1/a1", entry(1)).result(timeout=120)


def test_a_matcher_failure_rejects_that_article_only(monkeypatch):
    from extractors.matcher import Matcher

    def broken(self, *args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(Matcher, "match", broken)
    got = InlineExtractor(SPEC).submit(PAGE, "http://127.0.0.1/a1", entry(1)).result()
    assert isinstance(got.outcome, Rejected) and got.outcome.reason == "match_failed" and got.outcome.transient


def test_workers_are_other_processes(pool):
    pids = {pool._executor.submit(os.getpid).result(timeout=120) for _ in range(8)}
    assert os.getpid() not in pids


def test_interleave_feeds_alternates_between_feeds():
    entries = [entry(1, "a"), entry(2, "a"), entry(3, "a"), entry(4, "b"), entry(5, "c")]
    assert [e.key for e in pipeline.interleave_feeds(entries)] == ["k1", "k4", "k5", "k2", "k3"]


class _Site(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        status, body = (200, PAGE.encode()) if self.path.startswith("/ok") else (404, b"gone")
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_page_task_keeps_entry_order_and_turns_failures_into_rejections(pool):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    entries = [FeedEntry("f", f"k{i}", f"{base}/{'ok' if i % 3 else 'missing'}/{i}") for i in range(7)]
    policy = FetchPolicy(allow_private_addresses=("127.0.0.1/32",), host_delay_seconds=0.0, respect_robots=False)
    try:
        with pipeline.run_fetcher(policy, "test-run") as fetcher:
            outcomes, seconds = fetch_and_extract_task.fn(policy, entries, "test-run", fetcher, pool, 3)
    finally:
        server.shutdown()
    assert [o.outcome.entry_key for o in outcomes] == [e.key for e in entries]
    kinds = [type(o.outcome).__name__ for o in outcomes]
    assert kinds == ["Rejected", "Article", "Article", "Rejected", "Article", "Article", "Rejected"]
    assert outcomes[0].outcome.reason == "fetch_failed" and outcomes[0].match is None and seconds > 0
    assert all(o.match is not None for o in outcomes if isinstance(o.outcome, Article))


def test_inline_extractor_gives_the_pool_s_outcome(pool):
    inline = InlineExtractor(SPEC).submit(PAGE, "http://127.0.0.1/a1", entry(1)).result()
    pooled = pool.submit(PAGE, "http://127.0.0.1/a1", entry(1)).result(timeout=120)
    assert inline.outcome == pooled.outcome and inline.match == pooled.match
