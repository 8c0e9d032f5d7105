"""Plain functions for each stage of a nightly run. The Prefect flow in nightly.py wraps these;
tests call them directly. They are the only place that joins extractors/ to warehouse/."""

from __future__ import annotations

import hashlib
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from itertools import zip_longest
from typing import Callable, Iterable

from extractors.articles import Page, extract_article, fetch_page
from extractors.catalogue import catalogue_to_dict
from extractors.dedupe import Copy, bands, find_copies, group_entries
from extractors.fast_extract import DEFAULT_ENGINE
from extractors.feed_health import is_due, next_health
from extractors.feeds import Validators, fetch_feed
from extractors.host_limiter import HostLimiter
from extractors.http import Fetcher, FetchPolicy
from extractors.models import Article, Catalogue, Feed, FeedEntry, FeedFetch, MatchResult, Rejected
from extractors.robots import RobotsCache
from extractors.urls import normalize_url
from warehouse import queries, store
from warehouse.db import open_warehouse

log = logging.getLogger(__name__)

__all__ = [
    "RunContext",
    "prepare_warehouse",
    "feeds_due",
    "fetch_one_feed",
    "run_fetcher",
    "fetch_feeds",
    "record_feed_fetches",
    "new_entries",
    "entries_to_retry",
    "PagePlan",
    "KnownPage",
    "plan_pages",
    "fetch_pages",
    "interleave_feeds",
    "extract_pages",
    "expand_outcomes",
    "fetch_entry_batch",
    "find_duplicates",
    "store_results",
    "alert_id",
    "match_result_rows",
]


@dataclass
class RunContext:
    """What the flow carries from stage to stage (values only, no connections)."""

    run_id: str
    warehouse_path: str
    lock_wait_seconds: float
    health: dict = field(default_factory=dict)
    # Feed validators (ETag, Last-Modified, body hash) wait here until the entries they cover are
    # stored: saved earlier, a run killed in between would see "not modified" next time and lose
    # those entries for good.
    pending_validators: dict = field(default_factory=dict)


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def prepare_warehouse(ctx: RunContext, catalogue: Catalogue, feeds: tuple[Feed, ...], trigger: str,
                      flow_run_id: str | None, matcher_version: str) -> None:
    """Migrate, record the catalogue version, the feeds and the run start; read fetch state."""
    with open_warehouse(ctx.warehouse_path, wait_seconds=ctx.lock_wait_seconds) as con:
        con.execute("BEGIN TRANSACTION")
        store.store_catalogue(con, catalogue.version, catalogue.source, catalogue_to_dict(catalogue))
        store.upsert_feeds(con, [{"feed_id": f.name, "url": f.url, "language": f.language} for f in feeds])
        store.start_run(con, ctx.run_id, trigger, flow_run_id, catalogue.version, matcher_version)
        con.execute("COMMIT")
        ctx.health = queries.feed_health(con)


def feeds_due(feeds: tuple[Feed, ...], health: dict, now: datetime, force: bool = False) -> list[tuple[Feed, Validators]]:
    due = []
    for feed in feeds:
        row = health.get(feed.name) or {}
        if is_due(row, now, force):
            due.append((feed, Validators(row.get("etag"), row.get("last_modified"), row.get("body_hash"))))
    return due


def fetch_one_feed(policy: FetchPolicy, feed: Feed, validators: Validators, run_key: str | None = None,
                   fetcher: Fetcher | None = None) -> FeedFetch:
    return fetch_feeds(policy, [(feed, validators)], run_key, fetcher)[0]


def run_fetcher(policy: FetchPolicy, run_key: str | None = None) -> Fetcher:
    """A Fetcher within the run's per-host limits, for tasks of one process to share: a Fetcher
    costs tens of ms of CPU to build (its TLS context), too much to build one per feed or chunk."""
    return Fetcher(policy, limiter=_run_state(policy, run_key).limiter)


