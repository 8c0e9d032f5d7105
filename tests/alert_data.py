"""Made-up articles and matches of real catalogue claims, run through the real pipeline functions
(prepare, plan alerts, store, deliver) into a real DuckDB file. Faster than the Prefect flow and
independent of the matcher, so the alert tests say exactly which matches exist."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timezone
from pathlib import Path

from extractors.catalogue import load_catalogue
from extractors.models import ActorMention, Article, ClaimMatch, MatchResult
from flows import alerts
from flows.config import default_catalogue_path, settings_from_dict
from flows.pipeline import RunContext, prepare_warehouse, store_results

__all__ = ["CATALOGUE", "FIGHTERS", "MERCENARIES", "article", "match", "queue_run", "deliver", "settings_with", "demo_batch"]

CATALOGUE = load_catalogue(default_catalogue_path())
FIGHTERS = CATALOGUE.claim("turkey-sent-syrian-fighters-to-azerbaijan")
MERCENARIES = CATALOGUE.claim("syrian-mercenaries-fought-for-azerbaijan")
LOCK_WAIT = 10.0


def article(slug: str, outlet: str, published: str | None, language: str = "en", title: str = "", text: str = "") -> Article:
    host = outlet.lower().replace(" ", "-") + ".example"
    url = f"https://{host}/{slug}"
    text = text or f"Text of {slug} at {outlet}."
    return Article(
        article_id=hashlib.sha256(url.encode()).hexdigest()[:24], url=url, canonical_url=url,
        feed_name=host, outlet=outlet, title=title or slug.replace("-", " ").capitalize(), text=text,
        language=language, published=datetime.fromisoformat(published) if published else None,
        content_hash=hashlib.sha256(text.encode()).hexdigest(), extractor_version="test", entry_key=slug,
    )


def match(claim, stance: str, score: float, sentence: str, actors=(("turkey", "Turkey", "Ankara"),), denier=None) -> MatchResult:
    mentions = tuple(ActorMention(actor_id, name, surface, 0, len(surface)) for actor_id, name, surface in actors)
    found = ClaimMatch(claim.id, claim.statement, stance, score, sentence, 0, claim.evidence[:2], denier)
    return MatchResult(actors=mentions, claims=(found,), matcher_version="test")


def settings_with(**alert_keys):
    """Settings as the config file would give them, with [alerts] keys from the test."""
    return settings_from_dict({"alerts": alert_keys})


def queue_run(db: Path, settings, items: list[tuple[Article, MatchResult]], duplicate_of: dict | None = None,
              now: datetime | None = None) -> int:
    """One run's store stage: plan alerts against the stored history, store matches and alerts."""
    ctx = RunContext(f"test-{uuid.uuid4().hex[:8]}", str(db), LOCK_WAIT)
    prepare_warehouse(ctx, CATALOGUE, (), "test", None, "test-matcher")
    articles = [a for a, _ in items]
    results = {a.article_id: r for a, r in items}
    duplicate_of = duplicate_of or {}
    payloads = alerts.plan_alerts(str(db), LOCK_WAIT, articles, results, duplicate_of, CATALOGUE, settings.alerts, now)
    counts = store_results(
        ctx, outcomes=articles, articles=articles, duplicate_of=duplicate_of, results=results, catalogue=CATALOGUE,
        matcher_version="test-matcher", channels=[alerts.channel_label(u) for u in settings.alerts.channels],
        alert_payloads=payloads,
    )
    return counts.alerts


def deliver(db: Path, settings, now: datetime | None = None):
    return alerts.deliver_pending(str(db), settings.alerts, LOCK_WAIT, now=now)


def demo_batch() -> list[tuple[Article, MatchResult]]:
    """Three matches of two claims in two outlets and two languages; one denial."""
    return [
        (article("syrians-flown-to-baku", "Caucasus Wire", "2020-10-12T08:30:00+00:00",
                 title="Syrian recruits were flown to Baku with Turkish help"),
         match(FIGHTERS, "supports", 0.82,
               "Ankara organised the transfer of several hundred Syrian mercenaries to Azerbaijan.",
               actors=(("turkey", "Turkey", "Ankara"), ("azerbaijan", "Azerbaijan", "Azerbaijan")))),
        (article("ankara-dismisses-reports", "Caucasus Wire", "2020-10-13T10:05:00+00:00",
                 title="Ankara dismisses mercenary reports"),
         match(FIGHTERS, "denies", 0.71,
               "Turkey's foreign ministry rejected the reports that it had sent Syrian fighters to the Caucasus.",
               actors=(("turkey", "Turkey", "Turkey's"),), denier="turkey")),
        (article("mercenaires-syriens", "Le Regard International", "2020-10-14T07:00:00+00:00", language="fr",
                 title="Des mercenaires syriens au Karabakh"),
         match(MERCENARIES, "supports", 0.64,
               "Des mercenaires syriens ont combattu aux côtés de l'armée azerbaïdjanaise.",
               actors=(("azerbaijan", "Azerbaijan", "azerbaïdjanaise"),))),
    ]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
