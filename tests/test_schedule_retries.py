"""Which failures tasks retry: transient ones only."""

import pytest

from extractors.errors import NotAFeed, RateLimited, TransientFetchError
from flows.retries import RETRY_DELAYS, TASK_RETRIES, is_transient
from warehouse.db import WarehouseLocked


class CommClosedError(OSError):
    """Stands for distributed.comm.core.CommClosedError, matched by name."""


@pytest.mark.parametrize("exc", [TransientFetchError("503"), RateLimited("429"), WarehouseLocked("held"),
                                 ConnectionRefusedError(), TimeoutError(), CommClosedError()])
def test_transient_failures_are_retried(exc):
    assert is_transient(exc)


@pytest.mark.parametrize("exc", [NotAFeed("html"), ValueError("bug"), KeyError("x"), None])
def test_permanent_failures_and_bugs_are_not(exc):
    assert not is_transient(exc)


def test_backoff_grows():
    assert len(RETRY_DELAYS) == TASK_RETRIES and RETRY_DELAYS == sorted(RETRY_DELAYS) and RETRY_DELAYS[0] > 0
