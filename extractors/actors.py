"""Actor gazetteer: every catalogue actor by any of its names, in one multi-pattern pass.

All names (canonical, aliases, metonyms, adjectives, foreign names) are folded (see text.fold)
and compiled into one Aho-Corasick automaton; a text is scanned once, then hits are kept only at
word boundaries and the longest non-overlapping ones win. Inflected languages get a little
slack: Russian/Turkish/Arabic names may carry a short suffix ("Турции", "Suriyeli"), Arabic
names a glued prefix ("وتركيا"). Case-sensitive names (short acronyms) must match exactly, and
not amid words in capitals; a name written with a capital is not found in a lower-case word.

Offsets are into the text as given; `fold` preserves length, so no mapping is needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick_rs

from extractors.models import Actor, ActorMention, ActorName
from extractors.text import fold

__all__ = ["Gazetteer"]

# Languages whose words take suffixes, and how many extra letters a name may carry.
_SUFFIX_SLACK = {"ru": 4, "uk": 4, "tr": 5, "az": 5, "ar": 3, "de": 2}
_AR_PREFIXES = {"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"}
# A definite Arabic adjective of origin, one word ("الروسي", "الروسيه" folded): its stem has
# at least three letters before the nisba ending.
_AR_NISBA = re.compile(r"\u0627\u0644[^\s]{3,}\u064a\u0647?")
# Russian nominative endings dropped so the stem meets every case form (Турция -> Турци).
_RU_ENDINGS = ("ия", "ая", "ий", "ый", "ой", "а", "я", "ь", "й", "о", "е", "ы", "и")


@dataclass(frozen=True)
class _Pattern:
    actor: Actor
    name: ActorName
    slack: int  # extra word letters allowed after the pattern
    always: bool  # slack applies whatever the text's language (non-Latin scripts)
    # A foreign name in the script of other languages: read only in texts of its own language
    # (or of unknown language), where it cannot be an ordinary word of another.
    foreign_only: bool = False
    capitalised: bool = False  # the name is written with a capital ("Turkey", "the West")


# Gender and number endings of adjectives: (ending of the listed form, endings replacing it).
_ROMANCE_ENDINGS = {
    "fr": (("ienne", ("ien", "iens", "iennes")), ("ien", ("ienne", "iens", "iennes")),
           ("aise", ("ais", "aises")), ("ais", ("aise", "aises")), ("ain", ("aine", "ains", "aines")),
           ("i", ("ie", "is", "ies")), ("e", ("es",))),
    "es": (("o", ("a", "os", "as")), ("a", ("o", "os", "as")), ("i", ("ies",)), ("ense", ("enses",))),
    "it": (("co", ("ca", "ci", "chi", "che")), ("o", ("a", "i", "e")), ("a", ("o", "i", "e")), ("e", ("i",))),
}


def _agreeing_forms(folded: str, text: str, language: str) -> list[str]:
    """The other gender and number forms of a French, Spanish or Italian adjective of origin,
    from the first ending rule that fits (Spanish "francés" also gives "francesa")."""
    if language == "es" and text.lower().endswith("és"):
        return [folded + ending for ending in ("a", "as")] + [folded[:-2] + "eses"]
    for ending, others in _ROMANCE_ENDINGS[language]:
        if folded.endswith(ending) and len(folded) > len(ending) + 2:
            return [folded[: -len(ending)] + other for other in others]
    return []


def _script_language(text: str, language: str) -> str:
    if any("\u0400" <= c <= "\u04ff" for c in text):
        return "ru"
    if any("\u0600" <= c <= "\u06ff" for c in text):
        return "ar"
    return language


def _variants(name: ActorName) -> list[tuple[str, int, bool]]:
    """Folded pattern strings for one name, each with its suffix slack. Slack for a Latin-script
    name (Turkish "Rus") applies only to texts in that language, or "Rus" would find "Rush"."""
    folded = fold(name.text).strip()
    language = _script_language(folded, name.language)
    slack = _SUFFIX_SLACK.get(language, 0)
    always = language != name.language or language in ("ru", "ar")
    out = [(folded, slack, always)]
    singular = _singular(folded) if language == "en" and len(folded) >= 6 and not name.case_sensitive else None
    if singular:
        # "Syrian mercenaries" also names one "Syrian mercenary"; "Turks" one "Turk".
        out.append((singular, slack, always))
    if language in _ROMANCE_ENDINGS and name.text[:1].islower() and folded.isalpha():
        # An adjective of origin agrees with its noun: the catalogue's "israélien" is also
        # "armes israéliennes", "armenio" "fuerzas armenias", "armeno" "forze armene".
        out.extend((form, slack, always) for form in _agreeing_forms(folded, name.text, language))
    if language == "ar" and _AR_NISBA.fullmatch(folded):
        # "التركية" (the Turkish) is also "تركية" without its article: "طائرات تركية".
        out.append((folded[2:], slack, always))
    if language == "ru" and len(folded) >= 5:
        for ending in _RU_ENDINGS:
            if folded.endswith(ending):
                out.append((folded[: -len(ending)], slack, always))
                break
    return out


def _singular(plural: str) -> str | None:
    """The English singular of a plural ending in "s" ("mercenaries", "fighters"), or None."""
    if not plural.endswith("s"):
        return None
    singular = plural[:-3] + "y" if plural.endswith("ies") else plural[:-1]
    return None if singular.endswith("s") else singular


class Gazetteer:
    """Find catalogue actors in text. Build once per catalogue; `find` is thread-safe."""

    def __init__(self, actors: tuple[Actor, ...] | list[Actor]):
        self._patterns: list[_Pattern] = []
        strings: list[str] = []
        seen: set[tuple] = set()
        origins = _origin_names(actors)
        for actor in actors:
            for name in (actor.names or (ActorName(actor.name, "name"),)) + origins.get(actor.id, ()):
                capitalised = any(c.isupper() for c in name.text)
                for text, slack, always in _variants(name):
                    # A case-sensitive "NATO" must not hide the plain "Nato" that folds alike, nor
                    # the English "Azeri" (found only capitalised) the Spanish "azerí".
                    key = (text, actor.id, slack, name.case_sensitive, capitalised)
                    if len(text) < 2 or key in seen:
                        continue
                    seen.add(key)
                    strings.append(text)
                    self._patterns.append(_Pattern(actor, name, slack, always, name.form == "foreign" and not always,
                                                   capitalised))
        self._automaton = (
            ahocorasick_rs.AhoCorasick(strings, matchkind=ahocorasick_rs.MatchKind.Standard)
            if strings
            else None
        )

    def find(self, text: str, lang: str | None = None) -> list[ActorMention]:
        """All actor mentions in `text`, longest first on overlap, sorted by offset."""
        if not text or self._automaton is None:
            return []
        folded = fold(text)
        hits = []
        for index, start, end in self._automaton.find_matches_as_indexes(folded, overlapping=True):
            pattern = self._patterns[index]
            if lang and pattern.foreign_only and pattern.name.language != lang:
                continue  # the Turkish "Şam" (Damascus) is the English "Sam", the French "ANS" "ans"
            slack = pattern.slack if (pattern.always or pattern.name.language == lang) else 0
            span = self._accept(text, folded, start, end, pattern, slack)
            if span:
                hits.append((span[0], span[1], pattern))
        return _in_context(text, self._select(text, hits), lang)

    @staticmethod
    def _accept(text: str, folded: str, start: int, end: int, p: _Pattern, slack: int):
        if p.name.case_sensitive and (text[start:end] != p.name.text.strip() or _shouted(text, start, end)):
            return None
        if p.capitalised and not any(c.isupper() for c in text[start:end]):
            return None  # a proper name written in lower case is a word: "turkey", "irán" (they will go)
        start = _left_edge(folded, start)
        if start is None:
            return None
        stop = end
        while stop < len(folded) and folded[stop].isalnum() and stop - end < slack:
            stop += 1
        if stop < len(folded) and folded[stop].isalnum():
            return None
        if not folded[end - 1].isalnum():  # pattern ends in punctuation, e.g. "U.S."
            stop = end
        return start, (stop if slack else end)

    @staticmethod
    def _select(text: str, hits: list) -> list[ActorMention]:
        # Longest first, then leftmost; a hit overlapping an accepted one is dropped.
        # A bytearray of taken characters keeps this linear in the text, however many hits.
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        taken = bytearray(len(text))
        mentions = []
        for start, end, p in hits:
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            mentions.append(ActorMention(p.actor.id, p.actor.name, text[start:end], start, end, p.name.form))
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions


def _origin_names(actors) -> dict[str, tuple[ActorName, ...]]:
    """English descriptions with the origin after the noun: "Syrian fighters" (an alias) is
    also "fighters from Syria", "fighters out of Syria" and "fighters in Syria's north" (the
    last: dev recall 0.807 -> 0.819, no other labelled set moved), when "Syrian" is the
    adjective of a catalogue actor named "Syria". Only descriptions (lower case after the
    adjective) are turned round, not proper names; and only the place's names, not its
    metonyms: "fighters from Damascus" are not all of Syria's."""
    places: dict[str, list[str]] = {}
    for actor in actors:
        names = [n.text for n in actor.names if n.language == "en" and n.form in ("name", "alias")] or [actor.name]
        for adjective in (n.text for n in actor.names if n.form == "adjective" and n.language == "en"):
            places.setdefault(fold(adjective), []).extend(names)
    out: dict[str, tuple[ActorName, ...]] = {}
    for actor in actors:
        derived = []
        for name in actor.names:
            head, _, rest = name.text.partition(" ")
            if name.language != "en" or not rest or rest != rest.lower() or fold(head) not in places:
                continue  # a proper name ("Syrian National Army") keeps its one order
            nouns = [noun for noun in (rest, _singular(rest)) if noun]
            derived += [ActorName(f"{noun} {linker} {place}", "alias") for noun in nouns
                        for place in places[fold(head)] for linker in ("from", "out of", "in")]
        if derived:
            out[actor.id] = tuple(derived)
    return out


