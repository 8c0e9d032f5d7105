"""What the report shows, read from the warehouse through one read-only connection.

Every figure comes from the warehouse's trend views (migration 0004), so the page counts exactly
what an analyst's SQL counts: an (article, claim) once, by the article's latest matching pass; an
article's day is its publication date in UTC, else its fetch date (article_facts.day); a copy is an
article with duplicate_of set. The renderers get plain values, so a test can compare the numbers
in the page with the numbers in the database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from warehouse.db import available_migrations, connect, open_warehouse, schema_version

log = logging.getLogger(__name__)

__all__ = [
    "ReportData", "ClaimTrend", "Evidence", "ActorTrends", "FeedState", "AlertRow", "RunInfo", "read_report_data",
    "upgrade_if_behind",
]

TOP_ACTORS = 8
MATRIX_ACTORS = 8
EVIDENCE_PER_CLAIM = 3

# The current matches, with the article facts every chart needs. `since` is bound as $since.
MATCHES_SQL = """
SELECT claim_id, stance, score, sentence, article_id, outlet, title, canonical_url,
       coalesce(language, '?') AS language, is_copy, day
FROM current_claim_matches
WHERE day >= $since
"""


@dataclass(frozen=True)
class Evidence:
    day: date
    stance: str
    score: float
    outlet: str
    title: str | None
    url: str
    sentence: str
    is_copy: bool


@dataclass(frozen=True)
class ClaimTrend:
    claim_id: str
    statement: str
    per_day: dict[date, dict[str, int]]  # day -> {"supports": n, "denies": n}
    articles: int
    outlets: int
    copies: int
    first_seen: date
    first_outlets: tuple[str, ...]
    languages: dict[str, int]
    evidence: tuple[Evidence, ...]

    def total(self, stance: str) -> int:
        return sum(counts.get(stance, 0) for counts in self.per_day.values())


@dataclass(frozen=True)
class ActorTrends:
    names: dict[str, str]                    # actor_id -> display name, top actors by articles
    totals: dict[str, int]                   # actor_id -> articles naming it
    per_day: dict[str, dict[date, int]]      # actor_id -> day -> articles naming it that day
    mentions_per_day: dict[str, dict[date, int]]
    matrix_ids: tuple[str, ...]              # actors shown in the co-occurrence matrix
    together: dict[tuple[str, str], int]     # (a, b) -> articles naming both


@dataclass(frozen=True)
class FeedState:
    feed_id: str
    url: str
    state: str  # ok, failing, disabled, never
    last_status: int | None
    last_error: str | None
    last_error_kind: str | None
    last_success_at: datetime | None
    last_attempt_at: datetime | None
    failure_score: float
    entries_seen: int
    articles: int


@dataclass(frozen=True)
class AlertRow:
    created_at: datetime
    claim_id: str
    stance: str
    score: float | None
    outlet: str
    title: str | None
    url: str
    sentence: str


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    started_at: datetime
    status: str
    trigger: str | None


@dataclass(frozen=True)
class ReportData:
    warehouse: str
    generated_at: datetime
    since: date | None
    run: RunInfo | None
    claims: tuple[ClaimTrend, ...]
    unmatched_claims: int
    actors: ActorTrends
    feeds: tuple[FeedState, ...]
    alerts: tuple[AlertRow, ...]
    article_count: int = 0
    days: tuple[date, date] | None = field(default=None)  # first and last day with any article


def upgrade_if_behind(path: str | Path, wait_seconds: float = 0.0) -> bool:
    """Apply missing migrations to a warehouse written by an older claimwatch. The report reads
    views that arrived in later migrations; without them there is nothing to draw. Migrations
    only add (tables, columns, views), exactly what the next run would apply anyway."""
    con = connect(path, read_only=True, wait_seconds=wait_seconds)
    try:
        behind = schema_version(con) < available_migrations()[-1][0]
    finally:
        con.close()
    if behind:
        log.info("upgrading the schema of %s so the report can read its trend views", path)
        with open_warehouse(path, wait_seconds=wait_seconds):
            pass
    return behind


def read_report_data(path: str | Path, since: date | None = None, wait_seconds: float = 0.0) -> ReportData:
    """Everything the report shows. Opens the warehouse read-only, so a report never changes a
    run's data; while a run holds the file it waits up to `wait_seconds` (WarehouseLocked after)."""
    upgrade_if_behind(path, wait_seconds)
    con = connect(path, read_only=True, wait_seconds=wait_seconds)
    try:
        con.execute("SET TimeZone = 'UTC'")
        floor = since or date(1, 1, 1)
        run = _latest_run(con)
        return ReportData(
            warehouse=str(path),
            generated_at=datetime.now(timezone.utc),
            since=since,
            run=run,
            claims=_claim_trends(con, floor),
            unmatched_claims=_unmatched_claims(con, floor),
            actors=_actor_trends(con, floor),
            feeds=_feed_states(con),
            alerts=_run_alerts(con, run.run_id if run else None),
            article_count=_article_count(con, floor),
            days=_article_days(con, floor),
        )
    finally:
        con.close()


