"""A bare negation ("had not fired", "has no drones") negates what its own subject did: it denies
a claim only when that subject is one of the claim's actors. Texts written for these tests."""

import dataclasses

import pytest

from extractors.match_concepts import concepts_in
from extractors.matcher import Matcher
from extractors.models import Claim, ClaimActor
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


@pytest.fixture(scope="module")
def with_negative_claims():
    """Two claims of what was not done: one stated with a negation, one about inaction."""
    catalogue = fixture_catalogue()
    evidence = catalogue.claim("us-waiver-2022").evidence
    no_waiver = Claim("us-no-waiver-2023", "The US president waived the aid ban in 2022 but not in 2023.",
                      (ClaimActor("usa"), ClaimActor("azerbaijan", "beneficiary")), evidence,
                      keywords=("waiver", "renewed"))
    silent = Claim("us-silent-on-turkey", "Washington's inaction over Turkey's fighters in Azerbaijan.",
                   (ClaimActor("usa"), ClaimActor("turkey", "object")), evidence,
                   keywords=("inaction", "silence"))
    return Matcher(dataclasses.replace(catalogue, claims=catalogue.claims + (no_waiver, silent)), semantic=False)


def test_a_negation_restates_a_claim_of_what_was_not_done(with_negative_claims):
    text = "In 2023 the US president did not renew the waiver of the ban on aid to Azerbaijan."
    assert _stances(with_negative_claims.match(text)).get("us-no-waiver-2023") == "supports"
    text = "The United States did nothing and would not confront Turkey over its fighters in Azerbaijan."
    assert _stances(with_negative_claims.match(text)).get("us-silent-on-turkey") == "supports"


def test_a_word_of_denial_still_denies_a_claim_of_what_was_not_done(with_negative_claims):
    text = "The United States rejected reports of its inaction over Turkey's fighters in Azerbaijan as false."
    assert _stances(with_negative_claims.match(text)).get("us-silent-on-turkey") == "denies"


def test_settlements_are_places_not_a_peace_settlement():
    assert "peace" not in concepts_in("Shells fell on Azerbaijani settlements near the line.")
    assert "peace" in concepts_in("Both sides said a negotiated settlement was within reach.")
