"""The whole nightly flow under Prefect's test harness, against the demo site on loopback,
into a temporary DuckDB file; then again, to prove a re-run adds nothing."""

from __future__ import annotations

import json

import duckdb
import pytest

from flows.config import Settings
from flows.demo import demo_settings
from flows.demo_server import serve_demo_site

pytestmark = pytest.mark.slow

TABLES = ["articles", "entries", "actor_mentions", "claim_matches", "alerts", "alert_deliveries", "actors", "claims"]


def counts(path) -> dict:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture(scope="module")
def two_demo_runs(prefect_harness, tmp_path_factory):
    from flows.nightly import run_nightly

    out = tmp_path_factory.mktemp("demo")
    db = out / "demo.duckdb"
    runs = []
    # Both sites are up at once, so the second run is served from another port, as when a user
    # runs the demo twice: an article's identity must not depend on it.
    with serve_demo_site() as first_site, serve_demo_site() as second_site:
        for site in (first_site, second_site):
            settings = demo_settings(Settings(), site.feed_urls(), db, out)
            runs.append((site.base_url, run_nightly(settings, trigger="test", force_all_feeds=True), counts(db)))
    return out, db, runs


def test_first_run_stores_articles_matches_and_alerts(two_demo_runs):
    out, db, runs = two_demo_runs
    _, summary, first = runs[0]
    assert first["articles"] >= 8
    assert first["claim_matches"] >= 3
    assert first["alerts"] == first["claim_matches"]
    with duckdb.connect(str(db), read_only=True) as con:
        stances = {s for (s,) in con.execute("SELECT DISTINCT stance FROM claim_matches").fetchall()}
        off_topic = con.execute(
            "SELECT count(*) FROM claim_matches m JOIN articles a USING (article_id) WHERE a.title LIKE '%chess%'"
        ).fetchone()[0]
        outlets = {o for (o,) in con.execute("SELECT DISTINCT outlet FROM articles").fetchall()}
        run = con.execute("SELECT status, stage_counts FROM runs ORDER BY started_at LIMIT 1").fetchone()
    assert stances == {"supports", "denies"}
    assert off_topic == 0
    assert outlets == {"Caucasus Wire", "Eurasia Monitor", "Le Regard International"}
    assert run[0] == "completed" and json.loads(run[1])["articles"] == first["articles"]


def test_broken_feed_is_reported_and_recorded(two_demo_runs):
    _, db, runs = two_demo_runs
    broken = [f for f in runs[0][1].feeds if f.error]
    assert [f.feed.name for f in broken] == ["nightdesk"]
    with duckdb.connect(str(db), read_only=True) as con:
        error, score = con.execute(
            "SELECT last_error, failure_score FROM feed_health WHERE feed_id = 'nightdesk'"
        ).fetchone()
    assert "not a feed" in error and score > 0


def test_second_run_adds_no_rows_and_no_alerts(two_demo_runs):
    out, _, runs = two_demo_runs
    (first_url, _, first), (second_url, second_summary, second) = runs
    assert first_url != second_url
    assert second == first
    assert second_summary.counts["alerts"] == 0
    lines = (out / "alerts.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == first["alerts"]
    delivered = json.loads(lines[0])
    assert {"claim_id", "statement", "stance", "sentence", "evidence", "article"} <= delivered.keys()
    assert delivered["evidence"][0]["quote"]
