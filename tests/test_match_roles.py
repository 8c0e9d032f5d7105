"""Who did it (match_roles): doers, attackers and accusers, and the matcher's gate that a claim
whose agent is named, but not as the doer, is not restated. Texts written for these tests."""

import pytest

from extractors.match_roles import roles_in, without_accusation
from extractors.matcher import Matcher

from tests.fixtures.matching.catalogue import fixture_catalogue
from tests.fixtures.matching.gates import passing_claim_ids


@pytest.fixture(scope="module")
def lexical():
    return Matcher(fixture_catalogue(), semantic=False)


def _roles(matcher, sentence):
    mentions = matcher.gazetteer.find(sentence, "en")
    return roles_in(sentence, mentions, 0, matcher.index.kinds)


def test_the_accused_is_the_doer_and_the_accuser_is_not(lexical):
    roles = _roles(lexical, "Armenia accused Turkey of flying Syrian mercenaries to Azerbaijan.")
    assert roles.doers == {"turkey"} and roles.accusers == {"armenia"}


def test_a_noun_of_accusation_names_no_accuser(lexical):
    roles = _roles(lexical, "The accusations made by Armenia say Turkey flew Syrian mercenaries to Azerbaijan.")
    assert not roles.accusers and not roles.doers


def test_the_agent_of_a_passive_deed_is_a_doer(lexical):
    assert _roles(lexical, "Syrian mercenaries were flown to Azerbaijan and paid by Turkey.").doers == {"turkey"}


def test_who_fires_the_arms_is_the_attacker(lexical):
    assert _roles(lexical, "Azeri missiles struck flats in Stepanakert, Armenia said.").attackers == {"azerbaijan"}
    assert _roles(lexical, "Armenia's shelling of Ganja went on overnight.").attackers == {"armenia"}


def _passes(matcher, sentence, claim_id):
    return claim_id in passing_claim_ids(matcher, sentence, with_roles=True)


def test_a_claim_is_not_restated_when_its_agent_is_named_but_someone_else_fired(lexical):
    assert _passes(lexical, "An Armenian missile struck flats in Ganja, killing civilians, Azerbaijan said.", "am-strike-ganja")
    assert not _passes(lexical, "Azeri missiles struck flats in Stepanakert, killing civilians, Armenia said.", "am-strike-ganja")


def test_an_accusation_restates_the_claim_of_the_accused_only(lexical):
    claim = "tr-fighters-karabakh"
    assert _passes(lexical, "Armenia accused Turkey of flying paid Syrian mercenaries to Azerbaijan for the Karabakh war.", claim)
    assert not _passes(lexical, "Turkey accused Armenia of flying paid Syrian mercenaries to Azerbaijan for the Karabakh war.", claim)
    assert not _passes(lexical, "Turkey accused others of flying paid Syrian mercenaries to Azerbaijan for the Karabakh war.", claim)


def test_a_backer_is_not_the_doer_of_what_it_backs(lexical):
    # The sentence's subject acts; "backed by" and "funded by" name whoever supports it.
    assert not _roles(lexical, "Backed by Turkey, Azerbaijan shelled the villages around Ganja.").doers
    assert not _roles(lexical, "Syrian mercenaries funded by Ankara were flown to Azerbaijan.").doers


def test_a_passive_in_a_side_clause_does_not_take_the_deed_from_the_opening_agent(lexical):
    roles = _roles(lexical, "Turkey flew Syrian mercenaries to Azerbaijan on planes once flown by Armenia.")
    assert roles.lead == "turkey" and roles.agents == {"armenia"}
    claim = "tr-fighters-karabakh"
    assert _passes(lexical, "Turkey flew paid Syrian mercenaries to the Karabakh war on jets once flown by Armenia.", claim)
    # A main-clause passive still names the doer.
    assert not _passes(lexical, "Paid Syrian mercenaries for the Karabakh war were flown by Armenia, Turkey said.", claim)


