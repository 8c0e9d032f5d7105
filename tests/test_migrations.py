"""Migrations: a file written by the first schema, with data in it, is upgraded in place to the
latest by the next run, keeps its rows, and shows them in the views; a failing migration leaves
the file at the version before it."""

from __future__ import annotations

from datetime import datetime, timezone

import duckdb
import pytest

from extractors.catalogue import load_catalogue
from extractors.models import Feed
from flows import pipeline
from flows.config import default_catalogue_path
from warehouse import db as warehouse_db
from warehouse.db import available_migrations, migrate, open_warehouse, schema_version

T0 = datetime(2020, 10, 1, 12, tzinfo=timezone.utc)
LATEST = available_migrations()[-1][0]


def write_version_1_file(path) -> None:
    """Rows as the first release wrote them, straight into the 0001 schema."""
    con = duckdb.connect(str(path))
    migrate(con, upto=1)
    assert schema_version(con) == 1
    con.execute("INSERT INTO runs (run_id, started_at, status, catalogue_version, matcher_version) "
                "VALUES ('old-run', ?, 'completed', 'cat0', 'm0')", [T0])
    con.execute("INSERT INTO articles VALUES ('art1', 'https://x.example/1', 'https://x.example/1', 'feed-x', 'X', "
                "'Old', ?, 'en', 'Turkey sent fighters.', 'h1', NULL, 'trafilatura-2', ?, 'old-run')", [T0, T0])
    con.execute("INSERT INTO articles VALUES ('art2', 'https://x.example/2', 'https://x.example/2', 'feed-x', 'X', "
                "'Nothing', ?, 'en', 'Weather.', 'h2', NULL, 'trafilatura-2', ?, 'old-run')", [T0, T0])
    con.execute("INSERT INTO claim_matches VALUES ('art1', 'c1', 'supports', 0.8, 'Turkey sent fighters.', 0, NULL, "
                "'m0', 'cat0', 'old-run', ?)", [T0])
    con.execute("INSERT INTO actor_mentions VALUES ('art1', 'turkey', 'Turkey', 0, 6, 'm0', 'cat0')")
    con.close()


def test_a_first_schema_file_is_upgraded_in_place_by_the_next_run(db_path):
    write_version_1_file(db_path)
    catalogue = load_catalogue(default_catalogue_path())
    ctx = pipeline.RunContext("new-run", str(db_path), lock_wait_seconds=5)
    pipeline.prepare_warehouse(ctx, catalogue, (Feed("feed-x", "https://x.example/rss"),), "test", None, "m1")
    with open_warehouse(db_path, read_only=True) as con:
        assert schema_version(con) == LATEST
        versions = [v for (v,) in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
        passes = con.execute("SELECT article_id, matcher_version, catalogue_version, run_id FROM match_passes "
                             "ORDER BY 1").fetchall()
        current = con.execute("SELECT article_id, claim_id, stance FROM current_claim_matches").fetchall()
        daily = con.execute("SELECT actor_id, day, mentions FROM actor_mentions_daily").fetchall()
        runs = con.execute("SELECT run_id, status FROM runs ORDER BY started_at").fetchall()
    assert versions == list(range(1, LATEST + 1))
    assert passes == [("art1", "m0", "cat0", "old-run"), ("art2", "m0", "cat0", "old-run")]
    assert current == [("art1", "c1", "supports")]
    assert daily == [("turkey", T0.date(), 1)]
    assert runs == [("old-run", "completed"), ("new-run", "running")]


def test_each_step_of_the_upgrade_keeps_the_rows(db_path):
    write_version_1_file(db_path)
    con = duckdb.connect(str(db_path))
    for number, _, _ in available_migrations()[1:]:
        assert migrate(con, upto=number) == [number]
        assert con.execute("SELECT count(*) FROM articles").fetchall() == [(2,)]
        assert con.execute("SELECT count(*) FROM claim_matches").fetchall() == [(1,)]
    con.close()


def test_a_failing_migration_is_rolled_back_whole(db_path, monkeypatch):
    with open_warehouse(db_path):
        pass
    broken = (LATEST + 1, "broken", "CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;")
    monkeypatch.setattr(warehouse_db, "available_migrations", lambda: [*available_migrations(), broken])
    con = duckdb.connect(str(db_path))
    with pytest.raises(duckdb.Error):
        warehouse_db.migrate(con)
    assert schema_version(con) == LATEST
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'half_done'").fetchall() == [(0,)]
    con.close()