def fetch_feeds(policy: FetchPolicy, due: list[tuple[Feed, Validators]], run_key: str | None = None,
                fetcher: Fetcher | None = None) -> list[FeedFetch]:
    """Fetch due feeds, `policy.concurrency` at a time, within the run's per-host limits. A feed
    that fails, even with an unexpected exception, never stops the others. `fetcher`: a shared
    one (run_fetcher) instead of a new one."""

    def one(fetcher: Fetcher, item: tuple[Feed, Validators]) -> FeedFetch:
        feed, validators = item
        try:
            return fetch_feed(fetcher, feed, validators)
        except Exception as exc:  # a bug or a hostile input we did not foresee: record it, go on
            log.exception("feed %s failed unexpectedly", feed.name)
            return FeedFetch(feed=feed, error=f"internal error: {type(exc).__name__}: {exc}"[:500], error_kind="transient")

    if fetcher is not None:
        return _pool_map(lambda item: one(fetcher, item), due, policy.concurrency)
    with run_fetcher(policy, run_key) as own:
        return _pool_map(lambda item: one(own, item), due, policy.concurrency)


@dataclass
class _RunState:
    """What every fetching task of one run shares in this process: the per-host limiter (delays,
    Retry-After pauses, the overall bound on requests in flight) and robots.txt rules."""

    limiter: HostLimiter
    robots: RobotsCache


_RUN_STATES: dict[str, _RunState] = {}
_RUN_STATES_LOCK = threading.Lock()
_KEPT_RUN_STATES = 4


def _run_state(policy: FetchPolicy, run_key: str | None) -> _RunState:
    """The run's shared state (tasks of a run pass its id), or a fresh one for a lone call."""
    fresh = lambda: _RunState(HostLimiter(policy.per_host_concurrency, policy.host_delay_seconds,  # noqa: E731
                                          total=policy.concurrency), RobotsCache())
    if run_key is None:
        return fresh()
    with _RUN_STATES_LOCK:
        if run_key not in _RUN_STATES:
            while len(_RUN_STATES) >= _KEPT_RUN_STATES:  # a long-lived worker serves many runs
                _RUN_STATES.pop(next(iter(_RUN_STATES)))
            _RUN_STATES[run_key] = fresh()
        return _RUN_STATES[run_key]


def _pool_map(function: Callable, items: list, workers: int) -> list:
    """function over items in a bounded thread pool, results in input order."""
    if len(items) <= 1 or workers <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(workers, len(items)), thread_name_prefix="claimwatch-fetch") as pool:
        return list(pool.map(function, items))


def record_feed_fetches(ctx: RunContext, fetches: list[FeedFetch], now: datetime) -> None:
    with open_warehouse(ctx.warehouse_path, wait_seconds=ctx.lock_wait_seconds) as con:
        con.execute("BEGIN TRANSACTION")
        for fetch in fetches:
            values = next_health(ctx.health.get(fetch.feed.name) or {}, fetch, now)
            validators = {key: values.pop(key) for key in VALIDATOR_COLUMNS if key in values}
            if validators:
                ctx.pending_validators[fetch.feed.name] = validators
            store.record_feed_health(con, fetch.feed.name, values)
        con.execute("COMMIT")


VALIDATOR_COLUMNS = ("etag", "last_modified", "body_hash")


def unseen_entries(ctx: RunContext, fetches: list[FeedFetch]) -> list[FeedEntry]:
    """The fetched feeds' entries the warehouse has not stored yet (failed ones come back)."""
    listed = sorted({(entry.feed_name, entry.key) for fetch in fetches for entry in fetch.entries})
    with open_warehouse(ctx.warehouse_path, wait_seconds=ctx.lock_wait_seconds) as con:
        known = queries.known_entry_keys(con, listed)
    return new_entries(fetches, known)


def new_entries(fetches: list[FeedFetch], known: set) -> list[FeedEntry]:
    """Entries not yet stored, each (feed, key) once."""
    fresh, seen = [], set(known)
    for fetch in fetches:
        for entry in fetch.entries:
            identity = (entry.feed_name, entry.key)
            if identity not in seen:
                seen.add(identity)
                fresh.append(entry)
    return fresh


RETRY_FAILED_ENTRIES_DAYS = 7


def entries_to_retry(ctx: RunContext, feeds: tuple[Feed, ...], fresh: list[FeedEntry]) -> list[FeedEntry]:
    """Entries of configured feeds that failed transiently in the last week (a page that timed
    out, a batch whose matching failed) and are not among `fresh`: retried even when their feed
    is unchanged and so not parsed again."""
    languages = {f.name: f.language for f in feeds}
    since = now_utc() - timedelta(days=RETRY_FAILED_ENTRIES_DAYS)
    with open_warehouse(ctx.warehouse_path, wait_seconds=ctx.lock_wait_seconds) as con:
        rows = queries.entries_to_retry(con, since)
    seen = {(e.feed_name, e.key) for e in fresh}
    return [FeedEntry(feed_name=feed, key=key, url=url, language=languages[feed])
            for feed, key, url in rows if feed in languages and (feed, key) not in seen]


