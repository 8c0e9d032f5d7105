"""The nightly flow: thin Prefect tasks over the plain stage functions of pipeline.py.

    load catalogue → feeds due → fetch feeds → new entries → fetch pages + extract → dedupe
    → match actors, claims, stance → store (one writer) → queue alerts → deliver → run summary

Work is batched: one task per feed and one per chunk of pages or articles, never per sentence.
Every write happens here in the flow process (DuckDB has one writer).
"""

from __future__ import annotations

import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from extractors.catalogue import load_catalogue
from extractors.matcher import Matcher
from extractors.models import Article, FeedFetch, MatchResult, Rejected
from flows import alerts, pipeline
from flows.config import Settings
from flows.progress import track
from warehouse import queries
from warehouse.db import open_warehouse
from warehouse.store import finish_run

__all__ = ["nightly", "RunSummary", "run_nightly"]

PAGE_BATCH = 16
MATCH_BATCH = 32


@dataclass
class RunSummary:
    run_id: str
    feeds: list[FeedFetch] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)
    catalogue_version: str = ""
    matcher_version: str = ""
    delivery: alerts.DeliveryReport | None = None


@task(name="fetch feed", cache_policy=NO_CACHE, retries=0)
def fetch_feed_task(policy, feed, validators) -> FeedFetch:
    return pipeline.fetch_one_feed(policy, feed, validators)


@task(name="fetch and extract pages", cache_policy=NO_CACHE)
def fetch_pages_task(policy, entries) -> list[Article | Rejected]:
    return pipeline.fetch_entry_batch(policy, entries)


