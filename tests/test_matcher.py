import json

import pytest

from extractors.matcher import Matcher

from tests.fixtures.matching.catalogue import fixture_catalogue
from tests.fixtures.matching.gates import passing_claim_ids


@pytest.fixture(scope="module")
def lexical():
    return Matcher(fixture_catalogue(), semantic=False)


def _claims(result):
    return {(c.claim_id, c.stance) for c in result.claims}


def test_restated_claim_is_found_with_evidence(lexical):
    result = lexical.match("Ankara flew paid Syrian mercenaries to Azerbaijan to fight on the Karabakh front.")
    assert ("tr-fighters-karabakh", "supports") in _claims(result)
    match = next(c for c in result.claims if c.claim_id == "tr-fighters-karabakh")
    assert match.evidence and match.evidence[0].seed == "seed_a.txt"
    assert match.sentence.startswith("Ankara flew")


def test_names_alone_are_not_a_claim(lexical):
    assert lexical.match("Turkey and Azerbaijan held talks on trade.").claims == ()


def test_other_theatre_is_not_the_claim(lexical):
    found = _claims(lexical.match("Turkey sent Syrian gunmen to Libya to back the Tripoli government."))
    assert ("tr-fighters-libya", "supports") in found
    assert not any(cid == "tr-fighters-karabakh" for cid, _ in found)


def test_other_year_is_not_the_claim(lexical):
    assert lexical.match("In 2024 the US president waived the ban on military aid to Azerbaijan.").claims == ()
    assert _claims(lexical.match("In 2022 the US president waived the ban on aid to Azerbaijan.")) == {("us-waiver-2022", "supports")}


def test_reported_denial_supports_denial_claim_and_denies_the_claim(lexical):
    result = lexical.match("The Turkish foreign ministry said the reports of fighters were invented and baseless.")
    assert _claims(result) >= {("tr-denial", "supports"), ("tr-fighters-karabakh", "denies")}
    denied = next(c for c in result.claims if c.claim_id == "tr-fighters-karabakh")
    assert denied.denier == "turkey-mfa"


def test_pronoun_sentence_keeps_the_previous_subject(lexical):
    text = "Officials in Baku spoke on Sunday. They said an Armenian missile hit flats in Ganja, killing people."
    result = lexical.match(text)
    assert ("am-strike-ganja", "supports") in _claims(result)


def test_as_dict_shape(lexical):
    d = lexical.match("Ankara flew paid Syrian mercenaries to Azerbaijan for the Karabakh front.").as_dict()
    json.dumps(d)
    assert set(d) == {"actors", "claims"}
    assert set(d["actors"][0]) == {"id", "name", "surface", "start", "end"}
    assert set(d["claims"][0]) == {"id", "statement", "stance", "score", "sentence", "evidence"}
    assert set(d["claims"][0]["evidence"][0]) == {"seed", "start", "end", "quote"}


@pytest.mark.parametrize("text", [
    "", "   ", "\x00\x01\x02 binary \xff\xfe junk \x00" * 100, "Turkey " * 50_000,
    "Турция Turkey تركيا Türkiye 土耳其 " * 200, "a" * 300_000,
])
def test_bad_input_gives_a_result(lexical, text):
    result = lexical.match(text)
    assert result.matcher_version == lexical.version


def test_match_many_keeps_order(lexical):
    results = lexical.match_many([("Turkey and Armenia.", "en", ""), ("", None, "")])
    assert [len(r.actors) for r in results] == [2, 0]


def test_title_is_matched_for_claims_but_offsets_stay_in_text(lexical):
    result = lexical.match("Nothing here.", "en", title="Ankara flew paid Syrian mercenaries to Azerbaijan for Karabakh")
    assert result.actors == ()
    assert result.claims and result.claims[0].sentence_start == -1


def test_denial_claim_needs_a_denying_sentence(lexical):
    found = _claims(lexical.match("The Turkish foreign ministry discussed the reports of fighters."))
    assert not any(cid == "tr-denial" for cid, _ in found)


def test_only_gated_windows_reach_the_scorer(lexical):
    # Names, no event words: the cheap gates stop it before any scoring or embedding.
    text = "Turkey, Azerbaijan and Armenia."
    mentions = lexical.gazetteer.find(text)
    unit = lexical._units(text, mentions, "", "en")[0]
    assert lexical.index.passing(unit.window, unit.actor_ids) == []


def test_accusation_with_a_tail_denial_supports_both(lexical):
    text = ("Observers said Ankara flew paid Syrian mercenaries to Azerbaijan for the Karabakh front,"
            " reports the Turkish foreign ministry called invented.")
    found = _claims(lexical.match(text))
    assert ("tr-fighters-karabakh", "supports") in found
    assert ("tr-fighters-karabakh", "denies") not in found


