"""Extraction and matching in worker processes.

trafilatura and the matcher are pure-Python CPU work (trafilatura alone costs tens of ms per news
page): threads cannot run them on a second core because of the GIL. So each page goes to a pool
of worker processes, one per core, each holding its own matcher (runner.shared_matcher: built
once per process, the claim embeddings read from [matcher] cache_dir, which the flow process has
filled). The flow process keeps the I/O (fetching pages, writing the warehouse) and sends each
page to the pool as soon as it arrives, so fetching and storing overlap with extraction.

Workers only compute: they never touch the warehouse (DuckDB has one writer, the flow process).
A page travels as its decoded text (pickled once); an Article and its MatchResult come back.
The extraction engine ([extract] engine) travels with each call, so a pool serves one run's choice.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from extractors.articles import extract_article
from extractors.fast_extract import DEFAULT_ENGINE
from extractors.models import Article, Catalogue, FeedEntry, MatchResult, Rejected

__all__ = ["MatcherSpec", "PageOutcome", "ExtractPool", "InlineExtractor", "process_page", "process_pages", "default_workers"]

# Modules every worker needs: the fork server imports them once, so each worker starts warm.
_PRELOAD = ["extractors.articles", "extractors.matcher", "flows.runner"]


@dataclass(frozen=True)
class MatcherSpec:
    """What a process needs to build the run's matcher, and the version it must come out as (a
    worker whose install differs, say without the sentence model, must not match silently)."""

    catalogue: Catalogue
    cache_dir: object = None
    semantic: bool | None = None
    version: str = ""

    def build(self):
        from flows.runner import shared_matcher

        matcher = shared_matcher(self.catalogue, self.cache_dir, self.semantic)
        if self.version and matcher.version != self.version:
            raise RuntimeError(f"this process's matcher is {matcher.version}, the run's is {self.version}: "
                               "install the same claimwatch, with the same extras, everywhere")
        return matcher


@dataclass(frozen=True)
class PageOutcome:
    """One entry's page after extraction and matching. The seconds are CPU seconds in the worker."""

    outcome: Article | Rejected
    match: MatchResult | None = None
    extract_seconds: float = 0.0
    match_seconds: float = 0.0


_spec: MatcherSpec | None = None


def _start_worker(spec: MatcherSpec) -> None:
    global _spec
    _spec = spec
    spec.build()  # now, not on the first page: a broken install fails the pool at once


def process_page(html: bytes | str, url: str, entry: FeedEntry, spec: MatcherSpec | None = None,
                 engine: str = DEFAULT_ENGINE) -> PageOutcome:
    """Extract the page with `engine`, then match the article. A matcher failure rejects this one article as
    'match_failed' (transient: the entry is fetched again next run), never the whole chunk."""
    matcher = (spec or _spec).build()
    started = time.process_time()
    outcome = extract_article(html, url, entry, engine)
    extracted = time.process_time()
    if not isinstance(outcome, Article):
        return PageOutcome(outcome, None, extracted - started)
    try:
        result = matcher.match(outcome.text, outcome.language, outcome.title)
    except Exception as exc:
        failed = Rejected(url, entry.feed_name, entry.key, "match_failed", f"{type(exc).__name__}: {exc}"[:500], transient=True)
        return PageOutcome(failed, None, extracted - started, time.process_time() - extracted)
    return PageOutcome(outcome, result, extracted - started, time.process_time() - extracted)


def process_pages(pages: list[tuple[bytes | str, str, FeedEntry]], spec: MatcherSpec | None = None,
                  engine: str = DEFAULT_ENGINE) -> list[PageOutcome]:
    """process_page for each (html, url, entry), in order: one call to a worker for several pages."""
    return [process_page(html, url, entry, spec, engine) for html, url, entry in pages]


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _context():
    """forkserver where available: workers fork from a clean, single-threaded server process
    (forking the flow process itself, with Prefect's threads running, risks deadlocks)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


class ExtractPool:
    """A pool of extraction workers for one run. Use as a context manager."""

    def __init__(self, spec: MatcherSpec, workers: int | None = None, engine: str = DEFAULT_ENGINE):
        self.workers = workers or default_workers()
        self.engine = engine
        self._executor = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=_context(), initializer=_start_worker, initargs=(spec,),
        )

    def start(self) -> "ExtractPool":
        """Start every worker now (the executor starts them one submit at a time), so their
        start-up overlaps with what the flow does before the first page arrives."""
        for _ in range(self.workers):
            self._executor.submit(os.getpid)
        return self

    def submit(self, html: bytes | str, url: str, entry: FeedEntry) -> Future:
        """A future of the page's PageOutcome."""
        return self._executor.submit(process_page, html, url, entry, None, self.engine)

    def submit_many(self, pages: list[tuple[bytes | str, str, FeedEntry]]) -> Future:
        """A future of the pages' PageOutcomes, in order, computed by one worker. Sending pages a
        few at a time keeps a second or so of work queued for each worker: one page per call
        left them waiting whenever the flow process's busy threads delayed the pool's feeder
        thread (measured: bench/NOTES.md)."""
        return self._executor.submit(process_pages, pages, None, self.engine)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "ExtractPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class InlineExtractor:
    """The pool's interface, working in the calling process: for task runners whose tasks run in
    worker processes already (Dask), where a pool inside each task would oversubscribe the cores."""

    def __init__(self, spec: MatcherSpec, engine: str = DEFAULT_ENGINE):
        self.spec = spec
        self.engine = engine

    def submit(self, html: bytes | str, url: str, entry: FeedEntry) -> Future:
        return _done(process_page, html, url, entry, self.spec, self.engine)

    def submit_many(self, pages: list[tuple[bytes | str, str, FeedEntry]]) -> Future:
        return _done(process_pages, pages, self.spec, self.engine)


def _done(function, *args) -> Future:
    """A future already holding function(*args), or the exception it raised."""
    future: Future = Future()
    try:
        future.set_result(function(*args))
    except Exception as exc:
        future.set_exception(exc)
    return future