@dataclass(frozen=True)
class KnownPage:
    """An entry whose page is already stored as an article (reached from another feed earlier)."""

    feed_name: str
    entry_key: str
    url: str
    article_id: str


@dataclass(frozen=True)
class PagePlan:
    """Which pages to fetch: one entry per page; the other entries of the same page (aliases,
    {(feed, key): (feed, key) of the fetched one}); entries whose page is already stored."""

    to_fetch: list[FeedEntry]
    aliases: dict
    known: list[KnownPage]
    entries: dict


def plan_pages(ctx: RunContext, entries: list[FeedEntry]) -> PagePlan:
    """Group entries by page (normalised link, GUID) and skip pages stored in earlier runs."""
    chosen, aliases = group_entries(entries)
    urls = [normalize_url(e.url) for e in chosen]
    with open_warehouse(ctx.warehouse_path, wait_seconds=ctx.lock_wait_seconds) as con:
        stored = queries.articles_by_url(con, urls)
    to_fetch, known = [], []
    for entry, url in zip(chosen, urls):
        if url in stored:
            known.append(KnownPage(entry.feed_name, entry.key, entry.url, stored[url]))
        else:
            to_fetch.append(entry)
    by_identity = {(e.feed_name, e.key): e for e in entries}
    return PagePlan(to_fetch, aliases, known, by_identity)


def fetch_pages(policy: FetchPolicy, entries: list[FeedEntry], run_key: str | None = None,
                fetcher: Fetcher | None = None, threads: int | None = None) -> list[Page | Rejected]:
    """Fetch pages concurrently (`threads`, default `policy.concurrency`) within the run's
    per-host limits (`per_host_concurrency`, `host_delay_seconds`), robots.txt permitting when
    `respect_robots`. Tasks of one run pass its id as `run_key` so they share limits and
    robots.txt rules; `fetcher`: a shared one (run_fetcher) instead of a new one."""
    state = _run_state(policy, run_key)
    robots = state.robots if policy.respect_robots else None
    threads = threads or policy.concurrency
    if fetcher is not None:
        return _pool_map(lambda entry: _fetch_page_safely(fetcher, entry, robots), entries, threads)
    with Fetcher(policy, limiter=state.limiter) as own:
        return _pool_map(lambda entry: _fetch_page_safely(own, entry, robots), entries, threads)


def interleave_feeds(entries: list[FeedEntry]) -> list[FeedEntry]:
    """Entries taken round-robin across feeds, so neighbours come from different hosts and the
    per-host politeness delays of one chunk of pages overlap instead of adding up."""
    by_feed: dict[str, list[FeedEntry]] = {}
    for entry in entries:
        by_feed.setdefault(entry.feed_name, []).append(entry)
    return [e for row in zip_longest(*by_feed.values()) for e in row if e is not None]


def _fetch_page_safely(fetcher: Fetcher, entry: FeedEntry, robots) -> Page | Rejected:
    try:
        return fetch_page(fetcher, entry, robots)
    except Exception as exc:  # one page must never sink the batch
        log.exception("page %s failed unexpectedly", entry.url)
        return Rejected(entry.url, entry.feed_name, entry.key, "internal_error", f"{type(exc).__name__}: {exc}"[:500], transient=True)


def extract_pages(pages: Iterable[Page | Rejected], engine: str = DEFAULT_ENGINE) -> list[Article | Rejected]:
    """Extract each fetched page (rejections pass through): CPU work, separable from fetching."""
    return [page if isinstance(page, Rejected) else extract_article(page.html, page.url, page.entry, engine) for page in pages]


