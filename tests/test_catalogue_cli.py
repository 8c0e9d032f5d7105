"""`claimwatch catalogue ...` end to end through the real CLI entry point (no network)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from extractors.catalogue import DEFAULT_CATALOGUE, load_catalogue
from flows.cli import main

SEEDS = Path(DEFAULT_CATALOGUE).parent / "corpus"


def copy_catalogue(tmp_path: Path) -> Path:
    shutil.copytree(SEEDS, tmp_path / "corpus")
    path = tmp_path / "catalogue.toml"
    shutil.copy(DEFAULT_CATALOGUE, path)
    return path


def test_check_passes_and_shows_claims_from_all_five_documents(capsys):
    assert main(["catalogue", "check"]) == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines() if line.startswith("00")]
    assert len(rows) == 5 and all(int(row[1]) > 0 for row in rows)
    assert "catalogue OK" in out


def test_check_refuses_a_broken_quote_with_exit_2_naming_the_claim(tmp_path, capsys):
    path = copy_catalogue(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("quote = \"Israel has also supplied", "quote = \"Israel has also sold", 1), encoding="utf-8")
    assert main(["catalogue", "check", "--catalogue", str(path)]) == 2
    err = capsys.readouterr().err
    assert "israel-supplied-weapons-to-azerbaijan" in err and "quote does not equal" in err


def test_check_reports_a_toml_syntax_error_with_its_line(tmp_path, capsys):
    path = copy_catalogue(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[9] = "kind = state"  # a bare word is not a TOML value
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["catalogue", "check", "--catalogue", str(path)]) == 2
    assert "line 10" in capsys.readouterr().err


def test_check_exits_1_when_a_name_belongs_to_two_actors(tmp_path, capsys):
    path = copy_catalogue(tmp_path)
    text = path.read_text(encoding="utf-8").replace('metonyms = ["Yerevan"]', 'metonyms = ["Yerevan", "Baku"]', 1)
    path.write_text(text, encoding="utf-8")
    assert main(["catalogue", "check", "--catalogue", str(path)]) == 1
    assert "'baku' maps to 2 actors" in capsys.readouterr().err


def test_check_warns_of_a_short_acronym_matched_in_any_case(tmp_path, capsys):
    """The seed catalogue marks its acronyms; an unmarked "СНА" would name the Syrian National
    Army in "Сна не было" (there was no sleep). A warning: the check still passes."""
    assert main(["catalogue", "check"]) == 0
    assert "acronym" not in capsys.readouterr().err
    path = copy_catalogue(tmp_path)
    text = path.read_text(encoding="utf-8").replace(', "СНА"]', "]", 1)
    path.write_text(text, encoding="utf-8")
    assert main(["catalogue", "check", "--catalogue", str(path)]) == 0
    err = capsys.readouterr().err
    assert "actor 'sna': acronym 'СНА' (ru) is matched in any case" in err and "case_sensitive" in err


def test_check_warns_of_a_claim_actor_no_text_in_a_language_can_find(tmp_path, capsys):
    """Without its Arabic names, an Arabic report of the foreign volunteers cannot match their
    claim; without any Latin-script foreign name, a French one cannot either (a description,
    "volunteer fighters", is not a name French shares). A warning: the check still passes."""
    path = copy_catalogue(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index('id = "foreign-volunteers-armenia"')
    end = lines.index("", start)
    lines[start:end] = [line for line in lines[start:end] if not re.match(r"(ar|fr|es|it|de|tr) = ", line)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["catalogue", "check", "--catalogue", str(path)]) == 0
    err = capsys.readouterr().err
    assert re.search(r"actor 'foreign-volunteers-armenia': no name in ar, de, es, fr, (hy, )?it, tr;", err)


def test_export_lists_every_claim_with_all_its_evidence(capsys):
    assert main(["catalogue", "export", "--json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    catalogue = load_catalogue(DEFAULT_CATALOGUE)
    assert exported["version"] == catalogue.version
    assert [c["id"] for c in exported["claims"]] == [c.id for c in catalogue.claims]
    spans = sum(len(c["evidence"]) for c in exported["claims"])
    assert spans == sum(len(c.evidence) for c in catalogue.claims)


def test_fix_offsets_fills_a_quote_written_by_hand(tmp_path, capsys):
    path = copy_catalogue(tmp_path)
    text = path.read_text(encoding="utf-8")
    hand_written = '  { quote = "Israel has also supplied Azerbaijan with weapons" },  # added by hand\n'
    anchor = 'id = "israel-supplied-weapons-to-azerbaijan"'
    head, tail = text.split(anchor)
    tail = tail.replace("evidence = [\n", "evidence = [\n" + hand_written, 1)
    path.write_text(head + anchor + tail, encoding="utf-8")
    assert main(["catalogue", "fix-offsets", "--catalogue", str(path)]) == 0
    fixed = path.read_text(encoding="utf-8")
    assert "# added by hand" in fixed
    claim = load_catalogue(path).claim("israel-supplied-weapons-to-azerbaijan")
    assert claim.evidence[0].quote == "Israel has also supplied Azerbaijan with weapons"
    assert claim.evidence[0].seed == "001_f12498e0a3b23f5d.txt"


def test_bootstrap_writes_a_draft_that_check_flags_as_draft(tmp_path, capsys):
    out = tmp_path / "draft.toml"
    assert main(["catalogue", "bootstrap", str(SEEDS), "--out", str(out)]) == 0
    assert main(["catalogue", "check", "--catalogue", str(out)]) == 1
    assert "still marked draft" in capsys.readouterr().err


def test_bootstrap_recall_prints_the_figures(capsys):
    assert main(["catalogue", "bootstrap-recall", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["actor_recall"] >= 0.8 and figures["claim_recall"] >= 0.7


def test_list_prints_every_claim_id(capsys):
    assert main(["catalogue", "list"]) == 0
    out = capsys.readouterr().out
    assert all(claim.id in out for claim in load_catalogue(DEFAULT_CATALOGUE).claims)
    assert "(president of france)" in out


def test_every_command_in_the_seeds_readme_exists(capsys):
    readme = (Path(DEFAULT_CATALOGUE).parent / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"claimwatch catalogue ([a-z-]+)", readme))
    assert documented >= {"check", "export", "list", "fix-offsets", "bootstrap", "bootstrap-recall"}
    for command in documented:
        try:
            main(["catalogue", command, "--help"])
        except SystemExit as exit_:  # argparse exits 0 after printing help
            assert exit_.code == 0, command