@task(name="match articles", cache_policy=NO_CACHE)
def match_task(matcher: Matcher, articles: list[Article]) -> dict[str, MatchResult]:
    return {a.article_id: matcher.match(a.text, a.language, a.title) for a in articles}


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _stage_timer(summary: RunSummary):
    """Returns timed(name): a context manager adding the stage's wall seconds to the summary."""

    @contextmanager
    def timed(name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            summary.seconds[name] = summary.seconds.get(name, 0.0) + time.perf_counter() - started

    return timed


@flow(name="claimwatch-nightly", log_prints=False)
def nightly(settings: Settings, trigger: str = "manual", force_all_feeds: bool = False) -> RunSummary:
    logger = get_run_logger()
    run_id = str(flow_run.get_id() or uuid.uuid4())
    summary = RunSummary(run_id=run_id)
    timed = _stage_timer(summary)
    ctx = pipeline.RunContext(run_id, str(settings.warehouse_path), settings.lock_wait_seconds)
    try:
        with timed("catalogue"):
            catalogue = load_catalogue(settings.catalogue_path)
            matcher = Matcher(catalogue)
        summary.catalogue_version, summary.matcher_version = catalogue.version, matcher.version
        logger.info("catalogue %s: %d actors, %d claims; matcher %s", catalogue.version,
                    len(catalogue.actors), len(catalogue.claims), matcher.version)
        with timed("prepare"):
            pipeline.prepare_warehouse(ctx, catalogue, settings.feeds, trigger, flow_run.get_id(), matcher.version)
        _run_stages(settings, ctx, catalogue, matcher, summary, timed, logger, force_all_feeds)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        # Tell the alert channels first: a locked warehouse below must not silence the notice.
        alerts.notify_failure(settings.alerts.channels, run_id, error, summary.counts, settings.alerts.timeout_seconds)
        _finish(ctx, summary, "failed", error)
        raise
    _finish(ctx, summary, "completed", None)
    _publish_summary(summary)
    return summary


def _publish_summary(summary: RunSummary) -> None:
    """The run summary as a Markdown artifact in the Prefect UI (best effort: the run is done)."""
    try:
        create_markdown_artifact(alerts.run_summary_markdown(summary, summary.delivery),
                                 key="claimwatch-run-summary", description="claimwatch nightly run summary")
    except Exception as exc:  # an unreachable Prefect API must not fail a completed run
        get_run_logger().warning("could not publish the run summary artifact: %s", exc)


def _run_stages(settings, ctx, catalogue, matcher, summary, timed, logger, force_all_feeds) -> None:
    with timed("fetch_feeds"):
        due = pipeline.feeds_due(settings.feeds, ctx.health, pipeline.now_utc(), force_all_feeds)
        futures = [fetch_feed_task.submit(settings.fetch, feed, validators) for feed, validators in due]
        summary.feeds = [f.result() for f in futures]
        pipeline.record_feed_fetches(ctx, summary.feeds, pipeline.now_utc())
    for fetch in summary.feeds:
        if fetch.error:
            logger.warning("feed %s (%s) failed: %s", fetch.feed.name, fetch.feed.url, fetch.error)
        else:
            logger.info("feed %s: %d entries%s", fetch.feed.name, len(fetch.entries), " (not modified)" if fetch.not_modified else "")
    entries = pipeline.new_entries(summary.feeds, ctx.known_entries)
    summary.counts.update(feeds_due=len(due), feeds_failed=sum(1 for f in summary.feeds if f.error), new_entries=len(entries))
    logger.info("%d new entries to fetch", len(entries))

    with timed("fetch_pages"):
        futures = [fetch_pages_task.submit(settings.fetch, batch) for batch in _chunks(entries, PAGE_BATCH)]
        outcomes = [o for batch in track(futures, "fetching pages", len(entries), logger) for o in batch]
    extracted = [o for o in outcomes if isinstance(o, Article)]
    summary.rejected = [o for o in outcomes if isinstance(o, Rejected)]
    logger.info("%d pages extracted, %d rejected", len(extracted), len(summary.rejected))

    with timed("dedupe"):
        with open_warehouse(ctx.warehouse_path, read_only=False, wait_seconds=ctx.lock_wait_seconds) as con:
            stored = queries.existing_article_ids(con, [a.article_id for a in extracted])
            owners = queries.content_hash_owners(con, [a.content_hash for a in extracted])
        articles, duplicate_of = pipeline.dedupe_articles(extracted, stored, owners)

    with timed("match"):
        futures = [match_task.submit(matcher, batch) for batch in _chunks(articles, MATCH_BATCH)]
        results = {k: v for batch in track(futures, "matching", len(articles), logger) for k, v in batch.items()}

    with timed("store"):
        payloads = alerts.plan_alerts(ctx.warehouse_path, ctx.lock_wait_seconds, articles, results,
                                      duplicate_of, catalogue, settings.alerts)
        channels = [alerts.channel_label(url) for url in settings.alerts.channels]
        counts = pipeline.store_results(
            ctx, outcomes=outcomes, articles=articles, duplicate_of=duplicate_of, results=results,
            catalogue=catalogue, matcher_version=matcher.version, channels=channels, alert_payloads=payloads,
        )
    summary.counts.update(
        articles=counts.articles, duplicates=len(duplicate_of), rejected=len(summary.rejected),
        actor_mentions=counts.mentions, claim_matches=counts.matches, alerts=counts.alerts,
    )
    with timed("alerts"):
        summary.delivery = alerts.deliver_pending(ctx.warehouse_path, settings.alerts, ctx.lock_wait_seconds)
    summary.counts.update(alerts_sent=summary.delivery.sent, alerts_failed=summary.delivery.failed,
                          alerts_held=summary.delivery.held)
    logger.info("stored %s", summary.counts)


def _finish(ctx, summary: RunSummary, status: str, error: str | None) -> None:
    with open_warehouse(ctx.warehouse_path, wait_seconds=ctx.lock_wait_seconds) as con:
        finish_run(con, ctx.run_id, status, summary.counts, summary.seconds, error)


def run_nightly(settings: Settings, trigger: str = "manual", force_all_feeds: bool = False) -> RunSummary:
    """Run the flow in this process (Prefect starts a temporary server when none is configured)."""
    return nightly(settings, trigger=trigger, force_all_feeds=force_all_feeds)
