"""The trend views on a hand-built warehouse (tests/warehouse_fixture.py) with answers known by hand."""

from __future__ import annotations

from datetime import date

import pytest

from tests.warehouse_fixture import build_warehouse
from warehouse.db import open_warehouse

D = date.fromisoformat


@pytest.fixture()
def con(tmp_path):
    build_warehouse(tmp_path / "w.duckdb")
    with open_warehouse(tmp_path / "w.duckdb") as connection:
        yield connection


def rows(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


def test_every_view_says_which_question_it_answers(con):
    views = rows(con, "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal")
    assert len(views) >= 12
    assert all(comment and "?" in comment for _, comment in views), views
    bare = rows(con, "SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal AND comment IS NULL")
    assert bare == []


def test_each_article_counts_once_by_its_latest_pass(con):
    current = rows(con, "SELECT article_id, claim_id, stance, matcher_version FROM current_claim_matches ORDER BY 1, 2")
    assert current == [
        ("a1", "c1", "supports", "m2"), ("a2", "c1", "supports", "m2"), ("a3", "c1", "denies", "m2"),
        ("a4", "c1", "denies", "m2"), ("a4", "c2", "supports", "m2"), ("a5", "c1", "denies", "m2"),
    ]
    assert rows(con, "SELECT count(*) FROM claim_matches") == [(12,)]


def test_days_use_utc_publication_date_else_fetch_date(con):
    days = dict(rows(con, "SELECT article_id, day FROM article_facts"))
    assert days == {"a1": D("2020-10-01"), "a2": D("2020-10-02"), "a3": D("2020-10-03"),
                    "a4": D("2020-10-20"), "a5": D("2020-10-21")}
    assert {a for (a,) in rows(con, "SELECT article_id FROM article_facts WHERE day_from_fetch")} == {"a3", "a5"}


def test_claim_activity_daily(con):
    assert rows(con, "SELECT day, articles, outlets, originals, copies, supports, denies "
                     "FROM claim_activity_daily WHERE claim_id = 'c1' ORDER BY day") == [
        (D("2020-10-01"), 1, 1, 1, 0, 1, 0),
        (D("2020-10-02"), 1, 1, 0, 1, 1, 0),
        (D("2020-10-03"), 1, 1, 1, 0, 0, 1),
        (D("2020-10-20"), 1, 1, 1, 0, 0, 1),
        (D("2020-10-21"), 1, 1, 1, 0, 0, 1),
    ]
    assert rows(con, "SELECT claim_id, day FROM claim_activity_daily WHERE claim_id = 'c2'") == [("c2", D("2020-10-20"))]


def test_claim_activity_weekly(con):
    assert rows(con, "SELECT week, articles, outlets, originals, copies, supports, denies "
                     "FROM claim_activity_weekly WHERE claim_id = 'c1' ORDER BY week") == [
        (D("2020-09-28"), 3, 2, 2, 1, 2, 1),
        (D("2020-10-19"), 2, 2, 2, 0, 0, 2),
    ]


def test_actor_mentions_daily_ignores_superseded_mentions(con):
    assert rows(con, "SELECT actor_id, day, mentions, articles, outlets FROM actor_mentions_daily ORDER BY 1, 2") == [
        ("armenia", D("2020-10-20"), 1, 1, 1),
        ("azerbaijan", D("2020-10-01"), 1, 1, 1),
        ("turkey", D("2020-10-01"), 2, 1, 1),
        ("turkey", D("2020-10-02"), 1, 1, 1),
        ("turkey", D("2020-10-20"), 1, 1, 1),
    ]


def test_claim_timeline_with_quiet_gap_and_resurfacing(con):
    cursor = con.execute("SELECT * FROM claim_timeline WHERE claim_id = 'c1'")
    row = dict(zip([d[0] for d in cursor.description], cursor.fetchone()))
    assert row == {
        "claim_id": "c1", "statement": "Claim one, second wording.",
        "first_seen": D("2020-10-01"), "last_seen": D("2020-10-21"), "active_days": 5,
        "articles": 5, "originals": 4, "supports": 2, "denies": 3,
        "outlets": 3, "outlet_names": ["A", "B", "C"], "languages": ["en", "ru"],
        "quiet_gaps": 1, "longest_quiet_days": 16, "last_resurfaced_on": D("2020-10-20"),
    }
    assert rows(con, "SELECT * FROM claim_quiet_gaps") == [("c1", D("2020-10-03"), D("2020-10-20"), 16)]
    assert rows(con, "SELECT quiet_gaps, longest_quiet_days, last_resurfaced_on FROM claim_timeline "
                     "WHERE claim_id = 'c2'") == [(0, 0, None)]


def test_actor_cooccurrence_both_directions(con):
    assert rows(con, "SELECT actor_id, with_actor_id, articles, outlets, first_seen, last_seen "
                     "FROM actor_cooccurrence ORDER BY 1, 2") == [
        ("armenia", "turkey", 1, 1, D("2020-10-20"), D("2020-10-20")),
        ("azerbaijan", "turkey", 1, 1, D("2020-10-01"), D("2020-10-01")),
        ("turkey", "armenia", 1, 1, D("2020-10-20"), D("2020-10-20")),
        ("turkey", "azerbaijan", 1, 1, D("2020-10-01"), D("2020-10-01")),
    ]


def test_stance_shifts_by_week_and_by_outlet(con):
    assert rows(con, "SELECT * FROM stance_shifts") == [
        ("c1", D("2020-10-19"), D("2020-09-28"), "supports", "denies", 0, 2),
    ]
    assert rows(con, "SELECT * FROM outlet_stance_shifts") == [
        ("c1", "A", D("2020-10-01"), "supports", D("2020-10-03"), "denies", "a1", "a3"),
    ]


def test_new_matches_since_a_run(con):
    firsts = rows(con, "SELECT article_id, claim_id, first_run_id FROM new_matches ORDER BY 1, 2")
    assert firsts == [("a1", "c1", "r1"), ("a2", "c1", "r1"), ("a3", "c1", "r1"),
                      ("a4", "c1", "r1"), ("a4", "c2", "r2"), ("a5", "c1", "r1")]
    assert rows(con, "SELECT article_id, claim_id FROM new_matches_since('r2')") == [("a4", "c2")]
    assert len(rows(con, "SELECT * FROM new_matches_since('r1')")) == 6
    assert rows(con, "SELECT * FROM new_matches_since('no-such-run')") == []


def test_feed_status(con):
    assert rows(con, "SELECT feed_id, state, entries, articles, rejected, failing_entries, reject_reasons "
                     "FROM feed_status ORDER BY feed_id") == [
        ("feed-a", "ok", 4, 1, 2, 1, {"fetch_failed": 1, "too_short": 2}),
        ("feed-b", "failing", 0, 0, 0, 0, None),
        ("feed-c", "never fetched", 0, 0, 0, 0, None),
    ]


def test_run_stage_times(con):
    assert rows(con, "SELECT run_id, stage, seconds FROM run_stage_times ORDER BY 1, 2") == [
        ("r1", "fetch_feeds", 1.5), ("r1", "store", 0.25),
    ]


def test_going_back_to_an_older_matcher_makes_its_rows_current_again(con):
    from datetime import datetime, timezone

    from warehouse import store

    later = datetime(2020, 12, 1, tzinfo=timezone.utc)
    store.store_match_passes(con, [{"article_id": "a1", "matcher_version": "m1", "catalogue_version": "cat1",
                                    "matched_at": later, "run_id": "r3"}])
    assert rows(con, "SELECT claim_id FROM current_claim_matches WHERE article_id = 'a1' ORDER BY 1") == [("c1",), ("c2",)]


def test_the_readme_documents_every_view(con):
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Querying the warehouse"):]
    names = [v for (v,) in rows(con, "SELECT view_name FROM duckdb_views() WHERE NOT internal")]
    names += [m for (m,) in rows(con, "SELECT DISTINCT function_name FROM duckdb_functions() "
                                      "WHERE function_type = 'table_macro' AND NOT internal")]
    missing = [name for name in names if f"`{name}" not in section]
    assert missing == []
    assert "new_matches_since" in names
