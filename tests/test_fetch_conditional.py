"""A second run over unchanged feeds makes only conditional requests (or finds the same body
hash) and parses nothing, fetches no page, and stores nothing new."""

from __future__ import annotations

import duckdb

from extractors import feeds as feeds_module
from extractors.models import Feed
from tests.hostile_server import HostileServer, conditional, respond, rss
from tests.test_fetch_pipeline import article_page, health, run_fetch_stages


def test_second_run_over_unchanged_feeds_is_conditional_and_parses_nothing(db_path, monkeypatch):
    parsed = []
    real_read_feed = feeds_module.read_feed
    monkeypatch.setattr(feeds_module, "read_feed", lambda *a, **k: parsed.append(a[1].name) or real_read_feed(*a, **k))
    with HostileServer() as site:
        for i in range(3):
            site.route(f"/a/{i}", respond(article_page(f"Story {i}"), "text/html"))
        feeds = [
            Feed("etag", site.route("/etag.xml", conditional(rss(site.url("/a/0")), last_modified=None))),
            Feed("last-modified", site.route("/lm.xml", conditional(rss(site.url("/a/1")), etag=None))),
            Feed("no-validators", site.route("/plain.xml", respond(rss(site.url("/a/2"))))),
        ]
        run_fetch_stages(db_path, feeds, run_id="run-1")
        first_parses, first_requests = list(parsed), len(site.requests)
        parsed.clear()
        site.requests.clear()
        fetches, plan, outcomes = run_fetch_stages(db_path, feeds, run_id="run-2")
        second = list(site.requests)
    assert sorted(first_parses) == ["etag", "last-modified", "no-validators"] and first_requests == 3 + 3 + 1  # feeds, pages, robots.txt
    assert parsed == []
    assert sorted(path for path, _ in second) == ["/etag.xml", "/lm.xml", "/plain.xml"]
    headers = {path: h for path, h in second}
    assert headers["/etag.xml"]["If-None-Match"] == '"v1"'
    assert headers["/lm.xml"]["If-Modified-Since"] == "Wed, 21 Oct 2020 07:28:00 GMT"
    assert {f.feed.name: (f.status, f.not_modified, len(f.entries)) for f in fetches} == {
        "etag": (304, True, 0), "last-modified": (304, True, 0), "no-validators": (200, True, 0)}
    assert plan.to_fetch == [] and outcomes == []
    rows = health(db_path)
    assert {name: rows[name]["last_outcome"] for name in rows} == {
        "etag": "not_modified", "last-modified": "not_modified", "no-validators": "unchanged"}
    assert rows["etag"]["etag"] == '"v1"' and rows["last-modified"]["last_modified"].startswith("Wed, 21 Oct 2020")
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
