"""Alert rules: which new matches deserve a message, and why.

A rule looks at one new match against the claim's stored history (every earlier match, whatever
run found it) and, when it fires, says why in plain words. A match raises an alert when at least
one enabled rule fires and its score reaches `min_score`; the alert lists every enabled rule that
fired, the most specific first. Matches of one run are taken oldest first, each joining the
history before the next is judged, so "first" means first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from flows.config import ALERT_RULES as RULES  # most specific first: the first that fires names the alert

__all__ = ["RULES", "RULE_HELP", "Candidate", "ClaimHistory", "RuleSettings", "histories", "fired_rules", "plan"]

RULE_HELP = {
    "watchlist": "the claim, or an actor the article names, is on the watchlist",
    "first_denial": "the first article that denies the claim",
    "outlet_threshold": "the claim reached N distinct outlets in one day",
    "resurfaced": "the claim is back after N or more quiet days",
    "first_language": "the first match of the claim in this language",
    "first_outlet": "the first match of the claim in this outlet",
    "new_match": "every new match",
}


@dataclass(frozen=True)
class RuleSettings:
    enabled: tuple[str, ...] = RULES
    min_score: float = 0.0
    watch_claims: frozenset = frozenset()
    watch_actors: frozenset = frozenset()
    resurface_after_days: int = 30
    outlets_per_day: int = 3


@dataclass(frozen=True)
class Candidate:
    """The facts of one new match the rules look at."""

    key: tuple[str, str]  # (article_id, claim_id)
    claim_id: str
    stance: str
    score: float
    outlet: str
    language: str | None
    seen_at: datetime  # published, else fetched
    actor_ids: frozenset = frozenset()


@dataclass
class ClaimHistory:
    denied: bool = False
    matches: int = 0
    languages: set = field(default_factory=set)
    outlets: set = field(default_factory=set)
    last_seen: datetime | None = None
    outlets_by_day: dict = field(default_factory=dict)

    def add(self, stance: str, language: str | None, outlet: str, seen_at: datetime) -> None:
        self.matches += 1
        self.denied = self.denied or stance == "denies"
        if language:
            self.languages.add(language)
        self.outlets.add(outlet)
        self.last_seen = seen_at if self.last_seen is None else max(self.last_seen, seen_at)
        self.outlets_by_day.setdefault(_day(seen_at), set()).add(outlet)


def _day(moment: datetime) -> date:
    return moment.astimezone(timezone.utc).date()


def histories(rows: list[dict]) -> dict[str, ClaimHistory]:
    """Per claim, its stored matches (rows of warehouse.outbox.claim_history) folded together."""
    found: dict[str, ClaimHistory] = {}
    for row in rows:
        found.setdefault(row["claim_id"], ClaimHistory()).add(row["stance"], row["language"], row["outlet"], row["seen_at"])
    return found


def fired_rules(candidate: Candidate, history: ClaimHistory, settings: RuleSettings) -> list[dict]:
    """[{rule, why}] of every enabled rule this match fires, most specific first."""
    if candidate.score < settings.min_score:
        return []
    fired = []
    for rule in RULES:
        if rule in settings.enabled:
            why = _CHECKS[rule](candidate, history, settings)
            if why:
                fired.append({"rule": rule, "why": why})
    return fired


def _watchlist(c: Candidate, h: ClaimHistory, s: RuleSettings) -> str | None:
    if c.claim_id in s.watch_claims:
        return f"claim {c.claim_id} is on your watchlist"
    actors = sorted(c.actor_ids & s.watch_actors)
    return f"actor {', '.join(actors)} is on your watchlist" if actors else None


def _first_denial(c: Candidate, h: ClaimHistory, s: RuleSettings) -> str | None:
    return "the first article that denies this claim" if c.stance == "denies" and not h.denied else None


def _outlet_threshold(c: Candidate, h: ClaimHistory, s: RuleSettings) -> str | None:
    day = _day(c.seen_at)
    outlets = h.outlets_by_day.get(day, set())
    if s.outlets_per_day >= 2 and c.outlet not in outlets and len(outlets) + 1 == s.outlets_per_day:
        return f"{s.outlets_per_day} distinct outlets carried this claim on {day.isoformat()}"
    return None


def _resurfaced(c: Candidate, h: ClaimHistory, s: RuleSettings) -> str | None:
    if h.last_seen is None:
        return None
    quiet = (c.seen_at - h.last_seen).days
    return f"back after {quiet} quiet days (last seen {_day(h.last_seen).isoformat()})" if quiet >= s.resurface_after_days else None


def _first_language(c: Candidate, h: ClaimHistory, s: RuleSettings) -> str | None:
    if not c.language or c.language in h.languages:
        return None
    return f"the first match of this claim in language '{c.language}'" + ("" if h.matches else " (its first match anywhere)")


def _first_outlet(c: Candidate, h: ClaimHistory, s: RuleSettings) -> str | None:
    if c.outlet in h.outlets:
        return None
    return f"the first match of this claim in {c.outlet}" + ("" if h.matches else " (its first match anywhere)")


def _new_match(c: Candidate, h: ClaimHistory, s: RuleSettings) -> str | None:
    return f"a new match (score {c.score:.2f})"


_CHECKS = {
    "watchlist": _watchlist,
    "first_denial": _first_denial,
    "outlet_threshold": _outlet_threshold,
    "resurfaced": _resurfaced,
    "first_language": _first_language,
    "first_outlet": _first_outlet,
    "new_match": _new_match,
}


def plan(candidates: list[Candidate], history: dict[str, ClaimHistory], settings: RuleSettings) -> dict[tuple[str, str], list[dict]]:
    """{candidate key: rules fired} for the candidates that raise an alert, judged oldest first."""
    planned = {}
    for candidate in sorted(candidates, key=lambda c: (c.seen_at, c.key)):
        claim_history = history.setdefault(candidate.claim_id, ClaimHistory())
        fired = fired_rules(candidate, claim_history, settings)
        if fired:
            planned[candidate.key] = fired
        claim_history.add(candidate.stance, candidate.language, candidate.outlet, candidate.seen_at)
    return planned
