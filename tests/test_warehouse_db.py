import subprocess
import sys
import textwrap
import time

import duckdb
import pytest

from warehouse import store
from warehouse.db import WarehouseLocked, available_migrations, connect, migrate, open_warehouse, schema_version


def test_migrations_are_numbered_and_applied_once(db_path):
    numbers = [n for n, _, _ in available_migrations()]
    assert numbers == sorted(numbers) and numbers[0] == 1 and len(set(numbers)) == len(numbers)
    with open_warehouse(db_path) as con:
        assert schema_version(con) == numbers[-1]
        assert migrate(con) == []
        applied = con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert applied == len(numbers)


def test_every_table_and_column_is_commented(db_path):
    with open_warehouse(db_path) as con:
        bare_tables = con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE comment IS NULL AND table_name <> 'schema_migrations'"
        ).fetchall()
    assert bare_tables == []


def test_feed_upsert_updates_url_and_keeps_one_health_row(db_path):
    with open_warehouse(db_path) as con:
        store.upsert_feeds(con, [{"feed_id": "a", "url": "https://x.org/f"}])
        store.upsert_feeds(con, [{"feed_id": "a", "url": "https://x.org/g"}])
        assert con.execute("SELECT feed_id, url FROM feeds").fetchall() == [("a", "https://x.org/g")]
        assert con.execute("SELECT count(*) FROM feed_health").fetchone()[0] == 1


def test_insert_rows_skips_existing_keys(db_path):
    from datetime import datetime, timezone

    row = {"run_id": "r1", "started_at": datetime.now(timezone.utc), "status": "running"}
    with open_warehouse(db_path) as con:
        assert store.insert_rows(con, "runs", [row]) == 1
        assert store.insert_rows(con, "runs", [row, {**row, "run_id": "r2"}]) == 1
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 2


def test_a_held_lock_makes_the_writer_wait_then_fail_clearly(db_path):
    with open_warehouse(db_path):
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(db_path)!r})
            print("holding", flush=True)
            time.sleep(30)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        with pytest.raises(WarehouseLocked) as caught:
            connect(db_path, wait_seconds=1.5)
        assert time.monotonic() - started >= 1.4
        message = str(caught.value)
        assert f"process {holder.pid}" in message and "read-only" in message
    finally:
        holder.kill()
        holder.wait()
    connect(db_path, wait_seconds=5).close()


def test_non_lock_errors_are_not_retried(tmp_path):
    bad = tmp_path / "not-a-db.duckdb"
    bad.write_bytes(b"this is not a duckdb file at all" * 100)
    started = time.monotonic()
    with pytest.raises(duckdb.Error):
        connect(bad, wait_seconds=10)
    assert time.monotonic() - started < 5