def _in_context(text: str, mentions: list[ActorMention], lang: str | None = None) -> list[ActorMention]:
    """Drop mentions that only context makes names: an anaphor ("the alliance") of an actor the
    text does not name otherwise, and a metonym that starts a longer proper name in running text
    ("Paris Hilton", "Washington Post": a capitalised word follows, in a sentence that is not
    written in title case; not in German, where every noun is capitalised)."""
    named = {m.actor_id for m in mentions if m.form != "anaphor"}
    return [m for m in mentions
            if (m.form != "anaphor" or m.actor_id in named)
            and not (m.form == "metonym" and lang != "de" and _starts_a_proper_name(text, m.end))]


_NEXT_WORD = re.compile(r" ([A-Z][a-z]+)")


def _starts_a_proper_name(text: str, end: int) -> bool:
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return False
    around = re.findall(r"[^\W\d_]+", text[max(0, end - 80):end + 80])
    lower = sum(1 for w in around if w[0].islower())
    return lower * 2 > len(around)  # running text, not a title-case headline


_WORD_BEFORE = re.compile(r"([^\W\d_]+)[^\w]{1,3}$")
_WORD_AFTER = re.compile(r"[^\w]{1,3}([^\W\d_]+)")


def _shouted(text: str, start: int, end: int) -> bool:
    """A short acronym amid words in capitals is a word too: "THIS IS A LIVE BLOG", "LET US
    KNOW". Neighbours of one or two letters do not tell ("US, UK CONDEMN" may be two acronyms)."""
    if end - start > 3:
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    after = _WORD_AFTER.match(text, end, end + 40)
    words = [m.group(1) for m in (before, after) if m and len(m.group(1)) >= 3]
    return bool(words) and all(w.isupper() for w in words)


def _left_edge(folded: str, start: int) -> int | None:
    """The mention's start if it begins a word; Arabic may glue a short prefix onto it."""
    if start == 0 or not folded[start - 1].isalnum():
        return start
    word_start = start
    while word_start > 0 and folded[word_start - 1].isalnum():
        word_start -= 1
    if folded[word_start:start] in _AR_PREFIXES:
        return start
    return None
