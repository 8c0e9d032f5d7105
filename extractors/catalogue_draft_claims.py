"""Draft claims: sentences that attribute or assert something about two or more actors.

A sentence is a candidate when it names at least two different draft actors (a leading He/She
stands for the person named last before it) and has a verb of saying or doing (a listed
attribution/action verb, or any past-tense -ed word). Title-case headlines need no verb. The
same sentence repeated (a headline printed twice) becomes one claim with every span as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["DraftClaim", "draft_claims", "CUE_VERBS"]

CUE_VERBS = {
    "said", "says", "say", "told", "tells", "stated", "confirmed", "confirms", "accused", "accuses",
    "denied", "denies", "sent", "sends", "sending", "supplied", "supplies", "supplying", "backed",
    "backs", "condemned", "condemns", "urged", "urges", "recruited", "recruiting", "transferred",
    "warned", "warns", "called", "provided", "provides", "reported", "praised", "praises", "admitted",
    "announced", "signed", "suspended", "resumed", "launched", "fled", "surrendered", "killed",
    "fired", "recalled", "threatened", "organized", "organised", "enlisted", "deployed", "raised",
    "held", "declared", "estimated", "cited", "noted", "voiced", "expressed", "agreed", "brokered",
    "failed", "fight", "fighting", "fought", "joined", "join", "joins", "helped", "supported",
    "facilitated", "involved", "transport", "sold", "used", "exported", "listed", "dispatched",
    "moved", "sought", "led", "gave", "gained", "visited", "protested", "claimed", "claims",
    "alleged", "allegedly", "revealed", "insisted", "rejected", "criticised", "criticized",
}
_PRONOUN_START = re.compile(r"(?:He|She)\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass
class DraftClaim:
    statement: str
    actor_ids: list[str]
    spans: list[tuple[str, int, int]] = field(default_factory=list)
    time_frame: str = ""


def _has_cue(sentence: str) -> bool:
    words = re.findall(r"[a-z]+", sentence.lower())
    return any(w in CUE_VERBS or (len(w) > 4 and w.endswith("ed")) for w in words)


def draft_claims(sentences, actors_at, people: set[str], headline) -> list[DraftClaim]:
    """`sentences`: (document, start, end, text) in reading order; `actors_at(doc, start, end)`:
    actor ids named in that range in order; `people`: ids of person actors."""
    claims: dict[str, DraftClaim] = {}
    last_person: dict[str, str] = {}
    for doc, start, end, text in sentences:
        ids = actors_at(doc, start, end)
        if _PRONOUN_START.match(text) and doc in last_person:
            ids = [last_person[doc]] + ids
        persons = [i for i in ids if i in people]
        if persons:
            last_person[doc] = persons[-1]
        distinct = list(dict.fromkeys(ids))
        if len(distinct) >= 2 and (headline(text) or _has_cue(text)):
            _add(claims, text, distinct, (doc, start, end))
    return list(claims.values())


def _add(claims: dict, text: str, ids: list[str], span: tuple[str, int, int]) -> None:
    statement = " ".join(text.split())
    claim = claims.get(statement)
    if claim is None:
        year = _YEAR.search(text)
        claim = claims[statement] = DraftClaim(statement, ids, time_frame=year.group() if year else "")
    claim.spans.append(span)
