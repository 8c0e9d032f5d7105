import numpy as np
import pytest

from extractors.claims import ClaimIndex, figures_in
from extractors.models import Actor, ActorName, Catalogue, Claim, ClaimActor, EvidenceSpan
from extractors.match_concepts import concepts_in, warplanes_named
from extractors.match_roles import roles_in
from extractors.matcher import Matcher, _model_text
from extractors.stance import detect_stance
from extractors.match_places import theatres_in

from tests.fixtures.matching.catalogue import fixture_catalogue


class CountingEmbedder:
    def __init__(self):
        self.calls = 0

    def embed(self, texts):
        self.calls += 1
        rng = np.random.default_rng(len(texts))
        m = rng.normal(size=(len(texts), 8)).astype("float32")
        return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_claim_embeddings_are_cached_per_catalogue(tmp_path):
    cat = fixture_catalogue()
    first = CountingEmbedder()
    ClaimIndex(cat, first, cache_dir=tmp_path)
    second = CountingEmbedder()
    index = ClaimIndex(cat, second, cache_dir=tmp_path)
    assert (first.calls, second.calls) == (1, 0)
    assert index._matrix.shape[0] == len(index._text_rows)
    (next(tmp_path.glob("*.npy"))).write_bytes(b"junk")
    third = CountingEmbedder()
    ClaimIndex(cat, third, cache_dir=tmp_path)
    assert third.calls == 1  # an unreadable cache is recomputed, not fatal


class KeyedEmbedder:
    """Each text's vector is given by a keyword it contains: a model whose ranking we choose."""

    def __init__(self, axes):
        self.axes = axes  # keyword -> unit vector

    def embed(self, texts):
        rows = [next((v for k, v in self.axes.items() if k in t), np.full(3, 0.1)) for t in texts]
        m = np.array(rows, dtype="float32")
        return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_a_tie_on_a_shared_quote_goes_to_the_claim_whose_other_texts_are_closer():
    """Two claims cite one seed sentence; a window that is nearest to it ties them exactly. The
    model ranks first the claim whose own statement is nearer too, not the one listed first."""
    shared = EvidenceSpan("seed.txt", 0, 30, "fighters crossed at the border")
    claims = (
        Claim("count", "About 300 fighters were picked.", (ClaimActor("turkey"),), (shared,)),
        Claim("route", "Fighters went through the border town.", (ClaimActor("turkey"),), (shared,)),
    )
    cat = Catalogue((Actor("turkey", "state", "Turkey", (ActorName("Turkey", "name"),)),), claims, "v-tie")
    axes = {"crossed": np.array([1.0, 0.0, 0.0]), "border town": np.array([0.8, 0.6, 0.0]),
            "300": np.array([0.0, 0.0, 1.0]), "window": np.array([1.0, 0.2, 0.0])}
    index = ClaimIndex(cat, KeyedEmbedder(axes))
    window = KeyedEmbedder(axes).embed(["the window"])[0]
    best, _ = index._similarities(window)
    assert best[0] == best[1]  # the shared quote is each claim's nearest text
    feats = index.features("Turkey let fighters through.", "let fighters through.", {"turkey"}, window,
                           only=[0, 1])
    assert (feats[0]["top"], feats[1]["top"]) == (0.0, 1.0)


def test_figures_skip_years_and_small_numbers():
    assert figures_in("In 2020, 300 fighters; 5,000 men; 100 000 people; 4 dead") == {300, 5000, 100000}


def test_theatres_in_several_languages():
    assert theatres_in("Syrian fighters were sent to Libya") == {"libya"}
    assert theatres_in("наемников перебросили в Карабах") == {"karabakh"}
    assert theatres_in("Ankara'nın Karabağ'a gönderdiği") == {"karabakh"}
    assert theatres_in("Turkish drones in Ukraine") == {"ukraine"}


