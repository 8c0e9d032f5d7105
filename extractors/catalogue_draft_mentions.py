"""Find candidate actor names in sentences: capitalised spans, acronyms, demonym phrases.

Each finding is a Mention: the surface text, where it is, and hints for the merger and the kind
guesser (a title in front means a person; a demonym in front gives a parent). Nothing is merged
here; catalogue_draft_actors.py does that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.catalogue_draft_gazetteer import (
    ADJECTIVE_SUFFIXES, CONNECTORS, COUNTRIES, PEOPLES, GROUP_NOUNS, KIND_WORDS, ORG_NOUNS, PARTICLES, ROLE_WORDS,
    STATE_NOUNS, STOP_WORDS, TITLES, country_lookup,
)

__all__ = ["Mention", "sentence_mentions", "clean_token"]

_COUNTRIES = country_lookup()
# Words, including "U.S."-style initials, hyphenated and apostrophised forms and "Antiwar.com".
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W_][\w’'.-]*")
_GAP = re.compile(r"[ \u00a0\u202f]+")  # only plain spaces join the words of one name


@dataclass
class Mention:
    text: str
    start: int            # offset in the document
    end: int
    initial: bool = False  # a lone word that opens a sentence: capitalised by grammar, not by name
    person: bool = False   # announced by a title or role word
    role: str = ""         # that title, e.g. "defense minister"
    parent: str = ""       # the demonym or organisation in front of the title
    kind: str = ""         # a kind already known from the phrase ("Syrian mercenaries" -> armed_group)
    headline: bool = False
    alias_of: str = ""     # "Government of National Accord (GNA)": GNA is an alias of the long form
    before: str = ""       # the lower-case word just before ("in", "to", "from" hint at a place)
    opens_sentence: bool = False


def clean_token(token: str) -> str:
    token = re.sub(r"[’']s$", "", token)          # possessive: "Turkey’s" -> "Turkey"
    token = token.rstrip("’'-")
    if not re.fullmatch(r"(?:[A-Z]\.){2,}", token) and not token.lower().endswith((".com", ".org")):
        token = token.rstrip(".")
    return token


def _is_capitalised(token: str) -> bool:
    head, _, rest = token.partition("-")
    if head.lower() in PARTICLES and rest[:1].isupper():
        return True  # "al-Nusra", "an-Nusra"
    return token[:1].isupper() and not any(ch.isdigit() for ch in token)


def _words(sentence: str, offset: int) -> list[tuple[str, int, int]]:
    return [(m.group(), offset + m.start(), offset + m.end()) for m in _WORD.finditer(sentence)]


def _runs(sentence: str, offset: int) -> list[list[tuple[str, int, int]]]:
    """Runs of capitalised words joined by single spaces (and by connectors such as "of")."""
    words, runs, current = _words(sentence, offset), [], []
    for index, (word, start, end) in enumerate(words):
        joined = bool(current) and _GAP.fullmatch(sentence[current[-1][2] - offset:start - offset] or "x")
        if _is_capitalised(word) and (joined or not current):
            current.append((word, start, end))
        elif word in CONNECTORS and joined and index + 1 < len(words) and _is_capitalised(words[index + 1][0]):
            current.append((word, start, end))
        elif word == "the" and current and current[-1][0] == "of" and index + 1 < len(words) \
                and _is_capitalised(words[index + 1][0]):
            current.append((word, start, end))  # "Republic of the Congo"
        else:
            runs.append(current)
            current = [(word, start, end)] if _is_capitalised(word) else []
        if current and _closes_name(current[-1][0]):
            runs.append(current)
            current = []
    runs.append(current)
    return [_trim_run(r) for r in runs if r]


def _closes_name(word: str) -> bool:
    """A possessive ("Turkey’s") or a hyphenated adjective ("UN-backed") is a name's last word.
    (Punctuation between words already splits runs: only spaces join them.)"""
    return bool(re.search(r"[’']s$", word)) or word.rsplit("-", 1)[-1] in ADJECTIVE_SUFFIXES


def _trim_run(run):
    while run and (run[-1][0] in CONNECTORS or run[-1][0] == "the"):
        run = run[:-1]
    return run


def sentence_mentions(sentence: str, offset: int, headline: bool = False) -> list[Mention]:
    mentions = []
    for run in _runs(sentence, offset):
        mentions += _run_mentions(run, sentence, offset, headline)
    mentions += _phrase_mentions(sentence, offset)
    _mark_parenthesised_aliases(mentions, sentence, offset)
    for mention in mentions:
        mention.before = _word_before(sentence, mention.start - offset)
    return mentions


def _word_before(sentence: str, position: int) -> str:
    """The word before a name, looking past "the": "in the Middle East" -> "in"."""
    previous = [w.lower() for w in re.findall(r"\w+", sentence[max(0, position - 25):position])]
    while previous and previous[-1] == "the":
        previous.pop()
    return previous[-1] if previous else ""


def _run_mentions(run, sentence: str, offset: int, headline: bool) -> list[Mention]:
    """Split one run of capitalised words into names: drop grammar capitals, peel titles and
    demonyms off the front, split hyphenated adjectives and country pairs."""
    words = [(clean_token(w), s, s + len(clean_token(w))) for w, s, _ in run]
    words = [_strip_adjective_suffix(w) for w in words]
    while words and words[0][0].lower() in STOP_WORDS:
        words = words[1:]
    if not words:
        return []
    pairs = _country_pair(words)
    if pairs:
        return [Mention(t, s, e, headline=headline) for t, s, e in pairs]
    mention = _titled(words, sentence, offset) or _demonym_prefixed(words)
    if mention:
        return [_with_headline(m, headline) for m in mention]
    text = _join(words, sentence, offset)
    opens_sentence = words[0][1] == offset
    person = len(words) >= 2 and (_after_role_word(sentence, words[0][1] - offset)
                                  or _before_role_word(sentence, words[-1][2] - offset))
    return [Mention(text, words[0][1], words[-1][2], initial=opens_sentence and len(words) == 1, person=person,
                    headline=headline, opens_sentence=opens_sentence)]


def _with_headline(mention: Mention, headline: bool) -> Mention:
    mention.headline = headline
    return mention


def _strip_adjective_suffix(word):
    text, start, end = word
    base, _, suffix = text.rpartition("-")
    if base and suffix in ADJECTIVE_SUFFIXES:
        return base, start, start + len(base)
    return word


def _country_pair(words):
    """"Armenia-Azerbaijan border", "Armenian-Azeri conflict": two actors, not one name."""
    if len(words) != 1 or "-" not in words[0][0]:
        return None
    text, start, _ = words[0]
    left, right = text.split("-", 1)
    both_names = min(len(left), len(right)) >= 3 and left[:1].isupper() and right[:1].isupper()
    if both_names and (left.casefold() in _COUNTRIES or right.casefold() in _COUNTRIES):
        middle = start + len(left) + 1
        return [(left, start, start + len(left)), (right, middle, middle + len(right))]
    return None


def _join(words, sentence: str, offset: int) -> str:
    return sentence[words[0][1] - offset:words[-1][2] - offset]


def _titled(words, sentence: str, offset: int) -> list[Mention] | None:
    """"French President Emmanuel Macron" -> person Emmanuel Macron, role president, parent
    France; "President of France" -> France (a role, not a name)."""
    first = next((i for i, (w, _, _) in enumerate(words) if w in TITLES), None)
    if first is None:
        return None
    last = first
    while last + 1 < len(words) and words[last + 1][0] in TITLES:
        last += 1
    name = words[last + 1:]
    if name and name[0][0] in CONNECTORS:
        rest = [w for w in name[1:] if w[0] not in CONNECTORS and w[0].lower() != "the"]
        return [Mention(_join(rest, sentence, offset), rest[0][1], rest[-1][2])] if rest else []
    if not name or any(w.lower() in KIND_WORDS for w, _, _ in name) or len(name) > 3:
        return None
    role = " ".join(w.lower() for w, _, _ in words[first:last + 1])
    found = [Mention(_join(name, sentence, offset), name[0][1], name[-1][2], person=True, role=role)]
    if first:
        parent = words[:first]
        found[0].parent = _join(parent, sentence, offset)
        found.append(Mention(found[0].parent, parent[0][1], parent[-1][2]))
    return found


def _demonym_prefixed(words) -> list[Mention] | None:
    """"Turkish Gaziantep" is Turkey + Gaziantep; "Turkish Foreign Ministry" stays one name."""
    first = words[0][0].casefold()
    if len(words) < 2 or _COUNTRIES.get(first, ("", ""))[1] != "adjective":
        return None
    if any(w.lower() in KIND_WORDS or w.lower() in ("national", "federation") for w, _, _ in words[1:]):
        return None
    rest = words[1:]
    return [Mention(words[0][0], words[0][1], words[0][2]),
            Mention(" ".join(w for w, _, _ in rest), rest[0][1], rest[-1][2])]


def _after_role_word(sentence: str, position: int) -> bool:
    before = re.findall(r"[a-z]+", sentence[max(0, position - 25):position].lower())
    return bool(before) and before[-1] in ROLE_WORDS


_ROLE_AFTER = re.compile(
    r",?\s+(?:is\s+|was\s+)?(?:the\s+|a\s+)?(?:[a-z]+\s+)?(?:president|minister|head|chief|leader|spokes\w+"
    r"|secretary|commander|editor|ambassador|founder|director)\b", re.IGNORECASE)


def _before_role_word(sentence: str, position: int) -> bool:
    """"Arayik Harutyunyan, President of ..." and "Dave DeCamp is the news editor"."""
    return bool(_ROLE_AFTER.match(sentence, position))


_DEMONYMS = sorted({d for demonyms, _ in COUNTRIES.values() for d in demonyms} | set(PEOPLES), key=len, reverse=True)
_NOUNS = sorted(STATE_NOUNS | GROUP_NOUNS | set(ORG_NOUNS), key=len, reverse=True)
_PHRASE = re.compile(
    r"\b(?:private\s+)?(" + "|".join(map(re.escape, _DEMONYMS)) + r")((?:\s+[a-z]+){0,2}?)\s+("
    + "|".join(map(re.escape, _NOUNS)) + r")\b"
)


def _phrase_mentions(sentence: str, offset: int) -> list[Mention]:
    """Lower-case phrases after a demonym: "Azeri forces" (the state), "Syrian mercenaries"
    (a group from it), "Armenian foreign ministry" (a body of it)."""
    found = []
    for match in _PHRASE.finditer(sentence):
        noun = match.group(3).lower()
        kind = "state" if noun in STATE_NOUNS else ORG_NOUNS.get(noun, "armed_group")
        found.append(Mention(match.group(0), offset + match.start(), offset + match.end(),
                             kind=kind, parent=match.group(1)))
    return found


def _mark_parenthesised_aliases(mentions: list[Mention], sentence: str, offset: int) -> None:
    """"Libyan National Army (LNA)": the name in brackets right after a name is its alias."""
    by_start = {m.start: m for m in mentions}
    for mention in mentions:
        rest = sentence[mention.end - offset:]
        bracket = re.match(r"\s*\(", rest)
        if bracket:
            inner = by_start.get(mention.end + bracket.end())
            if inner and inner is not mention and not inner.alias_of:
                inner.alias_of = mention.text
