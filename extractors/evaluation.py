"""Score claim predictions against a labelled file (format: shared eval README).

Rules, as the README states them: an expected quote is *found* when a predicted claim has an
evidence span in the same seed file overlapping the quote's character range; a prediction is
*correct* when one of its evidence spans overlaps one of the item's expected quotes. Precision =
correct / predicted, recall = found / expected, micro-averaged. Stance is scored on found quotes
(accuracy, and F1 of "denies"). Expected quotes carry text only, so their offsets are looked up
in the seed texts of the catalogue.

Also here: a plain BM25 baseline (top claim per sentence above a fixed share, always
"supports") scored in the same run, and floors checking for the CI gate.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from extractors.match_bm25 import BM25
from extractors.models import Catalogue, ClaimMatch, EvidenceSpan
from extractors.text import fold, sentence_spans, tokens

__all__ = ["load_items", "Prediction", "score", "BM25Baseline", "check_floors", "split_half"]


@dataclass(frozen=True)
class Prediction:
    claim_id: str
    stance: str
    evidence: tuple[EvidenceSpan, ...]


def load_items(path: str) -> list[dict]:
    items = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
    return items


def split_half(item_id: str) -> str:
    """A fixed split by id hash: "A" (tuning) or "B" (held out)."""
    return "A" if hashlib.sha1(item_id.encode()).digest()[0] % 2 == 0 else "B"


def _quote_span(seeds: dict, seed: str, quote: str) -> tuple[int, int] | None:
    text = seeds.get(seed)
    if text is None:
        return None
    start = text.find(quote)
    if start < 0:  # tolerate whitespace differences (e.g. no-break spaces)
        start = fold(text).find(fold(quote))
    return (start, start + len(quote)) if start >= 0 else None


def _overlaps(span: EvidenceSpan, seed: str, rng: tuple[int, int] | None) -> bool:
    return rng is not None and span.seed == seed and span.start < rng[1] and rng[0] < span.end


@dataclass
class _Tally:
    predicted: int = 0
    correct: int = 0
    expected: int = 0
    found: int = 0
    stance_right: int = 0
    denies: dict = field(default_factory=lambda: {"tp": 0, "fp": 0, "fn": 0})


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _owner(claims, seed: str, rng) -> str:
    """The catalogue claim whose evidence covers an expected quote (for the per-claim table)."""
    for claim in claims:
        if any(_overlaps(e, seed, rng) for e in claim.evidence):
            return claim.id
    return "(no claim has this quote)"


def _score_item(item, preds: list[Prediction], catalogue: Catalogue, tally: _Tally, per_claim) -> None:
    seeds = catalogue.seeds
    expected = [(m, _quote_span(seeds, m["seed"], m["quote"])) for m in item.get("matches", [])]
    tally.predicted += len(preds)
    for pred in preds:
        ok = any(_overlaps(e, m["seed"], rng) for e in pred.evidence for m, rng in expected)
        tally.correct += ok
        per_claim[pred.claim_id]["predicted"] += 1
        per_claim[pred.claim_id]["correct"] += ok
    for m, rng in expected:
        tally.expected += 1
        hits = [p for p in preds if any(_overlaps(e, m["seed"], rng) for e in p.evidence)]
        key = _owner(catalogue.claims, m["seed"], rng)
        per_claim[key]["expected"] += 1
        if not hits:
            tally.denies["fn"] += m["stance"] == "denies"
            continue
        tally.found += 1
        per_claim[key]["found"] += 1
        stance = hits[0].stance
        tally.stance_right += stance == m["stance"]
        if m["stance"] == "denies":
            tally.denies["tp" if stance == "denies" else "fn"] += 1
        elif stance == "denies":
            tally.denies["fp"] += 1


def _figures(t: _Tally) -> dict:
    p = t.correct / t.predicted if t.predicted else 0.0
    r = t.found / t.expected if t.expected else 0.0
    d = t.denies
    dp = d["tp"] / (d["tp"] + d["fp"]) if d["tp"] + d["fp"] else 0.0
    dr = d["tp"] / (d["tp"] + d["fn"]) if d["tp"] + d["fn"] else 0.0
    return {
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(_f1(p, r), 4),
        "stance_accuracy": round(t.stance_right / t.found, 4) if t.found else 0.0,
        "denies_f1": round(_f1(dp, dr), 4),
        "predicted": t.predicted, "correct": t.correct, "expected": t.expected, "found": t.found,
    }


def score(items: list[dict], predictions: list[list[Prediction]], catalogue: Catalogue) -> dict:
    """Figures for all items, non-English items, and a per-claim table."""
    overall, foreign = _Tally(), _Tally()
    languages: dict[str, _Tally] = defaultdict(_Tally)
    per_claim = defaultdict(lambda: {"predicted": 0, "correct": 0, "expected": 0, "found": 0})
    for item, preds in zip(items, predictions):
        _score_item(item, preds, catalogue, overall, per_claim)
        scratch = defaultdict(lambda: defaultdict(int))
        _score_item(item, preds, catalogue, languages[item.get("lang") or "?"], scratch)
        if item.get("lang", "en") != "en":
            _score_item(item, preds, catalogue, foreign, scratch)
    figures = _figures(overall)
    figures["per_language"] = {
        lang: {"items": None, "expected": t.expected, "found": t.found, "predicted": t.predicted, "correct": t.correct}
        for lang, t in sorted(languages.items())
    }
    for lang in figures["per_language"]:
        figures["per_language"][lang]["items"] = sum(1 for i in items if (i.get("lang") or "?") == lang)
    figures["non_english_recall"] = _figures(foreign)["recall"]
    figures["non_english_expected"] = foreign.expected
    figures["per_claim"] = {k: dict(v) for k, v in sorted(per_claim.items())}
    return figures


def predictions_from(matches: tuple[ClaimMatch, ...]) -> list[Prediction]:
    return [Prediction(m.claim_id, m.stance, m.evidence) for m in matches]


class BM25Baseline:
    """Plain BM25 over claim statement + evidence; per sentence the top claim if its score is at
    least `share` of the best score any document could reach for that sentence."""

    def __init__(self, catalogue: Catalogue, share: float = 0.35):
        self.claims = catalogue.claims
        docs = [tokens(fold(" ".join([c.statement, *(e.quote for e in c.evidence)]))) for c in self.claims]
        self.index = BM25(docs)
        self.share = share

    def predict(self, text: str) -> list[Prediction]:
        chosen: dict[str, Prediction] = {}
        for start, end in sentence_spans(text):
            query = tokens(fold(text[start:end]))
            scores = self.index.scores(query)
            if not scores:
                continue
            best = max(range(len(scores)), key=scores.__getitem__)
            if scores[best] >= self.share * self.index.max_score(query):
                c = self.claims[best]
                chosen[c.id] = Prediction(c.id, "supports", c.evidence)
        return list(chosen.values())


FLOOR_KEYS = ("precision", "recall", "f1", "stance_accuracy", "denies_f1", "non_english_recall")


def check_floors(figures: dict, floors: dict) -> list[str]:
    """One line per figure below its floor (empty when all hold)."""
    return [
        f"{key} {figures.get(key, 0.0):.4f} < floor {floor:.4f}"
        for key, floor in floors.items()
        if key in FLOOR_KEYS and figures.get(key, 0.0) < floor
    ]
