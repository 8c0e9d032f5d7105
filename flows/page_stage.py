"""The page stage of the nightly flow: new entries -> fetched pages -> extracted and matched
articles -> stored, streamed a chunk at a time.

    entries (round-robin across feeds) -> chunks -> [task: fetch pages on a few threads, hand
    each body to the extraction pool] -> outcomes in entry order -> batches -> dedupe, plan
    alerts, store (one transaction each) -> the last batch also saves the feeds' validators

At most CHUNKS_IN_FLIGHT chunks of pages are held at once, so memory stays flat however many
entries a night brings, and the pool always has the next pages waiting while the flow process
stores earlier ones. With the local task runner the chunk tasks share one Fetcher (per-host
politeness holds across them) and one pool of extraction processes (extract_pool.py). With
Dask, each task already runs in a worker process: it fetches with its own Fetcher and extracts
and matches in place.
"""

from __future__ import annotations

import time
from collections import deque
from contextlib import ExitStack, contextmanager

from prefect import task
from prefect.cache_policies import NO_CACHE

from extractors.http import FetchPolicy
from extractors.models import Article, Rejected
from flows import alerts, pipeline
from flows.extract_pool import ExtractPool, InlineExtractor, MatcherSpec, PageOutcome
from flows.retries import RETRY_DELAYS, TASK_RETRIES, raise_while_retries_remain, retry_if_transient

__all__ = ["process_pages", "PAGE_CHUNK", "CHUNKS_IN_FLIGHT", "STORE_BATCH"]

# Entries per task: large enough to amortise a Prefect task's cost (tens of ms here), small
# enough that a few chunks in flight keep every extraction worker busy.
PAGE_CHUNK = 48
# Pages sent to an extraction worker in one call (a chunk makes PAGE_CHUNK / PAGES_PER_CALL calls).
PAGES_PER_CALL = 6
# Chunks whose pages may be held at once (being fetched, in the pool, or waiting to be stored).
CHUNKS_IN_FLIGHT = 3
# Outcomes written per warehouse transaction: few, large writes (each opens the file, ~30 ms);
# a killed run loses at most one batch of work.
STORE_BATCH = 192
# Rejections kept in the run summary as examples (all are counted, and stored as entries).
MAX_REJECTED_KEPT = 200
COUNT_KEYS = ("articles", "duplicates", "near_duplicates", "rejected", "actor_mentions", "claim_matches", "alerts")


@task(name="fetch, extract and match pages", cache_policy=NO_CACHE, retries=TASK_RETRIES,
      retry_delay_seconds=RETRY_DELAYS, retry_condition_fn=retry_if_transient)
def fetch_and_extract_task(policy: FetchPolicy, entries, run_id: str, fetcher, extractor, threads) -> tuple[list[PageOutcome], float]:
    """The chunk's outcomes in entry order, and the wall seconds its fetching took."""
    started = time.perf_counter()
    pages = pipeline.fetch_pages(policy, entries, run_id, fetcher, threads)
    fetch_seconds = time.perf_counter() - started
    # Only a chunk where every page failed transiently (the site is down) is tried again: that
    # refetches nothing that worked. Single failed pages are retried next run (entries 'failed').
    if pages and all(isinstance(p, Rejected) and p.transient for p in pages):
        raise_while_retries_remain(f"all {len(pages)} pages failed: {pages[0].detail}", pages[0].url)
    fetched = [(page.html, page.url, page.entry) for page in pages if not isinstance(page, Rejected)]
    handed = [extractor.submit_many(fetched[i:i + PAGES_PER_CALL]) for i in range(0, len(fetched), PAGES_PER_CALL)]
    extracted = iter([outcome for future in handed for outcome in future.result()])
    return [PageOutcome(page) if isinstance(page, Rejected) else next(extracted) for page in pages], fetch_seconds


