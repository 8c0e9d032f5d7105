"""The catalogue loader refuses broken catalogues, and the shipped catalogue is sound."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.catalogue import (
    DEFAULT_CATALOGUE,
    catalogue_to_dict,
    check_catalogue,
    coverage_rows,
    language_gaps,
    load_catalogue,
    source_problems,
)
from extractors.catalogue_draft_text import sentence_spans
from extractors.errors import CatalogueError

SEED_TEXT = "Ankara sent fighters. Paris objected loudly.\n"

GOOD = """
[catalogue]
corpus = "corpus"

[[actors]]
id = "turkey"
kind = "state"
name = "Turkey"
metonyms = ["Ankara"]

[[actors]]
id = "france"
kind = "state"
name = "France"
metonyms = ["Paris"]

[[claims]]
id = "turkey-sent-fighters"
statement = "Turkey sent fighters."
actors = [{ id = "turkey", role = "subject" }]
evidence = [{ seed = "a.txt", start = 0, end = 21, quote = "Ankara sent fighters." }]
"""


def write_catalogue(folder: Path, toml_text: str) -> Path:
    (folder / "corpus").mkdir(exist_ok=True)
    (folder / "corpus" / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    path = folder / "catalogue.toml"
    path.write_text(toml_text, encoding="utf-8")
    return path


def refusal(tmp_path: Path, toml_text: str) -> CatalogueError:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(write_catalogue(tmp_path, toml_text))
    return caught.value


def test_a_good_catalogue_loads_with_its_seeds_and_a_version(tmp_path):
    catalogue = load_catalogue(write_catalogue(tmp_path, GOOD))
    assert [a.id for a in catalogue.actors] == ["turkey", "france"]
    assert catalogue.seeds == {"a.txt": SEED_TEXT}
    assert len(catalogue.version) == 16
    assert check_catalogue(catalogue) == []


def test_a_byte_order_mark_from_an_editor_is_accepted(tmp_path):
    path = write_catalogue(tmp_path, GOOD)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_catalogue(path).claims


def test_version_changes_when_a_seed_text_changes(tmp_path):
    path = write_catalogue(tmp_path, GOOD)
    before = load_catalogue(path).version
    (tmp_path / "corpus" / "b.txt").write_text("another document", encoding="utf-8")
    assert load_catalogue(path).version != before


def test_a_toml_syntax_error_names_file_and_line(tmp_path):
    error = refusal(tmp_path, GOOD + "[[claims]\nid = 'x'\n")
    broken_line = GOOD.count("\n") + 1
    assert "catalogue.toml" in str(error)
    assert f"line {broken_line}," in str(error)


def test_a_broken_quote_is_refused_naming_the_claim(tmp_path):
    error = refusal(tmp_path, GOOD.replace('quote = "Ankara sent fighters."', 'quote = "Ankara sent soldiers."'))
    evidence_line = GOOD.splitlines().index(next(l for l in GOOD.splitlines() if "quote =" in l)) + 1
    assert any(p.startswith(f"line {evidence_line}: claim 'turkey-sent-fighters': evidence #1: quote does not equal")
               for p in error.problems)


def test_offsets_outside_the_seed_are_refused(tmp_path):
    error = refusal(tmp_path, GOOD.replace("end = 21", "end = 999"))
    assert any("outside a.txt" in p for p in error.problems)


def test_an_unknown_actor_id_is_refused(tmp_path):
    error = refusal(tmp_path, GOOD.replace('{ id = "turkey", role = "subject" }', '{ id = "turkiye", role = "subject" }'))
    assert any("unknown actor id 'turkiye'" in p for p in error.problems)


def test_a_duplicate_id_is_refused(tmp_path):
    duplicate = GOOD + '\n[[actors]]\nid = "turkey"\nkind = "state"\nname = "Türkiye"\n'
    error = refusal(tmp_path, duplicate)
    assert any("actor 'turkey': duplicate id" in p for p in error.problems)


def test_an_empty_statement_is_refused(tmp_path):
    error = refusal(tmp_path, GOOD.replace('statement = "Turkey sent fighters."', 'statement = "  "'))
    assert any("turkey-sent-fighters" in p and "empty statement" in p for p in error.problems)


def test_every_problem_is_reported_at_once(tmp_path):
    broken = GOOD.replace('statement = "Turkey sent fighters."', 'statement = ""').replace("end = 21", "end = 20")
    assert len(refusal(tmp_path, broken).problems) == 3  # header line + two problems


def test_evidence_without_offsets_points_to_fix_offsets(tmp_path):
    error = refusal(tmp_path, GOOD.replace('seed = "a.txt", start = 0, end = 21, ', ""))
    assert any("fix-offsets" in p for p in error.problems)


def test_a_name_shared_by_two_actors_is_a_check_problem_unless_ambiguous(tmp_path):
    shared = GOOD.replace('metonyms = ["Paris"]', 'metonyms = ["Paris", "Ankara"]')
    catalogue = load_catalogue(write_catalogue(tmp_path, shared))
    assert any("'ankara' maps to 2 actors" in p for p in check_catalogue(catalogue))
    marked = shared.replace('name = "France"', 'name = "France"\nambiguous = true')
    assert check_catalogue(load_catalogue(write_catalogue(tmp_path, marked))) == []


def test_a_case_sensitive_acronym_does_not_collide_with_a_word(tmp_path):
    text = GOOD.replace('metonyms = ["Paris"]', 'aliases = ["Sna"]').replace(
        'metonyms = ["Ankara"]', 'aliases = ["SNA"]\ncase_sensitive = ["SNA"]')
    assert check_catalogue(load_catalogue(write_catalogue(tmp_path, text))) == []


GAPS = GOOD.replace('metonyms = ["Paris"]\n', '''metonyms = ["Paris"]
[actors.foreign]
ru = ["Франция"]
fr = ["France"]

[[actors]]
id = "volunteers"
kind = "armed_group"
name = "foreign volunteers"

[[actors]]
id = "ahrar"
kind = "armed_group"
name = "Ahrar al-Sham"
''').replace('actors = [{ id = "turkey", role = "subject" }]',
             'actors = [{ id = "turkey", role = "subject" }, { id = "volunteers", role = "object" }, '
             '{ id = "ahrar", role = "object" }, { id = "france", role = "mentioned" }]')


def test_language_gaps_name_the_claim_actors_a_language_cannot_find(tmp_path):
    gaps = language_gaps(load_catalogue(write_catalogue(tmp_path, GAPS)))
    # Russian is in another script: every claim actor needs a name in it. French shares a
    # proper name ("Ahrar al-Sham" is written so in French news), not a description ("foreign
    # volunteers"). France is only mentioned: no claim depends on finding it.
    assert gaps == [
        "actor 'turkey': no name in ru; texts in that language will not find it",
        "actor 'volunteers': no name in fr, ru; texts in those languages will not find it",
        "actor 'ahrar': no name in ru; texts in that language will not find it",
    ]


def test_a_misspelt_key_is_a_check_problem(tmp_path):
    path = write_catalogue(tmp_path, GOOD.replace('metonyms = ["Paris"]', 'metonym = ["Paris"]'))
    load_catalogue(path)  # loads: a typo is not a refusal ...
    assert source_problems(path) == ["actor 'france': unknown key 'metonym'"]  # ... but check says so


def test_a_place_that_is_not_an_actor_is_a_check_problem(tmp_path):
    text = GOOD.replace('statement = "Turkey sent fighters."', 'statement = "Turkey sent fighters."\nplaces = ["atlantis"]')
    problems = check_catalogue(load_catalogue(write_catalogue(tmp_path, text)))
    assert problems == ["claim 'turkey-sent-fighters': place 'atlantis' is not an actor id"]


def test_a_claim_without_evidence_or_actors_is_a_check_problem(tmp_path):
    bare = GOOD + '\n[[claims]]\nid = "bare"\nstatement = "Something happened."\n'
    problems = check_catalogue(load_catalogue(write_catalogue(tmp_path, bare)))
    assert problems == ["claim 'bare': no evidence span", "claim 'bare': no actors"]


# ── the shipped catalogue ──

@pytest.fixture(scope="module")
def shipped():
    return load_catalogue(DEFAULT_CATALOGUE)


def test_the_shipped_catalogue_has_no_problems(shipped):
    assert check_catalogue(shipped) == []
    assert source_problems(DEFAULT_CATALOGUE) == []


def test_every_seed_document_has_claims(shipped):
    rows = {r["seed"]: r for r in coverage_rows(shipped)}
    assert all(rows[seed]["claims"] >= 5 for seed in shipped.seeds)
    assert rows["(catalogue)"]["claims"] > 20


def test_people_speak_for_their_actor(shipped):
    assert (shipped.actor("macron").parent, shipped.actor("macron").role) == ("france", "president")
    assert (shipped.actor("naryshkin").parent, shipped.actor("naryshkin").role) == ("russia-svr", "head")


def test_metonyms_are_marked_as_such(shipped):
    forms = {n.text: n.form for n in shipped.actor("turkey").names if n.language == "en"}
    assert forms["Ankara"] == "metonym"
    assert forms["Turkish-backed"] == "adjective"


def test_the_denial_keeps_its_stance(shipped):
    denial = shipped.claim("turkey-foreign-ministry-called-accusations-baseless")
    assert denial.denies == "turkey-sent-syrian-fighters-to-azerbaijan"
    assert "baseless" in denial.evidence[0].quote


def test_the_export_lists_every_claim_with_its_evidence(shipped):
    exported = json.loads(json.dumps(catalogue_to_dict(shipped), ensure_ascii=False))
    assert len(exported["claims"]) == len(shipped.claims)
    first = exported["claims"][0]
    assert set(first) >= {"id", "statement", "actors", "evidence"}
    assert set(first["evidence"][0]) == {"seed", "start", "end", "quote"}
    assert {"id", "name", "kind", "aliases"} <= set(exported["actors"][0])


# Seed lines that assert nothing: dates, bylines, section headings naming a source, page furniture.
NOT_CLAIMS = {
    "Conclusion", "Author: Dave DeCamp", "October 5, 2020", "!-- Google tag (gtag.js) -->",
    "Dave DeCamp is the news editor of Antiwar.com, follow him on Twitter @decampdave.",
    "French President Emmanuel Macron", "MFA of Russian Federation", "US Defense Department", "The Guardian",
    "One thought on “Terrorist groups in the Artsakh-Azerbaijan war: International official sources",
    "Leave a Reply", "Your email address will not be published.", "Required fields are marked *",
    "Wednesday 14 October 2020 - 11:01", "Story Code : 892006",
}


def test_every_seed_sentence_that_asserts_something_is_evidence_of_a_claim(shipped):
    uncovered = []
    for seed, text in shipped.seeds.items():
        spans = [(e.start, e.end) for c in shipped.claims for e in c.evidence if e.seed == seed]
        for start, end in sentence_spans(text):
            if not any(s < end and start < e for s, e in spans) and text[start:end] not in NOT_CLAIMS:
                uncovered.append(f"{seed}: {text[start:end]}")
    assert uncovered == []


def test_coverage_counts_actors_each_seed_names(shipped):
    rows = {r["seed"]: r for r in coverage_rows(shipped)}
    assert all(rows[seed]["named"] >= 15 for seed in shipped.seeds)


MAIN_ACTORS = ["turkey", "azerbaijan", "armenia", "russia", "united-states", "france", "israel", "syria",
               "nato", "macron", "putin", "aliyev", "pashinyan", "syrian-fighters", "nagorno-karabakh"]


@pytest.mark.parametrize("actor_id", MAIN_ACTORS)
def test_main_actors_have_russian_french_turkish_arabic_and_armenian_names(shipped, actor_id):
    languages = {n.language for n in shipped.actor(actor_id).names if n.form == "foreign"}
    assert {"ru", "fr", "tr", "ar", "hy"} <= languages


def test_the_issue_s_spelling_variants_are_one_actor_each(shipped):
    def owner(text):
        return {a.id for a in shipped.actors if text.casefold() in {n.text.casefold() for n in a.names}}
    for group in (["Azeri", "Azerbaijani"], ["Türkiye", "Turkey"], ["SNA", "Syrian National Army"],
                  ["al-Nusra Front", "Jabhat al-Nusra", "Jabhat an-Nusra"], ["Hamza Division", "Firqat al-Hamza"]):
        owners = [owner(text) for text in group]
        assert all(len(o) == 1 for o in owners) and len(set.union(*owners)) == 1, group


def test_implies_lists_claim_ids_and_an_unknown_one_is_refused(tmp_path):
    implied = GOOD + GOOD[GOOD.index("[[claims]]"):].replace('"turkey-sent-fighters"', '"fighters-sent"', 1)
    implied = implied.replace('statement = "Turkey sent fighters."', 'statement = "Turkey sent fighters."\nimplies = ["fighters-sent"]', 1)
    catalogue = load_catalogue(write_catalogue(tmp_path, implied))
    assert catalogue.claim("turkey-sent-fighters").implies == ("fighters-sent",)
    error = refusal(tmp_path, implied.replace('implies = ["fighters-sent"]', 'implies = ["fighters-gone"]'))
    assert any("implies unknown claim id 'fighters-gone'" in p for p in error.problems)
