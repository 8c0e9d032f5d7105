"""The run lock: one row in `run_lock` names the run allowed to write the warehouse.

DuckDB's own file lock only covers the moment a connection is open, and a run opens short
connections between long stages (fetching, matching) so analysts can read in between. This row
covers the whole run. Deciding whether an existing holder is stale is the caller's business; here
are only the reads and writes, each meant to run inside the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["LockHolder", "read_lock", "take_lock", "renew_lock", "release_lock", "last_run_start"]


@dataclass(frozen=True)
class LockHolder:
    run_id: str
    holder: str
    trigger: str | None
    acquired_at: datetime
    renewed_at: datetime


def read_lock(con, name: str) -> LockHolder | None:
    row = con.execute(
        "SELECT run_id, holder, trigger, acquired_at, renewed_at FROM run_lock WHERE lock_name = ?", [name]
    ).fetchone()
    return LockHolder(*row) if row else None


def take_lock(con, name: str, run_id: str, holder: str, trigger: str, now: datetime) -> None:
    """Make `run_id` the holder, replacing any previous row (the caller decided it may)."""
    con.execute("DELETE FROM run_lock WHERE lock_name = ?", [name])
    con.execute(
        "INSERT INTO run_lock (lock_name, run_id, holder, trigger, acquired_at, renewed_at) VALUES (?, ?, ?, ?, ?, ?)",
        [name, run_id, holder, trigger, now, now],
    )


def renew_lock(con, name: str, run_id: str, now: datetime) -> bool:
    """Mark the holder alive. False when `run_id` no longer holds the lock (it was taken over)."""
    row = con.execute(
        "UPDATE run_lock SET renewed_at = ? WHERE lock_name = ? AND run_id = ? RETURNING run_id", [now, name, run_id]
    ).fetchone()
    return row is not None


def release_lock(con, name: str, run_id: str) -> None:
    con.execute("DELETE FROM run_lock WHERE lock_name = ? AND run_id = ?", [name, run_id])


def last_run_start(con) -> datetime | None:
    """When the last run that did its work (completed, or partial) started."""
    return con.execute("SELECT max(started_at) FROM runs WHERE status IN ('completed', 'partial')").fetchone()[0]
