"""What the shipped catalogue says one claim implies (`implies`, seeds/README.md), and the seed
evidence those implications rest on. Lexical matcher (no model): the implied claim comes from
the catalogue, not from the wording. Sentences written here."""

from pathlib import Path

import pytest

from extractors.catalogue import load_catalogue
from extractors.matcher import Matcher

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT / "seeds" / "catalogue.toml")


@pytest.fixture(scope="module")
def matcher(catalogue):
    return Matcher(catalogue, semantic=False)


def _claims(matcher, text):
    return {(c.claim_id, c.stance) for c in matcher.match(text, "en").claims}


@pytest.mark.parametrize("text, source, implied", [
    # Fighters sent to fight in the war took part in it.
    ("Ankara flew hundreds of Syrian mercenaries to Azerbaijan to fight in the 2020 Karabakh war.",
     "turkey-sent-syrian-fighters-to-azerbaijan", "syrian-mercenaries-fought-for-azerbaijan"),
    # An intelligence service naming al-Nusra among the groups names where the fighters came from.
    ("Russia's foreign intelligence service said mercenaries from the Nusra Front and the Hamza Division "
     "had been dispatched to the Karabakh conflict zone.",
     "svr-named-factions-dispatched", "fighters-drawn-from-extremist-groups"),
    ("SIPRI figures show that Israel sold Azerbaijan some $825 million of arms between 2006 and 2019.",
     "sipri-israel-835-million", "israel-supplied-weapons-to-azerbaijan"),
    ("A US government report in June 2020 found that Turkey had sent some 5,000 Syrian fighters to back "
     "Libya's recognised government.",
     "us-report-5000-syrians-sent-to-libya", "turkey-sent-syrian-fighters-to-libya"),
])
def test_a_restated_claim_brings_what_the_catalogue_says_it_implies(matcher, text, source, implied):
    found = _claims(matcher, text)
    assert (source, "supports") in found
    assert (implied, "supports") in found


def test_the_implications_of_the_shipped_catalogue(catalogue):
    implied_by = {claim.id: set(claim.implies) for claim in catalogue.claims}
    assert "syrian-mercenaries-fought-for-azerbaijan" in implied_by["turkey-sent-syrian-fighters-to-azerbaijan"]
    assert "nato-silent-on-turkey" in implied_by["nato-credibility-undermined"]  # "NATO's inaction over ..."
    for source in ("three-hundred-fighters-from-aleppo", "svr-named-factions-dispatched",
                   "sultan-murad-ahrar-al-sham-among-groups"):
        assert "fighters-drawn-from-extremist-groups" in implied_by[source]
    # Reaching the front is not fighting there: these implications cost precision on every
    # labelled set and found nothing (docs/matching.md, "Catalogue 13").
    for source in ("fighters-transited-through-gaziantep", "militants-traveling-since-mid-september"):
        assert "syrian-mercenaries-fought-for-azerbaijan" not in implied_by[source]


def test_denying_the_sending_does_not_deny_the_fighting(matcher):
    found = _claims(matcher, "Ankara denied flying Syrian mercenaries to Azerbaijan during the 2020 war.")
    assert ("turkey-sent-syrian-fighters-to-azerbaijan", "denies") in found
    assert ("syrian-mercenaries-fought-for-azerbaijan", "denies") not in found


def test_a_sentence_broken_by_an_aside_is_cited_whole(catalogue):
    """A seed sentence broken by a bracketed aside is cited as two spans around the aside: a
    claim the sentence states cites both. Citing the head alone, "fighters drawn from terrorist
    groups" was not credited for a text that restates the sentence's tail."""
    heads = [(claim, e) for claim in catalogue.claims for e in claim.evidence
             if catalogue.seeds[e.seed][e.end:e.end + 2] == " ["]
    assert heads, "the shipped seeds have such a sentence (the SVR's list of factions)"
    for claim, head in heads:
        text = catalogue.seeds[head.seed]
        aside_end = text.index("]", head.end) + 1
        sentence_end = text.index(".", aside_end)
        tails = [e for e in claim.evidence if e.seed == head.seed and aside_end <= e.start < sentence_end]
        assert tails, f"{claim.id} cites the head of a sentence broken by an aside, not its tail"
