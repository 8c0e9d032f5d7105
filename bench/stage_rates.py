"""Articles per second per core, stage by stage, for the capacity plan (docs/capacity.md).

    python -m bench.stage_rates [--articles 240] [--corpus ../shared/corpus/html]

Measures in this one process, on the shared corpus pages served by bench/site.py from its own
process (so the server's CPU is not counted):

  fetch     HTTP GET of each page over loopback (httpx, decoding): CPU seconds per page
  extract   trafilatura on each fetched page: CPU seconds per page
  match     the matcher (actors, claims, stance) on each extracted article: CPU seconds. The
            corpus pages are general news, which names actors but seldom a catalogued claim, so
            matching is also measured on on-topic texts (the seed corpus and the demo site's
            articles), where most sentences go through the embedding model
  store     one transaction writing every article, entry, mention and match (the single
            DuckDB writer): wall seconds, since that is what serialises

With --flow it also runs the real nightly flow (local runner, a temporary Prefect server) over
the same site and prints its per-stage wall seconds per article: what the flow process itself
spends (dedupe, store, alerts), which is the part that cannot be spread over workers.

CPU time (time.process_time) is used for the stages that parallelise, so the figure is per core
whatever else runs on the machine; the writer is measured in wall time, best of three.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench.site import SitePlan, default_corpus_dir, page_count, serve_site

ROOT = Path(__file__).resolve().parent.parent


def _entries(site, plan: SitePlan):
    from extractors.models import FeedEntry

    return [FeedEntry(feed_name=f"bench-{e.feed:02d}", key=e.guid, url=site.base_url + e.path, title=f"Bench story {e.index}")
            for e in plan.entries() if e.kind == "original"]


def _timed_cpu(function, *args):
    started = time.process_time()
    result = function(*args)
    return result, time.process_time() - started


def measure(articles: int, corpus: Path) -> dict:
    from extractors.catalogue import load_catalogue
    from extractors.http import FetchPolicy
    from extractors.models import Article
    from flows import pipeline
    from flows.config import default_catalogue_path
    from flows.runner import shared_matcher

    plan = SitePlan(articles=articles, feeds=10, pages=page_count(corpus))
    policy = FetchPolicy(allow_private_addresses=("127.0.0.1/32",), per_host_concurrency=8, host_delay_seconds=0.0,
                         concurrency=8, respect_robots=False)
    with serve_site(plan, corpus) as site:
        entries = _entries(site, plan)
        pages, fetch_cpu = _timed_cpu(pipeline.fetch_pages, policy, entries)
    extracted, extract_cpu = _timed_cpu(pipeline.extract_pages, pages)
    found = [a for a in extracted if isinstance(a, Article)]

    catalogue = load_catalogue(default_catalogue_path())
    matcher, build_cpu = _timed_cpu(shared_matcher, catalogue)
    results, match_cpu = _timed_cpu(lambda: {a.article_id: matcher.match(a.text, a.language, a.title) for a in found})
    store_wall = min(_store_once(catalogue, matcher, extracted, found, results) for _ in range(3))
    topical = _on_topic_texts()
    topical_results, topical_cpu = _timed_cpu(lambda: [matcher.match(text, "en", title) for title, text in topical])
    return {
        "topical_texts": len(topical), "topical_cpu": topical_cpu,
        "topical_chars": sum(len(text) for _, text in topical),
        "topical_matches": sum(len(r.claims) for r in topical_results),
        "pages": len(entries), "articles": len(found), "fetch_cpu": fetch_cpu, "extract_cpu": extract_cpu,
        "matcher_build_cpu": build_cpu, "match_cpu": match_cpu, "store_wall": store_wall,
        "mentions": sum(len(r.actors) for r in results.values()), "matches": sum(len(r.claims) for r in results.values()),
        "text_chars": sum(len(a.text) for a in found),
    }


def _on_topic_texts() -> list[tuple[str, str]]:
    """(title, text) of the seed corpus files and the demo site's articles."""
    import tomllib

    seeds = [("", path.read_text(encoding="utf-8")) for path in sorted((ROOT / "seeds" / "corpus").glob("*.txt"))]
    site = tomllib.loads((ROOT / "flows" / "demo_site" / "articles.toml").read_text(encoding="utf-8"))
    return seeds + [(a["title"], "\n\n".join(a["body"])) for a in site["articles"]]


