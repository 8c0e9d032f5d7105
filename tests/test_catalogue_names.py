"""The shipped catalogue names the people and bodies news uses for its actors, in the spellings
outlets use (our own sentences, not evaluation texts)."""

import pytest

from extractors.actors import Gazetteer
from extractors.catalogue import load_catalogue
from flows.config import default_catalogue_path


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer(load_catalogue(default_catalogue_path()).actors)


@pytest.mark.parametrize("text, name, actor", [
    ("President Armen Sargsyan spoke to reporters.", "Armen Sargsyan", "sarkissian"),
    ("Prime Minister Imran Khan met the army chief.", "Prime Minister Imran Khan", "imran-khan"),
    ("A notice on Travel.State.Gov urges caution.", "Travel.State.Gov", "us-state-department"),
    ("The State Department issued an alert.", "State Department", "us-state-department"),
    ("Islamist radicals crossed the border.", "Islamist radicals", "syrian-fighters"),
    ("Nato allies met in Brussels.", "Nato", "nato"),  # British outlets' spelling
])
def test_names_outlets_use(gazetteer, text, name, actor):
    found = {(text[m.start:m.end], m.actor_id) for m in gazetteer.find(text, "en")}
    assert (name, actor) in found


def test_a_denial_of_mercenaries_contradicts_the_transfer_sentence():
    # "Turkey transferred mercenaries to Azerbaijan" states that they fought on its side: the
    # claim a denial of using mercenaries denies must list that seed sentence as evidence.
    catalogue = load_catalogue(default_catalogue_path())
    denial = catalogue.claim("azerbaijan-denied-using-mercenaries")
    transfer = {(e.seed, e.start) for e in catalogue.claim("turkey-sent-syrian-fighters-to-azerbaijan").evidence}
    denied = {(e.seed, e.start) for e in catalogue.claim(denial.denies).evidence}
    assert transfer & denied


@pytest.mark.parametrize("text, name, actor", [
    ("Die Türkei schickte Waffen.", "Türkei", "turkey"),
    ("Die türkischen Drohnen flogen über der Front.", "türkischen", "turkey"),
    ("Der Konflikt um Berg-Karabach flammte wieder auf.", "Berg-Karabach", "nagorno-karabakh"),
    ("Aserbaidschans Armee rückte vor.", "Aserbaidschans", "azerbaijan"),
    ("Armenische Raketen trafen Gandscha.", "Gandscha", "ganja"),
    ("Syrische Söldner kämpften an der Front.", "Syrische Söldner", "syrian-fighters"),
    ("Moskau schwieg zu dem Bericht.", "Moskau", "russia"),
    ("Paschinjan traf Alijew in Brüssel.", "Paschinjan", "pashinyan"),
    ("Ausländische Freiwillige kämpften für Armenien.", "Ausländische Freiwillige", "foreign-volunteers-armenia"),
    ("Der US-Kongress blockierte die Hilfe.", "US-Kongress", "us-congress"),
])
def test_german_names(gazetteer, text, name, actor):
    found = {(text[m.start:m.end], m.actor_id) for m in gazetteer.find(text, "de")}
    assert (name, actor) in found


def test_german_suffix_slack_applies_only_to_german_texts(gazetteer):
    # "Russen" is listed; "Russell" in an English text is a surname, not Russia.
    assert not [m for m in gazetteer.find("Senator Russell asked about the sale.", "en") if m.actor_id == "russia"]


@pytest.mark.parametrize("text, lang", [
    ("Sam Smith said the talks had failed.", "en"),  # Turkish "Şam" (Damascus)
    ("Sam Smith said the talks had failed.", None),
    ("Il y a deux ans, la frontière était calme.", "fr"),  # French "ANS" (the SNA)
    ("Uno de los soldados volvió a casa.", "es"),  # German "UNO" (the UN)
    ("The Rus of Kiev traded with Byzantium.", "en"),  # Turkish "Rus" (Russian)
])
def test_foreign_names_are_not_ordinary_words_of_other_languages(gazetteer, text, lang):
    assert gazetteer.find(text, lang) == []


@pytest.mark.parametrize("text, lang, name, actor", [
    ("Şam yönetimi açıklama yaptı.", "tr", "Şam", "syria"),
    ("L'ANS a envoyé des hommes.", "fr", "ANS", "sna"),
    ("Die UNO forderte eine Waffenruhe.", "de", "UNO", "united-nations"),
    ("La Turquie et l'OTAN.", None, "Turquie", "turkey"),  # unknown language: every name
])
def test_foreign_names_in_their_own_language(gazetteer, text, lang, name, actor):
    assert (name, actor) in {(text[m.start:m.end], m.actor_id) for m in gazetteer.find(text, lang)}


@pytest.mark.parametrize("text, lang", [
    ("Settlers and soldiers clashed again in the occupied West Bank on Tuesday, officials said.", "en"),
    ("She was starring in a sold-out West End production of a Shakespeare play last winter.", "en"),
    ("We ate roast turkey with the family before the match.", "en"),
    ("Los acusados no irán a prisión, según la sentencia del tribunal.", "es"),
    ("Mio nonno è nato a Milano e ha lavorato in una fabbrica.", "it"),
    ("После сна он долго гулял по парку, а потом читал.", "ru"),
    ("THIS IS A LIVE BLOG. CONTACT US FOR DETAILS.", "en"),
])
def test_ordinary_words_name_no_actor(gazetteer, text, lang):
    assert gazetteer.find(text, lang) == []


def test_the_west_as_a_political_bloc_is_still_found(gazetteer):
    text = "Pashinyan is seeking closer ties with the West, and the West has welcomed it."
    assert [m.actor_id for m in gazetteer.find(text, "en")].count("the-west") == 2


@pytest.mark.parametrize("text, lang, name, actor", [
    ("Иностранные добровольцы прошли подготовку.", "ru", "Иностранные добровольцы", "foreign-volunteers-armenia"),
    ("Des volontaires étrangers ont rejoint le front.", "fr", "volontaires étrangers", "foreign-volunteers-armenia"),
    ("وصل متطوعون أجانب إلى الجبهة.", "ar", "متطوعون أجانب", "foreign-volunteers-armenia"),
    ("Pakistanlı askerler cepheye gitti.", "tr", "Pakistanlı askerler", "pakistani-soldiers"),
    ("Soldados paquistaníes llegaron al frente.", "es", "Soldados paquistaníes", "pakistani-soldiers"),
    ("Конгресс США заблокировал помощь.", "ru", "Конгресс США", "us-congress"),
    ("Ливийская национальная армия отступила.", "ru", "Ливийская национальная армия", "lna"),
    ("أعلنت حكومة الوفاق الوطني الهدنة.", "ar", "حكومة الوفاق الوطني", "gna"),
    ("Минобороны Армении опровергло сообщения.", "ru", "Минобороны Армении", "armenia-defence-ministry"),
    ("Gli estremisti curdi sono stati citati.", "it", "estremisti curdi", "kurdish-extremist-groups"),
    ("Байден подписал документ.", "ru", "Байден", "biden"),
])
def test_foreign_names_of_the_groups_bodies_and_people_claims_name(gazetteer, text, lang, name, actor):
    found = {(text[m.start:m.end], m.actor_id) for m in gazetteer.find(text, lang)}
    assert (name, actor) in found
