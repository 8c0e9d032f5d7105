"""The alert outbox: reads and writes of alert_deliveries, and the match history alert rules need.

Each (alert, channel) row moves through

    pending ──claim──► sending ──channel accepted──► sent
       ▲                  │  └──channel refused──► failed ──(next_attempt_at)──► claim again
       │                  └──(pass killed; seen by the next pass)──► failed (resend, same id)
       │                                                         └─► unknown (held)
       └──────────── `claimwatch alerts retry` ◄──────────── failed, unknown

Every statement here runs in autocommit on the caller's connection, so each step is durable
before the next begins: the claim is on disk before the channel sees the message, and the
'sent' mark right after the channel accepts it.
"""

from __future__ import annotations

import json
from datetime import datetime

__all__ = [
    "due_deliveries",
    "claimed_messages",
    "claim_message",
    "record_sent",
    "record_failed",
    "release_claim",
    "reopen",
    "list_deliveries",
    "claim_history",
]


def due_deliveries(con, channel: str, now: datetime) -> list[dict]:
    """Deliveries to `channel` not yet sent whose time has come, oldest alert first."""
    rows = con.execute(
        "SELECT d.alert_id, d.message_id, d.attempts, a.payload FROM alert_deliveries d JOIN alerts a USING (alert_id) "
        "WHERE d.channel = ? AND d.status IN ('pending', 'failed') "
        "AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= ?) ORDER BY a.created_at, d.alert_id",
        [channel, now],
    ).fetchall()
    return [
        {"alert_id": alert_id, "message_id": message_id, "attempts": attempts, "payload": json.loads(payload)}
        for alert_id, message_id, attempts, payload in rows
    ]


def claimed_messages(con) -> list[tuple[str, str]]:
    """(channel, message_id) of every message left in 'sending' by a pass that did not finish."""
    return con.execute(
        "SELECT DISTINCT channel, message_id FROM alert_deliveries WHERE status = 'sending' ORDER BY 1, 2"
    ).fetchall()


def claim_message(con, channel: str, message_id: str, alert_ids: list[str], now: datetime) -> None:
    """Mark the deliveries of one message as being sent, before the channel sees it."""
    con.execute(
        "UPDATE alert_deliveries SET status = 'sending', message_id = ?, claimed_at = ? "
        "WHERE channel = ? AND alert_id IN (SELECT unnest(?)) AND status IN ('pending', 'failed')",
        [message_id, now, channel, alert_ids],
    )


def record_sent(con, channel: str, message_id: str, now: datetime) -> None:
    con.execute(
        "UPDATE alert_deliveries SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_attempt_at = ?, "
        "last_error = NULL, next_attempt_at = NULL WHERE channel = ? AND message_id = ? AND status = 'sending'",
        [now, now, channel, message_id],
    )


def record_failed(con, channel: str, message_id: str, error: str, next_attempt_at: datetime, now: datetime) -> None:
    """The channel refused the message: keep it (and its id) for a retry after `next_attempt_at`."""
    con.execute(
        "UPDATE alert_deliveries SET status = 'failed', attempts = attempts + 1, last_attempt_at = ?, "
        "last_error = ?, next_attempt_at = ? WHERE channel = ? AND message_id = ? AND status = 'sending'",
        [now, error[:500], next_attempt_at, channel, message_id],
    )


def release_claim(con, channel: str, message_id: str, status: str, note: str) -> None:
    """Settle a message a killed pass left in 'sending': 'sent' (the channel has it), 'failed'
    (resend now, same id) or 'unknown' (held for an operator)."""
    if status not in ("sent", "failed", "unknown"):
        raise ValueError(f"cannot release a claim to {status!r}")
    con.execute(
        "UPDATE alert_deliveries SET status = ?, last_error = ?, next_attempt_at = NULL, "
        "sent_at = CASE WHEN ? = 'sent' THEN claimed_at ELSE sent_at END "
        "WHERE channel = ? AND message_id = ? AND status = 'sending'",
        [status, note[:500], status, channel, message_id],
    )


def reopen(con, channel: str | None = None) -> int:
    """Make failed and held ('unknown') deliveries due now. Returns how many."""
    where = "status IN ('failed', 'unknown')" + (" AND channel = ?" if channel else "")
    row = con.execute(
        f"UPDATE alert_deliveries SET status = 'failed', next_attempt_at = NULL WHERE {where}",
        [channel] if channel else [],
    ).fetchone()
    return int(row[0]) if row else 0


def list_deliveries(con, statuses: tuple[str, ...] | None = None, limit: int = 50) -> list[dict]:
    """The outbox, newest alert first: what each delivery says and where it stands."""
    where = "WHERE d.status IN (SELECT unnest(?))" if statuses else ""
    cursor = con.execute(
        "SELECT d.alert_id, a.claim_id, a.stance, round(a.score, 2) AS score, a.rule, "
        "a.payload->>'$.article.outlet' AS outlet, a.payload->>'$.article.title' AS title, "
        "a.payload->>'$.sentence' AS sentence, d.channel, d.status, d.attempts, d.message_id, "
        "d.last_error, d.next_attempt_at, d.sent_at, a.created_at "
        f"FROM alert_deliveries d JOIN alerts a USING (alert_id) {where} "
        "ORDER BY a.created_at DESC, d.alert_id, d.channel LIMIT ?",
        ([list(statuses)] if statuses else []) + [limit],
    )
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def claim_history(con, claim_ids: list[str]) -> list[dict]:
    """Every stored match of these claims with the facts alert rules look at: stance, language,
    outlet, and when the article appeared (published, else fetched)."""
    if not claim_ids:
        return []
    cursor = con.execute(
        "SELECT m.claim_id, m.stance, a.language, a.outlet, coalesce(a.published_at, a.fetched_at) AS seen_at "
        "FROM claim_matches m JOIN articles a USING (article_id) WHERE m.claim_id IN (SELECT unnest(?))",
        [claim_ids],
    )
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]