def expand_outcomes(plan: PagePlan, outcomes: list[Article | Rejected]) -> list:
    """Outcomes for every entry: the fetched ones, their aliases (same outcome, own feed and key)
    and the entries whose page was already stored."""
    by_identity = {(o.feed_name, o.entry_key): o for o in outcomes}
    expanded = list(outcomes)
    for alias, representative in plan.aliases.items():
        outcome, entry = by_identity.get(representative), plan.entries[alias]
        if isinstance(outcome, Article):
            expanded.append(KnownPage(entry.feed_name, entry.key, entry.url, outcome.article_id))
        elif isinstance(outcome, Rejected):
            expanded.append(replace(outcome, feed_name=entry.feed_name, entry_key=entry.key, url=entry.url))
    return expanded + plan.known


def fetch_entry_batch(policy: FetchPolicy, entries: list[FeedEntry], run_key: str | None = None,
                      engine: str = DEFAULT_ENGINE) -> list[Article | Rejected]:
    """Fetch a batch of entries' pages (concurrently), then extract them."""
    return extract_pages(fetch_pages(policy, entries, run_key), engine)


def find_duplicates(ctx: RunContext, extracted: list[Article]) -> tuple[list[Article], dict[str, Copy]]:
    """Drop articles already stored; find exact and near copies among the rest, against each
    other and against every stored article (through the stored MinHash bands)."""
    with open_warehouse(ctx.warehouse_path, wait_seconds=ctx.lock_wait_seconds) as con:
        stored_ids = queries.existing_article_ids(con, [a.article_id for a in extracted])
        fresh = _first_of_each(a for a in extracted if a.article_id not in stored_ids)
        hash_roots = queries.copy_roots_by_hash(con, [a.content_hash for a in fresh])
        candidates = queries.near_duplicate_candidates(con, sorted({k for a in fresh for k in bands(a.fingerprint)}))
    return fresh, find_copies(fresh, hash_roots, candidates)


def _first_of_each(articles: Iterable[Article]) -> list[Article]:
    seen, kept = set(), []
    for article in articles:
        if article.article_id not in seen:
            seen.add(article.article_id)
            kept.append(article)
    return kept


def alert_id(article_id: str, claim_id: str) -> str:
    return hashlib.sha256(f"{article_id}\x1f{claim_id}".encode()).hexdigest()[:24]


@dataclass
class StoreCounts:
    entries: int = 0
    articles: int = 0
    mentions: int = 0
    matches: int = 0
    alerts: int = 0


def store_results(ctx: RunContext, *, outcomes: list[Article | Rejected | KnownPage], articles: list[Article],
                  duplicate_of: dict[str, str | Copy], results: dict[str, MatchResult], catalogue: Catalogue,
                  matcher_version: str, channels: list[str], alert_payloads: dict[tuple[str, str], dict],
                  entry_links: dict | None = None, save_validators: bool = True) -> StoreCounts:
    """Write everything a run (or one batch of it) found in one transaction, idempotently.

    `save_validators`: also save the feeds' new validators; only with the run's last batch, once
    every entry they cover is stored (see RunContext.pending_validators).

    `duplicate_of` maps a copy to its original's id, or to a dedupe.Copy; `entry_links` maps
    (feed, key) to the link the feed gave (else the outcome's URL is taken as the link)."""
    now = now_utc()
    counts = StoreCounts()
    links = entry_links or {}
    with open_warehouse(ctx.warehouse_path, wait_seconds=ctx.lock_wait_seconds) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            counts.articles = store.store_articles(con, [_article_row(a, duplicate_of, ctx.run_id, now) for a in articles])
            store.store_minhash_bands(con, _band_rows(a for a in articles if a.article_id not in duplicate_of))
            counts.entries = store.store_entries(con, [_entry_row(o, ctx.run_id, now, links) for o in outcomes])
            store.store_match_passes(con, _pass_rows(results, catalogue.version, matcher_version, ctx.run_id, now))
            counts.mentions = store.store_mentions(con, _mention_rows(results, catalogue.version, matcher_version))
            counts.matches = store.store_matches(con, _match_rows(results, catalogue.version, matcher_version, ctx.run_id, now))
            counts.alerts = store.queue_alerts(con, _alert_rows(alert_payloads, ctx.run_id, now), channels)
            for feed_name, validators in (ctx.pending_validators.items() if save_validators else ()):
                store.record_feed_health(con, feed_name, validators)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return counts


