"""Negation words that do not deny: idioms that affirm, count or date, negated denials, and
negations in a concessive tail clause. Sentences written for these tests."""

import pytest

from extractors.stance import detect_stance


@pytest.mark.parametrize("sentence", [
    "The ministry sent no fewer than 300 soldiers to the border.",
    "The ministry sent not just rifles but also drones.",
    "The army did not hesitate to shell the town.",
    "The units must be withdrawn no later than Friday.",
    "The order came from none other than the defence minister.",
    "The ministry has not denied sending troops.",
    "Officials never disputed the figures.",
    "The government hasn't denied the transfer.",
    "The ministry would neither confirm nor deny the transfer.",
    "Le ministère a envoyé non seulement des armes mais aussi des hommes.",
    "Министерство отправило не только оружие, но и людей.",
    "El ministerio envió no solo armas sino también hombres.",
    "Il ministero ha inviato non solo armi ma anche uomini.",
    "Das Ministerium schickte nicht nur Waffen, sondern auch Soldaten.",
    "There was no immediate comment from the ministry on the report.",
    "The ministry gave no official response to the report.",
    "The alliance took no side in the war.",
    "Hundreds, if not thousands, of volunteers crossed the border.",
    "Сотни, если не тысячи добровольцев пересекли границу.",
    "Cientos, si no miles, de voluntarios cruzaron la frontera.",
    "Centinaia, se non migliaia, di volontari hanno attraversato il confine.",
    "Hunderte, wenn nicht Tausende Freiwillige überquerten die Grenze.",
    "عبر المئات إن لم يكن الآلاف من المتطوعين الحدود.",
    "The envoys called for talks with no preconditions.",
    "Les émissaires ont appelé à des pourparlers sans aucune condition préalable.",
    "Los enviados pidieron negociaciones sin ninguna condición previa.",
    "Gli inviati hanno chiesto colloqui senza alcuna condizione preliminare.",
])
def test_idioms_with_a_negation_word_do_not_deny(sentence):
    assert detect_stance(sentence).stance == "supports"


@pytest.mark.parametrize("sentence", [
    "Rockets hit the city centre overnight, though no one was killed.",
    "Rockets hit the city centre overnight; there was no word on casualties.",
])
def test_a_negation_in_a_concessive_tail_leaves_the_main_clause_supported(sentence):
    stance = detect_stance(sentence)
    assert stance.stance == "supports" and stance.trailing_denial


@pytest.mark.parametrize("sentence", [
    "The ministry has not sent any soldiers to the border.",
    "The ministry denied sending soldiers to the border.",
    "No soldiers were sent to the border, the ministry said.",
    "The ministry did not deploy troops, and it rejected the reports.",
])
def test_real_denials_still_deny(sentence):
    assert detect_stance(sentence).stance == "denies"


@pytest.mark.parametrize("sentence", [
    "A battalion made up of 300 foreign fighters reached the front.",
    "The depot lies 10 km from the border.",
    "The airbase lies between two villages, lying close to the river.",
    "Negotiations on the ceasefire resumed in Geneva.",
    "Las negociaciones sobre el alto el fuego continúan.",
    "The army's inventory of drones doubled.",
])
def test_words_that_begin_like_a_denial_cue_do_not_deny(sentence):
    assert detect_stance(sentence).stance == "supports"


@pytest.mark.parametrize("sentence", [
    "The ministry said the report was made up.",
    "The ministry called the reports lies.",
    "The ministry accused the newspaper of lying about the strike.",
    "El ministro negó las acusaciones.",
    "The ministry said the story was invented.",
])
def test_the_same_words_as_denials_still_deny(sentence):
    assert detect_stance(sentence).stance == "denies"


@pytest.mark.parametrize(("sentence", "lang"), [
    ("В МИД назвали очередным вбросом сообщения о переброске наёмников.", "ru"),
    ("Москва назвала дезинформацией данные о поставках.", "ru"),
    ("Ankara a qualifié d'intox les informations sur l'envoi de mercenaires.", "fr"),
    ("El Gobierno calificó de bulo la noticia sobre el envío de combatientes.", "es"),
    ("Il ministero ha definito una bufala la notizia dei mercenari.", "it"),
    ("Die Berichte über Söldner seien frei erfunden, sagte das Ministerium.", "de"),
    ("Bakanlık paralı asker iddialarını uydurma olarak nitelendirdi.", "tr"),
    ("ووصفت الوزارة التقارير عن المرتزقة بأنها أكاذيب", "ar"),
])
def test_calling_a_report_fake_news_denies_it(sentence, lang):
    assert detect_stance(sentence, [], 0, lang).stance == "denies"


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Los drones fabricados en Turquía llegaron a Bakú.", "es"),  # made, not made up
    ("Les drones fabriqués en Turquie sont arrivés à Bakou.", "fr"),
])
def test_manufactured_is_not_made_up(sentence, lang):
    assert detect_stance(sentence, [], 0, lang).stance == "supports"


@pytest.mark.parametrize(("sentence", "lang"), [
    ("The officials did not hide their frustration with the alliance.", "en"),
    ("The officials didn't hide their frustration with the alliance.", "en"),
    ("The minister made no secret of his anger at the alliance.", "en"),
    ("Армянские лидеры не скрывали раздражения пассивностью альянса.", "ru"),
    ("Les dirigeants n'ont pas caché leur colère contre l'alliance.", "fr"),
    ("Los dirigentes no ocultaron su enojo con la alianza.", "es"),
    ("I dirigenti non hanno nascosto la loro rabbia verso l'alleanza.", "it"),
    ("Die Minister machten keinen Hehl aus ihrer Wut auf das Bündnis.", "de"),
    ("لم يخف الرئيس غضبه من الحلف", "ar"),
    ("Ein Kämpfer verdient in Syrien nicht mehr als 100 Dollar.", "de"),
    ("В Сирии боец получает не более 100 долларов.", "ru"),
    ("راتب المقاتل في سوريا لا يتجاوز مئة دولار", "ar"),
])
def test_not_hiding_affirms_and_a_ceiling_counts(sentence, lang):
    assert detect_stance(sentence, [], 0, lang).stance == "supports"


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Ankara did not send troops to the front.", "en"),
    ("Ankara n'a pas envoyé de troupes au front.", "fr"),
    ("لم ترسل تركيا مقاتلين", "ar"),
])
def test_a_plain_negation_still_denies(sentence, lang):
    assert detect_stance(sentence, [], 0, lang).stance == "denies"
