"""Our own labelled sets for the shipped catalogue, written for this project, none of it from the
shared dev set. They check that matching holds beyond the claims and wording it was tuned on.
Floors sit just under the figures measured when each was last changed (see docs/matching.md).

- claims-own.jsonl: 56 short texts, most about claims the dev set never mentions, in seven
  languages, with denials and hard negatives. The matcher's weights were never fitted on it, but
  one threshold was chosen with it in view: Weights.paraphrase_sem is 0.12, not 0.10, because at
  0.10 one of its hard negatives passed (the dev set allowed either).
- claims-fresh.jsonl: 30 texts written later from the seed texts alone, without the catalogue,
  the dev set or the first set in view. First scored before any change made after reading it:
  precision 0.889, recall 0.667. Its misses then led to general fixes (stance of "if not" in
  five languages, side-clause passives, a few lexicon words), so it is no longer unseen either.
  Later misses it showed led to more (calling a report fake news denies it, in eight languages;
  NATO as "the Western military alliance"; "Syrian recruits" and "Syrian gunmen").
- claims-holdout.jsonl: 30 texts written blind the same way, a session later. First scored before
  any change made after reading it: precision 0.895, recall 0.561, stance accuracy 0.870, denies
  F1 0.400: the best estimate of how matching does on text nobody tuned it to. Changes since
  that it prompted: "did not hide" affirms, "no more than" counts (stance, eight languages);
  decades and "since" years in the time gate; a second claim per window within 1.5 (not 1.0)
  of the first; a negation in a side clause denies nothing; a denial by whom a deed was done
  for counts as its doer's. Now precision 0.913, recall 0.683, denies F1 0.615: fitted to it
  in part, so no longer a blind figure.
- claims-blind.jsonl: 30 texts written blind the same way two sessions later, many restating two
  to five claims at once. First scored (matcher 8, before any change made after reading it):
  precision 1.000, recall 0.644, stance accuracy 0.828, denies F1 0.471. Its wrong stances then
  led to general changes: "with no preconditions" negates no clause (four languages); a bare
  negation restates a claim of what was not done ("but not in 2023", "NATO's inaction");
  German separable denials ("weist ... zurück"); foreign names for the claim actors that had
  none. Now recall 0.711, stance accuracy 1.000, denies F1 0.933: no longer blind either.
  The last two changes also found holdout-17 (recall 0.683 -> 0.707, denies F1 0.615 -> 0.714).

Matcher 9 came from a frames battery (tests/test_match_frames.py), not from these sets: the
model reads the deed an accusation or a denial reports, and in another language the concept
share decides what it reads. It moved them: own precision 0.950 -> 0.975, recall 0.826 ->
0.848; holdout precision 0.917 -> 1.000, recall 0.707 -> 0.756, denies F1 0.714 -> 0.875;
blind recall 0.711 -> 0.733.

Matcher 11 lets the model's score of a non-English window read the share of the claim's
concepts for the share of its words (as the embedding gate already did), and counts a claim's
mentioned actor on the paraphrase route: own recall 0.848 -> 0.870; holdout recall 0.756 ->
0.805, denies F1 0.875 -> 1.000; blind recall 0.733 -> 0.778, denies F1 0.933 -> 1.000.

Matcher 12 (Russian words for earning are pay, among other changes): blind recall 0.778 ->
0.800; the other three sets find the same quotes.

Catalogue implications (session 13: "Turkey sent fighters to fight" implies they took part; a
named extremist faction implies where the fighters were drawn from; seeds/README.md): own
recall 0.870 -> 0.913; fresh recall 0.852 -> 0.889; holdout recall 0.805 -> 0.854; blind
recall 0.800 -> 0.822. No false match added on these sets.
"""

import json
from pathlib import Path

import pytest

from extractors.catalogue import load_catalogue
from extractors.evaluation import check_floors, load_items, predictions_from, score
from extractors.matcher import Matcher

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "fixtures" / "eval"
# file -> (floors, most false matches allowed: when last measured, 1 in own, 2 in fresh, none
# in holdout and blind)
SETS = {
    "claims-own.jsonl": ({"precision": 0.95, "recall": 0.90, "f1": 0.93, "stance_accuracy": 0.95,
                          "denies_f1": 0.85}, 2),
    "claims-fresh.jsonl": ({"precision": 0.88, "recall": 0.87, "f1": 0.89, "stance_accuracy": 0.95,
                            "denies_f1": 0.80}, 3),
    "claims-holdout.jsonl": ({"precision": 0.95, "recall": 0.84, "f1": 0.91, "stance_accuracy": 0.95,
                              "denies_f1": 0.95}, 1),
    "claims-blind.jsonl": ({"precision": 0.95, "recall": 0.81, "f1": 0.89, "stance_accuracy": 0.95,
                            "denies_f1": 0.95}, 1),
}


@pytest.fixture(scope="module")
def matcher():
    return Matcher(load_catalogue(ROOT / "seeds" / "catalogue.toml"), semantic=True)


@pytest.fixture(scope="module", params=sorted(SETS))
def labelled(request, matcher):
    items = load_items(str(EVAL / request.param))
    predictions = [predictions_from(matcher.match(i["text"], i.get("lang")).claims) for i in items]
    return request.param, score(items, predictions, matcher.catalogue)


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_expected_quote_is_in_a_seed(name):
    catalogue = load_catalogue(ROOT / "seeds" / "catalogue.toml")
    for line in (EVAL / name).read_text(encoding="utf-8").splitlines():
        for match in json.loads(line)["matches"]:
            assert match["quote"] in catalogue.seeds[match["seed"]]


def test_each_set_holds_its_floors(labelled):
    name, figures = labelled
    assert check_floors(figures, SETS[name][0]) == []


def test_false_matches_stay_few(labelled):
    name, figures = labelled
    assert figures["predicted"] - figures["correct"] <= SETS[name][1]
