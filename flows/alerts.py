"""Alerts: each new (article, claim) match becomes one outbox record, once; delivery sends the
outbox to the configured channels exactly once per channel, as digests or one by one.

    plan_alerts      new matches + claim history + rules  -> payloads to queue (the flow stores them)
    deliver_pending  outbox -> messages -> channels, recording each outcome as it happens
    send_test        a sample message to one channel, outside the outbox
    notify_failure   a failed run's message to every channel, outside the outbox

The modules behind it live in flows/alerting/; see delivery.py for the exactly-once argument.
"""

from __future__ import annotations

from flows.alerting.channels import channel_label, channel_problem, open_channel, redact
from flows.alerting.delivery import DeliveryReport, deliver_pending
from flows.alerting.notices import failure_message, notify_failure, run_summary_markdown, send_test, test_message
from flows.alerting.payload import build_payload
from flows.alerting.planning import plan_alerts

__all__ = [
    "channel_label",
    "channel_problem",
    "open_channel",
    "redact",
    "build_payload",
    "plan_alerts",
    "deliver_pending",
    "DeliveryReport",
    "send_test",
    "test_message",
    "notify_failure",
    "failure_message",
    "run_summary_markdown",
]
