"""Failures inside a run: a transient one is retried by its task; one that persists is recorded
against its stage in `runs`, and the run goes on and leaves the lost items for the next run."""

from __future__ import annotations

import json
import threading

import duckdb
import pytest

from extractors.models import FeedFetch
from flows import nightly, page_stage, pipeline, runner
from flows.extract_pool import InlineExtractor, MatcherSpec
from flows.config import Settings
from flows.demo import demo_settings
from flows.demo_server import serve_demo_site

pytestmark = pytest.mark.slow

FAILING_TITLE = "Ankara dismisses mercenary reports"
FAILING_SLUG = "ankara-dismisses-mercenary-reports"


@pytest.fixture(scope="module")
def site():
    with serve_demo_site() as running:
        yield running


class MatcherFailingOn:
    """The real matcher, except that it raises (a bug, not transient) on one article."""

    def __init__(self, real, title: str):
        self.real, self.title, self.version = real, title, real.version

    def match(self, text, lang=None, title=""):
        if title == self.title:
            raise ValueError("matcher bug on this article")
        return self.real.match(text, lang, title)


def extract_in_this_process(monkeypatch):
    """Extract and match in the flow process (as a Dask worker does), not in worker processes,
    which a monkeypatch here cannot reach."""

    def inline(settings, ctx, catalogue, matcher, stack):
        spec = MatcherSpec(catalogue, settings.matcher.cache_dir, getattr(matcher, "embedder", None) is not None,
                           matcher.version)
        return None, InlineExtractor(spec), None

    monkeypatch.setattr(page_stage, "_workers", inline)


def _run(con_path, trigger="test"):
    with duckdb.connect(str(con_path), read_only=True) as con:
        return con.execute(
            "SELECT status, stage_errors FROM runs WHERE trigger = ? ORDER BY started_at DESC LIMIT 1", [trigger]
        ).fetchone()


def _urls(db) -> set[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {u for (u,) in con.execute("SELECT canonical_url FROM articles").fetchall()}


def _entry_status(db, slug: str):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT status, reject_reason FROM entries WHERE url LIKE ?", [f"%{slug}%"]).fetchall()


def test_a_failing_match_task_is_recorded_and_its_article_waits_for_the_next_run(prefect_harness, site, tmp_path, monkeypatch):
    settings = demo_settings(Settings(), site.feed_urls(), tmp_path / "w.duckdb", tmp_path)
    real_shared = runner.shared_matcher
    extract_in_this_process(monkeypatch)  # so that the failing matcher below is the one used
    monkeypatch.setattr(runner, "shared_matcher",
                        lambda catalogue, *more: MatcherFailingOn(real_shared(catalogue, *more), FAILING_TITLE))

    summary = nightly.run_nightly(settings, trigger="test", force_all_feeds=True)

    assert list(summary.errors) == ["match"] and "matcher bug on this article" in summary.errors["match"][0]
    status, errors = _run(settings.warehouse_path)
    assert status == "partial" and "matcher bug" in json.loads(errors)["match"][0]
    stored = _urls(settings.warehouse_path)
    assert not any(FAILING_SLUG in url for url in stored) and len(stored) >= 7
    assert _entry_status(settings.warehouse_path, FAILING_SLUG) == [("failed", "match_failed")]

    # Next run: its feed is not due, or unchanged and not parsed, yet the failed entry is fetched again.
    monkeypatch.setattr(runner, "shared_matcher", real_shared)
    again = nightly.run_nightly(settings, trigger="test")
    assert again.errors == {} and _run(settings.warehouse_path)[0] == "completed"
    added = _urls(settings.warehouse_path) - stored
    assert len(added) == 1 and FAILING_SLUG in added.pop()
    assert _entry_status(settings.warehouse_path, FAILING_SLUG) == [("article", None)]


def test_a_transient_feed_failure_is_retried_by_its_task(prefect_harness, site, tmp_path, monkeypatch):
    settings = demo_settings(Settings(), site.feed_urls(), tmp_path / "w.duckdb", tmp_path)
    flaky_feed = settings.feeds[0].name
    real_fetch, calls, lock = pipeline.fetch_feeds, [], threading.Lock()

    def first_try_fails(policy, due, *more):
        fetched = []
        for feed, validators in due:
            with lock:
                calls.append(feed.name)
                first = calls.count(feed.name) == 1
            if feed.name == flaky_feed and first:
                fetched.append(FeedFetch(feed=feed, status=503, error="503 Service Unavailable", error_kind="transient"))
            else:
                fetched.extend(real_fetch(policy, [(feed, validators)], *more))
        return fetched

    monkeypatch.setattr(pipeline, "fetch_feeds", first_try_fails)
    monkeypatch.setattr(nightly, "fetch_feeds_task", nightly.fetch_feeds_task.with_options(retry_delay_seconds=0))

    summary = nightly.run_nightly(settings, trigger="test", force_all_feeds=True)

    assert calls.count(flaky_feed) == 2
    assert all(calls.count(f.name) == 1 for f in settings.feeds if f.name != flaky_feed)
    fetched = {f.feed.name: f for f in summary.feeds}
    assert not fetched[flaky_feed].error and fetched[flaky_feed].entries
    assert summary.errors == {}


def test_a_failing_page_task_leaves_its_entries_for_the_next_run(prefect_harness, site, tmp_path, monkeypatch):
    settings = demo_settings(Settings(), site.feed_urls(), tmp_path / "w.duckdb", tmp_path)
    real_fetch = pipeline.fetch_pages

    def failing_on_one_page(policy, entries, *more):
        if any(FAILING_SLUG in e.url for e in entries):
            raise ValueError("extractor bug on this page")
        return real_fetch(policy, entries, *more)

    monkeypatch.setattr(page_stage, "PAGE_CHUNK", 1)  # one page per task: only its task fails
    monkeypatch.setattr(pipeline, "fetch_pages", failing_on_one_page)
    summary = nightly.run_nightly(settings, trigger="test", force_all_feeds=True)

    assert list(summary.errors) == ["pages"] and "extractor bug" in summary.errors["pages"][0]
    assert _run(settings.warehouse_path)[0] == "partial"
    assert _entry_status(settings.warehouse_path, FAILING_SLUG) == [("failed", "task_failed")]
    stored = _urls(settings.warehouse_path)

    monkeypatch.setattr(pipeline, "fetch_pages", real_fetch)
    assert nightly.run_nightly(settings, trigger="test").errors == {}
    added = _urls(settings.warehouse_path) - stored
    assert len(added) == 1 and FAILING_SLUG in added.pop()
