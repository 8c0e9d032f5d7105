"""Stance of a sentence towards a claim it matches: "supports" or "denies", and who denies.

A sentence denies a claim when it reports a denial (denial verbs, "baseless", "fabricated",
"rejected the reports", in several languages) or negates it ("had not deployed", "no
mercenaries were fighting"). Cues are matched on folded text (text.fold) as word prefixes, so
one entry covers inflections ("deni" -> denied, denies, denial). Phrases that contain a negation
word without negating anything ("not only", "did not immediately comment") are removed first.

The denier is the speaker: the last actor named before the first verb of saying that precedes
the cue ("Speaking to Russia's TV, Azerbaijani President Aliyev said ... no mercenaries" ->
Aliyev, not Russia); without such a verb, the first actor named before the cue ("X denied ..."),
else the first actor after it ("... was denied by X").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from extractors.models import ActorMention
from extractors.text import fold, side_clauses

__all__ = ["Stance", "detect_stance", "DENIAL_CUES", "NEGATIONS"]

# Word prefixes (folded) that report a denial, per language. Prefixes, not whole words.
DENIAL_CUES = {
    "en": ["deni", "deny", "reject", "dismiss", "refut", "rebuff", "baseless", "unfounded",
           "groundless", "fabricat", "untrue", "false", "falsehood", "lies", "lying", "slander",
           "disinformation", "smear", "no truth", "bore no relation", "bears no relation",
           "no relation to reality", "nonsense", "absurd", "no proof", "no evidence",
           "no basis", "not true", "fake", "made up", "invent", "concoct", "fiction", "hoax"],
    "ru": ["опроверг", "отрица", "отверг", "отвер", "ложн", "ложь", "лживы", "беспочвен",
           "голословн", "фейк", "вымысел", "выдумк", "не соответству", "клевет", "несостоятельн",
           "вброс", "дезинформац", "сфабрикова"],
    "fr": ["dement", "dementi", "nie ", "nient", "nier ", "a nie", "rejet", "rejett", "infonde",
           "sans fondement", "mensong", "calomn", "faux", "fausse", "desinformation", "intox"],
    "tr": ["yalanla", "reddet", "reddedi", "asilsiz", "yalan", "iftira", "gercegi yansitm",
           "dogru degil", "gercek disi", "karalama", "dezenformasyon", "uydurma"],
    "ar": ["نفى", "نفت", "ينفي", "تنفي", "نفي", "كذب", "عار عن الصحه", "لا اساس", "رفض", "رفضت",
           "مزاعم", "افتراء", "مفبرك", "تضليل", "اكاذيب", "باطل", "ملفق"],
    "es": ["nego", "niega", "negaron", "desminti", "desmient", "falso", "falsa", "infundad",
           "rechaz", "bulo", "desinformaci"],
    "it": ["smenti", "smentisc", "negato", "nega ", "infondat", "falso", "falsa", "respint", "bufal", "disinformazion"],
    "de": ["dementi", "bestreit", "bestritt", "bestritten", "zuruckgewiesen", "zuruckweis",
           "haltlos", "falsch", "unwahr", "luge", "desinformation", "erfunden"],
}
# Negation words that deny what the sentence reports (whole words, folded).
NEGATIONS = {
    "en": ["not", "no", "never", "nobody", "none", "neither", "nor", "didn't", "hadn't",
           "hasn't", "haven't", "wasn't", "weren't", "isn't", "aren't", "doesn't", "don't",
           "cannot", "can't"],
    "ru": ["не", "нет", "никаких", "никогда", "ни"],
    "fr": ["pas", "jamais", "aucun", "aucune", "ni"],
    "tr": ["degil", "yok", "hicbir", "asla"],
    "ar": ["لم", "لا", "ليس", "ليست", "لن"],
    "es": ["no", "nunca", "ningun", "ninguna"],
    "it": ["non", "mai", "nessun", "nessuna"],
    "de": ["nicht", "kein", "keine", "keinen", "nie", "niemals"],
}
# Negations that do not negate the reported event.
_NOT_NEGATING = re.compile(
    r"\bnot only\b|\bno longer\b|\bnot least\b|\bnot the first\b|\bno doubt\b|\bno one doubts\b"
    r"|\b(?:did|has|have|had)n?'?t? (?:not )?(?:immediately |yet )?(?:respond|comment|reply)\w*"
    r"|\bnot immediately\b|\bnot yet\b|\bnot be ruled out\b|\bcould not be ruled out\b"
    r"|\bno comment\b|\bnot clear\b|\bnot confirmed\b|\bor not\b|\bif not\b"
    r"|\bno (?:immediate |official )?(?:comment|response|reaction|reply)\b|\b(?:took|take|takes|taking) no sides?\b"
    r"|\b(?:asked|spoke on condition|declined) (?:not )?to be (?:named|identified)\b|\bnot (?:be )?(?:named|identified)\b"
    r"|\bdid not (?:name|identify)\b|\bnot authori[sz]ed to\b"
    # Idioms whose negation word affirms, counts or dates ("no fewer than 300", "not just arms
    # but fighters", "did not hesitate to send", "no later than May", "none other than").
    r"|\b(?:no|not) (?:fewer|less|more|later|earlier|sooner) than\b|\bno sooner\b"
    r"|\bnot (?:just|merely|simply|solely|unlike|long after|long before|until|for nothing)\b"
    r"|\b(?:did|does|do|has|have|had|would|will)(?: not|n't) hesitate\b|\bno matter\b|\bnothing short of\b"
    r"|\bnone other than\b|\bno stranger to\b|\bno small\b|\bnot a few\b"
    # A denial that is itself negated is no denial: "Ankara has not denied sending them".
    r"|\b(?:not|never|no longer)\s+(?:\w+\s+)?(?:deni|deny|reject|dismiss|refut|disput|contest)\w*"
    r"|\b(?:did|does|has|have|had)n't\s+(?:\w+\s+)?(?:deni|deny|reject|dismiss|refut|disput|contest)\w*"
    r"|\bneither (?:confirm|den)\w* nor (?:confirm|den)\w*"
    # The same idioms in the other languages we read.
    r"|\bnon seulement\b|\bpas seulement\b|\bpas moins de\b|\bне только\b|\bне менее\b|\bне раз\b"
    r"|\bno (?:solo|solamente|menos de)\b|\bnon (?:solo|soltanto|meno di)\b|\bnicht (?:nur|weniger als)\b"
    # A negated noun after a preposition negates no clause ("talks with no preconditions").
    r"|\bwith no\b|\bsans aucune?\b|\bsin ningun[oa]?\b|\bsenza (?:nessun[oa]?|alcun[oa]?)\b"
    # Saying by not hiding affirms ("made no secret of", "did not hide their anger"), and a
    # ceiling is a count ("no more than $100", "не более", "لا يتجاوز").
    r"|(?:\bnot|\bnever|n't)\s+(?:\w+\s+)?(?:hide|hid|hidden|hiding|conceal)\w*|\bno secret\b"
    r"|\bне скрыва\w*|\bне скрыл\w*|\bне секрет\b|\bне более\b|\bне больше\b|\bне превыша\w*"
    r"|\bn(?:e\s|')(?:\w+\s)?(?:pas\s)?cach\w*(?:\spas)?|\bpas un secret\b|\bpas plus de\b"
    r"|\bno (?:ocult|escond|super)\w*|\bno es (?:ningun )?secreto\b|\bno mas de\b"
    r"|\bnon (?:\w+ )?(?:nascost|nascond|super)\w*|\bnon e un segreto\b|\bnon piu di\b"
    r"|\bkein(?:en)? hehl\b|\bnicht mehr als\b|\bsir degil\b"
    r"|لم [يت]خف\w*|لا [يت]خفي\w*|ليس سرا|لا [يت](?:تجاوز|زيد)\w*"
    # "hundreds, if not thousands": the "if not" of a count, or of a condition, denies nothing.
    r"|\bесли не\b|\bsi no\b|\bse non\b|\bwenn nicht\b|ان لم يكن"
    # Words that begin like a denial cue but deny nothing: "a unit made up of 300 fighters",
    # "Ganja lies in western Azerbaijan", "negotiations" (Spanish "negó"), "inventory".
    r"|\b(?:made|make|makes|making) up (?:of|the|a|an|some|most|about|around|nearly|half|\d)"
    r"|\b(?:lies|lying|lay) (?:in|on|at|between|near|off|along|within|just|across|beyond|"
    r"outside|inside|close|next|far|opposite|beside|below|above|north|south|east|west|\d)\w*"
    r"|\bnegoti\w*|\bnegoci\w*|\binventor\w*|\binventiv\w*"
    # "non-" makes a compound, it negates nothing: "non-state armed groups", "non-NATO".
    r"|\bnon-(?=\w)"
    # Removed from office is not rejected: "dismissed from his post", "dismissed the army chief".
    r"|\bdismiss\w* (?:from (?:his|her|their|the) (?:post|position|office|job|duties|command)\b"
    r"|(?:the |his |her |its |their )?(?:[\w-]+ ){0,2}(?:minister|chief|commander|general|head|director|"
    r"ambassador|governor|official|officer|staff|cabinet|government)s?\b)"
)
_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True)
class Stance:
    """`stance` is towards what the sentence's main clause reports. `trailing_denial`: the main
    clause reports the claim and a tail clause reports its denial ("..., a charge Moscow
    rejects"): the claim is supported, and so is the denial by `denier`."""

    stance: str  # "supports" or "denies"
    cue: str = ""
    cue_start: int = -1  # offset of the cue in the sentence
    denier: str | None = None  # actor id
    trailing_denial: bool = False
    speaker: str | None = None  # actor id of the subject of the first verb of saying, if named
    # The cue is a bare negation ("had not fired", "no mercenaries"), not a word of denial: it
    # negates what its own subject did or had, so it can deny only a claim about that actor.
    negation: bool = False

    @property
    def reports_denial(self) -> bool:
        return self.stance == "denies" or self.trailing_denial


# A tail clause that reports a denial of what the main clause said.
_TAIL = re.compile(
    r"(?:,|;| -| \u2014)\s*(?:which|a charge|charges|an allegation|allegations|a claim|claims|"
    r"an accusation|accusations|reports|something|but|though|although|even though|whereas)\b"
    r"|;"
)


def _cue_pattern(words: list[str] | None = None, phrases: tuple[str, ...] = ()) -> re.Pattern:
    """Denial cues as word prefixes, plus `phrases` (regular expressions over folded text)."""
    words = [c for ws in DENIAL_CUES.values() for c in ws] if words is None else words
    cues = [re.escape(c) for c in sorted({fold(c) for c in words}, key=len, reverse=True)]
    # Arabic glues "and"/"so" (و/ف) onto the verb: "ونفت" is "and (she) denied".
    return re.compile(r"(?<!\w)[\u0648\u0641]?(" + "|".join([*phrases, *cues]) + ")")


# German denial verbs are separable: in a main clause the particle goes to the clause's end
# ("Ankara weist die Berichte zurück", "Baku stritt jede Beteiligung ab").
_SEPARABLE_DE = (r"(?:weist|wies|wiesen|weisen)\s(?:[^\s.;:!?]+\s){0,8}?zuruck(?!\w)",
                 r"(?:stritt|streitet|stritten|streiten)\s(?:[^\s.;:!?]+\s){0,8}?ab(?!\w)")


@functools.cache
def _cues_for(lang: str | None) -> tuple[re.Pattern, frozenset[str]]:
    """The denial cues and negation words to read a text in `lang` with: its own language's
    and English denial cues (news everywhere borrows "fake"), its own negation words; every
    language's when the language is unknown or not one we list. Scoping matters: the Italian
    "non" and French "faux" are not English denials, nor the German "dementi" English "dementia"."""
    if lang not in DENIAL_CUES:
        return _cue_pattern(None, _SEPARABLE_DE), frozenset(fold(w) for words in NEGATIONS.values() for w in words)
    phrases = _SEPARABLE_DE if lang == "de" else ()
    return _cue_pattern(DENIAL_CUES[lang] + DENIAL_CUES["en"], phrases), frozenset(fold(w) for w in NEGATIONS[lang])


def _is_negation(cue: str, negations: frozenset[str]) -> bool:
    return cue in negations or cue.endswith("n't")


def _first_cue(folded: str, lang: str | None = None, sentence: str | None = None) -> tuple[str, int, bool]:
    """The first denial cue, else the first negation word: (cue, offset, is a negation);
    ("", -1, False) when there is none. A bare negation in a side clause of `sentence` negates
    what the clause says of the one it describes ("NATO, which chose not to notice"), not what
    the sentence reports; a word of denial counts anywhere."""
    cues, negations = _cues_for(lang)
    side = None  # built only when a negation is found: most sentences have none

    def in_side_clause(offset: int) -> bool:
        nonlocal side
        if sentence is None:
            return False
        if side is None:
            side = _side_clause_mask(sentence)
        return bool(side[offset])

    for m in cues.finditer(folded):
        negation = _is_negation(m.group(1).strip(), negations)
        if not (negation and in_side_clause(m.start(1))):
            return m.group(1), m.start(1), negation
    for m in _WORD.finditer(folded):
        word = m.group()
        if _is_negation(word, negations) and not in_side_clause(m.start()):
            return word, m.start(), True
    return "", -1, False


def _side_clause_mask(sentence: str) -> bytearray:
    """1 for each character inside a side clause that reports no speech: "Armenia, which said
    it had not fired, ..." keeps its negation, since the speaker denies."""
    mask = bytearray(len(sentence))
    for start, end in side_clauses(sentence):
        if not _SAY.search(fold(sentence[start:end])):
            mask[start:end] = b"\x01" * (end - start)
    return mask


# Verbs of saying (folded word prefixes/words) whose subject is the one who denies.
_SAY = re.compile(
    r"(?<!\w)(?:said|says|told|tells|stated|states|declared|insisted|added|announced|claimed|"
    r"argued|maintained|asserted|stressed|wrote|заяви\w*|сказа\w*|сообщи\w*|a declare|a affirme|"
    r"a dit|affirme|declare|dedi|acikladi|soyledi|قال|قالت|اكد|dijo|afirmo|aseguro|ha detto|"
    r"ha dichiarato|sagte|erklarte)(?!\w)")


def _denier(mentions: list[ActorMention], cue_start: int, offset: int, folded: str = "") -> str | None:
    say = _SAY.search(folded, 0, cue_start) if folded else None
    if say:
        speakers = [m for m in mentions if m.end - offset <= say.start()]
        if speakers:
            return speakers[-1].actor_id
    before = [m for m in mentions if m.start - offset < cue_start]
    if before:
        return before[0].actor_id
    return mentions[0].actor_id if mentions else None


def detect_stance(sentence: str, mentions: list[ActorMention] | None = None, offset: int = 0,
                  lang: str | None = None) -> Stance:
    """Stance of `sentence`. `mentions` are actor mentions with offsets into the article text;
    `offset` is the sentence's start in that text; `lang` the text's language, if known."""
    folded = fold(sentence)
    mentions = list(mentions or [])
    # Most sentences hold no cue at all; blanking idioms can only remove cues, so the long idiom
    # pattern runs only on sentences that hold one.
    if _first_cue(folded, lang, sentence)[1] < 0:
        return Stance("supports", speaker=_speaker(mentions, offset, folded))
    folded = _NOT_NEGATING.sub(lambda m: " " * len(m.group()), folded)
    cue, start, negation = _first_cue(folded, lang, sentence)
    speaker = _speaker(mentions, offset, folded)
    if start < 0:
        return Stance("supports", speaker=speaker)
    tail = _tail_start(folded, start)
    if tail is not None:
        tail_mentions = [m for m in mentions if m.start - offset >= tail]
        denier = _denier(tail_mentions, start, offset) if tail_mentions else None
        return Stance("supports", cue.strip(), start, denier, trailing_denial=True, speaker=speaker)
    return Stance("denies", cue.strip(), start, _denier(mentions, start, offset, folded), speaker=speaker,
                  negation=negation)


def _speaker(mentions: list[ActorMention], offset: int, folded: str) -> str | None:
    """Who says what the sentence reports: the last actor named before its first verb of saying."""
    say = _SAY.search(folded)
    if say is None:
        return None
    before = [m for m in mentions if m.end - offset <= say.start()]
    return before[-1].actor_id if before else None


def _tail_start(folded: str, cue_start: int) -> int | None:
    """Start of a tail clause holding the cue, when the main clause before it has no cue."""
    tails = [m for m in _TAIL.finditer(folded, 0, cue_start) if m.start() > 20]
    return tails[-1].start() if tails else None
