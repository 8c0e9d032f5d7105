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


@pytest.fixture(scope="module")
def group_matcher():
    """Syrian fighters as the armed group a state recruits, and as a group that draws its own
    members from another group (its agent is a group: the exemption)."""
    catalogue = fixture_catalogue()
    fighters = next(a for a in catalogue.actors if a.id == "syrian-fighters")
    extremists = Actor("extremists", "armed_group", "Extremist Front", (ActorName("Extremist Front", "name", "en", False),))
    evidence = catalogue.claim("tr-fighters-karabakh").evidence
    recruited = Claim("tr-recruited", "Turkey recruited Syrian fighters to fight for Azerbaijan.",
                      (ClaimActor("turkey"), ClaimActor("syrian-fighters", "object"),
                       ClaimActor("azerbaijan", "beneficiary")), evidence, keywords=("recruited", "enlisted"))
    drawn = Claim("fighters-drawn", "The Syrian fighters were drawn from the Extremist Front.",
                  (ClaimActor("syrian-fighters"), ClaimActor("extremists", "object")), evidence,
                  keywords=("drawn from", "recruited"))
    actors = tuple(dataclasses.replace(a, kind="armed_group") if a is fighters else a for a in catalogue.actors)
    return Matcher(dataclasses.replace(catalogue, actors=actors + (extremists,),
                                       claims=catalogue.claims + (recruited, drawn)), semantic=False)


def test_a_deed_done_to_a_group_names_the_group_or_whom_it_served(group_matcher):
    assert _passes(group_matcher, "Turkey recruited 2,000 Syrian fighters last summer.", "tr-recruited")
    assert _passes(group_matcher, "Turkey recruited 2,000 fighters for Azerbaijan last summer.", "tr-recruited")


def test_the_doer_alone_with_someone_elses_fighters_is_not_the_claim(group_matcher):
    # Whose fighters? Any private army's: the claim's Syrians are not named, nor whom they served.
    assert not _passes(group_matcher, "Turkey recruited 2,000 fighters from a private army last summer.",
                       "tr-recruited")


def test_a_group_acting_on_another_group_needs_no_second_name(group_matcher):
    assert _passes(group_matcher, "The Syrian fighters were recruited from extremist circles.", "fighters-drawn")
