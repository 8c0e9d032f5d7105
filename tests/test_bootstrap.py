"""The bootstrap drafts a loadable catalogue and recovers most of the curated one."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.bootstrap import bootstrap_catalogue, draft_catalogue
from extractors.catalogue import DEFAULT_CATALOGUE, draft_markers, load_catalogue, read_catalogue_toml
from extractors.catalogue_draft_recall import measure_bootstrap_recall

# The floors the issue sets; the measured figures are printed by
# `python -m flows catalogue bootstrap-recall`.
ACTOR_RECALL_FLOOR = 0.80
CLAIM_RECALL_FLOOR = 0.70

ARTICLE = (
    "Ruritanian Prime Minister Anna Kovač said on Monday that Borduria sent soldiers to the border.\n"
    "Kovač added that the Bordurian Defence Ministry had denied it.\n"
    "The Free Sylvanian Army (FSA) joined the fighting, according to Radio Syldavia.\n"
    "Weather was fine.\n"
)


@pytest.fixture(scope="module")
def figures():
    return measure_bootstrap_recall(load_catalogue(DEFAULT_CATALOGUE))


def test_bootstrap_proposes_most_curated_actors(figures):
    assert figures["actor_recall"] >= ACTOR_RECALL_FLOOR, figures["actors_missed"]


def test_bootstrap_proposes_most_curated_claims(figures):
    assert figures["claim_recall"] >= CLAIM_RECALL_FLOOR, figures["claims_missed"]


def test_the_draft_does_not_buy_recall_by_proposing_every_sentence(figures):
    assert figures["draft_claims"] < 0.75 * figures["seed_sentences"]


def names_of(draft, name):
    actor = next(a for a in draft.actors if a.name == name)
    return actor, {actor.name, *actor.names}


def test_variants_merge_into_one_actor():
    draft = draft_catalogue({"a.txt": (
        "Fighters of Jabhat an-Nusra crossed the border. Later the al-Nusra Front said its fighters won.\n"
        "Azeri officials met. Baku agreed with the Azerbaijani army and with Azerbaijan.\n"
        "The Libyan National Army (LNA) advanced. The LNA retreated.\n")})
    _, nusra = names_of(draft, "Jabhat an-Nusra")
    assert "al-Nusra Front" in nusra
    azerbaijan, names = names_of(draft, "Azerbaijan")
    assert {"Azeri", "Baku", "Azerbaijani army"} <= names
    assert azerbaijan.kind == "state" and azerbaijan.names["Baku"] == "metonym"
    _, lna = names_of(draft, "Libyan National Army")
    assert "LNA" in lna


def test_titles_make_people_with_role_and_parent():
    draft = draft_catalogue({"a.txt": ARTICLE})
    person, names = names_of(draft, "Anna Kovač")
    assert person.kind == "person" and person.role == "prime minister"
    assert "Kovač" in names


def test_claims_need_two_actors_and_a_verb():
    draft = draft_catalogue({"a.txt": ARTICLE})
    statements = [c.statement for c in draft.claims]
    assert any(s.startswith("Ruritanian Prime Minister") for s in statements)
    assert not any(s.startswith("Weather") for s in statements)


def test_a_repeated_headline_is_one_claim_with_both_spans():
    text = "Borduria And Syldavia Sign Treaty\nBorduria And Syldavia Sign Treaty\nYesterday Borduria signed it with Syldavia.\n"
    draft = draft_catalogue({"a.txt": text})
    headline = next(c for c in draft.claims if c.statement.startswith("Borduria And"))
    assert [s[1:] for s in headline.spans] == [(0, 33), (34, 67)]


def test_a_draft_of_text_files_loads_and_is_marked_draft(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "one.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "drafts" / "draft.toml"
    summary = bootstrap_catalogue(tmp_path / "articles", out)
    catalogue = load_catalogue(out)
    assert summary["claims"] == len(catalogue.claims) >= 1
    assert set(catalogue.seeds) == {"one.txt"}
    markers = draft_markers(read_catalogue_toml(out))
    assert len(markers) == len(catalogue.actors) + len(catalogue.claims)


def test_html_articles_are_converted_to_text_beside_the_draft(tmp_path):
    (tmp_path / "site").mkdir()
    html = "<html><head><script>var x = 'Borduria';</script></head><body><h1>News</h1><p>" \
           + ARTICLE.replace("\n", "</p><p>") + "</p></body></html>"
    (tmp_path / "site" / "story.html").write_text(html, encoding="utf-8")
    out = tmp_path / "draft.toml"
    bootstrap_catalogue(tmp_path / "site", out)
    catalogue = load_catalogue(out)  # refuses if any quote is not the text at its offsets
    assert "story.txt" in catalogue.seeds and "var x" not in catalogue.seeds["story.txt"]
    assert (tmp_path / "draft_corpus" / "story.txt").exists()
    assert catalogue.claims


def test_the_shipped_seed_corpus_drafts_into_a_loadable_catalogue(tmp_path):
    out = tmp_path / "seed-draft.toml"
    bootstrap_catalogue(Path(DEFAULT_CATALOGUE).parent / "corpus", out)
    assert len(load_catalogue(out).claims) > 20
