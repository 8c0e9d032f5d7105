"""Connections to the DuckDB warehouse and its migrations.

DuckDB lets one process hold the file for writing, and while it does no other process can open
it at all. So writers keep connections short (open, one transaction, close), and when another
process holds the file we wait and retry for a bounded time, then fail with a message that says
who holds it and what to do.
"""

from __future__ import annotations

import logging
import re
import time
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Iterator

import duckdb

__all__ = ["WarehouseLocked", "connect", "open_warehouse", "migrate", "available_migrations", "schema_version"]

log = logging.getLogger(__name__)

MIGRATIONS_TABLE = "schema_migrations"


class WarehouseLocked(RuntimeError):
    """Another process holds the DuckDB file; raised after the bounded wait ran out."""


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() and ("Could not set lock" in text or "Conflicting lock" in text)


def _lock_message(path: str, exc: Exception, waited: float) -> str:
    holder = re.search(r"PID (\d+)", str(exc))
    who = f"process {holder.group(1)}" if holder else "another process"
    return (
        f"warehouse {path} is held open by {who} (waited {waited:.0f}s). DuckDB allows one process "
        "to open a file while it is being written: close that session, or have readers use "
        "read-only connections between runs or query the Parquet export "
        "(claimwatch export --parquet DIR)."
    )


def connect(path: str | Path, *, read_only: bool = False, wait_seconds: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, retrying while another process holds its lock, up to `wait_seconds`."""
    path = str(path)
    if not read_only and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    delay, started, announced = 0.25, time.monotonic(), False
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseLocked(_lock_message(path, exc, time.monotonic() - started)) from exc
            if not announced:
                log.warning("warehouse %s is locked by another process; waiting up to %.0fs", path, wait_seconds)
                announced = True
            time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
            delay = min(delay * 2, 5.0)


@contextmanager
def open_warehouse(path: str | Path, *, read_only: bool = False, wait_seconds: float = 0.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection, migrated to the latest schema when writable, always closed."""
    con = connect(path, read_only=read_only, wait_seconds=wait_seconds)
    try:
        if not read_only:
            migrate(con)
        yield con
    finally:
        con.close()


def available_migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) of every migration file shipped with the package, in order."""
    folder = resources.files("warehouse") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = re.fullmatch(r"(\d{4})_(\w+)\.sql", entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main'", [MIGRATIONS_TABLE]
    ).fetchall()[0][0]
    if not exists:
        return 0
    return con.execute(f"SELECT coalesce(max(version), 0) FROM {MIGRATIONS_TABLE}").fetchall()[0][0]


def migrate(con: duckdb.DuckDBPyConnection, *, upto: int | None = None) -> list[int]:
    """Apply every migration newer than the database, each in its own transaction."""
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} ("
        "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    )
    current = schema_version(con)
    applied = []
    for number, name, sql in available_migrations():
        if number <= current or (upto is not None and number > upto):
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(f"INSERT INTO {MIGRATIONS_TABLE} (version, name) VALUES (?, ?)", [number, name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        log.info("warehouse migrated to %04d_%s", number, name)
        applied.append(number)
    return applied
