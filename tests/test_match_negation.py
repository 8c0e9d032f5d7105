"""A bare negation ("had not fired", "has no drones") negates what its own subject did: it denies
a claim only when that subject is one of the claim's actors. Texts written for these tests."""

import pytest

from extractors.match_concepts import concepts_in
from extractors.matcher import Matcher
from extractors.stance import detect_stance

from tests.fixtures.matching.catalogue import fixture_catalogue


@pytest.fixture(scope="module")
def lexical():
    return Matcher(fixture_catalogue(), semantic=False)


def _stances(result):
    return {c.claim_id: c.stance for c in result.claims}


def test_stance_tells_a_bare_negation_from_a_word_of_denial():
    assert detect_stance("The army has not sent anyone there.").negation
    assert detect_stance("He said there were no foreign fighters.").negation
    assert not detect_stance("The ministry called the reports baseless.").negation
    assert not detect_stance("Officials rejected the reports.").negation
    assert not detect_stance("Observers said Turkey sent fighters.").negation


def test_another_actors_negation_does_not_deny_the_claim(lexical):
    text = "Armenia has no drones of its own, while Turkey flew paid Syrian mercenaries to Azerbaijan for the Karabakh front."
    assert _stances(lexical.match(text)).get("tr-fighters-karabakh") == "supports"


def test_a_negation_by_the_claims_actor_still_denies_it(lexical):
    text = "Turkey has not flown any paid Syrian mercenaries to Azerbaijan for the Karabakh front."
    assert _stances(lexical.match(text)).get("tr-fighters-karabakh") == "denies"


def test_settlements_are_places_not_a_peace_settlement():
    assert "peace" not in concepts_in("Shells fell on Azerbaijani settlements near the line.")
    assert "peace" in concepts_in("Both sides said a negotiated settlement was within reach.")
