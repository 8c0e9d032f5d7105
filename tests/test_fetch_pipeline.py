"""A run's fetching stages (pipeline functions, real DuckDB file) against a loopback server that
misbehaves in every way at once: each feed gets the right error in feed_health, the healthy feed
still gets its articles, and the run completes."""

from __future__ import annotations

from datetime import timedelta

import duckdb
import pytest

from extractors.catalogue import load_catalogue
from extractors.http import FetchPolicy
from extractors.models import Feed
from flows import pipeline
from flows.config import default_catalogue_path
from tests.hostile_server import (
    BILLION_LAUGHS, HostileServer, conditional, endless, gzip_bomb, redirect, respond, rss, stall_mid_body, status,
    truncated,
)

POLICY = FetchPolicy(
    allow_private_addresses=("127.0.0.1/32",), host_delay_seconds=0, connect_timeout=2, read_timeout=1,
    total_timeout=4, max_body_bytes=256 * 1024, max_decoded_bytes=1024 * 1024, max_retry_after_seconds=3600,
    concurrency=6,
)
PARAGRAPH = ("The regional council met on Tuesday to discuss the new water agreement, which officials said "
             "would guarantee supplies to farms along the river for the next decade. ")


def article_page(title: str, words: str = "") -> str:
    body = "".join(f"<p>{PARAGRAPH}{words} Paragraph {i} adds detail about {title.lower()}.</p>" for i in range(6))
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article><footer>(c) Site</footer></body></html>")


XXE = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/hostname"><!ENTITY remote SYSTEM "{url}">]>
<rss version="2.0"><channel><title>XXE</title>
<item><title>leak &secret; &remote;</title><link>{link}</link><guid>xxe-1</guid></item></channel></rss>"""


def catalogue():
    return load_catalogue(default_catalogue_path())


def run_fetch_stages(db_path, feeds: list[Feed], policy: FetchPolicy = POLICY, run_id: str = "run-1", force: bool = True):
    """The nightly run's stages up to storing, without matching (no claims are needed here)."""
    ctx = pipeline.RunContext(run_id, str(db_path), 5)
    pipeline.prepare_warehouse(ctx, catalogue(), tuple(feeds), "test", None, "test-matcher")
    due = pipeline.feeds_due(tuple(feeds), ctx.health, pipeline.now_utc(), force)
    fetches = pipeline.fetch_feeds(policy, due)
    pipeline.record_feed_fetches(ctx, fetches, pipeline.now_utc())
    plan = pipeline.plan_pages(ctx, pipeline.unseen_entries(ctx, fetches))
    fetched = pipeline.extract_pages(pipeline.fetch_pages(policy, plan.to_fetch))
    outcomes = pipeline.expand_outcomes(plan, fetched)
    articles, copies = pipeline.find_duplicates(ctx, [o for o in fetched if hasattr(o, "article_id")])
    pipeline.store_results(ctx, outcomes=outcomes, articles=articles, duplicate_of=copies, results={},
                           catalogue=catalogue(), matcher_version="test-matcher", channels=[], alert_payloads={},
                           entry_links={k: e.url for k, e in plan.entries.items()})
    return fetches, plan, outcomes


def health(db_path) -> dict[str, dict]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        cursor = con.execute("SELECT * FROM feed_health")
        names = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(names, row)) for row in cursor.fetchall()}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    db = tmp_path_factory.mktemp("hostile") / "w.duckdb"
    # The 429 comes from a server of its own: Retry-After pauses every request to its server.
    with HostileServer("127.0.0.2") as forbidden, HostileServer() as site, HostileServer() as limited:
        forbidden.route("/secret", respond("internal", "text/plain"))
        site.route("/a/1", respond(article_page("Water agreement signed"), "text/html; charset=utf-8"))
        site.route("/a/2", respond(article_page("Council approves budget", "Budget lines were debated."), "text/html"))
        site.route("/a/pdf", respond(b"%PDF-1.4 binary", "application/pdf"))
        routes = {
            "good": respond(rss(site.url("/a/1"), site.url("/a/2") + "?utm_source=rss", site.url("/a/pdf"))),
            "server-error": status(500),
            "stall": stall_mid_body(b"<?xml version='1.0'?><rss><channel>", declared=100_000),
            "truncated": truncated(b"<?xml version='1.0'?><rss><channel><title>cut", declared=9000),
            "redirect-loop": redirect("/feeds/redirect-loop-b"),
            "redirect-loop-b": redirect("/feeds/redirect-loop"),
            "redirect-private": redirect(forbidden.url("/secret")),
            "endless": endless(),
            "gzip-bomb": gzip_bomb(32),
            "html-page": respond('<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" '
                                 'href="/feeds/good"></head><body>Moved</body></html>', "text/html"),
            "wrong-type": respond(rss(site.url("/a/1")), "text/plain"),
            "binary": respond(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "image/png"),
            "billion-laughs": respond(BILLION_LAUGHS),
            "xxe": respond(XXE.format(url=site.url("/xxe-probe"), link=site.url("/a/1"))),
            "refused-links": respond(rss(forbidden.url("/secret"), "http://[::1]/x", "http://169.254.169.254/latest/meta-data/")),
        }
        feeds = []
        for name, route in routes.items():
            url = site.route(f"/feeds/{name}", route)
            if not name.endswith("-b"):
                feeds.append(Feed(name, url, "en"))
        feeds.append(Feed("rate-limited", limited.route("/feed", status(429, {"Retry-After": "7200"})), "en"))
        fetches, plan, outcomes = run_fetch_stages(db, feeds)
        yield db, {f.feed.name: f for f in fetches}, outcomes, site, forbidden


