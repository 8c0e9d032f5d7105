"""Scale-out changes where tasks run, never what a run stores: the demo run on a real Dask cluster
(a LocalCluster of two worker processes, reached by its scheduler address as a remote cluster
would be) stores exactly the rows the default runner stores.

Floating-point scores are compared to 9 decimals: the embedding engine's dot products come out
a few units in the last place (1e-15) apart when a worker embeds sentences in other batches than
the flow process does; any real difference in matching is far larger."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import duckdb
import pytest

from flows.config import RunnerSettings, Settings
from flows.demo import demo_settings
from flows.demo_server import serve_demo_site

pytestmark = pytest.mark.slow

# Bookkeeping of the run itself, not what it found.
SKIPPED_TABLES = {"runs", "run_lock", "schema_migrations"}


def _comparable_columns(con, table: str) -> list[str]:
    """Every column but run identities and timestamps, which differ between any two runs."""
    rows = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [table]
    ).fetchall()
    return [name for name, kind in rows
            if name not in ("run_id", "flow_run_id") and not name.endswith("_at") and not kind.startswith("TIMESTAMP")]


def _normalised(value):
    """Floats rounded, also inside JSON text (alert payloads carry the score)."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, (list, tuple)):
        return type(value)(_normalised(v) for v in value)
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.dumps(_normalised(json.loads(value)), sort_keys=True)
        except ValueError:
            return value
    return value


def table_contents(path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()
                  if t not in SKIPPED_TABLES]
        return {t: sorted((_normalised(row) for row in
                           con.execute(f"SELECT {', '.join(_comparable_columns(con, t))} FROM {t}").fetchall()), key=repr)
                for t in tables}


def _matchers_on_workers(client) -> dict:
    """On each worker: its process id and the catalogue versions it built a matcher for."""

    def probe():
        import os as worker_os

        from flows import runner

        return worker_os.getpid(), sorted(runner._matchers)

    return client.run(probe)


@pytest.fixture(scope="module")
def dask_cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            yield cluster.scheduler_address, client


def test_dask_runner_stores_the_same_rows_as_the_default_runner(prefect_harness, dask_cluster, tmp_path):
    from flows.nightly import run_nightly

    address, client = dask_cluster
    with serve_demo_site() as site:
        base = demo_settings(Settings(), site.feed_urls(), tmp_path / "unused.duckdb", tmp_path)
        local = replace(base, warehouse_path=tmp_path / "local.duckdb")
        dask = replace(base, warehouse_path=tmp_path / "dask.duckdb",
                       runner=RunnerSettings(kind="dask", dask_address=address))
        local_summary = run_nightly(local, trigger="test", force_all_feeds=True)
        dask_summary = run_nightly(dask, trigger="test", force_all_feeds=True)

    # The matching really happened in the worker processes, not in this one.
    workers = _matchers_on_workers(client)
    assert len(workers) == 2
    assert any(versions == [local_summary.catalogue_version] for _, versions in workers.values())
    assert all(pid != os.getpid() for pid, _ in workers.values())

    assert dask_summary.errors == local_summary.errors == {}
    expected, found = table_contents(local.warehouse_path), table_contents(dask.warehouse_path)
    assert len(expected["articles"]) >= 8 and len(expected["claim_matches"]) >= 3
    assert found.keys() == expected.keys()
    for table in expected:
        assert found[table] == expected[table], f"table {table} differs between the Dask and the default runner"
