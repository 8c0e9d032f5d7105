"""Rescore: stored articles are matched again with a new matcher or catalogue, without fetching.
Old rows keep their versions, the views count each article by its latest pass, and a rescore
that is interrupted resumes without redoing or duplicating anything."""

from __future__ import annotations

import pytest

from extractors.models import ActorMention, Catalogue, ClaimMatch, MatchResult
from flows.rescore import rescore_articles
from tests.warehouse_fixture import build_warehouse
from warehouse.db import open_warehouse


class KeywordMatcher:
    """A transparent stand-in with the Matcher interface: claim c1 when the text says `word`."""

    def __init__(self, version: str, word: str, fail_on: str | None = None):
        self.version, self.word, self.fail_on, self.seen = version, word, fail_on, []

    def match(self, text: str, lang: str | None = None, title: str = "") -> MatchResult:
        self.seen.append(text)
        if self.fail_on and self.fail_on in text:
            raise RuntimeError("matcher crashed")
        if self.word not in text:
            return MatchResult((), (), self.version)
        claim = ClaimMatch("c1", "Claim one.", "supports", 0.7, text, 0, ())
        actor = ActorMention("turkey", "Turkey", "Turkey", 0, 6)
        return MatchResult((actor,), (claim,), self.version)


CATALOGUE = Catalogue(actors=(), claims=(), version="cat3", source="test.toml")


@pytest.fixture()
def wh(tmp_path):
    path = tmp_path / "w.duckdb"
    build_warehouse(path)
    return str(path)


def query(path, sql):
    with open_warehouse(path, read_only=True) as con:
        return con.execute(sql).fetchall()


def test_rescore_adds_a_version_and_the_views_follow_it(wh):
    # The fixture's texts are "text of a1" ... "text of a5": only a3 contains "a3".
    summary = rescore_articles(wh, CATALOGUE, KeywordMatcher("kw-1", "a3"), lock_wait_seconds=5, batch_size=2)
    assert (summary.articles, summary.claim_matches, summary.actor_mentions) == (5, 1, 1)
    assert (summary.gained, summary.lost) == (0, 5)  # a3/c1 stays (now supports); the other five pairs go
    assert query(wh, "SELECT article_id, claim_id, stance, matcher_version FROM current_claim_matches") == [
        ("a3", "c1", "supports", "kw-1")]
    assert query(wh, "SELECT count(*) FROM claim_matches") == [(13,)]  # history kept
    assert query(wh, "SELECT trigger, status, catalogue_version, matcher_version FROM runs "
                     f"WHERE run_id = '{summary.run_id}'") == [("rescore", "completed", "cat3", "kw-1")]
    assert query(wh, "SELECT count(*) FROM catalogue_versions WHERE catalogue_version = 'cat3'") == [(1,)]


def test_a_second_rescore_with_the_same_versions_does_nothing(wh):
    rescore_articles(wh, CATALOGUE, KeywordMatcher("kw-1", "text"), lock_wait_seconds=5)
    again = KeywordMatcher("kw-1", "text")
    summary = rescore_articles(wh, CATALOGUE, again, lock_wait_seconds=5)
    assert again.seen == [] and summary.articles == 0
    forced = rescore_articles(wh, CATALOGUE, KeywordMatcher("kw-1", "text"), lock_wait_seconds=5, force=True)
    assert forced.articles == 5 and forced.claim_matches == 0  # same rows: nothing new
    assert query(wh, "SELECT count(*) FROM current_claim_matches") == [(5,)]


def test_an_interrupted_rescore_resumes_where_it_stopped(wh):
    with pytest.raises(RuntimeError):
        rescore_articles(wh, CATALOGUE, KeywordMatcher("kw-2", "text", fail_on="a4"), lock_wait_seconds=5,
                         batch_size=1)
    assert query(wh, "SELECT status, error FROM runs WHERE matcher_version = 'kw-2'") == [
        ("failed", "RuntimeError: matcher crashed")]
    assert query(wh, "SELECT count(*) FROM match_passes WHERE matcher_version = 'kw-2'") == [(3,)]
    resumed = KeywordMatcher("kw-2", "text")
    summary = rescore_articles(wh, CATALOGUE, resumed, lock_wait_seconds=5)
    assert resumed.seen == ["text of a4", "text of a5"] and summary.articles == 2
    assert query(wh, "SELECT count(*), count(DISTINCT article_id) FROM current_claim_matches") == [(5, 5)]
    assert query(wh, "SELECT count(*) FROM claim_matches WHERE matcher_version = 'kw-2'") == [(5,)]
