"""A small hand-built warehouse whose trend-view answers are worked out by hand in test_views.py.

Written through warehouse.store, like a run and a rescore would:
  * run r1 (matcher m1, catalogue cat1) stores five articles and matches them;
  * rescore r2 (matcher m2, catalogue cat2) matches the same five again: a1 loses claim c2,
    a4 gains it, and an extra syria mention in a1 disappears.

    article outlet day (UTC)   lang copy  r2 matches            r2 actors
    a1      A      2020-10-01  en   -     c1 supports           turkey x2, azerbaijan
    a2      B      2020-10-02  ru   a1    c1 supports           turkey
    a3      A      2020-10-03  en   -     c1 denies             -
    a4      C      2020-10-20  en   -     c1 denies, c2 supp.   turkey, armenia
    a5      A      2020-10-21  en   -     c1 denies             -

a2 was published 2020-10-01 23:30 at UTC-5 (2020-10-02 in UTC); a3 has no publication date
(fetched 2020-10-03); a5 claims to be published in 2030, so its fetch date counts.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from warehouse import store
from warehouse.db import open_warehouse

UTC = timezone.utc
T1 = datetime(2020, 10, 22, 3, 0, tzinfo=UTC)   # run r1 stores its matches
T2 = datetime(2020, 11, 5, 3, 0, tzinfo=UTC)    # rescore r2


def _article(article_id, outlet, published, fetched, language, duplicate_of=None):
    return {
        "article_id": article_id, "url": f"https://{outlet.lower()}.example/{article_id}",
        "canonical_url": f"https://{outlet.lower()}.example/{article_id}", "feed_id": f"feed-{outlet.lower()}",
        "outlet": outlet, "title": f"Title {article_id}", "published_at": published, "language": language,
        "text": f"text of {article_id}", "content_hash": f"hash-{duplicate_of or article_id}",
        "duplicate_of": duplicate_of, "extractor_version": "test-1", "fetched_at": fetched, "run_id": "r1",
    }


ARTICLES = [
    _article("a1", "A", datetime(2020, 10, 1, 10, tzinfo=UTC), datetime(2020, 10, 1, 12, tzinfo=UTC), "en"),
    _article("a2", "B", datetime(2020, 10, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5))),
             datetime(2020, 10, 2, 6, tzinfo=UTC), "ru", duplicate_of="a1"),
    _article("a3", "A", None, datetime(2020, 10, 3, 9, tzinfo=UTC), "en"),
    _article("a4", "C", datetime(2020, 10, 20, 8, tzinfo=UTC), datetime(2020, 10, 21, 1, tzinfo=UTC), "en"),
    _article("a5", "A", datetime(2030, 1, 1, tzinfo=UTC), datetime(2020, 10, 21, 2, tzinfo=UTC), "en"),
]

# (article, claim, stance) per version
MATCHES_R1 = [("a1", "c1", "supports"), ("a1", "c2", "supports"), ("a2", "c1", "supports"),
              ("a3", "c1", "denies"), ("a4", "c1", "denies"), ("a5", "c1", "denies")]
MATCHES_R2 = [("a1", "c1", "supports"), ("a2", "c1", "supports"), ("a3", "c1", "denies"),
              ("a4", "c1", "denies"), ("a4", "c2", "supports"), ("a5", "c1", "denies")]
# (article, actor, start)
MENTIONS_R1 = [("a1", "turkey", 0), ("a1", "turkey", 40), ("a1", "azerbaijan", 10), ("a1", "syria", 20),
               ("a2", "turkey", 0), ("a4", "turkey", 0), ("a4", "armenia", 10)]
MENTIONS_R2 = [m for m in MENTIONS_R1 if m[1] != "syria"]


def _catalogue(version: str, c1_statement: str) -> dict:
    return {
        "actors": [{"id": a, "name": a.title(), "kind": "state"} for a in ("turkey", "azerbaijan", "armenia", "syria")],
        "claims": [{"id": "c1", "statement": c1_statement}, {"id": "c2", "statement": "Claim two."}],
    }


def _match_rows(matches, matcher, catalogue, run_id, at):
    return [
        {"article_id": a, "claim_id": c, "stance": s, "score": 0.9, "sentence": f"{c} in {a}", "sentence_start": 0,
         "denier_actor_id": None, "matcher_version": matcher, "catalogue_version": catalogue, "run_id": run_id,
         "matched_at": at}
        for a, c, s in matches
    ]


def _mention_rows(mentions, matcher, catalogue):
    return [
        {"article_id": a, "actor_id": actor, "surface": actor.title(), "start_offset": start,
         "end_offset": start + 5, "matcher_version": matcher, "catalogue_version": catalogue}
        for a, actor, start in mentions
    ]


def _passes(matcher, catalogue, run_id, at):
    return [{"article_id": a["article_id"], "matcher_version": matcher, "catalogue_version": catalogue,
             "matched_at": at, "run_id": run_id} for a in ARTICLES]


def _feeds(con):
    store.upsert_feeds(con, [{"feed_id": "feed-a", "url": "https://a.example/rss"},
                             {"feed_id": "feed-b", "url": "https://b.example/rss"},
                             {"feed_id": "feed-c", "url": "https://c.example/rss"}])
    store.record_feed_health(con, "feed-a", {"last_attempt_at": T1, "last_success_at": T1, "last_status": 200})
    store.record_feed_health(con, "feed-b", {"last_attempt_at": T1, "last_status": 500, "last_error": "HTTP 500",
                                             "last_error_kind": "transient", "failure_score": 0.5})
    entries = [("feed-a", "e1", "article", None), ("feed-a", "e2", "rejected", "too_short"),
               ("feed-a", "e3", "rejected", "too_short"), ("feed-a", "e4", "failed", "fetch_failed")]
    store.store_entries(con, [
        {"feed_id": f, "entry_key": k, "url": f"https://a.example/{k}", "first_seen_at": T1, "run_id": "r1",
         "article_id": "a1" if status == "article" else None, "status": status, "reject_reason": reason}
        for f, k, status, reason in entries
    ])


def build_warehouse(path) -> None:
    with open_warehouse(path) as con:
        store.store_catalogue(con, "cat1", "v1.toml", _catalogue("cat1", "Claim one, first wording."))
        con.execute("UPDATE catalogue_versions SET loaded_at = ? WHERE catalogue_version = 'cat1'", [T1 - timedelta(days=30)])
        _feeds(con)
        store.start_run(con, "r1", "schedule", None, "cat1", "m1")
        con.execute("UPDATE runs SET started_at = ? WHERE run_id = 'r1'", [T1 - timedelta(minutes=5)])
        store.store_articles(con, ARTICLES)
        store.store_match_passes(con, _passes("m1", "cat1", "r1", T1))
        store.store_mentions(con, _mention_rows(MENTIONS_R1, "m1", "cat1"))
        store.store_matches(con, _match_rows(MATCHES_R1, "m1", "cat1", "r1", T1))
        store.finish_run(con, "r1", "completed", {"articles": 5, "claim_matches": 6}, {"fetch_feeds": 1.5, "store": 0.25})

        store.store_catalogue(con, "cat2", "v2.toml", _catalogue("cat2", "Claim one, second wording."))
        con.execute("UPDATE catalogue_versions SET loaded_at = ? WHERE catalogue_version = 'cat2'", [T2 - timedelta(minutes=10)])
        store.start_run(con, "r2", "rescore", None, "cat2", "m2")
        con.execute("UPDATE runs SET started_at = ? WHERE run_id = 'r2'", [T2 - timedelta(minutes=5)])
        store.store_match_passes(con, _passes("m2", "cat2", "r2", T2))
        store.store_mentions(con, _mention_rows(MENTIONS_R2, "m2", "cat2"))
        store.store_matches(con, _match_rows(MATCHES_R2, "m2", "cat2", "r2", T2))