def process_pages(settings, ctx, catalogue, matcher, summary, timed, logger, entries, record_error) -> None:
    """Run the page stage over the run's new `entries`; counts and seconds go into `summary`.

    `record_error(exc)` records a chunk task that failed after its retries; its entries are left
    for the next run."""
    totals = dict.fromkeys(COUNT_KEYS, 0)
    pending: list[PageOutcome] = []
    with ExitStack() as stack:
        # Workers start (imports, the matcher's model) while the plan is read from the warehouse.
        fetcher, extractor, threads = _workers(settings, ctx, catalogue, matcher, stack) if entries else (None, None, 1)
        plan = pipeline.plan_pages(ctx, entries)  # one fetch per page, none for pages stored already
        summary.counts.update(pages_to_fetch=len(plan.to_fetch), entries_same_page=len(plan.aliases),
                              entries_page_stored=len(plan.known))
        batches = _Batches(plan)
        progress = _Progress(logger, len(plan.to_fetch))
        to_fetch = pipeline.interleave_feeds(plan.to_fetch)
        submit = lambda chunk: fetch_and_extract_task.submit(settings.fetch, chunk, ctx.run_id, fetcher, extractor, threads)  # noqa: E731
        for done, fetch_seconds in _stream(to_fetch, submit, record_error):
            summary.seconds["fetch_pages_busy"] = summary.seconds.get("fetch_pages_busy", 0.0) + fetch_seconds
            pending.extend(done)
            progress.advance(len(done))
            if len(pending) >= STORE_BATCH:
                _store_batch(settings, ctx, catalogue, matcher, summary, timed, batches.of(pending), pending, totals)
                pending = []
    # The last write also saves the feeds' validators, so it happens even when nothing was new.
    _store_batch(settings, ctx, catalogue, matcher, summary, timed, batches.last(pending), pending, totals, final=True)
    summary.counts.update(totals)
    logger.info("%d articles stored (%d copies), %d entries rejected",
                totals["articles"], totals["duplicates"], totals["rejected"])


