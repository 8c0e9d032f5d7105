"""Which of a run's new matches become alerts: the best match per (article, claim), judged by the
alert rules against the claim's stored history, with the rules that fired written into it."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from extractors.models import Article, Catalogue, ClaimMatch, MatchResult
from flows.alerting import rules
from flows.alerting.payload import build_payload
from warehouse import outbox
from warehouse.db import open_warehouse

__all__ = ["rule_settings", "plan_alerts", "best_matches"]

log = logging.getLogger(__name__)


def rule_settings(settings) -> rules.RuleSettings:
    """The rule part of flows.config.AlertSettings."""
    return rules.RuleSettings(
        enabled=tuple(settings.rules),
        min_score=settings.min_score,
        watch_claims=frozenset(settings.watch_claims),
        watch_actors=frozenset(settings.watch_actors),
        resurface_after_days=settings.resurface_after_days,
        outlets_per_day=settings.outlets_per_day,
    )


def best_matches(articles: list[Article], results: dict[str, MatchResult]) -> dict[tuple[str, str], tuple[Article, ClaimMatch, MatchResult]]:
    """One match per (article, claim): the highest score (the warehouse keeps the same one)."""
    best = {}
    for article in articles:
        result = results.get(article.article_id)
        for match in (result.claims if result else ()):
            key = (article.article_id, match.claim_id)
            if key not in best or match.score > best[key][1].score:
                best[key] = (article, match, result)
    return best


def _candidate(key, article: Article, match: ClaimMatch, result: MatchResult, catalogue: Catalogue, now: datetime) -> rules.Candidate:
    claim = catalogue.claim(match.claim_id)
    actor_ids = {m.actor_id for m in result.actors} | {a.actor_id for a in (claim.actors if claim else ())}
    return rules.Candidate(key, match.claim_id, match.stance, float(match.score), article.outlet,
                           article.language, article.published or now, frozenset(actor_ids))


def plan_alerts(warehouse_path: str, lock_wait_seconds: float, articles: list[Article], results: dict[str, MatchResult],
                duplicate_of: dict[str, str], catalogue: Catalogue, settings, now: datetime | None = None) -> dict[tuple[str, str], dict]:
    """{(article_id, claim_id): alert payload} for the matches that raise an alert. Reads the
    claims' history; call it before this run's matches are stored."""
    now = now or datetime.now(timezone.utc)
    _warn_unknown_watchlist(settings, catalogue)
    best = best_matches(articles, results)
    candidates = [_candidate(key, *found, catalogue, now) for key, found in best.items()]
    with open_warehouse(warehouse_path, wait_seconds=lock_wait_seconds) as con:
        history = rules.histories(outbox.claim_history(con, sorted({c.claim_id for c in candidates})))
    fired = rules.plan(candidates, history, rule_settings(settings))
    payloads = {}
    for key, rules_fired in fired.items():
        article, match, result = best[key]
        payload = build_payload(article, match, result, catalogue, duplicate_of.get(article.article_id))
        payloads[key] = {**payload, "rule": rules_fired[0]["rule"], "rules": rules_fired}
    return payloads


def _warn_unknown_watchlist(settings, catalogue: Catalogue) -> None:
    unknown_claims = [c for c in settings.watch_claims if catalogue.claim(c) is None]
    unknown_actors = [a for a in settings.watch_actors if catalogue.actor(a) is None]
    if unknown_claims or unknown_actors:
        log.warning("alerts watchlist names ids the catalogue does not have: claims %s, actors %s",
                    unknown_claims, unknown_actors)
