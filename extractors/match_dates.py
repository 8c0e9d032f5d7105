"""Dates: which years a sentence's own event happened in, so a 2024 waiver is not the 2022 one.

A claim's years come from its catalogue `time_frame`; a sentence's from its main clauses. Three
kinds of year do not date the sentence's event, or not to one year:

- a year inside a side clause ("Paris thanked Rome, a partner that stood by it in the 1999
  crisis") dates something else (extractors.text.side_clauses);
- a decade ("the 1990s", "1990-х", "1990er", "1990'lar") covers ten years;
- a year after "since" ("since 2020", "с 1990-х", "depuis 2016", "2020'den beri") starts a
  state that runs to the present, so any year from then on fits it.
"""

from __future__ import annotations

import datetime
import re

from extractors.text import without_side_clauses

__all__ = ["years_in", "dating_years", "frame_years"]

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")

# "1990s", "1990's", "1990-х" / "1990-е" / "1990-ых" (ru), "1990er" (de), "1990'lar" (tr),
# "années 1990", "anni 1990", "años 1990", "década de 1990".
_DECADE_FORMS = (
    r"(?:(?:années|anni|años|década\s+de|decennio\s+del)\s+(?:1[89]\d|20\d)0(?!\d)"
    r"|(?<!\d)(?:1[89]\d|20\d)0(?:[’']?s\b|-(?:х|е|ых|ые|м|ми)\b|er\b|[’']l[ae]r))"
)
_YEAR_OR_DECADE = rf"(?:{_DECADE_FORMS}|(?<!\d)(?:1[89]\d\d|20\d\d)(?!\d))"
_SINCE = re.compile(
    r"(?:\b(?:ever\s+since|since|depuis|desde|seit|sin\s+dal|dal|dall[’']|с|со|منذ)\s+"
    r"(?:the\s+|les\s+|los\s+|gli\s+|den\s+|عام\s+|(?:late|early|mid)[\s-]+)*"
    rf"({_YEAR_OR_DECADE})"
    r"|((?<!\d)(?:1[89]\d|20\d)\d(?:[’']l[ae]r)?)[’']?[dt][ae]n\s+(?:beri|bu\s+yana|itibaren))",
    re.IGNORECASE)
_DECADE_ANYWHERE = re.compile(_DECADE_FORMS, re.IGNORECASE)


def years_in(text: str) -> frozenset[int]:
    """Every four-digit year from 1800 to 2099 written in the text."""
    return frozenset(int(y) for y in _YEAR.findall(text))


def dating_years(text: str, this_year: int | None = None) -> frozenset[int]:
    """Years that date what a window reports: those outside side clauses, a decade as its ten
    years, "since Y" as Y to this year. When every year sits in a side clause, none (the window
    does not date its own event)."""
    if not _YEAR.search(text):
        return frozenset()  # every form below holds a four-digit year; most sentences have none
    this_year = this_year or datetime.date.today().year
    main = without_side_clauses(text)
    years: set[int] = set()
    for match in _SINCE.finditer(main):
        start = min(_span_years(match.group(1) or match.group(2)))
        years.update(range(start, max(start, this_year) + 1))
    main = _SINCE.sub(" ", main)
    for match in _DECADE_ANYWHERE.finditer(main):
        years.update(_span_years(match.group()))
    years.update(years_in(_DECADE_ANYWHERE.sub(" ", main)))
    return frozenset(years)


def _span_years(written: str) -> range:
    """A written year, or decade, as the years it covers."""
    year = int(_YEAR.search(written).group())
    return range(year, year + 10) if _DECADE_ANYWHERE.fullmatch(written) else range(year, year + 1)


def frame_years(time_frame: str) -> frozenset[int]:
    """Years a time frame covers: "2020-10-04" -> {2020}; "1990s/2002" -> 1990..2002."""
    found = [y for m in _DECADE_ANYWHERE.finditer(time_frame) for y in _span_years(m.group())]
    found += years_in(_DECADE_ANYWHERE.sub(" ", time_frame))
    return frozenset(range(min(found), max(found) + 1)) if found else frozenset()
