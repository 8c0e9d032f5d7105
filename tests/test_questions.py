"""A yes/no question asserts nothing: "Did Turkey send fighters?" neither supports nor denies
that it did. A question about a deed taken as given ("Why did Ankara send them?") restates it.
Sentences written for these tests."""

import pytest

from extractors.matcher import Matcher
from extractors.questions import is_yes_no_question

from tests.fixtures.matching.catalogue import fixture_catalogue


@pytest.mark.parametrize("sentence, lang", [
    ("Did the ministry send soldiers to the border?", "en"),
    ("Is the army shelling the town?", "en"),
    ('"Has the ministry armed the militia?"', "en"),
    ("Le ministère a-t-il envoyé des soldats ?", "fr"),
    ("Est-ce que le ministère a envoyé des soldats ?", "fr"),
    ("¿Envió el ministerio soldados a la frontera?", "es"),
    ("Il ministero ha inviato soldati al confine?", "it"),
    ("Hat das Ministerium Soldaten geschickt?", "de"),
    ("Отправило ли министерство солдат на границу?", "ru"),
    ("Bakanlık sınıra asker gönderdi mi?", "tr"),
    ("هل أرسلت الوزارة جنودا إلى الحدود؟", "ar"),
    ("Did the ministry send soldiers to the border?", None),
])
def test_yes_no_questions(sentence, lang):
    assert is_yes_no_question(sentence, lang)


@pytest.mark.parametrize("sentence, lang", [
    ("The ministry sent soldiers to the border.", "en"),
    ("Why did the ministry send soldiers to the border?", "en"),
    ("How many soldiers did the ministry send?", "en"),
    ("Pourquoi le ministère a-t-il envoyé des soldats ?", "fr"),
    ("¿Por qué envió el ministerio soldados?", "es"),
    ("Warum hat das Ministerium Soldaten geschickt?", "de"),
    ("Почему министерство отправило солдат?", "ru"),
    ("Bakanlık sınıra neden asker gönderdi?", "tr"),
    ("لماذا أرسلت الوزارة جنودا؟", "ar"),
    ("The ministry asked whether soldiers had been sent.", "en"),
])
def test_other_sentences_are_not_yes_no_questions(sentence, lang):
    assert not is_yes_no_question(sentence, lang)


@pytest.fixture(scope="module")
def lexical():
    return Matcher(fixture_catalogue(), semantic=False)


def test_a_yes_no_question_matches_no_claim(lexical):
    asked = "Did Turkey fly paid Syrian mercenaries to Azerbaijan for the Karabakh front?"
    stated = "Turkey flew paid Syrian mercenaries to Azerbaijan for the Karabakh front."
    assert "tr-fighters-karabakh" in {c.claim_id for c in lexical.match(stated, "en").claims}
    assert not lexical.match(asked, "en").claims
    # The actors it names are still reported.
    assert {m.actor_id for m in lexical.match(asked, "en").actors} >= {"turkey", "azerbaijan"}


def test_the_answer_after_a_question_is_matched(lexical):
    text = ("Did Turkey fly paid Syrian mercenaries to Azerbaijan? "
            "Turkey flew paid Syrian mercenaries to Azerbaijan for the Karabakh front, monitors said.")
    found = [c for c in lexical.match(text, "en").claims if c.claim_id == "tr-fighters-karabakh"]
    assert found and found[0].sentence.startswith("Turkey flew")
