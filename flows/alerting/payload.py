"""What one alert says: everything a reader needs to judge a match without opening the warehouse.

The payload is stored in the outbox (alerts.payload) when the match is found, so a message sent
days later, after a retry, says exactly what it would have said on the night.
"""

from __future__ import annotations

from extractors.models import Article, Catalogue, ClaimMatch, MatchResult

__all__ = ["build_payload", "more_sql"]

MAX_EVIDENCE = 3


def build_payload(article: Article, match: ClaimMatch, result: MatchResult, catalogue: Catalogue,
                  duplicate_of: str | None = None) -> dict:
    return {
        "claim_id": match.claim_id,
        "statement": match.statement,
        "stance": match.stance,
        "score": round(float(match.score), 3),
        "sentence": match.sentence,
        "denied_by": _actor_name(catalogue, match.denier) if match.denier else None,
        "article": {
            "id": article.article_id,
            "title": article.title,
            "outlet": article.outlet,
            "url": article.canonical_url,
            "published": article.published.isoformat() if article.published else None,
            "language": article.language,
            "copy_of": duplicate_of,
        },
        "actors": _actors(result),
        "evidence": [e.as_dict() for e in match.evidence[:MAX_EVIDENCE]],
        "catalogue_version": catalogue.version,
        "rule": "new_match",
        "rules": [],
        "sql": more_sql(match.claim_id),
    }


def more_sql(claim_id: str) -> str:
    """One line of SQL that shows every stored match of the claim, newest first."""
    quoted = claim_id.replace("'", "''")
    return (
        "SELECT a.published_at, a.outlet, m.stance, round(m.score, 2) AS score, m.sentence, a.url "
        f"FROM claim_matches m JOIN articles a USING (article_id) WHERE m.claim_id = '{quoted}' "
        "ORDER BY a.published_at DESC;"
    )


def _actor_name(catalogue: Catalogue, actor_id: str) -> str:
    actor = catalogue.actor(actor_id)
    return actor.name if actor else actor_id


def _actors(result: MatchResult) -> list[dict]:
    """Actors the article names, each once, with the words it used for them."""
    found: dict[str, dict] = {}
    for mention in result.actors:
        entry = found.setdefault(mention.actor_id, {"id": mention.actor_id, "name": mention.name, "written_as": []})
        if mention.surface not in entry["written_as"]:
            entry["written_as"].append(mention.surface)
    return sorted(found.values(), key=lambda a: a["name"])
