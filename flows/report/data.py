"""What the report shows, read from the warehouse through one read-only connection.

Every figure is computed here, in SQL, and handed to the renderers as plain values, so a test can
compare the numbers in the page with the numbers in the database.

An article's day is its publication date (UTC), or the day it was fetched when the page and feed
gave no date. A claim match is counted once per (article, claim): when several matcher or
catalogue versions matched the same pair, the latest row decides the stance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from warehouse.db import connect

__all__ = [
    "ReportData", "ClaimTrend", "Evidence", "ActorTrends", "FeedState", "AlertRow", "RunInfo", "read_report_data",
]

TOP_ACTORS = 6
MATRIX_ACTORS = 8
EVIDENCE_PER_CLAIM = 5

# The de-duplicated matches, with the article facts every chart needs. `since` is bound as $since.
MATCHES_SQL = """
WITH latest AS (
    SELECT * FROM claim_matches
    QUALIFY row_number() OVER (PARTITION BY article_id, claim_id ORDER BY matched_at DESC, matcher_version DESC) = 1
)
SELECT m.claim_id, m.stance, m.score, m.sentence, a.article_id, a.outlet, a.title, a.canonical_url,
       coalesce(a.language, '?') AS language, a.duplicate_of IS NOT NULL AS is_copy,
       CAST(coalesce(a.published_at, a.fetched_at) AS DATE) AS day
FROM latest m JOIN articles a USING (article_id)
WHERE CAST(coalesce(a.published_at, a.fetched_at) AS DATE) >= $since
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


def read_report_data(path: str | Path, since: date | None = None, wait_seconds: float = 0.0) -> ReportData:
    """Everything the report shows. Opens the warehouse read-only, so a report never changes a
    run's data; while a run holds the file it waits up to `wait_seconds` (WarehouseLocked after)."""
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
    """The statement of each claim in the most recently loaded catalogue that has it."""
    rows = con.execute(
        "SELECT c.claim_id, arg_max(c.statement, v.loaded_at) FROM claims c "
        "JOIN catalogue_versions v USING (catalogue_version) GROUP BY c.claim_id"
    ).fetchall()
    return dict(rows)


def _claim_trends(con, floor: date) -> tuple[ClaimTrend, ...]:
    statements = _claim_statements(con)
    by_claim: dict[str, list[dict]] = {}
    for row in _rows(con, MATCHES_SQL + " ORDER BY day DESC, m.score DESC, a.article_id", {"since": floor}):
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
        "SELECT count(DISTINCT claim_id) FROM claims WHERE claim_id NOT IN "
        f"(SELECT claim_id FROM ({MATCHES_SQL}))",
        {"since": floor},
    ).fetchone()[0]


ACTOR_DAYS_SQL = """
SELECT x.actor_id, CAST(coalesce(a.published_at, a.fetched_at) AS DATE) AS day,
       count(DISTINCT x.article_id) AS articles, count(*) AS mentions
FROM actor_mentions x JOIN articles a USING (article_id)
WHERE CAST(coalesce(a.published_at, a.fetched_at) AS DATE) >= $since
GROUP BY ALL
"""

PAIRS_SQL = """
WITH named AS (
    SELECT DISTINCT x.article_id, x.actor_id FROM actor_mentions x JOIN articles a USING (article_id)
    WHERE CAST(coalesce(a.published_at, a.fetched_at) AS DATE) >= $since
)
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
        "SELECT x.actor_id, count(DISTINCT x.article_id) FROM actor_mentions x JOIN articles a USING (article_id) "
        "WHERE CAST(coalesce(a.published_at, a.fetched_at) AS DATE) >= $since GROUP BY ALL",
        {"since": floor},
    ).fetchall())


def _actor_names(con) -> dict[str, str]:
    rows = con.execute(
        "SELECT x.actor_id, arg_max(x.name, v.loaded_at) FROM actors x "
        "JOIN catalogue_versions v USING (catalogue_version) GROUP BY x.actor_id"
    ).fetchall()
    return dict(rows)


FEEDS_SQL = """
SELECT f.feed_id, f.url, h.last_status, h.last_error, h.last_error_kind, h.last_success_at, h.last_attempt_at,
       coalesce(h.failure_score, 0) AS failure_score, coalesce(h.entries_seen, 0) AS entries_seen,
       coalesce(h.disabled, false) AS disabled,
       (SELECT count(*) FROM articles a WHERE a.feed_id = f.feed_id) AS articles
FROM feeds f LEFT JOIN feed_health h USING (feed_id)
ORDER BY f.feed_id
"""


def _feed_states(con) -> tuple[FeedState, ...]:
    return tuple(_feed_state(row) for row in _rows(con, FEEDS_SQL))


def _feed_state(row: dict) -> FeedState:
    if row.pop("disabled"):
        state = "disabled"
    elif row["last_error"]:
        state = "failing"
    elif row["last_attempt_at"] is None:
        state = "never"
    else:
        state = "ok"
    return FeedState(state=state, failure_score=float(row.pop("failure_score")), **row)


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
    return con.execute(
        "SELECT count(*) FROM articles WHERE CAST(coalesce(published_at, fetched_at) AS DATE) >= $since",
        {"since": floor},
    ).fetchone()[0]


def _article_days(con, floor: date) -> tuple[date, date] | None:
    first, last = con.execute(
        "SELECT min(d), max(d) FROM (SELECT CAST(coalesce(published_at, fetched_at) AS DATE) AS d FROM articles) "
        "WHERE d >= $since",
        {"since": floor},
    ).fetchone()
    return (first, last) if first else None