def _workers(settings, ctx, catalogue, matcher, stack: ExitStack):
    """(shared fetcher, extractor, fetch threads per task) for the configured task runner."""
    # The mode this process resolved (the model may be missing here): workers must use the same.
    semantic = getattr(matcher, "embedder", None) is not None
    spec = MatcherSpec(catalogue, settings.matcher.cache_dir, semantic, matcher.version)
    engine = settings.extract.engine  # the extractor carries it into fetch_and_extract_task
    if settings.runner.kind != "local":  # tasks run in worker processes: no shared objects
        return None, InlineExtractor(spec, engine), None
    fetcher = stack.enter_context(pipeline.run_fetcher(settings.fetch, ctx.run_id))
    pool = stack.enter_context(ExtractPool(spec, settings.runner.extract_workers or None, engine).start())
    return fetcher, pool, max(1, settings.fetch.concurrency // CHUNKS_IN_FLIGHT)


def _stream(entries: list, submit, record_error):
    """Each chunk's (outcomes in entry order, fetch seconds), with at most CHUNKS_IN_FLIGHT chunk
    tasks running.
    A chunk whose task failed (after its retries) comes back as transient failures
    ('task_failed'): its entries are recorded as failed and fetched again next run."""
    in_flight: deque = deque()
    chunks = [entries[i:i + PAGE_CHUNK] for i in range(0, len(entries), PAGE_CHUNK)]
    for index, chunk in enumerate(chunks):
        in_flight.append((chunk, submit(chunk)))
        last = index == len(chunks) - 1
        while in_flight and (len(in_flight) >= CHUNKS_IN_FLIGHT or last):
            chunk_done, future = in_flight.popleft()
            try:
                yield future.result()
            except Exception as exc:
                record_error(exc)
                yield [PageOutcome(Rejected(e.url, e.feed_name, e.key, "task_failed", "its fetch task failed",
                                            transient=True)) for e in chunk_done], 0.0


class _Batches:
    """The part of the run's PagePlan one stored batch covers: the aliases of its fetched pages
    (other entries of the same page), and, with the last batch, the entries already stored."""

    def __init__(self, plan: pipeline.PagePlan):
        self.plan = plan
        self.aliases_of: dict = {}
        for alias, representative in plan.aliases.items():
            self.aliases_of.setdefault(representative, []).append(alias)

    def of(self, batch: list[PageOutcome], known: list | None = None) -> pipeline.PagePlan:
        aliases = {alias: (p.outcome.feed_name, p.outcome.entry_key) for p in batch
                   for alias in self.aliases_of.get((p.outcome.feed_name, p.outcome.entry_key), ())}
        return pipeline.PagePlan([], aliases, known or [], self.plan.entries)

    def last(self, batch: list[PageOutcome]) -> pipeline.PagePlan:
        return self.of(batch, self.plan.known)


def _store_batch(settings, ctx, catalogue, matcher, summary, timed, plan: pipeline.PagePlan,
                 batch: list[PageOutcome], totals: dict, final: bool = False) -> None:
    fetched = [p.outcome for p in batch]
    outcomes = pipeline.expand_outcomes(plan, fetched)
    extracted = [o for o in fetched if isinstance(o, Article)]
    rejected = [o for o in outcomes if isinstance(o, Rejected)]
    _add_busy_seconds(summary, batch)
    summary.rejected.extend(rejected[:max(0, MAX_REJECTED_KEPT - len(summary.rejected))])
    _record_match_failures(summary, fetched)
    articles, copies, payloads, results = [], {}, {}, {}
    with timed("store"):  # the whole batch write; timed() also renews the run lock (at most once a minute)
        if extracted:
            with _busy(summary, "dedupe"):
                articles, copies = pipeline.find_duplicates(ctx, extracted)
            matches = {p.outcome.article_id: p.match for p in batch if p.match is not None}
            results = {a.article_id: matches[a.article_id] for a in articles if a.article_id in matches}
        duplicate_of = {article_id: copy.original for article_id, copy in copies.items()}
        if any(r.claims for r in results.values()):
            with _busy(summary, "plan_alerts"):
                payloads = alerts.plan_alerts(ctx.warehouse_path, ctx.lock_wait_seconds, articles, results,
                                              duplicate_of, catalogue, settings.alerts)
        counts = pipeline.store_results(
            ctx, outcomes=outcomes, articles=articles, duplicate_of=copies, results=results,
            catalogue=catalogue, matcher_version=matcher.version,
            channels=[alerts.channel_label(url) for url in settings.alerts.channels], alert_payloads=payloads,
            entry_links={identity: entry.url for identity, entry in plan.entries.items()} if outcomes else {},
            save_validators=final,
        )
    near = sum(1 for a in articles if a.article_id in copies and copies[a.article_id].kind == "near")
    for key, value in zip(COUNT_KEYS, (counts.articles, len(duplicate_of), near, len(rejected), counts.mentions,
                                       counts.matches, counts.alerts)):
        totals[key] += value


def _record_match_failures(summary, fetched: list) -> None:
    """A matcher failure rejects its article alone (see extract_pool.process_page); the run
    records it against the match stage, so it ends 'partial' and says why."""
    for outcome in fetched:
        if isinstance(outcome, Rejected) and outcome.reason == "match_failed":
            errors = summary.errors.setdefault("match", [])
            if len(errors) < MAX_REJECTED_KEPT:
                errors.append(f"{outcome.url}: {outcome.detail}"[:500])


@contextmanager
def _busy(summary, name: str):
    started = time.perf_counter()
    try:
        yield
    finally:
        summary.seconds[name] = summary.seconds.get(name, 0.0) + time.perf_counter() - started


def _add_busy_seconds(summary, batch: list[PageOutcome]) -> None:
    """Stages that overlap are reported as busy seconds summed over pages (CPU time in the
    extraction workers), not as wall time."""
    for name, value in (("extract_cpu", sum(p.extract_seconds for p in batch)),
                        ("match_cpu", sum(p.match_seconds for p in batch))):
        summary.seconds[name] = summary.seconds.get(name, 0.0) + value


class _Progress:
    """A log line at each quarter of the pages done."""

    def __init__(self, logger, total: int):
        self.logger, self.total, self.done, self.next_report = logger, total, 0, 0.25
        self.started = time.perf_counter()

    def advance(self, count: int) -> None:
        self.done += count
        if self.total and self.done / self.total >= self.next_report:
            rate = self.done / max(1e-9, time.perf_counter() - self.started)
            self.logger.info("pages: %d/%d (%.0f%%, %.1f/s)", self.done, self.total, 100 * self.done / self.total, rate)
            while self.done / self.total >= self.next_report:
                self.next_report += 0.25
