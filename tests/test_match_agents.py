"""Who did it: a claim is not restated by the same deed done by another actor of its agent's
kind when only its source is named. Texts and the catalogue entry written for these tests."""

import dataclasses

import pytest

from extractors.matcher import Matcher
from extractors.models import Actor, ActorName, Claim, ClaimActor

from tests.fixtures.matching.catalogue import fixture_catalogue
from tests.fixtures.matching.gates import passing_claim_ids


@pytest.fixture(scope="module")
def matcher():
    catalogue = fixture_catalogue()
    watch = Actor("arms-watch", "organisation", "Arms Watch", (ActorName("Arms Watch", "name", "en", False),))
    sale = Claim("watch-us-drones", "According to Arms Watch, the United States sold drones to Azerbaijan.",
                 (ClaimActor("arms-watch", "source"), ClaimActor("usa", "subject"),
                  ClaimActor("azerbaijan", "beneficiary")),
                 catalogue.claim("us-waiver-2022").evidence, keywords=("drones", "sold", "arms sales"))
    return Matcher(dataclasses.replace(catalogue, actors=catalogue.actors + (watch,), claims=catalogue.claims + (sale,)),
                   semantic=False)


def _passes(matcher, sentence, claim_id="watch-us-drones"):
    return claim_id in passing_claim_ids(matcher, sentence)


def test_the_agent_named_passes(matcher):
    assert _passes(matcher, "According to Arms Watch, the United States sold drones to Azerbaijan last year.")


def test_the_source_alone_passes_when_no_one_else_did_it(matcher):
    assert _passes(matcher, "According to Arms Watch, drones were sold to Azerbaijan last year.")


def test_another_state_doing_it_is_not_the_claim(matcher):
    assert not _passes(matcher, "According to Arms Watch, Armenia sold drones to Azerbaijan last year.")
    assert not _passes(matcher, "Arms Watch says Turkey is the source of most drones sold to Azerbaijan.")


def test_an_actor_of_another_kind_is_no_rival(matcher):
    # Syrian fighters are not a state: they cannot have made the sale in the United States' place.
    assert _passes(matcher, "According to Arms Watch, drones sold to Azerbaijan reached Syrian fighters.")
