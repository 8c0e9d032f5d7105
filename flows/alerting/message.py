"""Messages: the alerts that go to one channel in one send, grouped by claim.

In `digest` mode a delivery pass puts every due alert of a channel into one message; in
`immediate` mode each alert is its own message. A message's id is a hash of its channel and its
alerts, fixed at the first attempt and stored with each delivery, so a retry re-sends the very
same message (same alerts, same id) and receivers can recognise a repeat.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

__all__ = ["Message", "ClaimGroup", "compose", "group_alerts", "message_id"]


@dataclass(frozen=True)
class ClaimGroup:
    """The alerts of one message about one claim, newest article first."""

    claim_id: str
    statement: str
    alerts: tuple[dict, ...]
    evidence: tuple[dict, ...]
    sql: str

    @property
    def outlets(self) -> int:
        return len({a["article"]["outlet"] for a in self.alerts})

    @property
    def copies(self) -> int:
        """Alerts whose article is a copy (same text) of an earlier article: wire stories."""
        return sum(1 for a in self.alerts if a["article"].get("copy_of"))

    def stance_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for alert in self.alerts:
            counts[alert["stance"]] = counts.get(alert["stance"], 0) + 1
        return counts

    @property
    def newest(self) -> str:
        return _when(self.alerts[0])


@dataclass(frozen=True)
class Message:
    message_id: str
    mode: str  # digest, immediate, or notice (a run's failure: title and note, no alerts)
    groups: tuple[ClaimGroup, ...]
    test: bool = False
    title: str = ""
    note: str = ""

    @property
    def alert_ids(self) -> list[str]:
        return [a["alert_id"] for g in self.groups for a in g.alerts]

    @property
    def count(self) -> int:
        return sum(len(g.alerts) for g in self.groups)

    @property
    def outlets(self) -> int:
        return len({a["article"]["outlet"] for g in self.groups for a in g.alerts})


def message_id(channel: str, alert_ids: list[str]) -> str:
    digest = hashlib.sha256("\x1f".join([channel, *sorted(alert_ids)]).encode("utf-8")).hexdigest()
    return f"cw-{digest[:24]}"


def _when(alert: dict) -> str:
    """Sort key and display date: publication date, else empty (undated sorts last)."""
    return alert["article"].get("published") or ""


def group_alerts(alerts: list[dict]) -> tuple[ClaimGroup, ...]:
    by_claim: dict[str, list[dict]] = {}
    for alert in alerts:
        by_claim.setdefault(alert["claim_id"], []).append(alert)
    groups = []
    for claim_id, items in by_claim.items():
        items.sort(key=lambda a: (_when(a), a["alert_id"]), reverse=True)
        first = items[0]
        groups.append(ClaimGroup(claim_id, first["statement"], tuple(items), tuple(first.get("evidence", [])), first["sql"]))
    groups.sort(key=lambda g: (g.newest, g.claim_id), reverse=True)
    return tuple(groups)


def compose(channel: str, due: list[dict], mode: str) -> list[Message]:
    """Messages for a channel's due deliveries ({alert_id, message_id, payload}).

    Deliveries that already carry a message id (tried before) are re-sent as that message; the
    others form one new digest, or one message each in immediate mode."""
    earlier: dict[str, list[dict]] = {}
    fresh: list[dict] = []
    for row in due:
        alert = {**row["payload"], "alert_id": row["alert_id"]}
        (earlier.setdefault(row["message_id"], []) if row["message_id"] else fresh).append(alert)
    batches = [(mid, alerts) for mid, alerts in earlier.items()]
    fresh_batches = [fresh] if mode == "digest" and fresh else [[a] for a in fresh]
    batches += [(message_id(channel, [a["alert_id"] for a in alerts]), alerts) for alerts in fresh_batches]
    return [Message(mid, mode, group_alerts(alerts)) for mid, alerts in batches]
