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


def test_russian_case_forms_and_arabic_prefixes():
    assert _found("в Турции и Азербайджане") == [("turkey", "Турции"), ("azerbaijan", "Азербайджане")]
    assert _found("وتركيا") == [("turkey", "تركيا")]  # the glued "and" is not part of the name


def test_turkish_suffix_only_for_turkish_texts():
    g = Gazetteer([Actor("russia", "state", "Russia", (ActorName("Rus", "foreign", "tr"),))])
    assert g.find("Rusya'nın tutumu", "tr")[0].actor_id == "russia"
    assert g.find("a rush of news", "en") == []


def test_empty_catalogue_and_empty_text():
    assert Gazetteer([]).find("Turkey") == []
    assert _gazetteer().find("") == []
