"""Deliver the outbox: every due delivery, exactly once per channel, even across killed runs.

For each message the pass (1) claims it in the warehouse ('sending', committed), (2) hands it to
the channel, (3) records 'sent' (or 'failed' with the error and a retry time) at once, in its own
commit. A run killed between (2) and (3) leaves the message in 'sending'; that window is one
local DuckDB UPDATE after the channel returned (channel calls are bounded by `timeout_seconds`),
and at most one message per channel can be caught in it, since messages are sent one by one.

A pass holds the warehouse open from start to end, and DuckDB lets one process hold the file,
so a 'sending' message found when a pass starts was left by a pass that is gone. The new pass
settles it before sending anything else:
  * JSONL files: re-sent; lines already in the file are not written again (exactly once).
  * webhooks and email: re-sent with the same message id (Idempotency-Key header, Message-ID),
    so a receiver that keeps ids drops the repeat; console: re-printed.
  * chat services through Apprise, and channels no longer configured: marked 'unknown' and
    held, never re-sent on their own; `claimwatch alerts list` shows them and
    `claimwatch alerts retry` sends them again once someone has checked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from flows.alerting.channels import Channel, ChannelError, open_channel, redact
from flows.alerting.message import Message, compose
from warehouse import outbox
from warehouse.db import open_warehouse

__all__ = ["DeliveryReport", "deliver_pending", "retry_delay", "open_channels"]

log = logging.getLogger(__name__)
MAX_RETRY_DELAY = timedelta(days=1)


@dataclass
class DeliveryReport:
    """Counts of (alert, channel) deliveries; messages counts sends that the channel accepted."""

    sent: int = 0
    failed: int = 0
    messages: int = 0
    held: int = 0
    errors: list[str] = field(default_factory=list)


def retry_delay(attempts: int, base_seconds: float) -> timedelta:
    """Backoff after the `attempts`-th failure: base, 2x, 4x ... at most a day."""
    return min(timedelta(seconds=base_seconds) * (2 ** min(max(attempts - 1, 0), 16)), MAX_RETRY_DELAY)


def open_channels(urls, timeout: float) -> list[Channel]:
    return [open_channel(url, timeout) for url in urls]


def deliver_pending(warehouse_path: str, settings, lock_wait_seconds: float = 60.0, *,
                    now: datetime | None = None, channels: list[Channel] | None = None) -> DeliveryReport:
    """Send every due delivery of the configured channels (`settings`: flows.config.AlertSettings)."""
    channels = channels if channels is not None else open_channels(settings.channels, settings.timeout_seconds)
    now = now or datetime.now(timezone.utc)
    report = DeliveryReport()
    with open_warehouse(warehouse_path, wait_seconds=lock_wait_seconds) as con:
        _settle_interrupted(con, {c.label: c for c in channels}, report)
        for channel in channels:
            due = outbox.due_deliveries(con, channel.label, now)
            attempts = {row["alert_id"]: row["attempts"] for row in due}
            for message in compose(channel.label, due, settings.mode):
                tries = max(attempts[a] for a in message.alert_ids) + 1
                _deliver(con, channel, message, now + retry_delay(tries, settings.retry_base_seconds), report)
    return report


def _settle_interrupted(con, by_label: dict[str, Channel], report: DeliveryReport) -> None:
    for label, message_id in outbox.claimed_messages(con):
        channel = by_label.get(label)
        if channel is not None and channel.resend_when_in_doubt:
            note = "a run was killed while sending this message; re-sent with the same message id"
            outbox.release_claim(con, label, message_id, "failed", note)
        else:
            why = "the channel is no longer configured" if channel is None else "this channel cannot recognise a repeat"
            note = (f"a run was killed while sending this message, so it may or may not have arrived; {why}, so it "
                    "is held: check, then `claimwatch alerts retry`")
            outbox.release_claim(con, label, message_id, "unknown", note)
            report.held += 1
        log.warning("message %s to %s was interrupted by a killed run: %s", message_id, label, note)


def _deliver(con, channel: Channel, message: Message, retry_at: datetime, report: DeliveryReport) -> None:
    outbox.claim_message(con, channel.label, message.message_id, message.alert_ids, _now())
    try:
        channel.send(message)
    except Exception as exc:  # a failure of any kind is recorded, never left in 'sending'
        error = str(exc) if isinstance(exc, ChannelError) else redact(f"{type(exc).__name__}: {exc}", channel.url)
        outbox.record_failed(con, channel.label, message.message_id, error, retry_at, _now())
        report.failed += message.count
        report.errors.append(f"{channel.label}: {error}")
        log.warning("message %s (%d alerts) to %s failed: %s; retry after %s", message.message_id,
                    message.count, channel.label, error, retry_at.isoformat(timespec="seconds"))
        return
    outbox.record_sent(con, channel.label, message.message_id, _now())
    report.sent += message.count
    report.messages += 1
    log.info("message %s (%d alerts) sent to %s", message.message_id, message.count, channel.label)


def _now() -> datetime:
    return datetime.now(timezone.utc)
