from extractors.actors import Gazetteer
from extractors.models import Actor, ActorName

from tests.fixtures.matching.catalogue import fixture_catalogue


def _gazetteer():
    return Gazetteer(fixture_catalogue().actors)


def _found(text, lang=None):
    return [(m.actor_id, m.surface) for m in _gazetteer().find(text, lang)]


def test_names_metonyms_adjectives_with_offsets():
    text = "Ankara and the Turkish foreign ministry spoke to Baku."
    mentions = _gazetteer().find(text)
    assert [(m.actor_id, m.surface, m.form) for m in mentions] == [
        ("turkey", "Ankara", "metonym"),
        ("turkey-mfa", "Turkish foreign ministry", "name"),  # longest wins over "Turkish"
        ("azerbaijan", "Baku", "metonym"),
    ]
    for m in mentions:
        assert text[m.start:m.end] == m.surface


def test_word_boundaries_and_case_sensitive_acronyms():
    assert _found("Bakunin and usual thus") == []
    assert _found("the US and the us") == [("usa", "US")]


def test_a_proper_name_written_in_lower_case_is_an_ordinary_word():
    assert _found("We ate turkey for Thanksgiving.", "en") == []
    assert _found("Roast Turkey? No: Turkey sent troops.", "en") == [("turkey", "Turkey"), ("turkey", "Turkey")]
    spanish = Gazetteer([Actor("iran", "state", "Iran", (ActorName("Irán", "foreign", "es"),))])
    assert spanish.find("Los condenados no irán a prisión.") == []  # "they will go"
    assert [m.surface for m in spanish.find("Irán negó el ataque.")] == ["Irán"]


def test_a_short_acronym_among_words_in_capitals_is_a_word():
    assert _found("THIS IS A LIVE BLOG. LET US KNOW.", "en") == []
    assert _found("CONTACT US", "en") == []
    assert _found("Sanctions: US, UK agree", "en") == [("usa", "US")]  # a neighbour of two letters does not tell


def test_russian_case_forms_and_arabic_prefixes():
    assert _found("в Турции и Азербайджане") == [("turkey", "Турции"), ("azerbaijan", "Азербайджане")]
    assert _found("وتركيا") == [("turkey", "تركيا")]  # the glued "and" is not part of the name


def test_an_arabic_adjective_of_origin_is_found_without_its_article():
    g = Gazetteer([Actor("russia", "state", "Russia", (ActorName("الروسية", "foreign", "ar"),
                                                      ActorName("الروسي", "foreign", "ar")))])
    # "Russian forces" and "a Russian official", indefinite: no article "ال"
    assert [m.surface for m in g.find("دخلت قوات روسية المدينة وقال مسؤول روسي", "ar")] == ["روسية", "روسي"]
    assert [m.surface for m in g.find("القوات الروسية", "ar")] == ["الروسية"]
    # only a one-word adjective: a name with the article is not cut ("الكرملين" is no adjective)
    kremlin = Gazetteer([Actor("kremlin", "organisation", "Kremlin", (ActorName("الكرملين", "foreign", "ar"),))])
    assert kremlin.find("كرملين", "ar") == []


def test_a_romance_adjective_of_origin_is_found_in_every_gender_and_number():
    g = Gazetteer([Actor("israel", "state", "Israel", (ActorName("israélien", "foreign", "fr"),
                                                      ActorName("armenio", "foreign", "es"),
                                                      ActorName("israeliano", "foreign", "it")))])
    assert [m.surface for m in g.find("des armes israéliennes", "fr")] == ["israéliennes"]
    assert [m.surface for m in g.find("las fuerzas armenias", "es")] == ["armenias"]
    assert [m.surface for m in g.find("armi israeliane", "it")] == ["israeliane"]
    assert g.find("des armes israéliennes", "en") == []  # a foreign name, in its own language


