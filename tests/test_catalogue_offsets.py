"""fix-offsets fills start/end from quotes, forgiving invisible differences, keeping comments."""

from __future__ import annotations

import tomllib

from extractors.catalogue_offsets import find_quote, fix_offsets, toml_string

SEEDS = {
    "a.txt": "Turkey’s army moved.\u00a0Baku agreed. Baku agreed.",
    "b.txt": "Nothing here about it.",
}


def test_a_quote_gets_its_seed_and_offsets_and_comments_stay():
    text = '# keep me\nevidence = [\n  { quote = "Turkey\'s army moved." },  # and me\n]\n'
    fixed, problems = fix_offsets(text, SEEDS)
    assert problems == []
    assert "# keep me" in fixed and "# and me" in fixed
    span = tomllib.loads(fixed)["evidence"][0]
    assert (span["seed"], span["start"], span["end"]) == ("a.txt", 0, 20)
    # The stored quote is the exact seed text (curly apostrophe), not what the author typed.
    assert span["quote"] == SEEDS["a.txt"][0:20]


def test_any_whitespace_matches_a_no_break_space_and_is_stored_visibly():
    hits = find_quote("moved. Baku", SEEDS)
    assert hits == [("a.txt", 14, 25)]
    assert toml_string(SEEDS["a.txt"][14:25]) == '"moved.\\u00A0Baku"'


def test_a_repeated_quote_needs_a_start_hint():
    _, problems = fix_offsets('e = [{ quote = "Baku agreed." }]\n', SEEDS)
    assert problems and "occurs 2 times" in problems[0]
    fixed, problems = fix_offsets('e = [{ seed = "a.txt", start = 40, quote = "Baku agreed." }]\n', SEEDS)
    assert problems == []
    assert tomllib.loads(fixed)["e"][0]["start"] == 34


def test_a_missing_quote_is_reported_with_its_line():
    _, problems = fix_offsets('\n\ne = [{ quote = "not in any seed" }]\n', SEEDS)
    assert problems == ["line 3: quote not found in any seed: 'not in any seed'"]


def test_correct_offsets_are_left_alone():
    line = 'e = [{ seed = "a.txt", start = 21, end = 33, quote = "Baku agreed." }]\n'
    assert fix_offsets(line, SEEDS) == (line, [])
