"""Duplicates: entries by normalised link and GUID, articles by content hash, and wire copies
(the same story republished with small edits) by MinHash fingerprint, within a run and across
runs through the bands stored in a real DuckDB file."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import duckdb

from extractors.articles import content_hash
from extractors.catalogue import load_catalogue
from extractors.dedupe import NEAR_DUPLICATE_SIMILARITY, bands, find_copies, fingerprint, group_entries, similarity
from extractors.models import Article, Feed, FeedEntry
from flows import pipeline
from flows.config import default_catalogue_path
from warehouse import queries
from warehouse.db import migrate

T0 = datetime(2020, 10, 21, 8, tzinfo=timezone.utc)

WIRE = """Farmers in the northern valley will receive guaranteed water supplies for the next ten years
under an agreement signed on Tuesday by the regional council and the national irrigation agency.
The deal ends a dispute that began three summers ago, when a drought left hundreds of fields dry and
prompted protests outside the council building. Under the terms, the agency will release a fixed
share of the reservoir to the valley every spring and build two new pumping stations by next year.
Council members said the cost would be shared between the region and the national budget, with
farmers paying a reduced fee for the first three seasons. Environmental groups welcomed the
guarantee but warned that the reservoir itself is shrinking and that the agreement does not say
what happens in a year of exceptional drought. The agency director told reporters that a review
clause allows both sides to revisit the shares after five years. Opposition councillors abstained,
arguing the budget figures had not been published in full before the vote. The first pumping
station is due to open in March, officials said, and a public hearing on the second is planned."""

EDITED = ("VALLEY CITY (Wire) - " + WIRE.replace("on Tuesday", "this week").replace("hundreds of", "many")
          .replace("officials said", "according to officials") + " Reporting by the valley desk.")
UNRELATED = """The city orchestra opened its winter season with a programme of late romantic symphonies,
drawing a full house on Friday evening. The conductor, appointed in the spring, chose works that had
not been performed in the hall for two decades. Critics praised the brass section and the new
acoustic panels installed over the summer, although some listeners found the second half too long.
Ticket sales for the season are the highest since the hall reopened, the orchestra's manager said,
and a series of free matinee concerts for schools will begin in January with support from local
businesses. The orchestra also announced a commission for a new piece by a young composer from the
region, to be premiered in the spring alongside a revival of a forgotten opera overture."""


def article(article_id: str, text: str, outlet: str, published: datetime | None = T0) -> Article:
    return Article(article_id=article_id, url=f"https://{outlet}/{article_id}", canonical_url=f"https://{outlet}/{article_id}",
                   feed_name=outlet, outlet=outlet, title=article_id, text=text, language="en", published=published,
                   content_hash=content_hash(text), extractor_version="test", entry_key=article_id,
                   fingerprint=fingerprint(text))


def test_fingerprints_are_stable_and_estimate_similarity():
    assert fingerprint(WIRE) == fingerprint(WIRE) and len(fingerprint(WIRE)) == 128
    assert fingerprint("too short to fingerprint") == ()
    assert similarity(fingerprint(WIRE), fingerprint(EDITED)) >= 0.6
    assert similarity(fingerprint(WIRE), fingerprint(UNRELATED)) < 0.1
    assert len(set(bands(fingerprint(WIRE))) & set(bands(fingerprint(EDITED)))) >= 1


def test_within_a_run_the_earliest_published_copy_is_the_original():
    later = article("b", EDITED, "second.example", T0 + timedelta(hours=2))
    earliest = article("a", WIRE, "first.example", T0)
    exact = article("c", WIRE, "third.example", T0 + timedelta(hours=3))
    other = article("d", UNRELATED, "first.example")
    copies = find_copies([later, exact, other, earliest], {}, {})
    assert set(copies) == {"b", "c"}
    assert copies["b"].original == "a" and copies["b"].kind == "near" and copies["b"].similarity >= NEAR_DUPLICATE_SIMILARITY
    assert copies["c"].original == "a" and copies["c"].kind == "exact"


def run_dedupe_and_store(db_path, run_id: str, articles: list[Article]):
    ctx = pipeline.RunContext(run_id, str(db_path), 5)
    catalogue = load_catalogue(default_catalogue_path())
    pipeline.prepare_warehouse(ctx, catalogue, (), "test", None, "m")
    kept, copies = pipeline.find_duplicates(ctx, articles)
    pipeline.store_results(ctx, outcomes=list(kept), articles=kept, duplicate_of=copies, results={}, catalogue=catalogue,
                           matcher_version="m", channels=[], alert_payloads={})
    return kept, copies


def test_wire_copies_are_linked_to_the_earliest_copy_across_runs(db_path):
    run_dedupe_and_store(db_path, "run-1", [article("orig", WIRE, "wire.example"), article("music", UNRELATED, "wire.example")])
    kept, copies = run_dedupe_and_store(db_path, "run-2", [
        article("orig", WIRE, "wire.example"),  # stored already: dropped
        article("edited", EDITED, "daily.example", T0 - timedelta(hours=1)),
        article("reprint", WIRE, "weekly.example"),
    ])
    assert {a.article_id for a in kept} == {"edited", "reprint"}
    assert copies["edited"].original == "orig" and copies["edited"].kind == "near"
    assert copies["reprint"].original == "orig" and copies["reprint"].kind == "exact"
    # A copy of a copy still points at the original.
    _, third = run_dedupe_and_store(db_path, "run-3", [article("again", EDITED + " Updated.", "evening.example")])
    assert third["again"].original == "orig"
    with duckdb.connect(str(db_path), read_only=True) as con:
        originals, outlets = con.execute(
            "SELECT count(DISTINCT coalesce(duplicate_of, article_id)), count(DISTINCT outlet) FROM articles "
            "WHERE article_id <> 'music'").fetchone()
        kinds = dict(con.execute("SELECT article_id, duplicate_kind FROM articles").fetchall())
        band_rows = con.execute("SELECT count(*), count(DISTINCT article_id) FROM article_minhash_bands").fetchone()
    assert (originals, outlets) == (1, 4)
    assert kinds == {"orig": None, "music": None, "edited": "near", "reprint": "exact", "again": "near"}
    assert band_rows == (2 * 32, 2)  # originals only: "orig" and "music"


def test_a_reprinted_story_is_compared_with_its_original_only(db_path):
    """However often a wire story was reprinted, a new reprint meets one candidate, its original:
    comparing with every earlier copy made the cost grow with the square of the reprints."""
    run_dedupe_and_store(db_path, "run-1", [article("orig", WIRE, "wire.example")])
    for n in range(1, 6):
        run_dedupe_and_store(db_path, f"run-{n + 1}", [article(f"copy-{n}", EDITED + f" Update {n}.", f"outlet{n}.example")])
    with duckdb.connect(str(db_path), read_only=True) as con:
        candidates = queries.near_duplicate_candidates(con, bands(fingerprint(EDITED + " Update 9.")))
        roots = dict(con.execute("SELECT article_id, duplicate_of FROM articles").fetchall())
    assert list(candidates) == ["orig"]
    assert roots == {"orig": None, **{f"copy-{n}": "orig" for n in range(1, 6)}}


def test_bands_of_copies_stored_before_migration_8_are_dropped(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        migrate(con, upto=7)
        con.execute("INSERT INTO articles (article_id, url, canonical_url, feed_id, outlet, language, text, content_hash, "
                    "duplicate_of, extractor_version, fetched_at, run_id) VALUES "
                    "('a', 'u', 'u', 'f', 'o', 'en', 't', 'h1', NULL, 'x', now(), 'r'), "
                    "('b', 'v', 'v', 'f', 'o', 'en', 't', 'h2', 'a', 'x', now(), 'r')")
        con.execute("INSERT INTO article_minhash_bands VALUES (0, 1, 'a'), (0, 1, 'b'), (1, 2, 'b')")
        migrate(con)
        left = con.execute("SELECT article_id FROM article_minhash_bands").fetchall()
    assert left == [("a",)]


def entry(feed: str, url: str, key: str | None = None, guid: str | None = None) -> FeedEntry:
    return FeedEntry(feed_name=feed, key=key or guid or url, url=url, guid=guid)


def test_entries_of_the_same_page_are_grouped_by_normalised_link_and_guid():
    entries = [
        entry("world", "https://news.example/story?id=7&utm_source=rss"),
        entry("front", "https://NEWS.example/story?utm_medium=feed&id=7#top"),
        entry("world", "https://news.example/other", guid="urn:news:42"),
        entry("front", "https://news.example/other?from=front", guid="urn:news:42"),
        entry("elsewhere", "https://other.example/x", guid="urn:news:42"),  # same GUID, other host
    ]
    chosen, aliases = group_entries(entries)
    assert [e.feed_name + e.url[-10:] for e in chosen] == ["world" + entries[0].url[-10:], "world" + entries[2].url[-10:],
                                                           "elsewhere" + entries[4].url[-10:]]
    assert aliases == {("front", entries[1].key): ("world", entries[0].key),
                       ("front", "urn:news:42"): ("world", "urn:news:42")}


def test_a_page_stored_from_one_feed_is_linked_not_refetched_from_another(db_path):
    stored = replace(article("p1", WIRE, "news.example"), url="https://news.example/p1", entry_key="k1")
    ctx = pipeline.RunContext("run-1", str(db_path), 5)
    catalogue = load_catalogue(default_catalogue_path())
    pipeline.prepare_warehouse(ctx, catalogue, (Feed("a", "https://news.example/a.xml"),), "test", None, "m")
    pipeline.store_results(ctx, outcomes=[stored], articles=[stored], duplicate_of={}, results={}, catalogue=catalogue,
                           matcher_version="m", channels=[], alert_payloads={},
                           entry_links={("news.example", "k1"): "https://news.example/p1?utm_source=a"})
    plan = pipeline.plan_pages(ctx, [entry("b", "https://news.example/p1?utm_campaign=b", key="kb")])
    assert plan.to_fetch == [] and [k.article_id for k in plan.known] == ["p1"]
