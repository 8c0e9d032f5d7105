"""Re-match stored articles after the catalogue or the matcher changed, without refetching.

Old rows keep their versions: the new matcher and catalogue add their own claim_matches,
actor_mentions and match_passes rows, and the views count each article by its latest pass, so
nothing is counted twice and the history of what each version found stays queryable. No alert
is raised for matches a rescore finds (they are old news); `new_matches` shows them with the
rescore as their first run.

The work goes batch by batch, each batch written in one short transaction, so an analyst can
open the file between batches and a rescore killed halfway resumes where it stopped (articles
that already have a pass with these versions are skipped, unless `force`).
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import asdict, dataclass

from extractors.catalogue import catalogue_to_dict
from extractors.models import Catalogue
from flows.pipeline import match_result_rows, now_utc
from warehouse import queries, store
from warehouse.db import open_warehouse

__all__ = ["RescoreSummary", "rescore_articles"]

log = logging.getLogger(__name__)


@dataclass
class RescoreSummary:
    run_id: str
    catalogue_version: str
    matcher_version: str
    articles: int = 0
    claim_matches: int = 0
    actor_mentions: int = 0
    gained: int = 0
    lost: int = 0
    seconds: float = 0.0


def rescore_articles(warehouse_path: str, catalogue: Catalogue, matcher, *, lock_wait_seconds: float = 120.0,
                     batch_size: int = 200, force: bool = False, progress=None) -> RescoreSummary:
    """Match every stored article (not yet matched with these versions) with `matcher`.

    `matcher` has `.version` and `.match(text, lang, title) -> MatchResult`. `progress(done,
    total)` is called after each batch. The rescore is recorded in `runs` with trigger rescore."""
    started = time.perf_counter()
    summary = RescoreSummary(f"rescore-{uuid.uuid4()}", catalogue.version, matcher.version)
    with open_warehouse(warehouse_path, wait_seconds=lock_wait_seconds) as con:
        con.execute("BEGIN TRANSACTION")
        store.store_catalogue(con, catalogue.version, catalogue.source, catalogue_to_dict(catalogue))
        store.start_run(con, summary.run_id, "rescore", None, catalogue.version, matcher.version)
        con.execute("COMMIT")
        todo = queries.articles_to_rescore(con, matcher.version, catalogue.version, force)
    log.info("rescore %s: %d articles to match with matcher %s, catalogue %s",
             summary.run_id, len(todo), matcher.version, catalogue.version)
    try:
        for first in range(0, len(todo), batch_size):
            _rescore_batch(warehouse_path, lock_wait_seconds, todo[first:first + batch_size], matcher, summary)
            if progress:
                progress(min(first + batch_size, len(todo)), len(todo))
    except BaseException as exc:
        try:
            _finish(warehouse_path, lock_wait_seconds, summary, started, "failed", f"{type(exc).__name__}: {exc}")
        except Exception as finish_error:  # the original error matters more than the bookkeeping
            log.error("could not record the failed rescore %s: %s", summary.run_id, finish_error)
        raise
    _finish(warehouse_path, lock_wait_seconds, summary, started, "completed", None)
    return summary


def _rescore_batch(warehouse_path, lock_wait_seconds, article_ids, matcher, summary: RescoreSummary) -> None:
    with open_warehouse(warehouse_path, wait_seconds=lock_wait_seconds) as con:
        texts = queries.article_texts(con, article_ids)
        before = queries.current_match_pairs(con, article_ids)
    # Matching is the slow part: it runs with the file closed, so others can use it meanwhile.
    results = {article_id: matcher.match(text, language, title or "") for article_id, text, language, title in texts}
    passes, mentions, matches = match_result_rows(
        results, summary.catalogue_version, summary.matcher_version, summary.run_id, now_utc())
    with open_warehouse(warehouse_path, wait_seconds=lock_wait_seconds) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            store.store_match_passes(con, passes)
            summary.actor_mentions += store.store_mentions(con, mentions)
            summary.claim_matches += store.store_matches(con, matches)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        after = queries.current_match_pairs(con, article_ids)
    summary.articles += len(texts)
    summary.gained += len(after - before)
    summary.lost += len(before - after)


def _finish(warehouse_path, lock_wait_seconds, summary: RescoreSummary, started: float, status: str,
            error: str | None) -> None:
    summary.seconds = time.perf_counter() - started
    counts = {k: v for k, v in asdict(summary).items() if isinstance(v, int)}
    with open_warehouse(warehouse_path, wait_seconds=lock_wait_seconds) as con:
        store.finish_run(con, summary.run_id, status, counts, {"rescore": summary.seconds}, error)