def test_a_lower_case_foreign_name_is_not_hidden_by_a_capitalised_one_that_folds_alike():
    g = Gazetteer([Actor("azerbaijan", "state", "Azerbaijan", (ActorName("Azeri", "adjective", "en"),
                                                              ActorName("azerí", "foreign", "es")))])
    assert [m.surface for m in g.find("el ejército azerí", "es")] == ["azerí"]
    assert g.find("an azeri carpet", "en") == []  # the English name is written with a capital


def test_turkish_suffix_only_for_turkish_texts():
    g = Gazetteer([Actor("russia", "state", "Russia", (ActorName("Rus", "foreign", "tr"),))])
    assert g.find("Rusya'nın tutumu", "tr")[0].actor_id == "russia"
    assert g.find("a rush of news", "en") == []


def test_a_russian_acronym_marked_case_sensitive_keeps_its_case_endings_but_not_ordinary_words():
    def isis(exact):
        return Gazetteer([Actor("isis", "armed_group", "Islamic State", (ActorName("ИГ", "foreign", "ru", exact),))])

    assert [m.surface for m in isis(True).find("Боевики ИГ и ИГа отступили.", "ru")] == ["ИГ", "ИГа"]
    assert isis(True).find("Игра окончена.", "ru") == []
    assert [m.surface for m in isis(False).find("Игра окончена.", "ru")] == ["Игра"]  # why the catalogue marks it


def test_empty_catalogue_and_empty_text():
    assert Gazetteer([]).find("Turkey") == []
    assert _gazetteer().find("") == []


def _nato_gazetteer():
    from extractors.models import Actor, ActorName

    return Gazetteer([
        Actor("nato", "organisation", "NATO", (ActorName("NATO", "name", "en", True), ActorName("the alliance", "anaphor"))),
        Actor("france", "state", "France", (ActorName("France", "name"), ActorName("Paris", "metonym"))),
    ])


def test_an_anaphor_counts_only_where_the_actor_is_named_otherwise():
    g = _nato_gazetteer()
    assert [m.actor_id for m in g.find("The alliance said nothing about the drills.")] == []
    found = g.find("NATO met on Monday. The alliance said nothing about the drills.")
    assert [(m.actor_id, m.form) for m in found] == [("nato", "name"), ("nato", "anaphor")]


def test_a_metonym_that_starts_a_longer_proper_name_is_not_the_government():
    g = _nato_gazetteer()
    assert g.find("The heiress Paris Hilton was seen at the opening of a new hotel.") == []
    assert [m.actor_id for m in g.find("Paris said the talks with Ankara had failed.")] == ["france"]
    assert [m.actor_id for m in g.find("Paris Warns Ankara Over Syrian Fighters")] == ["france"]  # a headline


def _syria_gazetteer():
    return Gazetteer([
        Actor("syria", "state", "Syria", (ActorName("Syria", "name"), ActorName("Syrian", "adjective"),
                                          ActorName("Damascus", "metonym"))),
        Actor("syrian-fighters", "armed_group", "Syrian mercenaries",
              (ActorName("Syrian mercenaries", "name"), ActorName("Syrian fighters"))),
        Actor("sna", "armed_group", "Syrian National Army", (ActorName("Syrian National Army", "name"),)),
    ])


def test_a_description_is_found_with_its_origin_after_the_noun():
    found = [(m.actor_id, m.surface) for m in _syria_gazetteer().find(
        "Fighters from Syria and mercenaries out of Syria reached Baku; a fighter from Syria died.", "en")]
    assert found == [("syrian-fighters", "Fighters from Syria"), ("syrian-fighters", "mercenaries out of Syria"),
                     ("syrian-fighters", "fighter from Syria")]


def test_a_description_is_found_with_its_place_after_in():
    found = [(m.actor_id, m.surface) for m in _syria_gazetteer().find(
        "Fighters in Syria's north earn little; rebels in Idlib earn less.", "en")]
    assert found == [("syrian-fighters", "Fighters in Syria")]


def test_a_proper_name_or_a_metonym_does_not_take_the_origin_after_it():
    found = [(m.actor_id, m.surface) for m in _syria_gazetteer().find(
        "The National Army from Syria met fighters from Damascus.", "en")]
    assert found == [("syria", "Syria"), ("syria", "Damascus")]
