"""Never two nightly runs at once against one warehouse.

A served deployment has a Prefect concurrency limit of one, but runs started by hand
(`claimwatch run`, the demo, a second `claimwatch serve`) do not pass through it. So every run
takes the warehouse's run lock before it writes anything and releases it when it ends.

A lock left behind by a run that was killed must not block every later night: it is taken over
when its holder is a process on this machine that no longer exists, or when it was not renewed
(the run renews it as its stages start, at most once a minute) for `[schedule] lock_stale_after_seconds`.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from datetime import datetime, timedelta, timezone

from warehouse import run_lock
from warehouse.db import open_warehouse

__all__ = ["RunLocked", "LOCK_NAME", "acquire", "renew", "release", "holder_identity", "is_stale"]

log = logging.getLogger(__name__)

LOCK_NAME = "nightly"


class RunLocked(RuntimeError):
    """Another run holds the warehouse's run lock."""


def holder_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def is_stale(holder: run_lock.LockHolder, now: datetime, stale_after_seconds: float) -> bool:
    if now - holder.renewed_at > timedelta(seconds=stale_after_seconds):
        return True
    host, _, pid = holder.holder.rpartition(":")
    return host == socket.gethostname() and pid.isdigit() and not _process_exists(int(pid))


def acquire(path, wait_seconds: float, run_id: str, trigger: str, stale_after_seconds: float) -> None:
    """Take the run lock for `run_id`, or record the run as refused and raise RunLocked."""
    now = datetime.now(timezone.utc)
    with open_warehouse(path, wait_seconds=wait_seconds) as con:
        con.execute("BEGIN TRANSACTION")
        current = run_lock.read_lock(con, LOCK_NAME)
        if current and current.run_id != run_id and not is_stale(current, now, stale_after_seconds):
            message = (f"another run ({current.run_id}, trigger {current.trigger}, process {current.holder}) "
                       f"has been running against {path} since {current.acquired_at:%Y-%m-%d %H:%M:%S %Z}; "
                       "wait for it to end (or, if it is dead, for its lock to go stale)")
            _record_refusal(con, run_id, trigger, now, message)
            con.execute("COMMIT")
            raise RunLocked(message)
        if current and current.run_id != run_id:
            log.warning("taking over the stale run lock of run %s (%s, last renewed %s)",
                        current.run_id, current.holder, current.renewed_at)
        run_lock.take_lock(con, LOCK_NAME, run_id, holder_identity(), trigger, now)
        con.execute("COMMIT")


def _record_refusal(con, run_id: str, trigger: str, now: datetime, message: str) -> None:
    con.execute(
        "INSERT INTO runs (run_id, trigger, started_at, finished_at, status, error, stage_counts, stage_seconds) "
        "VALUES (?, ?, ?, ?, 'refused', ?, ?, ?) ON CONFLICT DO NOTHING",
        [run_id, trigger, now, now, message, json.dumps({}), json.dumps({})],
    )


def renew(path, wait_seconds: float, run_id: str) -> None:
    """Show the run is alive. Raises RunLocked if another run took the lock over meanwhile (this
    run was presumed dead): stopping is safe, since every write is idempotent."""
    with open_warehouse(path, wait_seconds=wait_seconds) as con:
        if not run_lock.renew_lock(con, LOCK_NAME, run_id, datetime.now(timezone.utc)):
            raise RunLocked(f"run {run_id} lost the run lock (another run took it over as stale); stopping")


def release(path, wait_seconds: float, run_id: str) -> None:
    with open_warehouse(path, wait_seconds=wait_seconds) as con:
        run_lock.release_lock(con, LOCK_NAME, run_id)
