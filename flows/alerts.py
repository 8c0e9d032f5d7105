"""Alerts: build the payload of a new match, and deliver pending alerts to channels.

Channels are URLs from `[alerts] channels`:
  json://host[:port]/path, jsons://...   POST the alert as JSON to http(s)://host/path
  jsonl:///absolute/path.jsonl            append one JSON line per alert to a file
  console://                              print the alert
A delivery is marked sent only after the channel accepted it; a failure is recorded with its
error and retried on a later run with backoff.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from extractors.models import Article, Catalogue, ClaimMatch, MatchResult
from warehouse import queries, store
from warehouse.db import open_warehouse

__all__ = ["channel_label", "build_payload", "format_alert", "deliver_pending", "DeliveryCounts"]

log = logging.getLogger(__name__)
RETRY_BASE = timedelta(minutes=10)


def channel_label(url: str) -> str:
    """A stable, secret-free name for a channel: scheme, host and a hash of the full URL."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    return f"{parts.scheme}://{host}#{digest}"


def build_payload(article: Article, match: ClaimMatch, result: MatchResult, catalogue: Catalogue) -> dict:
    actors = sorted({m.name for m in result.actors})
    return {
        "claim_id": match.claim_id,
        "statement": match.statement,
        "stance": match.stance,
        "score": round(float(match.score), 3),
        "sentence": match.sentence,
        "article": {
            "id": article.article_id,
            "title": article.title,
            "outlet": article.outlet,
            "url": article.canonical_url,
            "published": article.published.isoformat() if article.published else None,
            "language": article.language,
        },
        "actors": actors,
        "evidence": [e.as_dict() for e in match.evidence[:3]],
        "catalogue_version": catalogue.version,
        "rule": "new_match",
        "sql": f"SELECT * FROM claim_matches WHERE claim_id = '{match.claim_id}' ORDER BY matched_at DESC;",
    }


def format_alert(payload: dict) -> str:
    article = payload["article"]
    lines = [
        f"[{payload['stance'].upper()}] {payload['statement']} ({payload['claim_id']}, score {payload['score']})",
        f"  \u201c{payload['sentence']}\u201d",
        f"  {article['title']} \u2014 {article['outlet']}, {article.get('published') or 'undated'}, {article.get('language') or '?'}",
        f"  {article['url']}",
    ]
    if payload.get("actors"):
        lines.append(f"  actors: {', '.join(payload['actors'])}")
    for evidence in payload.get("evidence", [])[:1]:
        lines.append(f"  seed evidence: {evidence['seed']} [{evidence['start']}:{evidence['end']}] \u201c{evidence['quote'][:160]}\u201d")
    lines.append(f"  more: {payload['sql']}")
    return "\n".join(lines)


class DeliveryCounts(dict):
    """{'sent': n, 'failed': n}"""


def deliver_pending(warehouse_path: str, channels: tuple[str, ...], lock_wait_seconds: float = 60.0,
                    http_timeout: float = 10.0) -> DeliveryCounts:
    """Send every pending delivery whose time has come; record each outcome as it happens."""
    by_label = {channel_label(url): url for url in channels}
    counts = DeliveryCounts(sent=0, failed=0)
    with open_warehouse(warehouse_path, wait_seconds=lock_wait_seconds) as con:
        pending = queries.pending_deliveries(con, datetime.now(timezone.utc))
        for item in pending:
            url = by_label.get(item["channel"])
            if url is None:
                continue  # a channel removed from the config keeps its undelivered alerts
            error = _send(url, item["payload"], http_timeout)
            retry_at = None if error is None else datetime.now(timezone.utc) + RETRY_BASE * (2 ** min(item["attempts"], 8))
            store.mark_delivery(con, item["alert_id"], item["channel"], error is None, error, retry_at)
            counts["sent" if error is None else "failed"] += 1
            if error:
                log.warning("alert %s to %s failed: %s", item["alert_id"], item["channel"], error)
    return counts


def _send(url: str, payload: dict, timeout: float) -> str | None:
    """Deliver one payload; None when accepted, else the error."""
    scheme = urlsplit(url).scheme
    try:
        if scheme in ("json", "jsons"):
            target = urlunsplit(("https" if scheme == "jsons" else "http", *urlsplit(url)[1:]))
            response = httpx.post(target, json=payload, timeout=timeout, trust_env=False)
            return None if response.status_code < 300 else f"HTTP {response.status_code}"
        if scheme == "jsonl":
            path = Path(urlsplit(url).path)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(payload, ensure_ascii=False, default=str) + "\n")
            return None
        if scheme == "console":
            print(format_alert(payload), file=sys.stdout)
            return None
        return f"unsupported channel scheme {scheme}://"
    except (httpx.HTTPError, OSError) as exc:
        return f"{type(exc).__name__}: {exc}"