@pytest.mark.parametrize("sentence", [
    "Turkey was accused of flying paid Syrian mercenaries to Azerbaijan for the Karabakh war.",
    "Ankara stands accused of flying paid Syrian mercenaries to Azerbaijan for the Karabakh war.",
    "Turkey has been widely blamed for flying paid Syrian mercenaries to Azerbaijan for the Karabakh war.",
])
def test_a_passive_accusation_names_the_accused_before_the_verb(lexical, sentence):
    roles = _roles(lexical, sentence)
    assert roles.doers == {"turkey"} and not roles.accusers
    assert _passes(lexical, sentence, "tr-fighters-karabakh")


def test_an_active_accusation_in_the_progressive_keeps_its_accuser(lexical):
    roles = _roles(lexical, "Armenia is accusing Turkey of flying Syrian mercenaries to Azerbaijan.")
    assert roles.accusers == {"armenia"} and roles.doers == {"turkey"}


def test_an_accusation_in_a_side_clause_does_not_take_the_deed_from_the_opening_agent(lexical):
    claim = "tr-fighters-karabakh"
    sentence = ("Turkey flew paid Syrian mercenaries to the Karabakh war while Armenia stood accused of "
                "shelling Ganja.")
    assert _roles(lexical, sentence).doers == {"armenia"}
    assert _passes(lexical, sentence, claim)


@pytest.mark.parametrize("sentence,deed", [
    ("Armenia accused Turkey of flying Syrian mercenaries to Azerbaijan.", "Turkey flying Syrian mercenaries to Azerbaijan."),
    ("Armenia accused Turkey on Monday of flying Syrian mercenaries.", "Turkey flying Syrian mercenaries."),
    ("Ankara stands accused of flying Syrian mercenaries to Azerbaijan.", "Ankara flying Syrian mercenaries to Azerbaijan."),
    ("Azerbaijan blamed Armenia for shelling Ganja.", "Armenia shelling Ganja."),
    # The deed as a noun phrase, after "of"/"for" or as the accused's possessive
    ("Azerbaijan blamed Armenia for the rocket attack on Ganja.", "Armenia the rocket attack on Ganja."),
    ("Armenia accused Turkey of complicity in the transfer of fighters.", "Turkey complicity in the transfer of fighters."),
    ("Armenia condemned Turkey's transfer of Syrian mercenaries.", "Turkey's transfer of Syrian mercenaries."),
    ("Armenia condemned Turkey\u2019s transfer of Syrian mercenaries.", "Turkey\u2019s transfer of Syrian mercenaries."),
])
def test_an_accusation_gives_the_deed_it_reports(lexical, sentence, deed):
    assert _roles(lexical, sentence).deed == deed


@pytest.mark.parametrize("sentence", [
    "Armenia blamed Turkey on Monday.",  # no deed clause
    "Armenia has blamed Turkey for years.",  # "for" without a deed after it
    "Armenia condemned Turkey in a statement.",
    "The accusations made by Armenia say Turkey flew Syrian mercenaries to Azerbaijan.",
    "Turkey flew Syrian mercenaries to Azerbaijan.",
])
def test_no_deed_without_an_accusation_and_its_clause(lexical, sentence):
    assert _roles(lexical, sentence).deed is None


@pytest.mark.parametrize("text,kept", [
    ("La Turquie est accusée d'avoir envoyé des mercenaires.", "La Turquie est  d'avoir envoyé des mercenaires."),
    ("Турцию обвиняют в переброске наемников.", "Турцию  в переброске наемников."),
    ("Türkiye asker göndermekle suçlanıyor.", "Türkiye asker göndermekle ."),
    ("Turquía fue acusada de enviar mercenarios.", "Turquía fue  de enviar mercenarios."),
    # Nouns stay: a denial of "the accusations" is about them.
    ("Ankara a rejeté les accusations; Анкара отвергла обвинения; suçlamaları reddetti; acusaciones",
     "Ankara a rejeté les accusations; Анкара отвергла обвинения; suçlamaları reddetti; acusaciones"),
])
def test_the_model_reads_other_languages_without_the_accusation_verb(text, kept):
    assert without_accusation(text) == kept
