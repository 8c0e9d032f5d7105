"""Headline-length windows must name the claim's object, beneficiary or target: a headline has no
context to supply it. Texts written for these tests."""

import pytest

from extractors.claims import HEADLINE_WORDS, is_headline
from extractors.matcher import Matcher

from tests.fixtures.matching.catalogue import fixture_catalogue


@pytest.fixture(scope="module")
def lexical():
    return Matcher(fixture_catalogue(), semantic=False)


def _ids(result):
    return {c.claim_id for c in result.claims}


def test_a_headline_without_the_recipient_is_not_the_claim(lexical):
    assert "tr-fighters-karabakh" not in _ids(lexical.match("Turkey flew paid Syrian mercenaries to the Karabakh front"))
    # Titles are read as extra sentences under the same rule.
    assert "tr-fighters-karabakh" not in _ids(lexical.match("Weather was mild.", title="Turkey flew paid Syrian mercenaries to the Karabakh front"))


def test_a_headline_naming_the_recipient_is_the_claim(lexical):
    assert "tr-fighters-karabakh" in _ids(lexical.match("Turkey flew paid Syrian mercenaries to Azerbaijan for the Karabakh front"))


def test_what_counts_as_a_headline():
    assert is_headline("Turkish drone maker expands exports")
    assert is_headline("Rockets hit city centre.", title=True)
    assert not is_headline("Erdogan said he praised the army after the war.")
    assert not is_headline(" ".join(["word"] * HEADLINE_WORDS), title=True)


def test_a_short_sentence_in_running_text_is_not_a_headline(lexical):
    assert "tr-fighters-karabakh" in _ids(lexical.match("Turkey flew paid Syrian mercenaries to the Karabakh front."))


def test_a_full_sentence_may_leave_the_recipient_to_context(lexical):
    text = ("Turkey flew paid Syrian mercenaries and their commanders from northern Syria "
            "to the Karabakh front last autumn, monitors said.")
    assert len(text.split()) >= HEADLINE_WORDS
    assert "tr-fighters-karabakh" in _ids(lexical.match(text))


@pytest.fixture(scope="module")
def shipped():
    from pathlib import Path

    from extractors.catalogue import load_catalogue

    root = Path(__file__).resolve().parents[1]
    return Matcher(load_catalogue(root / "seeds" / "catalogue.toml"), semantic=False)


@pytest.mark.parametrize("headline", [
    "Turkish drone maker expands exports",
    "Israel's arms exports hit a record high",
    "US embassy issues a security alert",
])
def test_shipped_catalogue_headlines_without_the_recipient(shipped, headline):
    assert shipped.match(headline, "en").claims == ()


@pytest.mark.parametrize("headline,claim_id", [
    ("Israel supplied drones to Azerbaijan, report says", "israel-supplied-weapons-to-azerbaijan"),
    ("Armenian rockets hit Ganja, killing civilians", "armenian-rockets-hit-ganja"),
])
def test_shipped_catalogue_headlines_that_restate_a_claim(shipped, headline, claim_id):
    assert claim_id in _ids(shipped.match(headline, "en"))
