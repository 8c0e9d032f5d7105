"""The nightly flow: thin Prefect tasks over the plain stage functions of pipeline.py.

    load catalogue → feeds due → fetch feeds → new entries → fetch pages + extract → dedupe
    → match actors, claims, stance → store (one writer) → queue alerts → deliver → run summary

Work is batched: one task per ten feeds and one per chunk of pages, never per item. Pages stream
through fetch -> extract + match (worker processes) -> store a chunk at a time (page_stage.py).
Tasks run on the configured task runner (threads here, or a Dask cluster: flows/runner.py); every
write happens here in the flow process (DuckDB has one writer), under the warehouse's run lock.
Tasks retry transient failures with backoff (flows/retries.py); a task that still fails is
recorded against its stage in runs.stage_errors and the run goes on without its items.
"""

from __future__ import annotations

import json
import time
import uuid
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

from extractors.catalogue import load_catalogue
from extractors.feed_health import outcome
from extractors.models import FeedFetch, Rejected
from flows import alerts, page_stage, pipeline, run_lock
from flows.config import Settings
from flows.retries import RETRY_DELAYS, TASK_RETRIES, raise_while_retries_remain, retry_if_transient
from flows.runner import build_task_runner, shared_matcher
from warehouse.db import open_warehouse
from warehouse.store import finish_run

__all__ = ["nightly", "RunSummary", "run_nightly"]

RETRY_TRANSIENT = dict(retries=TASK_RETRIES, retry_delay_seconds=RETRY_DELAYS, retry_condition_fn=retry_if_transient)


@dataclass
class RunSummary:
    run_id: str
    feeds: list[FeedFetch] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    catalogue_version: str = ""
    matcher_version: str = ""
    delivery: alerts.DeliveryReport | None = None


# Feeds per task: a Prefect task costs tens of ms of CPU here and in its API server; one per
# feed was most of the cost of a run with nothing new.
FEEDS_PER_TASK = 10
# (run id, feed name) -> FeedFetch, held only while its task runs: a retry refetches just the
# feeds that failed transiently, not the whole batch.
_FEEDS_FETCHED: dict = {}


@task(name="fetch feeds", cache_policy=NO_CACHE, **RETRY_TRANSIENT)
def fetch_feeds_task(policy, batch, run_id: str, fetcher=None) -> list[FeedFetch]:
    todo = [(feed, validators) for feed, validators in batch if (run_id, feed.name) not in _FEEDS_FETCHED]
    for fetch in pipeline.fetch_feeds(policy, todo, run_id, fetcher):
        _FEEDS_FETCHED[(run_id, fetch.feed.name)] = fetch
    fetches = [_FEEDS_FETCHED.pop((run_id, feed.name)) for feed, _ in batch]
    # Retry-After: feed_health waits instead; other transient failures are tried again now.
    failed = [f for f in fetches if f.error_kind == "transient" and f.retry_after_seconds is None]
    if failed:
        for fetch in fetches:
            if fetch not in failed:
                _FEEDS_FETCHED[(run_id, fetch.feed.name)] = fetch
        raise_while_retries_remain(f"{len(failed)} feeds failed: {failed[0].error}", failed[0].feed.url)
        for fetch in fetches:  # the last try: keep nothing
            _FEEDS_FETCHED.pop((run_id, fetch.feed.name), None)
    return fetches


def _recorder(stage: str, summary: RunSummary, logger):
    """on_error for a stage's tasks: a task that failed after its retries is recorded against its
    stage, and its items are left for the next run."""

    def record(exc: Exception) -> None:
        summary.errors.setdefault(stage, []).append(f"{type(exc).__name__}: {exc}"[:500])
        logger.error("a %s task failed, its items are left for the next run: %s", stage, exc)

    return record


def _gather(futures, stage: str, summary: RunSummary, logger) -> list:
    """Results of the tasks that succeeded, in submission order (failures recorded)."""
    record, results = _recorder(stage, summary, logger), []
    for future in futures:
        try:
            results.append(future.result())
        except Exception as exc:
            record(exc)
    return results


@contextmanager
def _recorded(stage: str, summary: RunSummary, logger):
    """Record a failure of this stage and go on with the run."""
    try:
        yield
    except Exception as exc:
        summary.errors.setdefault(stage, []).append(f"{type(exc).__name__}: {exc}"[:500])
        logger.error("stage %s failed, the run goes on: %s", stage, exc)


def _lock_renewer(ctx, stale_after_seconds: float):
    """renew(): renews the run lock at a stage's start, unless it was renewed moments ago. Each
    renewal opens the warehouse (~30 ms); a lock is stale only after hours, so a renewal a minute
    (or a tenth of the stale limit, if lower) is plenty."""
    every = min(60.0, stale_after_seconds / 10)
    last = time.monotonic()  # acquire() has just taken it

    def renew() -> None:
        nonlocal last
        if time.monotonic() - last >= every:
            run_lock.renew(ctx.warehouse_path, ctx.lock_wait_seconds, ctx.run_id)
            last = time.monotonic()

    return renew


