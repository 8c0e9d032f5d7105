"""A seed corpus on another topic: its claims use words the concept lexicon (written for the
shipped corpus) does not know, so they pass the concept gate on their own catalogue keywords.
The catalogue and texts are written for these tests."""

import pytest

from extractors.catalogue import Catalogue
from extractors.matcher import Matcher
from extractors.models import Actor, ActorName, Claim, ClaimActor, EvidenceSpan

from tests.fixtures.matching.gates import passing_claim_ids

SEED = "Inspectors said the Acme Health Agency recalled the Zeta vaccine batches after tests."
QUOTE = "the Acme Health Agency recalled the Zeta vaccine batches"


@pytest.fixture(scope="module")
def matcher():
    agency = Actor("acme-agency", "organisation", "Acme Health Agency",
                   (ActorName("Acme Health Agency", "name", "en", False), ActorName("Acme", "alias", "en", True)))
    start = SEED.index(QUOTE)
    recall = Claim("acme-recalled-zeta", "The Acme Health Agency recalled the Zeta vaccine batches.",
                   (ClaimActor("acme-agency"),), (EvidenceSpan("seed.txt", start, start + len(QUOTE), QUOTE),),
                   keywords=("vaccine batches", "recalled", "withdrawn", "Acme Health Agency"))
    return Matcher(Catalogue((agency,), (recall,), "topic-1", "test", {"seed.txt": SEED}), semantic=False)


def test_the_claim_is_one_the_lexicon_hardly_describes(matcher):
    assert len(matcher.index.by_id["acme-recalled-zeta"].concepts) <= 1


def test_its_keywords_pass_the_concept_gate(matcher):
    assert "acme-recalled-zeta" in passing_claim_ids(matcher, "Acme has withdrawn a vaccine lot from clinics.")
    assert "acme-recalled-zeta" in passing_claim_ids(matcher, "The Acme Health Agency pulled the vaccine batches.")


def test_a_keyword_needs_all_its_words(matcher):
    # "vaccine batches" is one keyword: "vaccine" alone is not it.
    assert "acme-recalled-zeta" not in passing_claim_ids(matcher, "The Acme Health Agency praised the vaccine.")


def test_a_keyword_that_is_an_actor_name_is_no_cue(matcher):
    assert "acme-recalled-zeta" not in passing_claim_ids(matcher, "The Acme Health Agency held a press conference.")


def test_the_claim_is_matched_end_to_end(matcher):
    result = matcher.match("On Monday the Acme Health Agency withdrew the Zeta vaccine batches, inspectors said.")
    assert [m.claim_id for m in result.claims] == ["acme-recalled-zeta"]


def test_a_claim_without_keywords_passes_on_the_words_of_its_statement():
    # A drafted catalogue (claimwatch catalogue bootstrap) has no keywords until reviewed.
    agency = Actor("acme-agency", "organisation", "Acme Health Agency",
                   (ActorName("Acme Health Agency", "name", "en", False),))
    start = SEED.index(QUOTE)
    bare = Claim("acme-recalled-zeta", "The Acme Health Agency recalled the Zeta vaccine batches.",
                 (ClaimActor("acme-agency"),), (EvidenceSpan("seed.txt", start, start + len(QUOTE), QUOTE),))
    matcher = Matcher(Catalogue((agency,), (bare,), "topic-2", "test", {"seed.txt": SEED}), semantic=False)
    assert "acme-recalled-zeta" in passing_claim_ids(matcher, "The Acme Health Agency tested the vaccine batches.")
    assert "acme-recalled-zeta" not in passing_claim_ids(matcher, "The Acme Health Agency held a press conference.")