def _article_row(article: Article, duplicate_of: dict, run_id: str, now: datetime) -> dict:
    copy = duplicate_of.get(article.article_id)
    if isinstance(copy, str):
        copy = Copy(copy, "exact", 1.0)
    return {
        "article_id": article.article_id,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "feed_id": article.feed_name,
        "outlet": article.outlet,
        "title": article.title,
        "published_at": article.published,
        "language": article.language,
        "text": article.text,
        "content_hash": article.content_hash,
        "duplicate_of": copy.original if copy else None,
        "duplicate_kind": copy.kind if copy else None,
        "duplicate_similarity": copy.similarity if copy else None,
        "fingerprint": list(article.fingerprint) or None,
        "extractor_version": article.extractor_version,
        "fetched_at": now,
        "run_id": run_id,
    }


def _band_rows(originals: Iterable[Article]) -> list[dict]:
    """LSH rows of originals only: new articles are compared with originals, never with copies."""
    return [{"band": band, "bucket": bucket, "article_id": a.article_id} for a in originals for band, bucket in bands(a.fingerprint)]


def _entry_row(outcome: Article | Rejected | KnownPage, run_id: str, now: datetime, links: dict) -> dict:
    is_article = isinstance(outcome, (Article, KnownPage))
    link = links.get((outcome.feed_name, outcome.entry_key), outcome.url)
    return {
        "feed_id": outcome.feed_name,
        "entry_key": outcome.entry_key,
        "url": link,
        "canonical_url": normalize_url(link),
        "first_seen_at": now,
        "run_id": run_id,
        "article_id": outcome.article_id if is_article else None,
        "status": "article" if is_article else ("failed" if outcome.transient else "rejected"),
        "reject_reason": None if is_article else outcome.reason,
        "reject_detail": None if is_article else outcome.detail[:500],
    }


def match_result_rows(results: dict[str, MatchResult], catalogue_version: str, matcher_version: str, run_id: str,
                      now: datetime) -> tuple[list[dict], list[dict], list[dict]]:
    """(match_passes, actor_mentions, claim_matches) rows for the articles in `results`."""
    return (
        _pass_rows(results, catalogue_version, matcher_version, run_id, now),
        _mention_rows(results, catalogue_version, matcher_version),
        _match_rows(results, catalogue_version, matcher_version, run_id, now),
    )


def _pass_rows(results: dict[str, MatchResult], catalogue_version: str, matcher_version: str, run_id: str,
               now: datetime) -> list[dict]:
    """One pass per article matched, found something or not (see warehouse migration 0003)."""
    return [
        {"article_id": article_id, "matcher_version": matcher_version, "catalogue_version": catalogue_version,
         "matched_at": now, "run_id": run_id}
        for article_id in results
    ]


def _mention_rows(results: dict[str, MatchResult], catalogue_version: str, matcher_version: str) -> list[dict]:
    return [
        {
            "article_id": article_id,
            "actor_id": m.actor_id,
            "surface": m.surface,
            "start_offset": m.start,
            "end_offset": m.end,
            "matcher_version": matcher_version,
            "catalogue_version": catalogue_version,
        }
        for article_id, result in results.items()
        for m in result.actors
    ]


def _match_rows(results, catalogue_version, matcher_version, run_id, now) -> list[dict]:
    rows = {}
    for article_id, result in results.items():
        for match in result.claims:
            key = (article_id, match.claim_id)
            if key not in rows or match.score > rows[key]["score"]:
                rows[key] = {
                    "article_id": article_id,
                    "claim_id": match.claim_id,
                    "stance": match.stance,
                    "score": float(match.score),
                    "sentence": match.sentence,
                    "sentence_start": match.sentence_start,
                    "denier_actor_id": match.denier,
                    "matcher_version": matcher_version,
                    "catalogue_version": catalogue_version,
                    "run_id": run_id,
                    "matched_at": now,
                }
    return list(rows.values())


def _alert_rows(payloads: dict[tuple[str, str], dict], run_id: str, now: datetime) -> list[dict]:
    import json

    return [
        {
            "alert_id": alert_id(article_id, claim_id),
            "article_id": article_id,
            "claim_id": claim_id,
            "stance": payload["stance"],
            "score": payload["score"],
            "rule": payload.get("rule", "new_match"),
            "payload": json.dumps(payload, default=str),
            "created_at": now,
            "run_id": run_id,
        }
        for (article_id, claim_id), payload in payloads.items()
    ]
