"""Feed health policy as pure functions: how a fetch outcome changes a feed's failure score,
when it is next due, and whether it is disabled.

Failures are weighed (after Media Cloud's rss-fetcher): a hard error (the feed is gone or is not
a feed) counts 1.0, a soft error (a server error) 0.5, a temporary one (timeout, refused
connection, rate limit) 0.25. A success resets the score. Past DISABLE_SCORE the feed is
disabled and retried only every DISABLED_RETRY.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from extractors.models import FeedFetch

__all__ = ["failure_weight", "next_health", "is_due", "outcome", "DISABLE_SCORE"]

DISABLE_SCORE = 5.0
BASE_BACKOFF = timedelta(minutes=30)
MAX_BACKOFF = timedelta(days=1)
DISABLED_RETRY = timedelta(days=7)


def failure_weight(fetch: FeedFetch) -> float:
    if not fetch.error:
        return 0.0
    if fetch.error_kind == "permanent":
        return 1.0
    if fetch.status >= 500 and fetch.status != 503:
        return 0.5
    return 0.25


def next_health(previous: dict, fetch: FeedFetch, now: datetime) -> dict:
    """The feed_health column values after `fetch`."""
    values = {"last_attempt_at": now, "last_status": fetch.status, "last_outcome": outcome(fetch),
              "advertised_feed_url": fetch.advertised_feed}
    if not fetch.error:
        values.update(
            last_success_at=now,
            last_error=None,
            last_error_kind=None,
            failure_score=0.0,
            next_due_at=None,
            disabled=False,
            entries_seen=int(previous.get("entries_seen") or 0) + len(fetch.entries),
        )
        if not fetch.not_modified or fetch.etag or fetch.last_modified:
            values.update(etag=fetch.etag, last_modified=fetch.last_modified, body_hash=fetch.body_hash)
        return values
    score = float(previous.get("failure_score") or 0.0) + failure_weight(fetch)
    disabled = score >= DISABLE_SCORE
    values.update(
        last_error=fetch.error,
        last_error_kind=fetch.error_kind,
        failure_score=score,
        disabled=disabled,
        next_due_at=now + _delay(score, fetch.retry_after_seconds, disabled),
    )
    return values


def outcome(fetch: FeedFetch) -> str:
    """parsed, not_modified (304), unchanged (same body hash: not parsed) or failed."""
    if fetch.error:
        return "failed"
    if fetch.not_modified:
        return "not_modified" if fetch.status == 304 else "unchanged"
    return "parsed"


def _delay(score: float, retry_after: float | None, disabled: bool) -> timedelta:
    if disabled:
        return DISABLED_RETRY
    backoff = min(BASE_BACKOFF * (2 ** max(0.0, score - 1)), MAX_BACKOFF)
    if retry_after:
        backoff = max(backoff, timedelta(seconds=retry_after))
    return backoff


def is_due(health: dict | None, now: datetime, force: bool = False) -> bool:
    if force or not health or not health.get("next_due_at"):
        return True
    return health["next_due_at"] <= now
