"""Text helpers for matching: length-preserving normalisation, sentence spans, tokens.

Everything here keeps character offsets into the text as given: `fold` maps each character to
exactly one character, so a match found in the folded text has the same offsets in the original.
Sentences are capped in length (long runs without punctuation are cut into chunks) so that junk
input cannot make later stages slow or memory-hungry.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

__all__ = [
    "fold",
    "sentence_spans",
    "side_clauses",
    "without_side_clauses",
    "tokens",
    "stems",
    "stem",
    "content_stems",
    "guess_language",
    "STOPWORDS",
    "MAX_SENTENCE_CHARS",
]

# A sentence longer than this is cut at the last space before the limit: real sentences are
# shorter, and the embedding model only reads ~512 tokens anyway.
MAX_SENTENCE_CHARS = 600

# One character in, one character out. Quotes, dashes and the Turkish dotted capital I are the
# characters whose lower() or variety would otherwise break matching or offsets.
_CHAR_MAP = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"', "\u201e": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u0130": "i", "\u0131": "i",
    "\u0451": "\u0435",  # Russian ё is usually written е
    "\u0640": "",  # Arabic tatweel: removed below by substitution with a space-free placeholder
}


def _fold_char(ch: str) -> str:
    mapped = _CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped or " "
    low = ch.lower()
    if len(low) != 1:
        return ch
    mapped = _CHAR_MAP.get(low)
    if mapped is not None:
        return mapped or " "
    # Strip Latin diacritics (é -> e, ş -> s, ç -> c) so French and Turkish spellings meet
    # their ASCII forms; other scripts keep their letters.
    if "\u00c0" <= low <= "\u024f":
        base = unicodedata.normalize("NFD", low)[0]
        return base if base.isascii() else low
    if "\u064b" <= low <= "\u065f":  # Arabic diacritics (harakat): drop to a neutral char
        return "\u0640"
    if low in "\u0623\u0625\u0622":  # Arabic alef variants
        return "\u0627"
    if low == "\u0629":  # ta marbuta reads as ha at word end
        return "\u0647"
    if low == "\u0649":  # alef maqsura
        return "\u064a"
    return low


class _FoldTable(dict):
    """code point -> folded character, filled on first sight: str.translate then folds a text
    in C, several times faster than a loop over its characters."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < 65536:  # bounded, whatever scripts arrive
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, unify quotes/dashes/diacritics; the result has exactly len(text) chars."""
    return text.translate(_FOLD_TABLE)


# A sentence ends at . ! ? … (and Arabic/CJK marks), optionally followed by closing quotes or
# brackets, when whitespace follows; or at a blank line / line break.
_END = re.compile(r"""[.!?\u2026\u061f\u06d4\u3002]+['"\u2019\u201d\u00bb)\]]*(?=\s)|\n\s*""")
# Tokens that end with a period but rarely end a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "st", "jr", "sr", "vs", "prof",
    "gov", "sen", "rep", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "u.s", "u.n", "u.k", "e.g", "i.e", "etc", "approx", "mt", "ft", "inc", "corp",
}
_LAST_WORD = re.compile(r"([\w.]+)\.?$")


def _is_abbreviation(text: str, end: int) -> bool:
    m = _LAST_WORD.search(text, max(0, end - 12), end)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    return word in _ABBREV or (len(word) == 1 and word.isalpha())


