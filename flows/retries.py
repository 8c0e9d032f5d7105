"""Which failures a task retries within a run, and how long it waits between tries.

Only transient failures are retried: a timeout, a refused connection, a 5xx, the warehouse held
by an analyst, a Dask worker lost in the middle of a task. A permanent failure (404, not a feed,
a bug) fails the same way every time, so retrying it only delays the run.

Fetch errors are data in claimwatch (a FeedFetch or Rejected carrying the error), not exceptions.
`raise_while_retries_remain` turns a transient one back into an exception while the task still
has tries left, so Prefect's declared retries (with backoff) apply; on the last try the error is
returned as data and recorded like any other.
"""

from __future__ import annotations

from prefect.context import TaskRunContext
from prefect.tasks import exponential_backoff

from extractors.errors import TransientFetchError
from warehouse.db import WarehouseLocked

__all__ = ["TASK_RETRIES", "RETRY_DELAYS", "is_transient", "retry_if_transient", "raise_while_retries_remain"]

TASK_RETRIES = 2
# 10 s, then 20 s: long enough for a restarting server or a dropped connection to come back,
# short enough that a nightly run is not held for long by one dead site.
RETRY_DELAYS = exponential_backoff(backoff_factor=10)(TASK_RETRIES)

# Errors from the Dask transport, matched by name so this module does not import distributed.
_TRANSIENT_NAMES = {"CommClosedError", "KilledWorker", "StreamClosedError"}


def is_transient(exc: BaseException | None) -> bool:
    if exc is None:
        return False
    if isinstance(exc, (TransientFetchError, WarehouseLocked, ConnectionError, TimeoutError)):
        return True
    return type(exc).__name__ in _TRANSIENT_NAMES


def retry_if_transient(task, task_run, state) -> bool:
    """Prefect `retry_condition_fn`: retry only when the task failed with a transient error."""
    data = state.data
    exc = data if isinstance(data, BaseException) else None
    return is_transient(exc)


def raise_while_retries_remain(message: str, url: str = "") -> None:
    """Raise a TransientFetchError unless this is the task's last try (then return quietly)."""
    context = TaskRunContext.get()
    if context is not None and context.task_run.run_count <= context.task.retries:
        raise TransientFetchError(message, url)
