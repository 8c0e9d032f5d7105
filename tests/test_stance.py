import pytest

from extractors.models import ActorMention
from extractors.stance import detect_stance


@pytest.mark.parametrize("sentence", [
    "The ministry called the reports baseless.",
    "Officials rejected the reports as fabricated.",
    "He said no foreign fighters had taken part.",
    "Военные опровергли эти сообщения.",
    "Le ministère a démenti ces informations.",
    "Bakanlık iddiaları yalanladı.",
    "ونفت الوزارة هذه التقارير.",
    "The army has not sent anyone there.",
])
def test_denials(sentence):
    assert detect_stance(sentence).stance == "denies"


@pytest.mark.parametrize("sentence", [
    "Observers said Turkey sent fighters to the front.",
    "Not only Turkey but also others were involved.",
    "Turkish officials did not immediately comment on the report.",
    "The contested region saw heavy fighting.",
])
def test_supports(sentence):
    assert detect_stance(sentence).stance == "supports"


def test_denier_is_the_actor_before_the_cue():
    sentence = "Turkey denied that Armenia was attacked."
    mentions = [ActorMention("turkey", "Turkey", "Turkey", 100, 106), ActorMention("armenia", "Armenia", "Armenia", 119, 126)]
    assert detect_stance(sentence, mentions, offset=100).denier == "turkey"


def test_denier_is_the_speaker_not_the_last_actor_before_a_late_cue():
    sentence = "An MP from Turkey told a radio that claims about Armenia were untrue."
    mentions = [ActorMention("turkey", "Turkey", "Turkey", 12, 18), ActorMention("armenia", "Armenia", "Armenia", 47, 54)]
    assert detect_stance(sentence, mentions).denier == "turkey"


@pytest.mark.parametrize("sentence", [
    "Two commanders, who asked not to be named, said fighters were flown in.",
    "He also cited two groups he did not name.",
])
def test_journalistic_negations_do_not_deny(sentence):
    assert detect_stance(sentence).stance == "supports"


def test_denial_in_a_tail_clause_leaves_the_main_clause_supported():
    sentence = "Paris accused Turkey of sending fighters to the front, a charge Ankara rejects."
    mentions = [ActorMention("france", "France", "Paris", 0, 5), ActorMention("turkey", "Turkey", "Ankara", 66, 72)]
    stance = detect_stance(sentence, mentions)
    assert (stance.stance, stance.trailing_denial, stance.denier) == ("supports", True, "turkey")
    assert stance.reports_denial


def test_denial_in_the_main_clause_is_not_a_tail():
    stance = detect_stance("Ankara rejected the reports, which it called baseless.")
    assert stance.stance == "denies" and not stance.trailing_denial


def _mentions(sentence, names):
    return [ActorMention(actor, name, name, sentence.index(name), sentence.index(name) + len(name))
            for actor, name in names]


def test_denier_is_the_subject_of_the_saying_verb_not_the_outlet_in_an_opening_phrase():
    s = "In an interview with French radio, Pakistan's foreign minister said no troops had been sent."
    stance = detect_stance(s, _mentions(s, [("france", "French"), ("pakistan", "Pakistan")]))
    assert stance.stance == "denies" and stance.denier == "pakistan"


def test_without_a_saying_verb_the_denier_is_the_first_actor_before_the_cue():
    s = "Moscow on Monday rejected the claims made by Paris."
    stance = detect_stance(s, _mentions(s, [("russia", "Moscow"), ("france", "Paris")]))
    assert stance.denier == "russia"


def test_the_speaker_is_the_subject_of_the_first_saying_verb():
    s = "Speaking in Paris, Turkey's president said the talks went well."
    assert detect_stance(s, _mentions(s, [("france", "Paris"), ("turkey", "Turkey")])).speaker == "turkey"
    s2 = "Turkey and France held talks."
    assert detect_stance(s2, _mentions(s2, [("turkey", "Turkey"), ("france", "France")])).speaker is None


@pytest.mark.parametrize("sentence", [
    "The council, which chose not to act, was blamed by the mayors for the floods.",
    "Mayors criticised the council, which, in their words, preferred not to see the damage.",
    "Мэры раскритиковали совет, который, по их словам, предпочёл не замечать ущерба.",
    "Les maires ont critiqué le conseil, qui n'a rien fait contre les crues.",
    "The mayors blamed the council (which has not commented) for the floods.",
])
def test_a_negation_in_a_side_clause_does_not_deny_the_sentence(sentence):
    assert detect_stance(sentence).stance == "supports"


@pytest.mark.parametrize("sentence", [
    "The council, which said it had not ordered the closure, blamed the mayors.",
    "The council said, for its part, that it had not ordered the closure.",
    "The council did not order the closure, which the mayors dispute.",
    "The council, which rejected the reports as baseless, met on Monday.",
])
def test_negations_of_speech_and_of_the_main_clause_still_deny(sentence):
    assert detect_stance(sentence).stance == "denies"
