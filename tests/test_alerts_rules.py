"""Alert rules: minimum score, watchlist, firsts (denial, language, outlet), resurfacing, outlet
thresholds; each alert names the rules that fired. Pure functions first, then against a real
warehouse history through the pipeline functions."""

from __future__ import annotations

import duckdb
import pytest

from flows.alerting.rules import Candidate, ClaimHistory, RuleSettings, plan
from tests.alert_data import FIGHTERS, article, match, queue_run, settings_with, utc

ALL = RuleSettings()
ONLY_FIRSTS = RuleSettings(enabled=("first_denial", "first_language", "first_outlet", "resurfaced", "outlet_threshold"))


def candidate(name: str, outlet: str = "Wire", when: str = "2020-10-12T08:00:00", stance: str = "supports",
              language: str | None = "en", score: float = 0.8, claim: str = "c1", actors=()) -> Candidate:
    return Candidate((name, claim), claim, stance, score, outlet, language, utc(when), frozenset(actors))


def history(*matches) -> dict[str, ClaimHistory]:
    found = ClaimHistory()
    for stance, language, outlet, when in matches:
        found.add(stance, language, outlet, utc(when))
    return {"c1": found}


def names(planned: dict, key) -> list[str]:
    return [r["rule"] for r in planned.get((key, "c1"), [])]


def test_min_score_silences_every_rule():
    settings = RuleSettings(min_score=0.5, watch_claims=frozenset({"c1"}))
    assert plan([candidate("a", score=0.49)], {}, settings) == {}
    assert names(plan([candidate("a", score=0.5)], {}, settings), "a")[0] == "watchlist"


def test_first_denial_fires_once_then_only_new_match():
    planned = plan([candidate("a", stance="denies"), candidate("b", stance="denies", when="2020-10-13T08:00:00")],
                   history(("supports", "en", "Wire", "2020-10-01T00:00:00")), ALL)
    assert names(planned, "a") == ["first_denial", "new_match"]
    assert names(planned, "b") == ["new_match"]


def test_first_language_and_outlet_against_history():
    past = history(("supports", "en", "Wire", "2020-10-01T00:00:00"))
    planned = plan([candidate("fr", outlet="Le Regard", language="fr"), candidate("same", when="2020-10-02T00:00:00")], past, ALL)
    assert names(planned, "fr") == ["first_language", "first_outlet", "new_match"]
    assert names(planned, "same") == ["new_match"]


def test_without_new_match_only_firsts_alert():
    past = history(("supports", "en", "Wire", "2020-10-01T00:00:00"))
    planned = plan([candidate("repeat", when="2020-10-02T00:00:00"), candidate("new", outlet="Monitor", when="2020-10-03T00:00:00")],
                   past, ONLY_FIRSTS)
    assert set(planned) == {("new", "c1")}
    assert names(planned, "new") == ["first_outlet"]


def test_resurfaced_after_quiet_days():
    past = history(("supports", "en", "Wire", "2020-01-01T00:00:00"))
    settings = RuleSettings(enabled=("resurfaced",), resurface_after_days=30)
    planned = plan([candidate("soon", when="2020-01-20T00:00:00"), candidate("late", when="2020-03-01T00:00:00")], past, settings)
    assert set(planned) == {("late", "c1")}
    assert planned[("late", "c1")][0]["why"] == "back after 41 quiet days (last seen 2020-01-20)"


def test_outlet_threshold_fires_when_the_nth_outlet_of_a_day_arrives():
    past = history(("supports", "en", "Wire", "2020-10-12T01:00:00"))
    settings = RuleSettings(enabled=("outlet_threshold",), outlets_per_day=3)
    planned = plan([
        candidate("wire-again", outlet="Wire", when="2020-10-12T02:00:00"),
        candidate("second", outlet="Monitor", when="2020-10-12T03:00:00"),
        candidate("third", outlet="Regard", when="2020-10-12T04:00:00"),
        candidate("fourth", outlet="Daily", when="2020-10-12T05:00:00"),
        candidate("next-day", outlet="Other", when="2020-10-13T05:00:00"),
    ], past, settings)
    assert set(planned) == {("third", "c1")}
    assert "3 distinct outlets carried this claim on 2020-10-12" in planned[("third", "c1")][0]["why"]


def test_watchlist_by_claim_or_by_actor():
    settings = RuleSettings(enabled=("watchlist",), watch_actors=frozenset({"turkey"}))
    planned = plan([candidate("named", actors={"turkey", "azerbaijan"}), candidate("other", actors={"armenia"})], {}, settings)
    assert set(planned) == {("named", "c1")}
    assert planned[("named", "c1")][0]["why"] == "actor turkey is on your watchlist"


def test_matches_of_one_run_are_judged_oldest_first():
    planned = plan([candidate("later", outlet="B", when="2020-10-14T00:00:00", stance="denies"),
                    candidate("earlier", outlet="B", when="2020-10-13T00:00:00", stance="denies")], {}, ONLY_FIRSTS)
    assert "first_denial" in names(planned, "earlier") and ("later", "c1") not in planned


@pytest.fixture()
def watch_config():
    return dict(rules=["watchlist", "first_denial", "first_outlet"], watchlist={"claims": [FIGHTERS.id]}, min_score=0.3)


def test_rules_read_the_stored_history_across_runs(db_path, watch_config):
    settings = settings_with(**{**watch_config, "rules": ["first_denial", "first_outlet"]})
    first = article("first-report", "Caucasus Wire", "2020-10-12T08:00:00+00:00")
    queue_run(db_path, settings, [(first, match(FIGHTERS, "supports", 0.8, "Ankara sent fighters."))])
    again = article("second-report", "Caucasus Wire", "2020-10-13T08:00:00+00:00")
    denial = article("denial", "Eurasia Monitor", "2020-10-14T08:00:00+00:00")
    weak = article("weak", "Le Regard", "2020-10-15T08:00:00+00:00", language="fr")
    queued = queue_run(db_path, settings, [
        (again, match(FIGHTERS, "supports", 0.8, "Again, Ankara sent fighters.")),
        (denial, match(FIGHTERS, "denies", 0.7, "Ankara denied sending fighters.")),
        (weak, match(FIGHTERS, "supports", 0.2, "Perhaps fighters went.")),
    ])
    assert queued == 1
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute("SELECT article_id, rule, payload->'$.rules' FROM alerts ORDER BY created_at").fetchall()
    assert [r[1] for r in rows] == ["first_outlet", "first_denial"]
    assert rows[1][0] == denial.article_id and "first_outlet" in rows[1][2]


def test_watchlisted_claim_names_its_rule(db_path, watch_config):
    settings = settings_with(**watch_config)
    queue_run(db_path, settings, [(article("r", "Wire", None), match(FIGHTERS, "supports", 0.9, "Ankara sent fighters."))])
    with duckdb.connect(str(db_path), read_only=True) as con:
        rule, why = con.execute("SELECT rule, payload->>'$.rules[0].why' FROM alerts").fetchone()
    assert (rule, why) == ("watchlist", f"claim {FIGHTERS.id} is on your watchlist")