def test_concepts_cross_languages_and_avoid_name_collisions():
    assert {"send", "fighters"} <= concepts_in("Ankara dispatched combatants")
    assert {"send", "fighters"} <= concepts_in("Турция перебросила наемников")
    assert {"send", "fighters"} <= concepts_in("La Turquie a envoyé des mercenaires")
    assert "weapons" not in concepts_in("Armenia and Armenians")
    assert "supply" not in concepts_in("a soldier")


def test_words_shared_across_languages_keep_their_own_meaning():
    assert "casualties" not in concepts_in("Azerbaijan attacked with Ankara's blessing")
    assert "casualties" in concepts_in("deux civils blessés à Gandja")
    assert "casualties" in concepts_in("Gence'de iki sivil yaralandı")
    assert "capture" in concepts_in("troops stormed the enclave after a siege")


def test_jihadists_are_extremists_in_every_spelling():
    for text in ("des groupes djihadistes", "cihatçı gruplar", "grupos yihadistas", "jihadist groups"):
        assert {"extremist", "fighters"} <= concepts_in(text), text


def test_inaction_idioms_are_inaction():
    for text in ("the alliance did nothing", "Brussels has done nothing since", "the capitals looked the other way",
                 "the allies ignored the reports", "the council kept quiet"):
        assert "inaction" in concepts_in(text), text
    assert "inaction" not in concepts_in("the alliance did everything it could")


def test_fighter_aircraft_are_weapons_not_fighters():
    found = concepts_in("F-16 fighter-bombers stayed on")
    assert "weapons" in found and "fighters" not in found
    assert "fighters" in concepts_in("Syrian fighters stayed on")


def test_the_model_reads_fighter_aircraft_as_warplanes():
    matcher = Matcher(fixture_catalogue(), semantic=False)
    text = "Turkish F-16 Fighter-bombers stayed on in Azerbaijan, beside Syrian fighters."
    unit = matcher._units(text, matcher.gazetteer.find(text, "en"), "", "en")[0]
    read = _model_text(unit, roles_in(unit.sentence, unit.mentions, 0, matcher.index.kinds),
                       detect_stance(unit.sentence, unit.mentions, 0, "en"))
    assert "bombers" not in read and "warplanes" in read and "Syrian fighters" in read
    assert warplanes_named("Syrian fighters crossed") == "Syrian fighters crossed"


@pytest.mark.parametrize("text, concept", [
    ("Thousands abandoned their homes overnight.", "flee"),
    ("Migliaia di persone hanno lasciato la regione.", "flee"),
    ("Die Bewohner verließen das Tal.", "flee"),
    ("Dopo la resa delle autorità separatiste", "surrender"),
    ("Die Republik wurde aufgelöst.", "surrender"),
    ("La rendición de las autoridades", "surrender"),
    ("Наёмники едут туда за заработком.", "pay"),
    ("Sie verdienen dort das Zehnfache.", "pay"),
    ("Des combattants sont passés par Gaziantep.", "transit"),
    ("Une colonne est passée par la frontière.", "transit"),
])
def test_concept_words_in_several_languages(text, concept):
    assert concept in concepts_in(text)


def test_surrender_cues_need_a_word_start():
    assert "surrender" not in concepts_in("Conviene resaltar la presa del río")


@pytest.mark.parametrize("text", ["Pashinyan seeks a rapprochement with the West.", "Пашинян стремится к сближению с Западом.",
                                  "Pachinian cherche à se rapprocher de l'Occident.", "Paşinyan Batı ile yakınlaşma arıyor."])
def test_rapprochement_is_cooperation(text):
    assert "cooperation" in concepts_in(text)


def test_the_german_ueber_is_no_transit_but_via_is():
    # "über" is mostly "about" or "over": "Eine Frau kommt über die Brücke" passes through nothing.
    assert "transit" not in concepts_in("Eine Frau kommt von der französischen Seite über die Brücke.")
    assert "transit" in concepts_in("Die Kämpfer reisten via Gaziantep an die Front.")
    assert "transit" not in concepts_in("Bolivia and Moldavia")
