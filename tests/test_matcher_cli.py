"""`claimwatch match` and `claimwatch eval` end to end, on the test catalogue, no model."""

import json
from pathlib import Path

from flows.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "matching"
CATALOGUE = str(FIXTURES / "catalogue.toml")
TEXT = "Ankara flew paid Syrian mercenaries to Azerbaijan for the Karabakh front."


def _run(capsys, *argv):
    code = main([*argv, "--catalogue", CATALOGUE, "--no-semantic"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_match_json_from_file(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out, _ = _run(capsys, "match", str(path), "--json")
    assert code == 0
    result = json.loads(out)
    assert [a["id"] for a in result["actors"]] == ["turkey", "syrian-fighters", "azerbaijan"]
    claim = result["claims"][0]
    assert claim["id"] == "tr-fighters-karabakh" and claim["stance"] == "supports"
    assert claim["evidence"][0]["seed"] == "seed_a.txt"


def test_match_jsonl_one_line_per_input(tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    lines = [{"id": "x1", "text": TEXT, "lang": "en"}, {"id": "x2", "text": ""}]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n", encoding="utf-8")
    code, out, _ = _run(capsys, "match", "--jsonl", str(path))
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r.get("id") for r in rows] == ["x1", "x2", None]
    assert rows[0]["claims"] and rows[1]["claims"] == [] and "error" in rows[2]
    assert code == 1  # a bad line is reported, the rest still processed


def test_eval_prints_figures_and_baseline(capsys):
    code, out, _ = _run(capsys, "eval", str(FIXTURES / "labelled.jsonl"), "--json")
    report = json.loads(out)
    assert code == 0
    assert report["matcher_figures"]["precision"] == 1.0
    assert "baseline_bm25" in report


def test_eval_floors_fail_with_exit_1(tmp_path, capsys):
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"recall": 1.01}), encoding="utf-8")
    code, _, err = _run(capsys, "eval", str(FIXTURES / "labelled.jsonl"), "--floors", str(floors))
    assert code == 1
    assert "recall" in err


def test_missing_catalogue_is_a_config_error(capsys):
    assert main(["match", "-", "--catalogue", "/nonexistent/catalogue.toml"]) == 2


def test_five_megabytes_without_sentence_breaks(tmp_path, capsys):
    path = tmp_path / "big.txt"
    path.write_text(("Ankara Syrian mercenaries Azerbaijan " * 140_000)[:5_000_000], encoding="utf-8")
    code, out, _ = _run(capsys, "match", str(path), "--json")
    assert code == 0 and "actors" in json.loads(out)


def test_binary_junk_on_stdin(monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bytes(range(256)) * 100)))
    code, out, _ = _run(capsys, "match", "-", "--json")
    assert code == 0 and json.loads(out)["claims"] == []
