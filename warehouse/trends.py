"""The questions `claimwatch trends` answers, as (title, SQL, parameters) over the trend views.

Every query takes the same three parameters in a fixed order where it needs them; `since` is a
date or None (all time). The SQL is plain, so a user can copy it from `--show-sql`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["Section", "overview_sections", "claim_sections", "actor_sections", "unknown_ids"]

ALL_TIME = date(1, 1, 1)


@dataclass(frozen=True)
class Section:
    title: str
    sql: str
    params: tuple = ()


def overview_sections(since: date | None) -> list[Section]:
    s = since or ALL_TIME
    return [
        Section("Claims most in the news", """
SELECT m.claim_id, left(c.statement, 70) AS statement, count(*) AS articles, count(DISTINCT m.outlet) AS outlets,
       count(*) FILTER (WHERE NOT m.is_copy) AS originals, count(*) FILTER (WHERE m.stance = 'supports') AS supports,
       count(*) FILTER (WHERE m.stance = 'denies') AS denies, min(m.day) AS first_seen, max(m.day) AS last_seen
FROM current_claim_matches m LEFT JOIN current_claims c USING (claim_id)
WHERE m.day >= ? GROUP BY ALL ORDER BY articles DESC, m.claim_id LIMIT 20""", (s,)),
        Section("Actors most named", """
SELECT actor_id, sum(mentions) AS mentions, sum(articles) AS articles, min(day) AS first_seen, max(day) AS last_seen
FROM actor_mentions_daily WHERE day >= ? GROUP BY actor_id ORDER BY mentions DESC, actor_id LIMIT 15""", (s,)),
        Section("Stance shifts (weekly balance)", """
SELECT claim_id, previous_week, previous_balance, week, balance, supports, denies
FROM stance_shifts WHERE week >= ? ORDER BY week DESC, claim_id LIMIT 20""", (s,)),
        Section("Claims that resurfaced after going quiet", """
SELECT claim_id, quiet_after, resurfaced_on, quiet_days
FROM claim_quiet_gaps WHERE resurfaced_on >= ? ORDER BY resurfaced_on DESC, claim_id LIMIT 20""", (s,)),
    ]


def claim_sections(claim_id: str, since: date | None, actor_id: str | None = None) -> list[Section]:
    s = since or ALL_TIME
    sections = [
        Section(f"Timeline of {claim_id}", """
SELECT statement, first_seen, last_seen, active_days, articles, originals, supports, denies, outlets,
       languages, quiet_gaps, longest_quiet_days, last_resurfaced_on
FROM claim_timeline WHERE claim_id = ?""", (claim_id,)),
        Section("Per week", """
SELECT week, articles, outlets, originals, copies, supports, denies
FROM claim_activity_weekly WHERE claim_id = ? AND week >= date_trunc('week', ?::DATE) ORDER BY week""", (claim_id, s)),
        Section("Quiet gaps and resurfacing", """
SELECT quiet_after, resurfaced_on, quiet_days FROM claim_quiet_gaps
WHERE claim_id = ? AND resurfaced_on >= ? ORDER BY resurfaced_on""", (claim_id, s)),
        Section("Stance shifts", """
SELECT previous_week, previous_balance, week, balance, supports, denies FROM stance_shifts
WHERE claim_id = ? AND week >= date_trunc('week', ?::DATE) ORDER BY week""", (claim_id, s)),
        Section("Outlets that changed stance", """
SELECT outlet, previous_day, previous_stance, day, stance FROM outlet_stance_shifts
WHERE claim_id = ? AND day >= ? ORDER BY day, outlet""", (claim_id, s)),
        Section("Latest articles", """
SELECT day, outlet, stance, round(score, 2) AS score, left(sentence, 90) AS sentence
FROM current_claim_matches WHERE claim_id = ? AND day >= ? ORDER BY day DESC, outlet LIMIT 10""", (claim_id, s)),
    ]
    if actor_id:
        sections.append(Section(f"Per week, in articles naming {actor_id}", """
SELECT CAST(date_trunc('week', m.day) AS DATE) AS week, count(*) AS articles,
       count(*) FILTER (WHERE m.stance = 'supports') AS supports, count(*) FILTER (WHERE m.stance = 'denies') AS denies
FROM current_claim_matches m
WHERE m.claim_id = ? AND m.day >= ?
  AND m.article_id IN (SELECT article_id FROM current_actor_mentions WHERE actor_id = ?)
GROUP BY week ORDER BY week""", (claim_id, s, actor_id)))
    return sections


def actor_sections(actor_id: str, since: date | None) -> list[Section]:
    s = since or ALL_TIME
    naming = "SELECT DISTINCT article_id FROM current_actor_mentions WHERE actor_id = ? AND day >= ?"
    return [
        Section(f"Mentions of {actor_id} per week", """
SELECT CAST(date_trunc('week', day) AS DATE) AS week, sum(mentions) AS mentions, sum(articles) AS articles,
       max(outlets) AS most_outlets_in_a_day
FROM actor_mentions_daily WHERE actor_id = ? AND day >= ? GROUP BY week ORDER BY week""", (actor_id, s)),
        Section("Named in the same articles", f"""
SELECT m.actor_id AS with_actor_id, count(DISTINCT m.article_id) AS articles, min(m.day) AS first_seen, max(m.day) AS last_seen
FROM current_actor_mentions m WHERE m.article_id IN ({naming}) AND m.actor_id <> ?
GROUP BY m.actor_id ORDER BY articles DESC, with_actor_id LIMIT 15""", (actor_id, s, actor_id)),
        Section("Claims in articles naming it", f"""
SELECT m.claim_id, count(*) AS articles, count(*) FILTER (WHERE m.stance = 'supports') AS supports,
       count(*) FILTER (WHERE m.stance = 'denies') AS denies, max(m.day) AS last_seen
FROM current_claim_matches m WHERE m.article_id IN ({naming})
GROUP BY m.claim_id ORDER BY articles DESC, m.claim_id LIMIT 15""", (actor_id, s)),
    ]


def unknown_ids(con, claim_id: str | None, actor_id: str | None) -> list[str]:
    """Messages for ids no catalogue version and no stored row knows (a typo, usually)."""
    problems = []
    if claim_id and not con.execute(
            "SELECT 1 FROM claims WHERE claim_id = ? UNION ALL SELECT 1 FROM claim_matches WHERE claim_id = ? LIMIT 1",
            [claim_id, claim_id]).fetchall():
        problems.append(f"unknown claim id {claim_id!r} (SELECT claim_id, statement FROM current_claims lists them)")
    if actor_id and not con.execute(
            "SELECT 1 FROM actors WHERE actor_id = ? UNION ALL SELECT 1 FROM actor_mentions WHERE actor_id = ? LIMIT 1",
            [actor_id, actor_id]).fetchall():
        problems.append(f"unknown actor id {actor_id!r} (SELECT DISTINCT actor_id, name FROM actors lists them)")
    return problems
