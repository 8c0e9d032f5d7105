from pathlib import Path

from extractors.evaluation import BM25Baseline, Prediction, check_floors, load_items, predictions_from, score, split_half
from extractors.matcher import Matcher

from tests.fixtures.matching.catalogue import fixture_catalogue

LABELLED = Path(__file__).parent / "fixtures" / "matching" / "labelled.jsonl"


def _claim_pred(catalogue, claim_id, stance="supports"):
    return Prediction(claim_id, stance, catalogue.claim(claim_id).evidence)


def test_scoring_rules_by_hand():
    cat = fixture_catalogue()
    items = load_items(str(LABELLED))
    preds = [
        [_claim_pred(cat, "tr-fighters-karabakh")],                      # correct
        [_claim_pred(cat, "tr-denial"), _claim_pred(cat, "tr-fighters-karabakh")],  # 2 correct, stance wrong once
        [_claim_pred(cat, "us-waiver-2022")],                             # wrong
        [],                                                               # missed (non-English)
    ]
    figures = score(items, preds, cat)
    assert (figures["predicted"], figures["correct"]) == (4, 3)
    assert (figures["expected"], figures["found"]) == (4, 3)
    assert figures["precision"] == 0.75 and figures["recall"] == 0.75
    assert figures["stance_accuracy"] == round(2 / 3, 4)
    assert figures["denies_f1"] == 0.0  # the one denial was predicted as "supports"
    assert figures["non_english_recall"] == 0.0
    assert figures["per_claim"]["tr-fighters-karabakh"]["expected"] == 2


def test_matcher_beats_nothing_on_own_fixture():
    cat = fixture_catalogue()
    items = load_items(str(LABELLED))
    matcher = Matcher(cat, semantic=False)
    figures = score(items, [predictions_from(matcher.match(i["text"], i["lang"]).claims) for i in items], cat)
    assert figures["precision"] == 1.0
    assert figures["denies_f1"] == 1.0
    baseline = BM25Baseline(cat)
    base = score(items, [baseline.predict(i["text"]) for i in items], cat)
    assert base["denies_f1"] == 0.0  # the baseline never denies


def test_floors():
    assert check_floors({"precision": 0.9, "recall": 0.5}, {"precision": 0.85, "recall": 0.6}) == ["recall 0.5000 < floor 0.6000"]


def test_split_is_fixed_and_roughly_even():
    halves = [split_half(f"dev-{i:03d}") for i in range(200)]
    assert halves == [split_half(f"dev-{i:03d}") for i in range(200)]
    assert 70 < halves.count("A") < 130


def test_pinned_floors_name_known_figures():
    import json

    from extractors.evaluation import FLOOR_KEYS

    floors = json.loads((Path(__file__).parent / "eval_floors.json").read_text())
    assert floors and set(floors) <= set(FLOOR_KEYS)
    assert all(0 < v <= 1 for v in floors.values())


def test_per_language_rows():
    cat = fixture_catalogue()
    items = load_items(str(LABELLED))
    preds = [[_claim_pred(cat, "tr-fighters-karabakh")], [], [], [_claim_pred(cat, "tr-fighters-libya")]]
    rows = score(items, preds, cat)["per_language"]
    assert rows["fr"] == {"items": 1, "expected": 1, "found": 1, "predicted": 1, "correct": 1}
    assert rows["en"]["expected"] == 3 and rows["en"]["found"] == 1