def _stage_timer(summary: RunSummary, on_start=lambda: None):
    """Returns timed(name): a context manager adding the stage's wall seconds to the summary."""

    @contextmanager
    def timed(name: str):
        on_start()
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
    ctx = pipeline.RunContext(run_id, str(settings.warehouse_path), settings.lock_wait_seconds)
    run_lock.acquire(ctx.warehouse_path, ctx.lock_wait_seconds, run_id, trigger, settings.schedule.lock_stale_after_seconds)
    try:
        return _locked_run(settings, ctx, summary, trigger, force_all_feeds, logger)
    finally:
        run_lock.release(ctx.warehouse_path, ctx.lock_wait_seconds, run_id)


def _locked_run(settings, ctx, summary, trigger, force_all_feeds, logger) -> RunSummary:
    timed = _stage_timer(summary, on_start=_lock_renewer(ctx, settings.schedule.lock_stale_after_seconds))
    try:
        with timed("catalogue"):
            catalogue = load_catalogue(settings.catalogue_path)
            matcher = shared_matcher(catalogue, settings.matcher.cache_dir, settings.matcher.semantic)
        summary.catalogue_version, summary.matcher_version = catalogue.version, matcher.version
        logger.info("catalogue %s: %d actors, %d claims; matcher %s", catalogue.version,
                    len(catalogue.actors), len(catalogue.claims), matcher.version)
        with timed("prepare"):
            pipeline.prepare_warehouse(ctx, catalogue, settings.feeds, trigger, flow_run.get_id(), matcher.version)
        _run_stages(settings, ctx, catalogue, matcher, summary, timed, logger, force_all_feeds)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        # Tell the alert channels first: a locked warehouse below must not silence the notice.
        alerts.notify_failure(settings.alerts.channels, ctx.run_id, error, summary.counts, settings.alerts.timeout_seconds)
        _finish(ctx, summary, "failed", error)
        raise
    _finish(ctx, summary, "partial" if summary.errors else "completed", None)
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
    with timed("fetch_feeds"), ExitStack() as stack:
        due = pipeline.feeds_due(settings.feeds, ctx.health, pipeline.now_utc(), force_all_feeds)
        # Tasks in this process share one Fetcher (building one per feed costs tens of ms of CPU).
        local = settings.runner.kind == "local" and due
        fetcher = stack.enter_context(pipeline.run_fetcher(settings.fetch, ctx.run_id)) if local else None
        batches = [due[i:i + FEEDS_PER_TASK] for i in range(0, len(due), FEEDS_PER_TASK)]
        futures = [fetch_feeds_task.submit(settings.fetch, batch, ctx.run_id, fetcher) for batch in batches]
        summary.feeds = [fetch for fetches in _gather(futures, "fetch_feeds", summary, logger) for fetch in fetches]
        with _recorded("feed_health", summary, logger):
            pipeline.record_feed_fetches(ctx, summary.feeds, pipeline.now_utc())
    for fetch in summary.feeds:
        if fetch.error:
            logger.warning("feed %s (%s) failed: %s", fetch.feed.name, fetch.feed.url, fetch.error)
        else:
            logger.info("feed %s: %d entries%s", fetch.feed.name, len(fetch.entries), " (not modified)" if fetch.not_modified else "")
    entries = pipeline.unseen_entries(ctx, summary.feeds)
    entries += pipeline.entries_to_retry(ctx, settings.feeds, entries)
    summary.counts.update(feeds_due=len(due), feeds_failed=sum(1 for f in summary.feeds if f.error),
                          **_feed_outcomes(summary.feeds), new_entries=len(entries))
    logger.info("%d new entries to fetch", len(entries))

    with timed("pages"):
        page_stage.process_pages(settings, ctx, catalogue, matcher, summary, timed, logger, entries,
                                 _recorder("pages", summary, logger))
    with timed("alerts"), _recorded("alerts", summary, logger):
        summary.delivery = alerts.deliver_pending(ctx.warehouse_path, settings.alerts, ctx.lock_wait_seconds)
        summary.counts.update(alerts_sent=summary.delivery.sent, alerts_failed=summary.delivery.failed,
                              alerts_held=summary.delivery.held)
    logger.info("stored %s", summary.counts)


def _feed_outcomes(fetches: list[FeedFetch]) -> dict:
    """How many feeds were parsed, answered 304, or had an unchanged body (not parsed)."""
    kinds = [outcome(f) for f in fetches]
    return {f"feeds_{kind}": kinds.count(kind) for kind in ("parsed", "not_modified", "unchanged")}


def _finish(ctx, summary: RunSummary, status: str, error: str | None) -> None:
    with open_warehouse(ctx.warehouse_path, wait_seconds=ctx.lock_wait_seconds) as con:
        finish_run(con, ctx.run_id, status, summary.counts, summary.seconds, error)
        con.execute("UPDATE runs SET stage_errors = ? WHERE run_id = ?", [json.dumps(summary.errors), ctx.run_id])


def run_nightly(settings: Settings, trigger: str = "manual", force_all_feeds: bool = False) -> RunSummary:
    """Run the flow in this process (Prefect starts a temporary server when none is configured),
    its tasks on the configured task runner."""
    flow_with_runner = nightly.with_options(task_runner=build_task_runner(settings.runner))
    # Prefect 3.8 sends flow-run heartbeats from a thread that sleeps in 1 s steps and is joined
    # when the run ends: every run waited up to a second for it (half of a night with nothing
    # new). This flow is run by hand or cron, where nothing watches heartbeats, or as a subflow of
    # the served deployment, whose own run keeps sending them; so it sends none.
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        return flow_with_runner(settings, trigger=trigger, force_all_feeds=force_all_feeds)
