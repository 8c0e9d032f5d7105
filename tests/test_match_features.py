"""Two of the features the claim score weighs: `den`, the one who denies is the one the claim
says did it; `spec`, the window names whom the deed was done to, weighted by how few claims name
that actor. Texts and the extra catalogue entries are written for these tests."""

import dataclasses

import pytest

from extractors.claims import _concepts_for_words, _patient_weights
from extractors.matcher import Matcher
from extractors.models import Actor, ActorName, Claim, ClaimActor
from extractors.stance import detect_stance

from tests.fixtures.matching.catalogue import fixture_catalogue


@pytest.fixture(scope="module")
def catalogue():
    base = fixture_catalogue()
    # Ganja becomes an actor and the strike's target: one claim names it, three name Azerbaijan.
    ganja = Actor("ganja", "place", "Ganja", (ActorName("Ganja", "name", "en", False),), parent="azerbaijan")
    strike = dataclasses.replace(base.claim("am-strike-ganja"), actors=(
        ClaimActor("armenia"), ClaimActor("ganja", "target"), ClaimActor("azerbaijan", "target")))
    claims = tuple(strike if c.id == strike.id else c for c in base.claims)
    return dataclasses.replace(base, actors=base.actors + (ganja,), claims=claims)


@pytest.fixture(scope="module")
def matcher(catalogue):
    return Matcher(catalogue, semantic=False)


def _features(matcher, sentence, claim_id):
    mentions = matcher.gazetteer.find(sentence, "en")
    ids = {m.actor_id for m in mentions}
    index = [p.claim.id for p in matcher.index.profiles].index(claim_id)
    stance = detect_stance(sentence, mentions)
    return matcher.index.features(sentence, sentence, ids, None, stance, [index])[index]


def test_patient_weights_favour_the_rarest_target(catalogue):
    weights = _patient_weights(catalogue.claims)
    strike = weights["am-strike-ganja"]
    assert strike["ganja"] == 1.0  # the catalogue's rarest actor
    assert 0.0 < strike["azerbaijan"] < 0.5  # named by three of the five claims
    assert "armenia" not in strike  # the doer is no patient
    assert weights["tr-fighters-libya"] == {}  # no one it was done to


def test_spec_is_higher_for_the_rare_target(matcher):
    city = _features(matcher, "Armenian missiles struck Ganja overnight, killing civilians.", "am-strike-ganja")
    country = _features(matcher, "Armenian missiles struck Azerbaijan overnight, killing civilians.", "am-strike-ganja")
    neither = _features(matcher, "Armenian missiles struck overnight, killing civilians.", "am-strike-ganja")
    assert city["spec"] == 1.0 > country["spec"] > neither["spec"] == 0.0


def test_den_when_the_doer_denies_its_own_deed(matcher):
    denied = _features(matcher, "Yerevan denied that its missiles struck flats in Ganja.", "am-strike-ganja")
    assert denied["den"] == 1.0


def test_den_when_the_one_it_was_done_for_denies_it(matcher):
    # Azerbaijan is the beneficiary of "Turkey sent paid Syrian fighters to Azerbaijan".
    baku = _features(matcher, "Baku dismissed reports that Ankara had sent Syrian fighters to help it.",
                     "tr-fighters-karabakh")
    washington = _features(matcher, "Washington dismissed reports that Ankara had sent Syrian fighters to Azerbaijan.",
                           "tr-fighters-karabakh")
    assert baku["den"] == 1.0
    assert washington["den"] == 0.0


def test_no_den_when_someone_else_denies_or_no_one_does(matcher):
    other = _features(matcher, "Ankara denied that Armenian missiles struck flats in Ganja.", "am-strike-ganja")
    told = _features(matcher, "Armenian missiles struck flats in Ganja, killing civilians.", "am-strike-ganja")
    assert other["den"] == 0.0
    assert told["den"] == 0.0


def test_den_for_a_denial_claim_needs_its_own_denier(matcher):
    own = _features(matcher, "The Turkish foreign ministry denied the reports that fighters were sent.", "tr-denial")
    other = _features(matcher, "Yerevan denied the reports that Turkish fighters were sent.", "tr-denial")
    assert own["den"] == 1.0
    assert other["den"] == 0.0


def test_the_doers_denial_of_a_named_target_is_matched_as_a_denial(matcher):
    result = matcher.match("Armenia's defence ministry rejected reports that its missiles struck flats in Ganja.")
    found = {m.claim_id: m.stance for m in result.claims}
    assert found.get("am-strike-ganja") == "denies"


def test_the_embedding_gate_counts_a_doers_denial_only_with_whom_it_hit(matcher):
    # The model is the cost: "X rejected ..." is common in any news, so a doer's denial sends a
    # window to the model only when it names the deed's target.
    vague = _features(matcher, "Yerevan rejected reports of a missile strike.", "am-strike-ganja")
    named = _features(matcher, "Yerevan rejected reports of a missile strike on Ganja.", "am-strike-ganja")
    assert vague["den"] == named["den"] == 1.0
    assert (vague["den_pre"], named["den_pre"]) == (0.0, 1.0)


def test_in_another_language_concepts_stand_in_for_words_one_alone_counting_half():
    assert _concepts_for_words({"lex": 0.0, "con": 0.6, "ncon": 2.0})["lex"] == 0.6
    assert _concepts_for_words({"lex": 0.0, "con": 1.0, "ncon": 1.0})["lex"] == 0.5
    assert _concepts_for_words({"lex": 0.7, "con": 0.4, "ncon": 3.0})["lex"] == 0.7  # words shared anyway
