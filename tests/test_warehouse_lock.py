"""An analyst's process holding the DuckDB file while the nightly run wants to write it.

The holder is a real second process (as the duckdb CLI or a Python session would be). The run
is the real flow, against the demo site on loopback:
  * held before the run starts: the run waits its bounded time, fails with a message naming the
    holder and pointing to read-only connections and the Parquet export, and writes nothing;
  * held for a while mid-run: the run waits, then carries on and completes;
  * held mid-run for longer than the wait: the run fails having stored no entry, article or
    match (and no feed validator, so the next run fetches those entries again), and the next
    run stores everything.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
import time

import pytest

from flows.cli import main
from flows.config import load_settings
from tests.warehouse_runs import lexical_matching  # noqa: F401 (fixture)
from tests.warehouse_runs import HookedSite, run_statuses, snapshot, write_config
from warehouse.db import open_warehouse

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("lexical_matching")]

HOLDER = textwrap.dedent("""
    import duckdb, sys
    con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read-only")
    print("holding", flush=True)
    sys.stdin.readline()
""")


class Holder:
    """A process with the warehouse open until release()."""

    def __init__(self, db, mode: str = "read-write"):
        self.process = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), mode],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "holding"
        self.pid = self.process.pid

    def release(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.write("done\n")
            self.process.stdin.flush()
            self.process.wait(timeout=30)


@pytest.fixture()
def site():
    hooked = HookedSite()
    yield hooked
    hooked.close()


def stored(db) -> dict:
    with open_warehouse(db, read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                for t in ("entries", "articles", "claim_matches", "actor_mentions", "alerts")}


class Recorded(logging.Handler):
    """Messages of the named loggers, whatever handlers Prefect or the CLI install meanwhile."""

    def __init__(self, *names, on_message=None):
        super().__init__(logging.DEBUG)
        self.names, self.messages, self.on_message = names, [], on_message

    def emit(self, record):
        self.messages.append(record.getMessage())
        if self.on_message:
            self.on_message(record.getMessage())

    def __enter__(self):
        for name in self.names:
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc):
        for name in self.names:
            logging.getLogger(name).removeHandler(self)


@pytest.mark.parametrize("mode", ["read-write", "read-only"])
def test_a_run_waits_for_a_held_file_then_fails_clearly_and_writes_nothing(prefect_harness, tmp_path, site, mode):
    db = tmp_path / "w.duckdb"
    with open_warehouse(db):
        pass
    before = snapshot(db)
    config = write_config(tmp_path, site, db, [], lock_wait_seconds=2)
    holder = Holder(db, mode)
    try:
        with Recorded("warehouse.db", "claimwatch") as logged:
            code = main(["run", "--config", str(config), "--all-feeds"])
    finally:
        holder.release()
    assert code == 1
    assert any("is locked by another process; waiting up to 2s" in m for m in logged.messages)
    failure = next(m for m in logged.messages if m.startswith("run failed: "))
    assert f"held open by process {holder.pid}" in failure
    assert "read-only" in failure and "claimwatch export --parquet" in failure
    assert site.requests == []
    assert snapshot(db) == before and run_statuses(db) == []


def test_a_run_waits_while_the_file_is_held_mid_run_then_completes(prefect_harness, tmp_path, site):
    from flows.nightly import run_nightly

    db = tmp_path / "w.duckdb"
    config = write_config(tmp_path, site, db, [], lock_wait_seconds=120)
    holders = []

    def hold(path):
        if site.is_article(path) and not holders:
            holders.append(Holder(db))

    def release_once_the_run_waits(message):
        if "is locked by another process; waiting" in message:
            for holder in holders:
                holder.release()

    site.on_request = hold
    try:
        with Recorded("warehouse.db", on_message=release_once_the_run_waits) as logged:
            summary = run_nightly(load_settings(config), trigger="test", force_all_feeds=True)
    finally:
        site.on_request = None
        for holder in holders:
            holder.release()
    assert holders, "the run never fetched an article page"
    assert any("is locked by another process; waiting" in m for m in logged.messages)
    assert run_statuses(db)[-1] in ("completed", "partial")
    assert stored(db)["articles"] == summary.counts["articles"] > 0


def test_a_run_that_cannot_get_the_file_back_mid_run_leaves_no_partial_state(prefect_harness, tmp_path, site):
    from flows.nightly import run_nightly
    from warehouse.db import WarehouseLocked

    db = tmp_path / "w.duckdb"
    # The failed run cannot even release its run lock; the next night's run (another process)
    # takes it over as its holder is gone. In this one process, staleness stands in for that.
    config = write_config(tmp_path, site, db, [], lock_wait_seconds=2,
                          extra="[schedule]\nlock_stale_after_seconds = 1\n")
    holders = []

    def hold(path):
        if site.is_article(path) and not holders:
            holders.append(Holder(db))

    site.on_request = hold
    try:
        with pytest.raises(WarehouseLocked):
            run_nightly(load_settings(config), trigger="test", force_all_feeds=True)
    finally:
        site.on_request = None
        for holder in holders:
            holder.release()
    assert holders, "the run never fetched an article page"
    assert stored(db) == {"entries": 0, "articles": 0, "claim_matches": 0, "actor_mentions": 0, "alerts": 0}
    with open_warehouse(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM feed_health WHERE etag IS NOT NULL OR body_hash IS NOT NULL "
                           "OR last_modified IS NOT NULL").fetchall() == [(0,)]

    time.sleep(1.5)
    summary = run_nightly(load_settings(config), trigger="test", force_all_feeds=True)
    assert stored(db)["articles"] == summary.counts["articles"] > 0
    assert stored(db)["entries"] > 0
