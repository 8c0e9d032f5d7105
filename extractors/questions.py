"""Yes/no questions: sentences that ask whether something happened and so assert nothing.

"Did Turkey send Syrian fighters to Azerbaijan?" names the actors and the deed of a claim, yet
neither supports nor denies it; headlines ask such questions often. A question that asks about
a deed it takes as given ("Why did Ankara send them?") does restate it, and is kept.

A sentence is a yes/no question when it ends with a question mark and does not open with a
question word of the languages we read. Arabic marks yes/no questions with "هل", Turkish with
the particle "mı/mi/mu/mü"; both are read as such.
"""

from __future__ import annotations

import re

from extractors.text import fold

__all__ = ["is_yes_no_question"]

# Question words (folded) that open a question about a deed taken as given, per language.
_QUESTION_WORDS = {
    "en": ["who", "whom", "whose", "what", "which", "when", "where", "why", "how"],
    "fr": ["qui", "que", "qu'", "quoi", "quel", "quelle", "quels", "quelles", "quand", "pourquoi",
           "comment", "combien", "ou"],
    "es": ["que", "quien", "quienes", "como", "cuando", "donde", "por que", "cual", "cuales",
           "cuanto", "cuanta", "cuantos", "cuantas", "para que"],
    "it": ["chi", "che", "cosa", "come", "quando", "dove", "perche", "quale", "quali", "quanto",
           "quanti", "quante"],
    "de": ["wer", "wen", "wem", "wessen", "was", "wann", "wo", "warum", "wie", "welche", "welcher",
           "welches", "welchen", "wieso", "weshalb", "wozu", "woher", "wohin"],
    "ru": ["кто", "что", "где", "когда", "почему", "зачем", "как", "какой", "какая", "какие",
           "каким", "сколько", "куда", "откуда", "чей", "чья", "чьи", "отчего"],
    "tr": ["kim", "ne", "neden", "nicin", "nasil", "nerede", "nereye", "nereden", "hangi", "kac"],
}
_OPENING = re.compile(
    r"^(?:" + "|".join(sorted({re.escape(w) for ws in _QUESTION_WORDS.values() for w in ws}, key=len, reverse=True))
    + r")(?!\w)")
# Leading punctuation before the first word: Spanish "¿", quotes, brackets, dashes.
_LEAD = re.compile(r"^[\s\"'\u00bf\u00a1\u201c\u201d\u2018\u2019\u00ab\u00bb\u2014\u2013(\[-]+")
_TRAIL = re.compile(r"[\s\"'\u201d\u2019\u00bb)\]]+$")
_ARABIC_POLAR = re.compile(r"^[\u0648\u0641]?\u0647\u0644(?!\w)")
_TURKISH_PARTICLE = re.compile(r"(?<!\w)m[iu]\w{0,5}(?!\w)")


def is_yes_no_question(sentence: str, lang: str | None = None) -> bool:
    """True when `sentence` asks whether something is so, without asserting it. `lang`: the
    text's language, if known (Turkish question words need not open the sentence)."""
    text = _TRAIL.sub("", sentence)
    if not text.endswith(("?", "\u061f")):
        return False
    folded = _LEAD.sub("", fold(text))
    if any("\u0600" <= c <= "\u06ff" for c in folded[:40]):
        # Other Arabic questions may ask "who" or "why" without a mark we read.
        return bool(_ARABIC_POLAR.match(folded))
    if lang == "tr":
        return bool(_TURKISH_PARTICLE.search(folded))
    return not _OPENING.match(folded)