def test_scores_are_probabilities(lexical):
    result = lexical.match("Turkey sent Syrian mercenaries to fight for Azerbaijan in Nagorno-Karabakh in 2020.")
    assert result.claims
    assert all(0.5 <= c.score <= 1.0 for c in result.claims)


def _with_implied_claim():
    import dataclasses

    from extractors.models import Claim, ClaimActor

    catalogue = fixture_catalogue()
    source = catalogue.claim("tr-fighters-karabakh")
    implied = Claim("fighters-on-azeri-side", "Syrian fighters fought on Azerbaijan's side.",
                    (ClaimActor("syrian-fighters"),), source.evidence)
    claims = tuple(dataclasses.replace(c, implies=(implied.id,)) if c is source else c for c in catalogue.claims)
    return dataclasses.replace(catalogue, claims=claims + (implied,))


def test_a_restated_claim_also_restates_what_it_implies():
    matcher = Matcher(_with_implied_claim(), semantic=False)
    result = matcher.match("Ankara flew paid Syrian mercenaries to Azerbaijan to fight on the Karabakh front.")
    found = {c.claim_id: c for c in result.claims}
    assert found["fighters-on-azeri-side"].stance == "supports"
    assert found["fighters-on-azeri-side"].score == found["tr-fighters-karabakh"].score


def test_denying_a_claim_does_not_deny_what_it_implies():
    matcher = Matcher(_with_implied_claim(), semantic=False)
    result = matcher.match("The Turkish Foreign Ministry said reports that Turkey sent Syrian fighters to Azerbaijan were invented.")
    assert ("tr-fighters-karabakh", "denies") in _claims(result)
    assert "fighters-on-azeri-side" not in {c.claim_id for c in result.claims}


def _with_a_persons_claim():
    import dataclasses

    from extractors.models import Actor, ActorName, Claim, ClaimActor

    catalogue = fixture_catalogue()
    people = (
        Actor("erdogan", "person", "Recep Tayyip Erdogan", (ActorName("Erdogan", "name", "en", False),), parent="turkey"),
        Actor("pashinyan", "person", "Nikol Pashinyan", (ActorName("Pashinyan", "name", "en", False),), parent="armenia"),
    )
    praise = Claim("erdogan-praised-baku", "Erdogan praised Azerbaijan's army for the Karabakh war.",
                   (ClaimActor("erdogan", "source"), ClaimActor("azerbaijan", "object")),
                   catalogue.claim("tr-fighters-karabakh").evidence, keywords=("praised", "army"))
    return dataclasses.replace(catalogue, actors=catalogue.actors + people, claims=catalogue.claims + (praise,))


def test_another_person_s_words_do_not_restate_a_person_s_claim():
    matcher = Matcher(_with_a_persons_claim(), semantic=False)

    def passes(sentence):
        return "erdogan-praised-baku" in passing_claim_ids(matcher, sentence)

    assert passes("Erdogan said he praised the Azerbaijani army after the Karabakh war.")
    assert passes("Pashinyan said Erdogan praised the Azerbaijani army after the Karabakh war.")
    assert not passes("Pashinyan said Turkey praised the Azerbaijani army after the Karabakh war.")


def test_a_denial_is_read_with_the_sentence_before_it(lexical):
    text = ("An Armenian missile struck flats in Ganja on Sunday, killing civilians, Azerbaijan said. "
            "Yerevan rejected any responsibility for it.")
    found = {c.claim_id: c for c in lexical.match(text).claims}
    assert found["am-strike-ganja"].stance in ("supports", "denies")
    alone = lexical.match("Yerevan rejected any responsibility for it.")
    assert "am-strike-ganja" not in {c.claim_id for c in alone.claims}
    window = lexical._units(text, lexical.gazetteer.find(text, "en"), "", "en")[-1].window
    assert window.startswith("An Armenian missile")


def test_a_match_read_with_the_sentence_before_quotes_both(lexical):
    """The denial alone ("Yerevan rejected any responsibility for it.") would not show an analyst
    what was denied: the match quotes the window it was read in, at that window's offset."""
    text = ("Officials met in Baku.\n\nAn Armenian missile struck flats in Ganja on Sunday, killing civilians, "
            "Azerbaijan said.\nYerevan rejected any responsibility for it.")
    match = next(c for c in lexical.match(text).claims if c.claim_id == "am-strike-ganja")
    assert match.sentence == text[match.sentence_start:match.sentence_start + len(match.sentence)]
    assert match.sentence.startswith("An Armenian missile") and match.sentence.endswith("responsibility for it.")
