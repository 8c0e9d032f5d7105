"""The warehouse run lock: one run at a time, refused runs recorded, dead holders taken over."""

import subprocess
import sys
from datetime import datetime, timedelta, timezone

import duckdb
import pytest

from flows import run_lock
from warehouse import run_lock as lock_table
from warehouse.db import open_warehouse

HOUR = 3600.0


def holder(path):
    with open_warehouse(path) as con:
        return lock_table.read_lock(con, run_lock.LOCK_NAME)


def test_a_second_run_is_refused_and_recorded_until_the_first_releases(db_path):
    run_lock.acquire(db_path, 0, "run-1", "schedule", HOUR)
    with pytest.raises(run_lock.RunLocked, match="run-1"):
        run_lock.acquire(db_path, 0, "run-2", "manual", HOUR)
    with duckdb.connect(str(db_path), read_only=True) as con:
        status, trigger, error = con.execute("SELECT status, trigger, error FROM runs WHERE run_id = 'run-2'").fetchone()
    assert (status, trigger) == ("refused", "manual") and "run-1" in error
    run_lock.release(db_path, 0, "run-1")
    run_lock.acquire(db_path, 0, "run-2", "manual", HOUR)
    assert holder(db_path).run_id == "run-2"


def test_release_by_another_run_leaves_the_lock_alone(db_path):
    run_lock.acquire(db_path, 0, "run-1", "manual", HOUR)
    run_lock.release(db_path, 0, "run-2")
    assert holder(db_path).run_id == "run-1"


def test_a_lock_whose_process_is_gone_is_taken_over(db_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with open_warehouse(db_path) as con:
        lock_table.take_lock(con, run_lock.LOCK_NAME, "killed-run", f"{run_lock.holder_identity().rpartition(':')[0]}:{dead.pid}",
                             "schedule", datetime.now(timezone.utc))
    run_lock.acquire(db_path, 0, "run-2", "manual", HOUR)
    assert holder(db_path).run_id == "run-2"


def test_a_lock_not_renewed_for_too_long_is_taken_over_and_its_run_stops(db_path):
    long_ago = datetime.now(timezone.utc) - timedelta(hours=2)
    with open_warehouse(db_path) as con:
        lock_table.take_lock(con, run_lock.LOCK_NAME, "hung-run", "other-host:1", "schedule", long_ago)
    with pytest.raises(run_lock.RunLocked):
        run_lock.acquire(db_path, 0, "run-2", "manual", 3 * HOUR)
    run_lock.acquire(db_path, 0, "run-3", "manual", HOUR)
    assert holder(db_path).run_id == "run-3"
    with pytest.raises(run_lock.RunLocked, match="lost the run lock"):
        run_lock.renew(db_path, 0, "hung-run")


def test_renewing_moves_the_lock_forward(db_path):
    run_lock.acquire(db_path, 0, "run-1", "manual", HOUR)
    before = holder(db_path).renewed_at
    run_lock.renew(db_path, 0, "run-1")
    assert holder(db_path).renewed_at >= before
    assert not run_lock.is_stale(holder(db_path), datetime.now(timezone.utc), HOUR)
