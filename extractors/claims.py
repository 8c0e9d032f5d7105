"""Claim retrieval and verification for one sentence: pure functions over a prepared index.

Retrieval scores every claim against a sentence window (the sentence, plus the one before it so
that "He said ..." keeps its subject): BM25 over the claim's statement, evidence quotes and
keywords, and, when the model is available, embedding similarity to the same texts. Verification
then rejects candidates whose actors, theatre or time frame do not fit:

- actors: at least one of the claim's actors must be named in the window, and a claim with a
  subject needs that subject (or an actor inside it, e.g. a ministry of the state) unless the
  text is very close in meaning;
- theatre: a window naming some theatre (Libya, Ukraine, Karabakh) but none of the claim's;
- time: a window naming years, none inside the claim's time frame (or its evidence's years).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.match_bm25 import BM25
from extractors.match_places import theatres_in
from extractors.models import Catalogue, Claim
from extractors.text import content_stems, fold

__all__ = ["ClaimProfile", "ClaimIndex", "Candidate", "Thresholds", "years_in"]

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def years_in(text: str) -> frozenset[int]:
    return frozenset(int(y) for y in _YEAR.findall(text))


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds, tuned on one half of the dev set and checked on the other."""

    semantic: float = 0.045  # embedding similarity above the sentence's mean over all claims
    semantic_no_subject: float = 0.07  # the same when the claim's subject is not named
    lexical: float = 0.30  # BM25 share (score / max possible) without a model
    lexical_no_subject: float = 0.45


@dataclass(frozen=True)
class ClaimProfile:
    claim: Claim
    texts: tuple[str, ...]  # statement, evidence quotes (what embeddings compare against)
    actor_ids: frozenset[str]
    subject_ids: frozenset[str]
    theatres: frozenset[str]
    years: frozenset[int]


@dataclass(frozen=True)
class Candidate:
    profile: ClaimProfile
    score: float
    lexical: float
    semantic: float | None


def _descendants(catalogue: Catalogue) -> dict[str, set[str]]:
    """actor id -> itself plus every actor whose parent chain leads to it."""
    parents = {a.id: a.parent for a in catalogue.actors}
    out: dict[str, set[str]] = {a.id: {a.id} for a in catalogue.actors}
    for actor_id in parents:
        seen, current = set(), parents.get(actor_id)
        while current and current not in seen:
            seen.add(current)
            out.setdefault(current, {current}).add(actor_id)
            current = parents.get(current)
    return out


def _profile(claim: Claim, family: dict[str, set[str]]) -> ClaimProfile:
    texts = tuple(dict.fromkeys([claim.statement, *(e.quote for e in claim.evidence)]))
    about = " ".join(texts + tuple(claim.places))
    actor_ids = {i for a in claim.actors if a.role != "mentioned" for i in family.get(a.actor_id, {a.actor_id})}
    subjects = {i for a in claim.actors if a.role == "subject" for i in family.get(a.actor_id, {a.actor_id})}
    years = years_in(claim.time_frame) or years_in(claim.statement)
    return ClaimProfile(claim, texts, frozenset(actor_ids), frozenset(subjects), theatres_in(about), years)


class ClaimIndex:
    """Per-catalogue state: claim profiles, a BM25 index and (optionally) claim embeddings."""

    def __init__(self, catalogue: Catalogue, embedder=None, thresholds: Thresholds | None = None):
        family = _descendants(catalogue)
        self.profiles = [_profile(c, family) for c in catalogue.claims]
        self.by_id = {p.claim.id: p for p in self.profiles}
        docs = [content_stems(fold(" ".join(p.texts + p.claim.keywords))) for p in self.profiles]
        self.bm25 = BM25(docs)
        self.embedder = embedder
        self.thresholds = thresholds or Thresholds()
        self._text_rows: list[int] = []  # row -> profile index
        self._matrix = None
        if embedder is not None and self.profiles:
            rows = [(i, t) for i, p in enumerate(self.profiles) for t in p.texts]
            self._text_rows = [i for i, _ in rows]
            self._matrix = embedder.embed([t for _, t in rows])

    def lexical_scores(self, text: str) -> list[float]:
        """Per claim: the idf-weighted share of the text's distinct stems found in the claim's
        texts (0..1); names were blanked by the caller, so this measures what is said."""
        query = set(content_stems(fold(text)))
        idf = self.bm25.idf
        total = sum(idf.get(t, 0.0) for t in query) or 1.0
        out = [0.0] * len(self.profiles)
        shared = [0] * len(self.profiles)
        for term in query:
            for doc_id, _ in self.bm25.postings.get(term, ()):
                out[doc_id] += idf[term] / total
                shared[doc_id] += 1
        # One shared word is chance, not a restatement.
        return [score if n >= 2 else 0.0 for score, n in zip(out, shared)]

    def semantic_scores(self, vector) -> list[float] | None:
        """Per claim: best similarity over its texts minus the mean over all claim texts, so a
        sentence that is merely on-topic (close to every claim) does not pass."""
        if self._matrix is None:
            return None
        sims = self._matrix @ vector
        best = [-1.0] * len(self.profiles)
        for row, sim in zip(self._text_rows, sims.tolist()):
            best[row] = max(best[row], sim)
        mean = float(sims.mean())
        return [b - mean for b in best]

    def candidates(self, window: str, content: str, actor_ids: set[str], vector=None) -> list[Candidate]:
        """Claims that the window restates, best first, after verification. `content` is the
        window without its actor names, for the lexical score."""
        lexical = self.lexical_scores(content)
        semantic = self.semantic_scores(vector) if vector is not None else None
        theatres, years = theatres_in(window), years_in(window)
        out = []
        for i, profile in enumerate(self.profiles):
            sem = semantic[i] if semantic is not None else None
            score = self._decide(profile, lexical[i], sem, actor_ids, theatres, years)
            if score is not None:
                out.append(Candidate(profile, score, lexical[i], sem))
        out.sort(key=lambda c: -c.score)
        return out

    def _decide(self, p: ClaimProfile, lex: float, sem: float | None, actor_ids, theatres, years):
        if not (p.actor_ids & actor_ids):
            return None  # not about these actors at all
        if theatres and p.theatres and not (theatres & p.theatres):
            return None  # another war
        if years and p.years and not (years & p.years):
            return None  # another year's event
        has_subject = not p.subject_ids or bool(p.subject_ids & actor_ids)
        t = self.thresholds
        if sem is not None:
            need = t.semantic if has_subject else t.semantic_no_subject
            return sem if sem >= need else None
        need = t.lexical if has_subject else t.lexical_no_subject
        return lex if lex >= need else None