def _rows(con, sql: str, params=None) -> list[dict]:
    cursor = con.execute(sql, params or {})
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def _latest_run(con) -> RunInfo | None:
    row = con.execute("SELECT run_id, started_at, status, trigger FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
    return RunInfo(*row) if row else None


def _claim_statements(con) -> dict[str, str]:
    """The statement of each claim in the newest catalogue that has it."""
    return dict(con.execute("SELECT claim_id, statement FROM current_claims").fetchall())


def _claim_trends(con, floor: date) -> tuple[ClaimTrend, ...]:
    statements = _claim_statements(con)
    by_claim: dict[str, list[dict]] = {}
    for row in _rows(con, MATCHES_SQL + " ORDER BY day DESC, score DESC, article_id", {"since": floor}):
        by_claim.setdefault(row["claim_id"], []).append(row)
    trends = [_claim_trend(claim_id, statements.get(claim_id, claim_id), rows) for claim_id, rows in by_claim.items()]
    return tuple(sorted(trends, key=lambda t: (-t.articles, t.claim_id)))


def _claim_trend(claim_id: str, statement: str, rows: list[dict]) -> ClaimTrend:
    per_day: dict[date, dict[str, int]] = {}
    languages: dict[str, int] = {}
    for row in rows:
        day = per_day.setdefault(row["day"], {"supports": 0, "denies": 0})
        day[row["stance"]] = day.get(row["stance"], 0) + 1
        languages[row["language"]] = languages.get(row["language"], 0) + 1
    first_seen = min(per_day)
    return ClaimTrend(
        claim_id=claim_id,
        statement=statement,
        per_day=dict(sorted(per_day.items())),
        articles=len(rows),
        outlets=len({row["outlet"] for row in rows}),
        copies=sum(1 for row in rows if row["is_copy"]),
        first_seen=first_seen,
        first_outlets=tuple(sorted({row["outlet"] for row in rows if row["day"] == first_seen})),
        languages=dict(sorted(languages.items(), key=lambda item: (-item[1], item[0]))),
        evidence=tuple(_evidence(row) for row in rows[:EVIDENCE_PER_CLAIM]),
    )


def _evidence(row: dict) -> Evidence:
    return Evidence(row["day"], row["stance"], float(row["score"]), row["outlet"], row["title"],
                    row["canonical_url"], row["sentence"], bool(row["is_copy"]))


def _unmatched_claims(con, floor: date) -> int:
    return con.execute(
        "SELECT count(*) FROM current_claims WHERE claim_id NOT IN "
        f"(SELECT claim_id FROM ({MATCHES_SQL}))",
        {"since": floor},
    ).fetchone()[0]


ACTOR_DAYS_SQL = "SELECT actor_id, day, articles, mentions FROM actor_mentions_daily WHERE day >= $since"

# actor_cooccurrence has no day, so pairs are counted here from the same view it reads.
PAIRS_SQL = """
WITH named AS (SELECT DISTINCT article_id, actor_id FROM current_actor_mentions WHERE day >= $since)
SELECT l.actor_id AS a, r.actor_id AS b, count(*) AS articles
FROM named l JOIN named r ON l.article_id = r.article_id AND l.actor_id < r.actor_id
GROUP BY ALL
"""


def _actor_trends(con, floor: date) -> ActorTrends:
    days = _rows(con, ACTOR_DAYS_SQL, {"since": floor})
    totals = _actor_totals(con, floor)
    ranked = sorted(totals, key=lambda actor: (-totals[actor], actor))
    top, matrix_ids = ranked[:TOP_ACTORS], tuple(ranked[:MATRIX_ACTORS])
    per_day = {actor: {} for actor in top}
    mentions = {actor: {} for actor in top}
    for row in days:
        if row["actor_id"] in per_day:
            per_day[row["actor_id"]][row["day"]] = row["articles"]
            mentions[row["actor_id"]][row["day"]] = row["mentions"]
    together = {
        (row["a"], row["b"]): row["articles"]
        for row in _rows(con, PAIRS_SQL, {"since": floor})
        if row["a"] in matrix_ids and row["b"] in matrix_ids
    }
    names = _actor_names(con)
    return ActorTrends(
        names={actor: names.get(actor, actor) for actor in ranked[:MATRIX_ACTORS]},
        totals={actor: totals[actor] for actor in ranked[:MATRIX_ACTORS]},
        per_day=per_day,
        mentions_per_day=mentions,
        matrix_ids=matrix_ids,
        together=together,
    )


def _actor_totals(con, floor: date) -> dict[str, int]:
    return dict(con.execute(
        "SELECT actor_id, count(DISTINCT article_id) FROM current_actor_mentions WHERE day >= $since GROUP BY ALL",
        {"since": floor},
    ).fetchall())


def _actor_names(con) -> dict[str, str]:
    rows = con.execute(
        "SELECT x.actor_id, arg_max(x.name, v.loaded_at) FROM actors x "
        "JOIN catalogue_versions v USING (catalogue_version) GROUP BY x.actor_id"
    ).fetchall()
    return dict(rows)


FEEDS_SQL = """
SELECT feed_id, url, state, last_status, last_error, last_error_kind, last_success_at, last_attempt_at,
       coalesce(failure_score, 0) AS failure_score, entries AS entries_seen, articles
FROM feed_status
ORDER BY feed_id
"""
STATE_NAMES = {"never fetched": "never"}  # the view's words -> the short names the charts use


def _feed_states(con) -> tuple[FeedState, ...]:
    rows = _rows(con, FEEDS_SQL)
    return tuple(
        FeedState(**{**row, "state": STATE_NAMES.get(row["state"], row["state"]), "failure_score": float(row["failure_score"])})
        for row in rows
    )


def _run_alerts(con, run_id: str | None) -> tuple[AlertRow, ...]:
    if run_id is None:
        return ()
    rows = con.execute(
        "SELECT al.created_at, al.claim_id, al.stance, al.score, a.outlet, a.title, a.canonical_url, "
        "coalesce(json_extract_string(al.payload, '$.sentence'), '') "
        "FROM alerts al JOIN articles a USING (article_id) WHERE al.run_id = ? "
        "ORDER BY al.created_at, al.claim_id, a.outlet",
        [run_id],
    ).fetchall()
    return tuple(AlertRow(*row) for row in rows)


def _article_count(con, floor: date) -> int:
    return con.execute("SELECT count(*) FROM article_facts WHERE day >= $since", {"since": floor}).fetchone()[0]


def _article_days(con, floor: date) -> tuple[date, date] | None:
    first, last = con.execute("SELECT min(day), max(day) FROM article_facts WHERE day >= $since", {"since": floor}).fetchone()
    return (first, last) if first else None
