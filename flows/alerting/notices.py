"""Messages outside the outbox: a test message for one channel, a failed run's notice for every
channel, and the run summary the flow publishes as a Prefect artifact."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timezone

from flows.alerting.channels import Channel, ChannelError, open_channel, redact
from flows.alerting.message import Message, group_alerts
from flows.alerting.payload import more_sql

__all__ = ["test_message", "send_test", "failure_message", "notify_failure", "run_summary_markdown"]

log = logging.getLogger(__name__)

_EXAMPLE_CLAIM = "example-claim"


def test_message(now: datetime | None = None) -> Message:
    """An example digest of one made-up alert, clearly marked as a test."""
    now = now or datetime.now(timezone.utc)
    stamp = now.isoformat(timespec="seconds")
    alert = {
        "alert_id": "test-" + hashlib.sha256(stamp.encode()).hexdigest()[:12],
        "claim_id": _EXAMPLE_CLAIM,
        "statement": "An example claim: claimwatch can reach this channel.",
        "stance": "supports",
        "score": 1.0,
        "sentence": "This sentence stands where the article's matching sentence will be.",
        "denied_by": None,
        "article": {"id": "test", "title": "Test message from claimwatch", "outlet": "claimwatch",
                    "url": "https://example.org/claimwatch-test", "published": stamp, "language": "en", "copy_of": None},
        "actors": [{"id": "example", "name": "Example actor", "written_as": ["Example"]}],
        "evidence": [{"seed": "seed.txt", "start": 0, "end": 40, "quote": "Where the seed sentence stating the claim will be."}],
        "rule": "new_match",
        "rules": [{"rule": "new_match", "why": "a test sent by `claimwatch alerts test`"}],
        "sql": more_sql(_EXAMPLE_CLAIM),
    }
    return Message(f"cw-test-{alert['alert_id'][5:]}", "digest", group_alerts([alert]), test=True)


def send_test(url: str, timeout: float = 20.0) -> str | None:
    """Send the test message to one channel URL. Returns None when accepted, else the error."""
    return _send(open_channel(url, timeout), test_message())


def failure_message(run_id: str, error: str, counts: dict | None = None) -> Message:
    note = f"The nightly run {run_id} failed: {error}"
    if counts:
        note += "\nCounts so far: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    note += "\nRuns table: SELECT * FROM runs ORDER BY started_at DESC LIMIT 5;"
    digest = hashlib.sha256(f"{run_id}\x1ffailed".encode()).hexdigest()[:24]
    return Message(f"cw-run-{digest}", "notice", (), title=f"claimwatch run failed: {error[:120]}", note=note)


def notify_failure(channels: list[Channel] | tuple[str, ...], run_id: str, error: str, counts: dict | None = None,
                   timeout: float = 20.0) -> list[str]:
    """Tell every channel that a run failed (best effort; never raises). Returns the errors."""
    message = failure_message(run_id, error, counts)
    errors = []
    for channel in channels:
        channel = open_channel(channel, timeout) if isinstance(channel, str) else channel
        problem = _send(channel, message)
        if problem:
            errors.append(f"{channel.label}: {problem}")
            log.warning("failure notice to %s was not delivered: %s", channel.label, problem)
    return errors


def _send(channel: Channel, message: Message) -> str | None:
    try:
        channel.send(message)
    except ChannelError as exc:
        return str(exc)
    except Exception as exc:  # a notice must never hide the failure it reports
        return redact(f"{type(exc).__name__}: {exc}", channel.url)
    return None


def run_summary_markdown(summary, delivery=None) -> str:
    """The run in a few lines of Markdown: counts, failing feeds, alerts (a Prefect artifact)."""
    counts = summary.counts
    lines = [f"# claimwatch run {summary.run_id}", "", "| stage | count |", "| --- | ---: |"]
    lines += [f"| {key.replace('_', ' ')} | {value} |" for key, value in counts.items()]
    failed = [f for f in summary.feeds if f.error]
    if failed:
        lines += ["", "## Feeds that failed", ""] + [f"- **{f.feed.name}**: {f.error}" for f in failed]
    if delivery is not None:
        lines += ["", "## Alerts", "", f"{delivery.sent} deliveries sent in {delivery.messages} messages, "
                  f"{delivery.failed} failed (retried later), {delivery.held} held after an interrupted run."]
        lines += [f"- {error}" for error in delivery.errors[:10]]
    if summary.seconds:
        lines += ["", "Seconds per stage: " + ", ".join(f"{k} {v:.1f}" for k, v in summary.seconds.items())]
    return "\n".join(lines)
