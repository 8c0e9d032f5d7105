"""Denial cues and negation words are read in the text's own language: a word that denies in one
language is often an ordinary word in another. Sentences written for these tests."""

import pytest

from extractors.matcher import Matcher
from extractors.stance import detect_stance

from tests.fixtures.matching.catalogue import fixture_catalogue


@pytest.mark.parametrize("sentence", [
    "The clinic's dementia ward was full when the rockets hit.",  # German "Dementi"
    "Sending the brigade was a faux pas, diplomats said.",  # French "faux"
    "The Olympic luge team flew home on Monday.",  # German "Lüge"
    "Respinto's restaurant in Baku reopened on Monday.",  # Italian "respinto"
    "The sale of drones is worth Nie Wenjun's attention, the analyst wrote.",  # French "nie"
])
def test_other_languages_cues_do_not_deny_an_english_text(sentence):
    assert detect_stance(sentence, lang="en").stance == "supports"


@pytest.mark.parametrize("sentence", [
    "The ministry armed non-state groups along the border.",
    "Militias from non-NATO states joined the offensive.",
    "The convoy carried non-lethal equipment to the front.",
    "Il ministero ha armato gruppi non-statali lungo il confine.",
])
def test_a_non_compound_negates_nothing(sentence):
    assert detect_stance(sentence).stance == "supports"


@pytest.mark.parametrize("sentence", [
    "The president dismissed the defence minister a week after the offensive began.",
    "The commander was dismissed from his post after the border clashes.",
    "He dismissed two senior generals over the losses.",
])
def test_removing_an_official_is_not_a_denial(sentence):
    assert detect_stance(sentence, lang="en").stance == "supports"


@pytest.mark.parametrize("sentence", [
    "The ministry dismissed the reports as propaganda.",
    "The ministry dismissed the allegations.",
])
def test_dismissing_a_report_still_denies(sentence):
    assert detect_stance(sentence, lang="en").stance == "denies"


@pytest.mark.parametrize("sentence, lang", [
    ("Le ministère a nié avoir envoyé des soldats.", "fr"),
    ("Das Ministerium hat nie Soldaten geschickt.", "de"),
    ("Il ministero non ha inviato soldati.", "it"),
    ("El ministerio desmintió el envío de soldados.", "es"),
    ("Министерство опровергло сообщения о переброске солдат.", "ru"),
    ("Bakanlık asker gönderildiği iddialarını yalanladı.", "tr"),
    ("نفت الوزارة إرسال جنود.", "ar"),
    # English loan words deny in any language.
    ("Le ministère parle de fake news à propos des soldats.", "fr"),
])
def test_each_language_keeps_its_own_cues(sentence, lang):
    assert detect_stance(sentence, lang=lang).stance == "denies"


@pytest.mark.parametrize("sentence", [
    "Das Ministerium hat nie Soldaten geschickt.",
    "Il ministero non ha inviato soldati.",
    "Le ministère a nié avoir envoyé des soldats.",
])
def test_an_unknown_language_reads_every_languages_cues(sentence):
    assert detect_stance(sentence, lang=None).stance == "denies"


@pytest.fixture(scope="module")
def lexical():
    return Matcher(fixture_catalogue(), semantic=False)


def test_a_match_in_an_english_text_is_not_denied_by_a_non_compound(lexical):
    text = "Turkey flew paid Syrian mercenaries from non-state factions to Azerbaijan for the Karabakh front."
    stances = {c.claim_id: c.stance for c in lexical.match(text, "en").claims}
    assert stances.get("tr-fighters-karabakh") == "supports"


@pytest.mark.parametrize("sentence", [
    "Die Regierung weist die Berichte über Söldner entschieden zurück.",
    "Das Ministerium wies alle Vorwürfe am Montag als Propaganda zurück.",
    "Baku stritt jede Beteiligung an den Angriffen ab.",
])
def test_a_german_separable_denial_denies(sentence):
    assert detect_stance(sentence, lang="de").stance == "denies"
    assert detect_stance(sentence).stance == "denies"  # language unknown: every language's cues


@pytest.mark.parametrize("sentence", [
    "Die Soldaten kehrten nach zwei Wochen in ihre Kasernen zurück.",
    "Der Minister wies darauf hin, dass die Truppen zurückkehren.",
    "Die Truppen zogen aus der Stadt ab.",
])
def test_other_separable_verbs_do_not_deny(sentence):
    assert detect_stance(sentence, lang="de").stance == "supports"
