"""How much of a curated catalogue the bootstrap recovers from the same seed corpus.

Definitions (kept strict so the figures mean something):
- a curated actor is *proposed* when some draft actor's name or alias equals one of the curated
  actor's names (any form or language), compared case-insensitively with ’ read as ';
- a curated claim is *proposed* when some draft claim has an evidence span in the same seed
  document that overlaps one of the curated claim's evidence spans.
The draft's size is reported too: recall bought by proposing every sentence would show there.
"""

from __future__ import annotations

from extractors.bootstrap import draft_catalogue
from extractors.catalogue_draft_text import sentence_spans
from extractors.models import Catalogue

__all__ = ["measure_bootstrap_recall"]


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


def measure_bootstrap_recall(curated: Catalogue) -> dict:
    draft = draft_catalogue(curated.seeds)
    draft_names = {_norm(n) for a in draft.actors for n in [a.name, *a.names]}
    actors_missed = [a.id for a in curated.actors if not {_norm(n.text) for n in a.names} & draft_names]
    spans = [s for c in draft.claims for s in c.spans]
    claims_missed = [c.id for c in curated.claims if not any(_overlaps(e, spans) for e in c.evidence)]
    # The other direction: how much of the draft is useful to a reviewer.
    curated_names = {_norm(n.text) for a in curated.actors for n in a.names}
    curated_spans = [(e.seed, e.start, e.end) for c in curated.claims for e in c.evidence]
    useful_actors = sum(1 for a in draft.actors if {_norm(n) for n in [a.name, *a.names]} & curated_names)
    useful_claims = sum(1 for c in draft.claims if any(_span_overlaps(s, curated_spans) for s in c.spans))
    sentences = sum(len(sentence_spans(t)) for t in curated.seeds.values())
    return {
        "actors_curated": len(curated.actors),
        "actors_proposed": len(curated.actors) - len(actors_missed),
        "actor_recall": 1 - len(actors_missed) / max(1, len(curated.actors)),
        "claims_curated": len(curated.claims),
        "claims_proposed": len(curated.claims) - len(claims_missed),
        "claim_recall": 1 - len(claims_missed) / max(1, len(curated.claims)),
        "draft_actors": len(draft.actors),
        "draft_claims": len(draft.claims),
        "draft_actors_matching_curated": useful_actors,
        "draft_claims_overlapping_curated": useful_claims,
        "seed_sentences": sentences,
        "actors_missed": actors_missed,
        "claims_missed": claims_missed,
    }


def _span_overlaps(span, spans) -> bool:
    seed, start, end = span
    return any(s == seed and st < end and start < en for s, st, en in spans)


def _overlaps(evidence, spans) -> bool:
    return any(seed == evidence.seed and start < evidence.end and evidence.start < end for seed, start, end in spans)
