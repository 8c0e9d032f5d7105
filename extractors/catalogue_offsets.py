"""Fill in the start/end offsets of evidence spans from their quotes.

Authors write `{ quote = "..." }` (optionally with `seed`); this module finds the quote in the
seed corpus and rewrites that one line of TOML as `{ seed = ..., start = ..., end = ..., quote =
... }`, leaving every other line, and so every comment, as it was. Offsets are Python str
indices into the seed file decoded as UTF-8.

The search forgives what a human cannot see or type easily: any run of whitespace matches any
other (no-break spaces included) and straight quotes match curly ones. The quote written back is
the exact seed text, so the stored file always passes the strict check in catalogue.py.
"""

from __future__ import annotations

import json
import re
import tomllib

__all__ = ["fix_offsets", "find_quote", "toml_string"]

# One evidence entry: an inline table on one line that has a quote key.
_INLINE_EVIDENCE = re.compile(r'\{[^{}\n]*\bquote\s*=\s*"(?:[^"\\\n]|\\.)*"[^{}\n]*\}')
_LOOSE = {"'": "['’‘]", "’": "['’‘]", "‘": "['’‘]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}


def toml_string(text: str) -> str:
    """A TOML basic string. JSON's escapes are a subset of TOML's; the invisible spaces are
    escaped too, so an editor shows where they are."""
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("\u00a0", "\\u00A0").replace("\u202f", "\\u202F")


def find_quote(quote: str, seeds: dict[str, str], seed: str | None = None) -> list[tuple[str, int, int]]:
    """Every (seed, start, end) where the quote occurs, exactly first, else loosely."""
    names = [seed] if seed else sorted(seeds)
    exact = [(n, m.start(), m.end()) for n in names if n in seeds for m in re.finditer(re.escape(quote), seeds[n])]
    if exact:
        return exact
    pattern = re.compile(_loose_pattern(quote))
    return [(n, m.start(), m.end()) for n in names if n in seeds for m in pattern.finditer(seeds[n])]


def _loose_pattern(quote: str) -> str:
    parts = []
    for token in re.split(r"(\s+)", quote.strip()):
        if token.isspace():
            parts.append(r"\s+")
        else:
            parts.append("".join(_LOOSE.get(ch, re.escape(ch)) for ch in token))
    return "".join(parts)


def fix_offsets(toml_text: str, seeds: dict[str, str]) -> tuple[str, list[str]]:
    """Return the TOML text with every evidence line's offsets filled, and the problems left."""
    problems: list[str] = []

    def rewrite(match: re.Match) -> str:
        line_number = toml_text.count("\n", 0, match.start()) + 1
        entry = tomllib.loads("entry = " + match.group(0))["entry"]
        found = _locate(entry, seeds)
        if isinstance(found, str):
            problems.append(f"line {line_number}: {found}: {entry['quote'][:60]!r}")
            return match.group(0)
        return _render(entry, *found, seeds)

    return _INLINE_EVIDENCE.sub(rewrite, toml_text), problems


def _locate(entry: dict, seeds: dict[str, str]) -> tuple[str, int, int] | str:
    seed, start, end = entry.get("seed"), entry.get("start"), entry.get("end")
    if seed in seeds and start is not None and seeds[seed][start:end] == entry["quote"]:
        return seed, start, end
    hits = find_quote(entry["quote"], seeds, seed)
    if not hits:
        return "quote not found in " + (seed or "any seed")
    if len(hits) > 1 and start is None:
        return f"quote occurs {len(hits)} times; give seed and an approximate start"
    # With a start hint, the nearest occurrence is the one the author meant.
    return min(hits, key=lambda hit: abs(hit[1] - (start or 0)))


def _render(entry: dict, seed: str, start: int, end: int, seeds: dict[str, str]) -> str:
    extra = "".join(
        f", {key} = {toml_string(str(value))}"
        for key, value in entry.items()
        if key not in ("seed", "start", "end", "quote")
    )
    quote = toml_string(seeds[seed][start:end])
    return f"{{ seed = {toml_string(seed)}, start = {start}, end = {end}, quote = {quote}{extra} }}"