def test_every_feed_gets_the_right_error_and_the_run_completes(hostile_run):
    db, fetches, _, _, _ = hostile_run
    rows = health(db)
    expected = {
        "server-error": ("transient", "HTTP 500", 0.5),
        "stall": ("transient", "timed out", 0.25),
        "truncated": ("transient", "broke off", 0.25),
        "rate-limited": ("transient", "HTTP 429, Retry-After 3600s", 0.25),
        "redirect-loop": ("permanent", "redirect loop", 1.0),
        "redirect-private": ("permanent", "127.0.0.2, a non-public address", 1.0),
        "endless": ("permanent", "262144-byte cap", 1.0),
        "gzip-bomb": ("permanent", "decoded body exceeds the 1048576-byte cap", 1.0),
        "html-page": ("permanent", "not a feed: the server sent an HTML page", 1.0),
        "binary": ("permanent", "not a feed", 1.0),
    }
    for name, (kind, message, score) in expected.items():
        row = rows[name]
        assert row["last_error_kind"] == kind, (name, row["last_error"])
        assert message in row["last_error"], (name, row["last_error"])
        assert row["failure_score"] == score and row["last_outcome"] == "failed"
        assert row["next_due_at"] > row["last_attempt_at"]
    for name in ("good", "wrong-type", "billion-laughs", "xxe", "refused-links"):
        assert rows[name]["last_error"] is None and rows[name]["last_outcome"] == "parsed", name


def test_retry_after_sets_the_next_due_time(hostile_run):
    row = health(hostile_run[0])["rate-limited"]
    assert row["next_due_at"] - row["last_attempt_at"] >= timedelta(seconds=3599)


def test_an_html_page_at_a_feed_url_names_the_feed_it_advertises(hostile_run):
    db, _, _, site, _ = hostile_run
    row = health(db)["html-page"]
    assert row["advertised_feed_url"] == site.url("/feeds/good")
    assert site.url("/feeds/good") in row["last_error"]


def test_entity_tricks_expand_nothing_and_fetch_nothing(hostile_run):
    _, fetches, _, site, _ = hostile_run
    laughs = fetches["billion-laughs"].entries
    assert len(laughs) == 1 and len(laughs[0].title) < 100
    xxe = fetches["xxe"].entries
    assert len(xxe) == 1 and "localhost" not in xxe[0].title and len(xxe[0].title) < 100
    assert site.hits("/xxe-probe") == []


def test_the_healthy_feed_becomes_articles_and_bad_links_are_rejected_with_reasons(hostile_run):
    db, _, _, _, forbidden = hostile_run
    with duckdb.connect(str(db), read_only=True) as con:
        entries = {(f, k): (s, r) for f, k, s, r in con.execute(
            "SELECT feed_id, entry_key, status, reject_reason FROM entries").fetchall()}
        articles = con.execute("SELECT count(*), count(fingerprint) FROM articles").fetchone()
    assert entries[("good", "hostile-0")] == ("article", None)
    assert entries[("good", "hostile-1")] == ("article", None)
    assert entries[("good", "hostile-2")] == ("rejected", "not_html")
    assert {entries[("refused-links", f"hostile-{i}")] for i in range(3)} == {("rejected", "blocked_address")}
    assert articles == (2, 2)
    assert forbidden.requests == []


def test_the_same_page_from_several_feeds_is_fetched_once(hostile_run):
    db, _, _, site, _ = hostile_run
    assert len(site.hits("/a/1")) == 1  # listed by good, wrong-type and xxe
    with duckdb.connect(str(db), read_only=True) as con:
        linked = con.execute("SELECT count(DISTINCT feed_id), count(DISTINCT article_id) FROM entries "
                             "WHERE canonical_url LIKE '%/a/1'").fetchone()
    assert linked == (3, 1)


def test_a_failed_feed_backs_off_and_a_disabled_feed_is_retried_rarely(tmp_path):
    with HostileServer() as site:
        feed = Feed("gone", site.route("/feeds/gone", status(404)), "en")
        now = pipeline.now_utc()
        for run in range(5):
            run_fetch_stages(tmp_path / "w.duckdb", [feed], run_id=f"run-{run}")
        row = health(tmp_path / "w.duckdb")["gone"]
    assert row["failure_score"] == 5.0 and row["disabled"]
    assert row["next_due_at"] - row["last_attempt_at"] >= timedelta(days=7)
    assert pipeline.feeds_due((feed,), {"gone": row}, now + timedelta(days=1)) == []