def _store_once(catalogue, matcher, outcomes, articles, results) -> float:
    from flows import pipeline

    with tempfile.TemporaryDirectory() as folder:
        ctx = pipeline.RunContext("bench-run", str(Path(folder) / "bench.duckdb"), 0)
        pipeline.prepare_warehouse(ctx, catalogue, (), "bench", None, matcher.version)
        started = time.perf_counter()
        pipeline.store_results(ctx, outcomes=outcomes, articles=articles, duplicate_of={}, results=results,
                               catalogue=catalogue, matcher_version=matcher.version, channels=[], alert_payloads={})
        return time.perf_counter() - started


def measure_flow(articles: int, corpus: Path) -> dict:
    import os

    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "240")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from extractors.http import FetchPolicy
    from extractors.models import Feed
    from flows.config import Settings
    from flows.nightly import run_nightly

    plan = SitePlan(articles=articles, feeds=10, pages=page_count(corpus))
    policy = FetchPolicy(allow_private_addresses=("127.0.0.1/32",), per_host_concurrency=8, host_delay_seconds=0.0,
                         concurrency=8, respect_robots=False)
    with tempfile.TemporaryDirectory() as folder, serve_site(plan, corpus) as site:
        settings = Settings(warehouse_path=Path(folder) / "flow.duckdb", fetch=policy,
                            feeds=tuple(Feed(name, url, "en") for name, url, _ in site.feed_urls()))
        started = time.perf_counter()
        summary = run_nightly(settings, trigger="bench", force_all_feeds=True)
        wall = time.perf_counter() - started
    return {"articles": summary.counts.get("articles", 0), "wall": wall, "seconds": summary.seconds}


def report_flow(f: dict, write=print) -> None:
    n = max(f["articles"], 1)
    write(f"nightly flow, local runner: {f['articles']} articles stored in {f['wall']:.1f} s wall")
    write(f"{'flow stage':<32} {'s':>8} {'ms/article':>11}")
    for stage, seconds in f["seconds"].items():
        write(f"{stage:<32} {seconds:>8.2f} {seconds / n * 1000:>11.1f}")


def report(m: dict, write=print) -> None:
    n = m["articles"]
    rows = [("fetch (HTTP, decode)", m["fetch_cpu"] / m["pages"], "CPU"),
            ("extract (trafilatura)", m["extract_cpu"] / m["pages"], "CPU"),
            ("match, general news", m["match_cpu"] / n, "CPU"),
            ("match, on-topic texts", m["topical_cpu"] / m["topical_texts"], "CPU"),
            ("store (one DuckDB writer)", m["store_wall"] / n, "wall")]
    write(f"{m['pages']} pages, {n} articles ({m['text_chars'] / n:.0f} chars of text each), "
          f"{m['mentions']} actor mentions, {m['matches']} claim matches")
    write(f"matcher built in {m['matcher_build_cpu']:.1f} CPU s (once per process)")
    write(f"{'stage':<32} {'ms/article':>11} {'articles/s/core':>16}")
    for name, seconds, kind in rows:
        write(f"{name:<32} {seconds * 1000:>8.1f} {kind:<4} {1 / seconds:>14.1f}")
    write(f"on-topic texts: {m['topical_texts']} ({m['topical_chars'] / m['topical_texts']:.0f} chars each), "
          f"{m['topical_matches']} claim matches")
    worker = rows[0][1] + rows[1][1] + max(rows[2][1], rows[3][1])
    write(f"{'fetch+extract+match (a worker)':<32} {worker * 1000:>8.1f} CPU  {1 / worker:>14.1f}   (on-topic matching)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--corpus", type=Path, default=default_corpus_dir())
    parser.add_argument("--flow", action="store_true", help="also run the nightly flow over the same site")
    args = parser.parse_args(argv)
    if args.corpus is None or not args.corpus.is_dir():
        print("no corpus: pass --corpus DIR (the shared corpus html folder)", file=sys.stderr)
        return 2
    report(measure(args.articles, args.corpus))
    if args.flow:
        report_flow(measure_flow(args.articles, args.corpus))
    return 0


if __name__ == "__main__":
    sys.exit(main())
