"""Claim retrieval and verification for one sentence window: pure functions over an index.

Every claim is scored against a window (a sentence, plus the one before it when it opens with a
pronoun) from a few features:

- `sem`: embedding similarity to the claim's statement, evidence quotes and statement+keywords
  (best of them), minus the window's mean similarity to all claim texts, so a sentence that is
  merely on-topic does not pass; `top`: 1 for the claim the model ranks first;
- `con`: the idf-weighted share of the claim's concepts (match_concepts: "send", "fighters",
  "waiver", ...) that the window expresses, in any language;
- `lex`: the idf-weighted share of the window's content words (actor names blanked) found in the
  claim's texts;
- `subj`: the claim's subject (or an actor inside it, e.g. its ministry) is named;
- `den`: the window denies, and the one denying is the claim's subject: the denier of a denial
  claim, or whoever the claim says did the deed ("Yerevan rejected responsibility for the strike
  on Ganja") or had it done for them (its beneficiary);
- `spec`: the window names whom the deed was done to (object, beneficiary, target), weighted by
  how few claims name that actor: Ganja points at one strike, Azerbaijan at most claims.

A linear score of these decides (weights in `Weights`, tuned on one half of the dev set and
checked on the other). Verification gates come first and are absolute:

- actors: at least one of the claim's actors (other than "mentioned" ones) is named;
- concepts: the window expresses one of the claim's concepts, or (for a claim the lexicon
  hardly describes) contains one of its catalogue keywords;
- theatre: the window names some theatre (Libya, Ukraine, Karabakh) but none of the claim's;
- headline: a title or headline (is_headline) names the claim's object, beneficiary
  or target when the claim has one ("Israel's arms exports hit a record" is not "Israel supplied
  weapons to Azerbaijan": a headline has no context to supply the recipient);
- broader body: when the claim's subject is named only by a body it belongs to (the United
  States for its embassy in Baku), the claim's object or target must be named too: "U.S.
  diplomats warned of attacks" is any US warning, "... of attacks in Azerbaijan" is the claim;
- agent: when a claim's agent (role "subject") is not named, nor its target, and the window names
  an actor of the agent's kind that has no part in the claim ("according to SIPRI, Russia
  supplies most of Azerbaijan's arms" for "according to SIPRI, Israel supplied arms to
  Azerbaijan"), the window reports someone else's deed: a source alone does not restate it;
- roles: when the claim's agent is named, but the sentence presents others as the doers (the
  accused of "X accused Y of ...", the agent of a passive deed, and for attack claims whoever
  fires: "Azerbaijani rockets hit Stepanakert, Armenia said"), or names the agent only as the
  accuser ("Israel accused Iran of supplying drones"), the claim is not restated (match_roles);
- group: when a state or person did the deed to an armed group (sent, recruited, paid it), the
  group or whom it served must be named, not the doer alone: "Russia sent 2,500 fighters from
  Wagner" does not restate "Russia sent Syrian mercenaries to Libya";
- speaker: a claim about what a person said or did is not restated by another person's words
  ("Aliyev said ties with NATO matter" is not "Stoltenberg praised the ties") unless the window
  names that person too;
- time: the window's main clauses name years, none inside the claim's time frame (a year in a
  side clause, ", a country that helped it in the 2020 war", dates something else).

The paraphrase route: a window that passes every gate but the concept one (it says the claim in
words the lexicon does not know) and names two of the claim's actors, its object among them, is
embedded too; the model's first claim is kept if its `sem` reaches `Weights.paraphrase_sem`.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from extractors.match_bm25 import BM25
from extractors.match_concepts import concepts_in
from extractors.match_dates import dating_years, frame_years, years_in
from extractors.match_places import theatres_in
from extractors.match_semantic import cached_matrix
from extractors.models import Catalogue, Claim
from extractors.text import content_stems, fold

__all__ = ["ClaimProfile", "ClaimIndex", "Candidate", "Weights", "is_headline"]

_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?!\d)|(?<![\d.,])\d+(?!\d)")


def figures_in(text: str) -> frozenset[int]:
    """Figures of 10 or more that are not years ("300", "5,000", "100 000")."""
    out = set()
    for m in _NUMBER.finditer(text):
        value = int(re.sub(r"\D", "", m.group()))
        if value >= 10 and not (1900 <= value <= 2099 and len(m.group()) == 4):
            out.add(value)
    return frozenset(out)


def _same_figure(a: frozenset[int], b: frozenset[int]) -> bool:
    return any(abs(x - y) <= 0.02 * max(x, y) for x in a for y in b)


# A headline this short has no room for context that would make the claim's object implicit.
HEADLINE_WORDS = 12
_SENTENCE_END = (".", "!", "?", "\u2026", "\u061f", "\u3002", '"', "'", "\u201d", "\u00bb", ")")


def is_headline(text: str, title: bool = False) -> bool:
    """A headline: fewer than HEADLINE_WORDS words, given as the title or written without the
    punctuation that ends a sentence ("Turkish drone maker expands exports")."""
    text = text.strip()
    return len(text.split()) < HEADLINE_WORDS and (title or not text.endswith(_SENTENCE_END))


# A claim with this many lexicon concepts or fewer may also pass the concept gate on its own
# keywords. Measured: with 1, the dev set's decisions are unchanged and two more quotes of claims
# it never mentions are found in tests/fixtures/eval/claims-own.jsonl (31 of 46, was 29); letting
# every claim pass on its keywords found 33 there but cost the dev set five false positives.
THIN_CLAIM_CONCEPTS = 1
# What a claim of supply may say was supplied (concepts of match_concepts).
SUPPLIED_THINGS = frozenset({"weapons", "drone", "technology"})
# What makes aid military (concepts of match_concepts), and the word itself in our languages.
ARMED_THINGS = frozenset({"weapons", "drone", "troops", "fighters", "drills", "training"})
_MILITARY = re.compile(r"(?<!\w)[\u0648\u0641\u0628\u0644]?(?:\u0627\u0644)?(?:militar|militai|военн|askeri|عسكري)")


@dataclass(frozen=True)
class Weights:
    """The linear decision: score = bias + sum(weight * feature); a claim is kept when score >= 0,
    at most `per_window` per window, each within `margin` of the window's best. Fitted by
    logistic regression on half A of the dev set (split by id hash), checked on half B; one set
    for the embedding model, one for lexical-only matching."""

    # Refitted on half A (logistic regression; L2 strength 3, the lowest error count in 5-fold
    # cross-validation over A's items) after `den` came to cover a claim denied by its own doer
    # and `spec` was added: same decisions on A; on B one more denial found and no new false
    # positive (precision 0.821 -> 0.825, recall 0.683 -> 0.707, denies F1 0.667 -> 0.769).
    semantic: tuple = (("sem", 26.717), ("top", 3.075), ("lex", 2.263), ("ncon", 0.245), ("act", 2.413),
                       ("subj", 1.319), ("den", 2.131), ("spec", 1.095))
    semantic_bias: float = -6.374
    # Lexical-only matching (no model), refitted the same way (L2 strength 0.3 by the same
    # cross-validation): precision 0.794 -> 0.851, recall 0.578 -> 0.675 on the whole dev set.
    lexical: tuple = (("con", -0.556), ("lex", 5.965), ("ncon", 0.852), ("act", 2.301), ("subj", 3.433),
                      ("den", 2.114), ("spec", 2.291))
    lexical_bias: float = -8.172
    # Which windows are worth embedding: a lexical score of its own, the one chosen as this
    # gate before the lexical-only weights were refitted (those rank claims better, but as a
    # gate they let through windows the model then matches wrongly: dev precision 0.896 -> 0.883).
    # Its denial term counts a denial claim, or a claim denied by its doer only when the window
    # names whom it was done to: any "rejected" in general news ("the court rejected the order")
    # would otherwise send the window to the model (9 windows embedded on the 235 corpus pages
    # instead of 1, matching time x2.2).
    prefilter: tuple = (("con", 0.15), ("lex", 3.21), ("ncon", 0.73), ("act", 1.89), ("subj", 1.25),
                        ("den_pre", 2.41))
    prefilter_bias: float = -4.89
    min_concepts: int = 1  # a claim needs at least this many of its concepts in the window
    # Windows whose best lexical score is below this are not embedded (the model is the cost).
    # Chosen on dev half A: -1.5 lost no recall there and raised precision, while it embeds
    # ~1 window in 10 pages of general news (shared/corpus/html).
    embed_floor: float = -1.5
    per_window: int = 2
    # A second claim from the same window is kept when it scores within `margin` of the first:
    # a sentence often restates two claims ("recruits have been heading to Karabakh since
    # mid-September in batches of 100" is both the deployment and its start date). The dev set
    # takes the same decisions anywhere from 1.0 to 2.0; at 2.0 one of our own hard negatives
    # passes, and 1.5 finds one more claim in each of our fresh and holdout sets (no false one).
    margin: float = 1.5
    # The paraphrase route: a window that expresses none of a claim's concepts in words the
    # lexicon knows ("steering his country towards the West" for "seeking closer ties") may
    # still restate it when the model ranks that claim first with `sem` at least this, and the
    # window names two of the claim's actors (its object among them, if it has one). On the dev
    # set no window gets there wrongly: its highest such `sem` is 0.093 (a hard negative), and
    # 0.12 keeps a margin above it; 0.10 let one of tests/fixtures/eval/claims-own.jsonl's hard
    # negatives through (0.101).
    paraphrase_sem: float = 0.12


@dataclass(frozen=True)
class ClaimProfile:
    claim: Claim
    texts: tuple[str, ...]  # what embeddings compare against
    actor_ids: frozenset[str]
    subject_ids: frozenset[str]
    theatres: frozenset[str]
    years: frozenset[int]
    concepts: frozenset[str]
    figures: frozenset[int]
    object_ids: frozenset[str]  # whom it was done to / for (object, beneficiary, target)
    target_ids: frozenset[str]  # what was attacked, captured, emptied
    speakers: frozenset[str] = frozenset()  # people whose words or deeds the claim reports
    agent_ids: frozenset[str] = frozenset()  # who did it (role subject), not who said so
    agent_kinds: frozenset[str] = frozenset()  # their kinds: "state", "person", ...
    all_ids: frozenset[str] = frozenset()  # every actor of the claim, "mentioned" ones too
    # subject_ids without the bodies the subjects belong to (the embassy and its staff, not the
    # United States that the embassy is part of)
    own_subject_ids: frozenset[str] = frozenset()
    # The claim's own keywords that are not actor names, as sets of stems ("retook", "gained
    # territory"): the words a catalogue gives a claim the concept lexicon may not know.
    cues: tuple[frozenset[str], ...] = ()
    beneficiary_ids: frozenset[str] = frozenset()  # for whom it was done ("fought for Azerbaijan")
    # A state or person did the deed to an armed group (sent, recruited, listed it): then whom it
    # was done to or for must be named, not only the doer (`passing`).
    acts_on_group: bool = False


@dataclass(frozen=True)
class Candidate:
    profile: ClaimProfile
    score: float
    features: dict


def _family(catalogue: Catalogue) -> dict[str, set[str]]:
    """actor id -> itself, every actor inside it (parent chain leads to it) and every actor it is
    inside: news says "Turkey denied" for its ministry, and "the ministry" for Turkey."""
    parents = {a.id: a.parent for a in catalogue.actors}
    out: dict[str, set[str]] = {a.id: {a.id} for a in catalogue.actors}
    for actor_id in parents:
        seen, current = set(), parents.get(actor_id)
        while current and current not in seen:
            seen.add(current)
            out.setdefault(current, {current}).add(actor_id)
            out.setdefault(actor_id, {actor_id}).add(current)
            current = parents.get(current)
    return out


def _ancestors(catalogue: Catalogue) -> dict[str, set[str]]:
    """actor id -> every body it is inside (its parent chain)."""
    parents = {a.id: a.parent for a in catalogue.actors}
    out: dict[str, set[str]] = {}
    for actor_id in parents:
        seen, current = set(), parents.get(actor_id)
        while current and current not in seen:
            seen.add(current)
            current = parents.get(current)
        out[actor_id] = seen
    return out


def _cues(claim: Claim, names: frozenset[str]) -> tuple[frozenset[str], ...]:
    """A claim without keywords (a drafted catalogue's, before review) has the content words of
    its statement as cues, one word each: better a weak route than none."""
    if not claim.keywords:
        named = {s for n in names for s in content_stems(n)}
        return tuple(frozenset([s]) for s in dict.fromkeys(content_stems(fold(claim.statement))) if s not in named)
    out = []
    for keyword in claim.keywords:
        stems = frozenset(content_stems(fold(keyword)))
        if stems and fold(keyword).strip() not in names:
            out.append(stems)
    return tuple(dict.fromkeys(out))


def _profile(claim: Claim, family: dict[str, set[str]], people: frozenset[str] = frozenset(),
             kinds: dict[str, str] | None = None, ancestors: dict[str, set[str]] | None = None,
             names: frozenset[str] = frozenset()) -> ClaimProfile:
    core = claim.statement + " " + ", ".join(claim.keywords)
    texts = tuple(dict.fromkeys([claim.statement, *(e.quote for e in claim.evidence), core]))
    about = " ".join(texts + tuple(claim.places))

    def ids(*roles: str, but: str = "") -> frozenset[str]:
        """The claim's actors in these roles (any role but `but` when none are given), each with
        its family (`_family`: the bodies inside it and those it is inside)."""
        return frozenset(i for a in claim.actors if (a.role in roles if roles else a.role != but)
                         for i in family.get(a.actor_id, {a.actor_id}))

    # The claim's agents: who did it, or who said so ("Naryshkin said ... fighters went").
    subjects = ids("subject", "source")
    years = frame_years(claim.time_frame) or years_in(claim.statement)
    agents = [a.actor_id for a in claim.actors if a.role == "subject"]
    own = [a.actor_id for a in claim.actors if a.role in ("subject", "source")]
    broader = set().union(*((ancestors or {}).get(a, set()) for a in own)) - set(own)
    kind = (kinds or {}).get
    acts_on_group = not any(kind(a) == _GROUP for a in agents) and any(
        a.role == "object" and kind(a.actor_id) == _GROUP for a in claim.actors)
    return ClaimProfile(claim, texts, ids(but="mentioned"),
                        subjects, theatres_in(about),
                        years, concepts_in(core), figures_in(" ".join(texts)), ids("object", "beneficiary", "target"),
                        ids("target"),
                        frozenset(a.actor_id for a in claim.actors if a.role in ("subject", "source") and a.actor_id in people),
                        ids("subject"),
                        frozenset(kind(a, "") for a in agents),
                        ids(),
                        subjects - broader, _cues(claim, names), ids("beneficiary"), acts_on_group)


_GROUP = "armed_group"


class ClaimIndex:
    """Per-catalogue state: claim profiles, lexical statistics and (optionally) embeddings."""

    def __init__(self, catalogue: Catalogue, embedder=None, weights: Weights | None = None,
                 cache_dir=None):
        family = _family(catalogue)
        self.people = frozenset(a.id for a in catalogue.actors if a.kind == "person")
        self.kinds = {a.id: a.kind for a in catalogue.actors}
        ancestors = _ancestors(catalogue)
        names = frozenset(fold(n.text).strip() for a in catalogue.actors for n in a.names)
        self.profiles = [_profile(c, family, self.people, self.kinds, ancestors, names) for c in catalogue.claims]
        self.by_id = {p.claim.id: p for p in self.profiles}
        docs = [content_stems(fold(" ".join(p.texts))) for p in self.profiles]
        self.bm25 = BM25(docs)
        n = len(self.profiles) or 1
        counts: dict[str, int] = {}
        for p in self.profiles:
            for c in p.concepts:
                counts[c] = counts.get(c, 0) + 1
        # Rare concepts ("waiver") say more about which claim than common ones ("fighters").
        self.concept_idf = {c: math.log(1 + n / k) for c, k in counts.items()}
        self._patient_weights = _patient_weights(catalogue.claims)
        self.embedder = embedder
        self.weights = weights or Weights()
        self._text_rows: list[int] = []
        self._matrix = None
        if embedder is not None and self.profiles:
            rows = [(i, t) for i, p in enumerate(self.profiles) for t in p.texts]
            self._text_rows = [i for i, _ in rows]
            self._matrix = cached_matrix(embedder, [t for _, t in rows], cache_dir, catalogue.version)

    def lexical_scores(self, text: str) -> list[float]:
        """Per claim: the idf-weighted share of the text's distinct content stems found in the
        claim's texts (0..1); a single shared word counts as nothing."""
        query = set(content_stems(fold(text)))
        idf = self.bm25.idf
        total = sum(idf.get(t, 0.0) for t in query) or 1.0
        out = [0.0] * len(self.profiles)
        shared = [0] * len(self.profiles)
        for term in query:
            for doc_id, _ in self.bm25.postings.get(term, ()):
                out[doc_id] += idf[term] / total
                shared[doc_id] += 1
        return [score if n >= 2 else 0.0 for score, n in zip(out, shared)]

    def _similarities(self, vector) -> tuple[list[float], list[float]] | None:
        """Per claim: its best and second-best similarity over its texts, minus the mean over
        all claim texts."""
        if self._matrix is None or vector is None:
            return None
        sims = self._matrix @ vector
        best = [-1.0] * len(self.profiles)
        second = [-1.0] * len(self.profiles)
        for row, sim in zip(self._text_rows, sims.tolist()):
            if sim > best[row]:
                best[row], second[row] = sim, best[row]
            elif sim > second[row]:
                second[row] = sim
        mean = float(sims.mean())
        return [b - mean for b in best], [s - mean for s in second]

    def _ranked_first(self, best: list[float], second: list[float]) -> int:
        """The claim the model ranks first. Claims often share an evidence quote (the seed
        sentence that supports both), and then their best similarities are equal to the last
        bit: the tie goes to the claim whose other texts are closer, not to the one listed first
        in the catalogue. Measured: dev 0.912 / 0.819 -> 0.925 / 0.831 (a French report of
        fighters passing through a border town was ranked to the claim listed before the one
        about that transit); the four other labelled sets find the same quotes."""
        return max(range(len(best)), key=lambda i: (best[i], second[i]))

    def concept_scores(self, concepts: frozenset[str]) -> list[float]:
        out = []
        for p in self.profiles:
            total = sum(self.concept_idf[c] for c in p.concepts) or 1.0
            out.append(sum(self.concept_idf[c] for c in p.concepts & concepts) / total)
        return out

    def passing(self, window: str, actor_ids: set[str], stance=None, headline: bool = False,
                roles=None, content: str | None = None, paraphrase: bool = False) -> list[int]:
        """Indexes of the claims that pass the cheap verification gates; only windows with some
        are worth embedding. Gates: the claim's actors, theatre and years fit; who did it (or
        what it was done to) is named; one of its concepts is expressed; a denial claim needs a
        sentence that denies. `headline`: the window is a title or headline (see is_headline).
        `paraphrase`: the claims the paraphrase route may take instead (see Weights): no concept
        needed, but two of the claim's actors named, its object among them."""
        denies = stance is not None and stance.reports_denial
        speaker = getattr(stance, "speaker", None)
        other_speaker = speaker if speaker in self.people else None
        found = concepts_in(window)
        # Only a claim the lexicon hardly describes reads the window's stems: computed once, if so.
        stems = functools.cache(lambda: frozenset(content_stems(fold(window if content is None else content))))
        theatres, years = theatres_in(window), dating_years(window)
        relief_only = _humanitarian_aid_only(found, window)
        out = []
        for i, p in enumerate(self.profiles):
            if (p.claim.denies and not denies) or not _verified(p, actor_ids, theatres, years):
                continue
            if other_speaker and p.speakers and other_speaker not in p.speakers and not (p.speakers & actor_ids):
                continue  # "Aliyev said ..." does not restate what Stoltenberg said
            if p.object_ids and not (p.object_ids | p.target_ids | p.own_subject_ids) & actor_ids:
                continue  # "U.S. officials warned of attacks": the US, not its embassy in Baku
            if p.acts_on_group and not p.object_ids & actor_ids:
                continue  # "Russia sent 2,500 fighters from Wagner": not the claim's Syrians
            if headline and p.object_ids and not (p.object_ids & actor_ids):
                continue  # "Turkish drone maker expands exports": to whom?
            if roles is not None and _someone_else_did_it(p, actor_ids, roles):
                continue  # "Azerbaijani rockets hit Stepanakert, Armenia said"
            if self._done_by_another(p, actor_ids):
                continue  # "Russia supplies most of Baku's arms" is not "Israel supplied arms"
            if not (p.subject_ids & actor_ids or p.target_ids & actor_ids):
                continue
            if not _names_what_was_supplied(p, found):
                continue  # "Israel supplied vaccines to Azerbaijan": not its weapons
            if relief_only and "humanitarian" not in p.concepts and p.concepts & {"support", "aid"}:
                continue  # "Turkey sent humanitarian aid to Azerbaijan": not military support
            if (_names_two_parties(p, actor_ids) if paraphrase else self._expressed(p, found, stems)):
                out.append(i)
        return out

    def _expressed(self, p: ClaimProfile, found: frozenset[str], stems) -> bool:
        """The window says what the claim is about: one of its concepts (the lexicon), or, for
        a claim the lexicon hardly describes (at most one concept: every claim of a seed corpus
        on another topic), one of its own catalogue keywords, all of whose stems appear."""
        if len(p.concepts & found) >= self.weights.min_concepts:
            return True
        return len(p.concepts) <= THIN_CLAIM_CONCEPTS and bool(p.cues) and any(cue <= stems() for cue in p.cues)

    def _done_by_another(self, p: ClaimProfile, actor_ids: set[str]) -> bool:
        """The window names none of the claim's agents (nor its target), but names an actor of
        an agent's kind that has no part in the claim: the event, if any, is someone else's."""
        if not p.agent_ids or p.agent_ids & actor_ids or p.target_ids & actor_ids:
            return False
        return any(a not in p.all_ids and self.kinds.get(a) in p.agent_kinds for a in actor_ids)

    def features(self, window: str, content: str, actor_ids: set[str], vector=None, stance=None,
                 only: list[int] | None = None) -> dict[int, dict]:
        """Feature dicts of the claims in `only` (default: those `passing`), by claim index."""
        only = self.passing(window, actor_ids, stance) if only is None else only
        if not only:
            return {}
        denier = stance.denier if stance is not None and stance.reports_denial else None
        lexical = self.lexical_scores(content)
        ranked = self._similarities(vector)
        semantic = ranked[0] if ranked else None
        best = self._ranked_first(*ranked) if ranked else -1
        found = concepts_in(window)
        concepts = self.concept_scores(found)
        figures = figures_in(window)
        out = {}
        for i in only:
            p = self.profiles[i]
            out[i] = {
                "sem": semantic[i] if semantic else 0.0,
                "top": 1.0 if i == best else 0.0,
                "con": concepts[i],
                "lex": lexical[i],
                "subj": 1.0 if (not p.subject_ids or p.subject_ids & actor_ids) else 0.0,
                "obj": 1.0 if (not p.object_ids or p.object_ids & actor_ids) else 0.0,
                "den": 1.0 if _denied_by_its_subject(p, denier, stance) else 0.0,
                "ncon": float(len(p.concepts & found)),
                "act": len(p.actor_ids & actor_ids) / max(len(p.actor_ids), 1),
                "num": 1.0 if figures and _same_figure(figures, p.figures) else 0.0,
                "spec": max((w for a, w in self._patient_weights[p.claim.id].items() if a in actor_ids), default=0.0),
            }
            # For the embedding gate: `den` of a denial claim, or of a claim denied by its doer
            # only in a window that names whom it was done to.
            out[i]["den_pre"] = out[i]["den"] if (p.claim.denies or out[i]["spec"] > 0) else 0.0
        return out

    def score(self, f: dict, lexical: bool = False, prefilter: bool = False) -> float:
        w = self.weights
        if prefilter:
            return w.prefilter_bias + sum(weight * f[name] for name, weight in w.prefilter)
        if self._matrix is not None and not lexical:
            return w.semantic_bias + sum(weight * f[name] for name, weight in w.semantic)
        return w.lexical_bias + sum(weight * f[name] for name, weight in w.lexical)

    def worth_embedding(self, window: str, content: str, actor_ids: set[str], stance, passing: list[int],
                        other_language: bool = False) -> bool:
        """True when some passing claim's prefilter score reaches `embed_floor`. In a text in
        `other_language` than the catalogue's English claim texts, words cannot be shared, so the
        share of the claim's concepts (which the lexicon knows in every language) stands in for
        the lexical share (_concepts_for_words). Measured: two more non-English quotes found in
        our own and blind sets, no false one, 6 windows embedded on the 235 general news pages
        instead of 4; 5 since one concept alone counts half (matcher 11; the five labelled sets
        take the same decisions)."""
        feats = self.features(window, content, actor_ids, None, stance, passing)
        if other_language:
            feats = {i: _concepts_for_words(f) for i, f in feats.items()}
        return any(self.score(f, prefilter=True) >= self.weights.embed_floor for f in feats.values())

    def candidates(self, window: str, content: str, actor_ids: set[str], vector=None, stance=None,
                   only: list[int] | None = None, paraphrase: bool = False,
                   other_language: bool = False) -> list[Candidate]:
        """Claims the window restates, best first: verified, scored, at most `per_window`. On the
        paraphrase route (`only` from passing(paraphrase=True)), at most the model's first
        claim, when its similarity reaches `paraphrase_sem`. In a window in `other_language`
        than the English claim texts, the model's score reads the claim's concepts where it
        would read shared words (see _concepts_for_words); lexical-only scores do not (their
        weights lean on `lex` twice as hard: dev precision 0.833 -> 0.786 when they did)."""
        if paraphrase:
            return [c for c in self.candidates(window, content, actor_ids, vector, stance, only,
                                               other_language=other_language)
                    if c.features["top"] and c.features["sem"] >= self.weights.paraphrase_sem][:1]
        scored = []
        proxy = other_language and self._matrix is not None
        for i, f in self.features(window, content, actor_ids, vector, stance, only).items():
            f = _concepts_for_words(f) if proxy else f
            s = self.score(f)
            if s >= 0:
                scored.append(Candidate(self.profiles[i], s, f))
        scored.sort(key=lambda c: -c.score)
        if not scored:
            return []
        top = scored[0].score
        return [c for c in scored[: self.weights.per_window] if c.score >= top - self.weights.margin]


def _concepts_for_words(f: dict) -> dict:
    """Features of a window in another language than the English claim texts: it can share no
    word with them, so `lex` (the share of the claim's words) reads the share of the claim's
    concepts instead, which the lexicon knows in every language. One concept alone counts half:
    a single word ("Arméniens") is not a restatement, however few concepts the claim has.
    Measured (python -m flows eval ...): dev 0.922 / 0.795 -> 0.911 / 0.807, non-English
    recall 0.867 -> 0.933; holdout recall 0.756 -> 0.805, blind 0.733 -> 0.778; own and fresh
    unchanged."""
    return {**f, "lex": max(f["lex"], f["con"] * min(1.0, f["ncon"] / 2))}


def _patient_weights(claims) -> dict[str, dict[str, float]]:
    """claim id -> {actor id: weight} for whom or what the claim's deed was done to (object,
    beneficiary, target), weighted by how few claims name that actor (idf, scaled to 0..1 by
    the rarest actor of the catalogue). Naming Ganja, the target of one strike, points at that
    claim; naming Azerbaijan, a party to most claims, hardly points at any."""
    counts: dict[str, int] = {}
    for claim in claims:
        for actor_id in {a.actor_id for a in claim.actors if a.role != "mentioned"}:
            counts[actor_id] = counts.get(actor_id, 0) + 1
    idf = {a: math.log(len(claims) / k) for a, k in counts.items()}
    rarest = max(idf.values(), default=0.0) or 1.0
    return {claim.id: {a.actor_id: idf[a.actor_id] / rarest for a in claim.actors
                       if a.role in ("object", "beneficiary", "target")} for claim in claims}


def _names_what_was_supplied(p: ClaimProfile, found: frozenset[str]) -> bool:
    """A claim that weapons, drones or technology were supplied needs the thing named in the
    window, on either route: "supplied" with the right two states is not enough. Measured: no
    decision changed on the five labelled sets; it stops "Israel supplied vaccines to
    Azerbaijan" matching "Israel supplied weapons ... to Azerbaijan"."""
    things = p.concepts & SUPPLIED_THINGS
    return not things or "supply" not in p.concepts or bool(things & found)


def _humanitarian_aid_only(found: frozenset[str], window: str) -> bool:
    """The window is about humanitarian aid and names nothing military: it restates no claim of
    support or aid that is not itself humanitarian. Relief after an earthquake is not the
    military support of a war, in any language ("insani yardım", "مساعدات إنسانية")."""
    return "humanitarian" in found and not (found & ARMED_THINGS) and not _MILITARY.search(fold(window))


def _names_two_parties(p: ClaimProfile, actor_ids: set[str]) -> bool:
    """Two of the claim's own actors are named (not an actor and the body it belongs to, which
    the family expansion would count twice), its object among them if it has one. An actor the
    claim only mentions counts: "Artsakh surrendered in the face of Azerbaijan's attack" has one
    doer, and the state it surrendered to is as telling a second name (own set recall 0.848 ->
    0.870, no other set moved)."""
    own = {a.actor_id for a in p.claim.actors}
    return len(own & actor_ids) >= 2 and (not p.object_ids or bool(p.object_ids & actor_ids))


def _denied_by_its_subject(p: ClaimProfile, denier: str | None, stance) -> bool:
    """The one who speaks is the claim's subject: a denial claim restated by its denier ("the
    ministry called the reports baseless"), or any claim rejected by whoever it says did it
    ("Yerevan rejected responsibility for the attack" of "Armenian forces fired at Ganja") or
    for whom it was done ("Baku dismissed reports that Syrian recruits fought on its side" of
    "Syrian mercenaries fought for Azerbaijan")."""
    if denier is None:
        return False
    if p.claim.denies:
        return denier in p.subject_ids
    return stance.stance == "denies" and denier in (p.agent_ids | p.beneficiary_ids)


def _someone_else_did_it(p: ClaimProfile, actor_ids: set[str], roles) -> bool:
    """The claim's agent is named, but the sentence presents others as the doers (match_roles),
    or names the agent only as an accuser ("Israel accused Iran of supplying drones")."""
    named = p.agent_ids & actor_ids
    if not named:
        return False
    doers = roles.doers | (roles.attackers if "attack" in p.concepts else frozenset())
    if roles.lead in p.agent_ids and roles.lead not in roles.accusers:
        # The sentence opens with the claim's agent: a passive further on ("Ottawa opened a
        # probe into sensors on drones flown by Azerbaijan") or an accusation ("... while Ankara
        # stood accused of backing jihadists") is a side clause's deed.
        doers = doers - roles.agents - roles.accused
    if doers and not (doers & p.agent_ids):
        return True
    return bool(roles.accusers) and named <= roles.accusers


def _verified(p: ClaimProfile, actor_ids, theatres, years) -> bool:
    if not (p.actor_ids & actor_ids):
        return False  # not about these actors at all
    if theatres and p.theatres and not (theatres & p.theatres):
        return False  # another war
    if years and p.years and not (years & p.years):
        return False  # another year's event
    return True
