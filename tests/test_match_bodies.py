"""A claim of a sub-body (an embassy) named only by the body it belongs to (its country) needs its
object named too. Texts and catalogue entries written for these tests."""

import dataclasses

import pytest

from extractors.matcher import Matcher
from extractors.models import Actor, ActorName, Claim, ClaimActor

from tests.fixtures.matching.catalogue import fixture_catalogue
from tests.fixtures.matching.gates import passing_claim_ids


@pytest.fixture(scope="module")
def matcher():
    catalogue = fixture_catalogue()
    embassy = Actor("us-embassy-baku", "government_body", "US Embassy in Baku",
                    (ActorName("US Embassy in Baku", "name", "en", False),), parent="usa")
    warning = Claim("embassy-warning", "The US Embassy in Baku warned of terrorist attacks in Azerbaijan.",
                    (ClaimActor("us-embassy-baku", "subject"), ClaimActor("azerbaijan", "object")),
                    catalogue.claim("us-waiver-2022").evidence, keywords=("warned", "terrorist attacks"))
    return Matcher(dataclasses.replace(catalogue, actors=catalogue.actors + (embassy,),
                                       claims=catalogue.claims + (warning,)), semantic=False)


def _passes(matcher, sentence):
    return "embassy-warning" in passing_claim_ids(matcher, sentence)


def test_the_sub_body_itself_needs_no_object(matcher):
    assert _passes(matcher, "The US Embassy in Baku warned of possible terrorist attacks this week.")


def test_the_body_with_the_object_is_the_claim(matcher):
    assert _passes(matcher, "American diplomats warned of possible terrorist attacks in Azerbaijan.")


def test_the_body_alone_is_not_the_claim(matcher):
    assert not _passes(matcher, "American diplomats warned of possible terrorist attacks on the alliance.")
