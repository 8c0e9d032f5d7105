"""Every real-world and test-suite feed of the shared corpus, served from loopback with its
recorded HTTP headers, goes through fetch_feed without a crash and yields the entry count of
/work/shared/corpus/feeds/index.jsonl."""

from __future__ import annotations

import json

import pytest

from extractors.feeds import fetch_feed_document
from extractors.http import Fetcher, FetchPolicy
from extractors.models import Feed
from flows.pipeline import new_entries
from tests.hostile_server import HostileServer, respond

POLICY = FetchPolicy(allow_private_addresses=("127.0.0.1/32",), host_delay_seconds=0)
NOT_FEEDS = {"html", "unknown"}


@pytest.fixture(scope="module")
def corpus_fetches(shared_dir):
    root = shared_dir / "corpus" / "feeds"
    index = [json.loads(line) for line in (root / "index.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    results = {}
    with HostileServer() as server, Fetcher(POLICY) as fetcher:
        for row in index:
            headers = {"Content-Type": "application/xml", **(row.get("http_headers") or {})}
            if row.get("gzip"):
                headers["Content-Encoding"] = "gzip"
            content_type = headers.pop("Content-Type", None) or headers.pop("Content-type")
            url = server.route(f"/feeds/{row['file']}", respond((root / row["file"]).read_bytes(), content_type, headers=headers))
            results[row["file"]] = (row, *fetch_feed_document(fetcher, Feed(row["file"], url)))
    return results


def test_every_corpus_feed_is_fetched_without_a_crash_and_only_non_feeds_fail(corpus_fetches):
    assert len(corpus_fetches) >= 100
    failures = {name: fetch.error for name, (row, fetch, _) in corpus_fetches.items() if fetch.error}
    expected = {name for name, (row, _, _) in corpus_fetches.items() if row["kind"] in NOT_FEEDS}
    assert set(failures) == expected, failures
    assert all("not a feed" in error for error in failures.values())


def test_item_counts_match_the_index(corpus_fetches):
    wrong = {name: (parsed.items, row["expected_entries"])
             for name, (row, _, parsed) in corpus_fetches.items()
             if parsed is not None and parsed.items != row["expected_entries"]}
    assert wrong == {}
    total = sum(row["expected_entries"] for row, _, _ in corpus_fetches.values())
    parsed = sum(p.items for _, _, p in corpus_fetches.values() if p is not None)
    assert parsed == total


def test_entry_links_are_absolute_http_urls(corpus_fetches):
    for name, (row, fetch, _) in corpus_fetches.items():
        assert all(e.url.startswith(("http://", "https://")) for e in fetch.entries), name
    relative = [f for n, (row, f, _) in corpus_fetches.items() if "relative-links" in row["issues"] and f.entries]
    assert relative, "the corpus has feeds with relative links"


def test_dates_are_not_invented(corpus_fetches):
    for name, (row, fetch, parsed) in corpus_fetches.items():
        reference = row["feedparser"]
        if parsed is not None and reference["entries"] and reference["entries_without_date"] == reference["entries"]:
            assert all(e.published is None for e in fetch.entries), name


def test_duplicate_guids_become_one_entry(corpus_fetches):
    dup = [(row, fetch) for row, fetch, _ in corpus_fetches.values() if "dup-guid" in row["issues"] and fetch.entries]
    assert dup
    for row, fetch in dup:
        keys = [e.key for e in fetch.entries]
        fresh = new_entries([fetch], set())
        assert len(fresh) == len(set(keys)) < len(keys) or row["feedparser"]["duplicate_ids"] == 0


def test_json_feeds_are_read(corpus_fetches):
    json_feeds = [(row, parsed) for row, _, parsed in corpus_fetches.values() if row["kind"] == "jsonfeed"]
    assert json_feeds and all(parsed.format == "jsonfeed" and parsed.items == row["expected_entries"] for row, parsed in json_feeds)
