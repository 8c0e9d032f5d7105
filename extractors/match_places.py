"""Theatres: where a reported event happens, so "Syrian fighters in Libya" is not Karabakh.

A claim's theatres come from its `places` and the words of its statement and evidence; a
sentence's from its own words. A sentence that names some theatre, none of the claim's, does not
restate the claim. Names are folded word prefixes in the languages the matcher reads; this is a
matcher-side list (the catalogue's `places` are used too, when it has them).
"""

from __future__ import annotations

import re

from extractors.text import fold

__all__ = ["THEATRES", "theatres_in"]

THEATRES = {
    "karabakh": [
        "karabakh", "karabagh", "karabach", "karabaj", "karabag", "artsakh", "stepanakert",
        "shusha", "shushi", "agdam", "fizuli", "caucasus", "caucase", "kafkas", "кавказ",
        "карабах", "арцах", "степанакерт", "ганджа", "ганджу", "ганджи", "azerbaijan", "azeri",
        "azerbaidjan", "azerbaycan", "azerbaigian", "azerbaiyan", "aserbaidschan", "азербайджан",
        "азербайдж", "baku", "бак", "armenia", "armenian", "armenie", "ermeni", "армени",
        "yerevan", "erevan", "ереван", "ganja", "gence",
        "كاراباخ", "قره باغ", "قرة باغ", "ناغورني", "اذربيجان", "أذربيجان", "باكو", "ارمينيا",
        "أرمينيا", "يريفان",
    ],
    "libya": [
        "libya", "libyan", "libye", "libyen", "libia", "tripoli", "trablus", "haftar", "hafter",
        "хафтар", "ливи", "триполи", "ليبيا", "الليبي", "طرابلس", "حفتر", "gna",
    ],
    "ukraine": [
        "ukrain", "ukrayna", "ucrania", "ucraina", "kyiv", "kiev", "donbas", "украин", "киев",
        "أوكرانيا", "اوكرانيا", "كييف",
    ],
}


def _pattern(names: list[str]) -> re.Pattern:
    folded = sorted({fold(n) for n in names}, key=len, reverse=True)
    # Word start required, suffixes allowed (prefix match): "libyan", "Ливии", "Karabağ'a".
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in folded) + ")")


_PATTERNS = {theatre: _pattern(names) for theatre, names in THEATRES.items()}
# "бак" and "gna" are short: make sure they are whole words or Russian case forms of Baku.
_SHORT_EXACT = re.compile(r"(?<!\w)(?:бак(?:у|а)?|gna)(?!\w)")


def theatres_in(text: str) -> frozenset[str]:
    """Theatre keys named in `text` (any language)."""
    folded = fold(text)
    found = set()
    for theatre, pattern in _PATTERNS.items():
        for m in pattern.finditer(folded):
            word = m.group()
            if word in ("бак", "gna") and not _SHORT_EXACT.match(folded, m.start()):
                continue
            found.add(theatre)
            break
    return frozenset(found)
