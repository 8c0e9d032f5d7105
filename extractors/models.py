"""Frozen value types passed between the pipeline stages.

Everything that crosses a module boundary is one of these: plain, immutable, picklable (so a
Dask worker can receive it), and free of any database or Prefect object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

__all__ = [
    "Feed",
    "FeedEntry",
    "FeedFetch",
    "Article",
    "Rejected",
    "ActorName",
    "Actor",
    "ClaimActor",
    "EvidenceSpan",
    "Claim",
    "Catalogue",
    "ActorMention",
    "ClaimMatch",
    "MatchResult",
]


@dataclass(frozen=True)
class Feed:
    """A configured feed. `name` is its stable identity in the warehouse."""

    name: str
    url: str
    language: str | None = None


@dataclass(frozen=True)
class FeedEntry:
    """One item of a parsed feed, before its page is fetched.

    `key` is the entry's stable identity: the feed's GUID when it has one, else the normalised
    canonical URL. It must not depend on the host:port the feed happened to be served from.
    """

    feed_name: str
    key: str
    url: str
    title: str = ""
    published: datetime | None = None
    summary: str = ""
    guid: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class FeedFetch:
    """What one feed fetch produced: entries, or an error recorded as data.

    `status` is the HTTP status (0 when no response arrived); `not_modified` is true when a
    conditional GET answered 304 or the body hash was unchanged. `error` is a one-line message and
    `error_kind` one of "transient", "permanent" or "" (success).
    """

    feed: Feed
    entries: tuple[FeedEntry, ...] = ()
    status: int = 0
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    error: str = ""
    error_kind: str = ""
    retry_after_seconds: float | None = None
    elapsed_seconds: float = 0.0
    # When an HTML page answered at the feed URL: the feed that page advertises, if any.
    advertised_feed: str | None = None


@dataclass(frozen=True)
class Article:
    """An extracted article. `article_id` is derived from the canonical URL (see text.py)."""

    article_id: str
    url: str
    canonical_url: str
    feed_name: str
    outlet: str
    title: str
    text: str
    language: str | None
    published: datetime | None
    content_hash: str
    extractor_version: str
    entry_key: str = ""
    fingerprint: tuple[int, ...] = ()


@dataclass(frozen=True)
class Rejected:
    """A page or entry that did not become an article, with a reason SQL can count.

    `reason` is a short code ("fetch_failed", "not_html", "too_short", "extraction_empty",
    "blocked_address", "too_large", ...); `detail` is the human-readable message.
    """

    url: str
    feed_name: str
    entry_key: str
    reason: str
    detail: str = ""
    transient: bool = False


@dataclass(frozen=True)
class ActorName:
    """One way news refers to an actor.

    `form` is "name", "alias", "metonym", "adjective", "anaphor" (a phrase that refers back to an
    actor named before, "the alliance": it counts only in a text that names the actor otherwise)
    or "foreign"; `case_sensitive` keeps short acronyms such as "SNA" from matching "sna" inside
    ordinary words.
    """

    text: str
    form: str = "alias"
    language: str = "en"
    case_sensitive: bool = False


@dataclass(frozen=True)
class Actor:
    id: str
    kind: str
    name: str
    names: tuple[ActorName, ...] = ()
    parent: str | None = None
    role: str | None = None
    ambiguous: bool = False
    note: str = ""

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(n.text for n in self.names)


@dataclass(frozen=True)
class ClaimActor:
    actor_id: str
    role: str = "subject"


@dataclass(frozen=True)
class EvidenceSpan:
    """A span of a seed document: `quote == corpus[seed][start:end]` exactly."""

    seed: str
    start: int
    end: int
    quote: str

    def as_dict(self) -> dict:
        return {"seed": self.seed, "start": self.start, "end": self.end, "quote": self.quote}


@dataclass(frozen=True)
class Claim:
    """A known claim. `denies` names the claim this one contradicts (a reported denial);
    `implies` names claims that any restatement of this one also restates (a report that an
    official confirmed X restates X)."""

    id: str
    statement: str
    actors: tuple[ClaimActor, ...] = ()
    evidence: tuple[EvidenceSpan, ...] = ()
    time_frame: str = ""
    places: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    denies: str | None = None
    seed_stance: str = "supports"
    implies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalogue:
    """The loaded catalogue. `version` is a content hash of the catalogue file and seed texts."""

    actors: tuple[Actor, ...]
    claims: tuple[Claim, ...]
    version: str
    source: str = ""
    seeds: dict = field(default_factory=dict, compare=False, hash=False)

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def claim(self, claim_id: str) -> Claim | None:
        return next((c for c in self.claims if c.id == claim_id), None)


@dataclass(frozen=True)
class ActorMention:
    actor_id: str
    name: str
    surface: str
    start: int
    end: int
    form: str = "alias"

    def as_dict(self) -> dict:
        return {
            "id": self.actor_id,
            "name": self.name,
            "surface": self.surface,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class ClaimMatch:
    """One claim found in one sentence. `stance` is "supports" or "denies"; `denier` is the actor
    id of whoever denies it, when the text says."""

    claim_id: str
    statement: str
    stance: str
    score: float
    sentence: str
    sentence_start: int
    evidence: tuple[EvidenceSpan, ...]
    denier: str | None = None

    def as_dict(self) -> dict:
        return {
            "id": self.claim_id,
            "statement": self.statement,
            "stance": self.stance,
            "score": round(self.score, 4),
            "sentence": self.sentence,
            "evidence": [e.as_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class MatchResult:
    actors: tuple[ActorMention, ...] = ()
    claims: tuple[ClaimMatch, ...] = ()
    matcher_version: str = ""

    def as_dict(self) -> dict:
        return {
            "actors": [a.as_dict() for a in self.actors],
            "claims": [c.as_dict() for c in self.claims],
        }
