"""The whole nightly flow (Prefect test harness) over healthy and hostile feeds on loopback, twice:
the first run completes despite the hostile feeds and records them; the second run asks the
healthy feeds conditionally, parses nothing and fetches no page."""

from __future__ import annotations

import json

import duckdb
import pytest

from extractors.http import FetchPolicy
from extractors.models import Feed
from flows.config import Settings
from tests.hostile_server import HostileServer, conditional, gzip_bomb, redirect, respond, rss, status
from tests.test_dedupe import EDITED, WIRE
from tests.test_fetch_pipeline import health

pytestmark = pytest.mark.slow

POLICY = FetchPolicy(allow_private_addresses=("127.0.0.1/32",), host_delay_seconds=0, read_timeout=2, total_timeout=5,
                     max_body_bytes=256 * 1024, max_decoded_bytes=1024 * 1024)


def wire_page(title: str, text: str, outlet: str) -> str:
    paragraphs = "".join(f"<p>{p.strip()}</p>" for p in text.split(". "))
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:site_name' content='{outlet}'></head><body><article><h1>{title}</h1>{paragraphs}"
            f"</article></body></html>")


@pytest.fixture(scope="module")
def two_runs(prefect_harness, tmp_path_factory):
    from flows.nightly import run_nightly

    db = tmp_path_factory.mktemp("nightly") / "w.duckdb"
    with HostileServer() as site:
        site.route("/wire/water", respond(wire_page("Water deal signed", WIRE, "Wire Service"), "text/html"))
        site.route("/daily/water", respond(wire_page("Valley gets water", EDITED, "Daily Valley"), "text/html"))
        feeds = (
            Feed("wire", site.route("/wire.xml", conditional(rss(site.url("/wire/water"), title="Wire"))), "en"),
            Feed("daily", site.route("/daily.xml", conditional(rss(site.url("/daily/water") + "?utm_source=rss"),
                                                                  etag='"d1"', last_modified=None)), "en"),
            Feed("broken", site.route("/broken.xml", status(500)), "en"),
            Feed("loop", site.route("/loop.xml", redirect("/loop.xml")), "en"),
            Feed("bomb", site.route("/bomb.xml", gzip_bomb(16)), "en"),
            Feed("moved", site.route("/moved.xml", respond('<html><head><link rel="alternate" type="application/atom+xml" '
                                                           'href="/new.atom"></head></html>', "text/html")), "en"),
        )
        settings = Settings(warehouse_path=db, feeds=feeds, fetch=POLICY, lock_wait_seconds=30)
        first = run_nightly(settings, trigger="test")
        first_requests = list(site.requests)
        site.requests.clear()
        second = run_nightly(settings, trigger="test")
        second_requests = list(site.requests)
    return db, (first, first_requests), (second, second_requests)


def test_the_first_run_completes_and_records_each_failure(two_runs):
    db, (first, _), _ = two_runs
    assert first.counts["feeds_due"] == 6 and first.counts["feeds_failed"] == 4
    rows = health(db)
    assert rows["broken"]["last_error"] == "HTTP 500" and rows["broken"]["last_error_kind"] == "transient"
    assert "redirect loop" in rows["loop"]["last_error"]
    assert "decoded body exceeds" in rows["bomb"]["last_error"]
    assert rows["moved"]["advertised_feed_url"].endswith("/new.atom")
    with duckdb.connect(str(db), read_only=True) as con:
        status_, counts = con.execute("SELECT status, stage_counts FROM runs ORDER BY started_at LIMIT 1").fetchone()
        copies = con.execute("SELECT c.duplicate_kind, o.outlet <> c.outlet FROM articles c "
                             "JOIN articles o ON o.article_id = c.duplicate_of").fetchall()
        originals = con.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NULL").fetchone()[0]
    assert status_ == "completed" and json.loads(counts)["near_duplicates"] == 1
    # Both copies carry the same date, so either may be the original; one points to the other.
    assert copies == [("near", True)] and originals == 1


def test_the_second_run_is_conditional_parses_nothing_and_fetches_no_page(two_runs):
    _, _, (second, requests) = two_runs
    print(f"second run: {len(requests)} requests, "
          f"{sum(1 for _, h in requests if 'If-None-Match' in h or 'If-Modified-Since' in h)} conditional, "
          f"counts {second.counts}")
    assert sorted(path for path, _ in requests) == ["/daily.xml", "/wire.xml"]  # failed feeds are backing off
    assert all("If-None-Match" in headers for _, headers in requests)
    assert second.counts["feeds_not_modified"] == 2 and second.counts["feeds_parsed"] == 0
    assert second.counts["new_entries"] == 0 and second.counts["articles"] == 0