def _cap(text: str, start: int, end: int, limit: int):
    """Yield (start, end) pieces of at most `limit` chars, cut at whitespace when possible."""
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        if cut <= start:
            cut = start + limit
        yield start, cut
        start = cut
    yield start, end


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def sentence_spans(text: str, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of `text`, each at most `limit` chars."""
    spans = []
    start = 0
    for m in _END.finditer(text):
        if m.group().rstrip() == "." and _is_abbreviation(text, m.start() + 1):
            continue
        for piece in _cap(text, start, m.end(), limit):
            span = _trimmed(text, *piece)
            if span:
                spans.append(span)
        start = m.end()
    for piece in _cap(text, start, len(text), limit):
        span = _trimmed(text, *piece)
        if span:
            spans.append(span)
    return spans


# Side clauses: a relative clause after a comma, in the languages the matcher reads (", a
# country that ...", ", which began in 1994", ", который, по их словам, ...", ", qui ...",
# "، الذي ..."), up to the next comma, an insertion right after the pronoun included; and
# parentheses. They describe something the sentence names, not what the sentence reports.
# A bare ", that" is reported speech after an insertion ("said, for its part, that ..."), so
# "that" counts only after an appositive (", a partner that ...").
_RELATIVE = (
    r"which|who|whom|whose|where|when"  # en
    r"|котор\w*|где|когда"  # ru
    r"|qui|dont|où|lequel|laquelle|lesquels|lesquelles"  # fr
    r"|quien|quienes|donde|cuyo|cuya|cuyos|cuyas"  # es
    r"|cui|dove|il\s+quale|la\s+quale|i\s+quali|le\s+quali"  # it
    r"|welche[rsmn]?"  # de
    r"|الذي|التي|الذين|اللذين|اللتين|اللواتي|اللاتي"  # ar
)
_SIDE_CLAUSE = re.compile(
    rf"[,\u060c]\s*(?:(?:a|an|the)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:that|{_RELATIVE})|{_RELATIVE})(?!\w)"
    r"(?:\s*[,\u060c][^,\u060c;:()]*[,\u060c])?[^,\u060c;:()]*"
    r"|\([^()]*\)")


def side_clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each side clause in `text` (not folded: the French "où" folds to "or")."""
    return [m.span() for m in _SIDE_CLAUSE.finditer(text)]


def without_side_clauses(text: str) -> str:
    """`text` with its side clauses blanked (same length)."""
    return _SIDE_CLAUSE.sub(lambda m: " " * len(m.group()), text)


_TOKEN = re.compile(r"\w+", re.UNICODE)
# Arabic prefixes (wa-, al-, bi-, li-, ka-) glue onto words; peel them so "والسورية" meets "سوري".
_AR_PREFIX = re.compile(r"^(?:\u0648|\u0641)?(?:\u0628|\u0644|\u0643)?(?:\u0627\u0644)")


def tokens(folded: str) -> list[str]:
    """Word tokens of an already folded text (digits kept, underscores dropped)."""
    return [t for t in _TOKEN.findall(folded) if t != "_"]


def stem(token: str) -> str:
    """A crude, language-blind stem: a fixed-length prefix.

    Inflected forms (Russian cases, Turkish suffixes, English plurals) mostly share their first
    five or six letters; that is enough for lexical retrieval across the five languages here
    without a stemmer per language.
    """
    if "\u0600" <= token[:1] <= "\u06ff":
        token = _AR_PREFIX.sub("", token) or token
    if token.isdigit():
        return token
    return token[:5] if len(token) > 5 else token


# Function words of the languages we read; they carry no claim and would let any sentence share
# "the", "и" or "ve" with any claim. Folded forms.
STOPWORDS = frozenset("""
a an the and or but of to in on at by for from with as is are was were be been being has have had
that this these those it its he she they them his her their we you i which who whom what when where
said says say also not no than then there here into over about after before while during
le la les un une des du de et ou en au aux dans sur pour par avec que qui est sont a ete il elle ils
ce cette ces son sa ses leur leurs ne pas se plus
и в во на с со по к ко у о об от до из за для что как это не но а же ли бы он она они его ее их
был была были быть также который которые которая при под над
ve ile bir bu da de icin olarak olan gibi daha en ki ya o
el los las y del al por con para que se su sus es lo como
il lo gli i e di da del della dei con per che si non
der die das und ein eine zu den dem des von mit auf fur ist im sich nicht
في من على الى إلى عن ان أن التي الذي هذا هذه مع ما لا او أو كان قد
""".split())


def stems(folded: str) -> list[str]:
    return [stem(t) for t in tokens(folded)]


def content_stems(folded: str) -> list[str]:
    """Stems of the words that are not function words."""
    return [stem(t) for t in tokens(folded) if t not in STOPWORDS and len(t) > 1]


# A few very frequent words per Latin-script language: enough to tell them apart on a paragraph.
_MARKERS = {
    "en": {"the", "and", "of", "to", "in", "that", "is", "was", "for", "with", "said"},
    "fr": {"le", "la", "les", "des", "et", "du", "une", "est", "dans", "que", "pour", "au"},
    "tr": {"ve", "bir", "bu", "ile", "icin", "olarak", "da", "de", "olan", "gibi", "daha"},
    "es": {"el", "los", "las", "del", "y", "que", "por", "una", "con", "para", "se"},
    "it": {"il", "di", "che", "della", "gli", "per", "una", "con", "sono", "nel", "del"},
    "de": {"der", "die", "das", "und", "nicht", "ist", "mit", "von", "den", "zu", "ein"},
}


_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ARABIC = re.compile("[\u0600-\u06ff]")


def guess_language(text: str) -> str | None:
    """A coarse language guess from the first 2,000 characters: script for Russian and Arabic,
    frequent words for Latin-script languages; None when unsure. Used only when the feed or
    caller gave no language (it decides whether e.g. Turkish suffixes may follow a name)."""
    sample = text[:2000]
    # Counted by regular expressions, not character by character: this runs once per article.
    letters = len(_LETTER.findall(sample))
    if not letters:
        return None
    if len(_CYRILLIC.findall(sample)) > letters / 2:
        return "ru"
    if len(_ARABIC.findall(sample)) > letters / 2:
        return "ar"
    words = Counter(tokens(fold(sample)))
    counts = {lang: sum(words[w] for w in marks) for lang, marks in _MARKERS.items()}
    lang, hits = max(counts.items(), key=lambda kv: kv[1])
    return lang if hits >= 2 and hits >= 2 * sorted(counts.values())[-2] else None
