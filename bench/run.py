"""One benchmark run at one size: the site, Prefect's own cost, the nightly flow cold and warm,
the peer path on the same pages, a profile of the slowest stage; figures as a dict (JSON).

Call `prepare_environment()` before anything imports Prefect (bench/__main__.py does).
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["BenchOptions", "prepare_environment", "run_benchmark"]


@dataclass(frozen=True)
class BenchOptions:
    articles: int = 2000
    feeds: int = 50
    corpus: Path | None = None
    workdir: Path | None = None
    peer_limit: int = 2000   # pages the peer extracts; more entries are sampled and scaled
    cli: bool = True
    profile_items: int = 40
    matcher: str = "auto"  # auto: what a default install does (the model when installed); lexical; semantic
    command: str = ""


def prepare_environment(prefect_home: Path) -> None:
    """A private Prefect home (its temporary server and database), quiet logs, patient start."""
    os.environ.setdefault("PREFECT_HOME", str(prefect_home))
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "300")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")


def _classify(site_pid: int):
    def classify(info):
        if info.pid == site_pid:
            return None
        if "uvicorn" in info.cmdline or "prefect.server" in info.cmdline or "prefect server" in info.cmdline:
            return "prefect_server"
        return "pipeline"
    return classify


SEMANTIC = {"lexical": False, "semantic": True, "auto": None}


def _settings(site, workdir: Path, matcher: str):
    from extractors.http import FetchPolicy
    from extractors.models import Feed
    from flows.config import AlertSettings, MatcherSettings, Settings

    # One loopback host serves every outlet: per-host politeness (1 s between requests by
    # default) would measure the delay, not the work, so it is off here (see RESULTS.md).
    fetch = FetchPolicy(allow_private_addresses=("127.0.0.1/32",), host_delay_seconds=0.0,
                        per_host_concurrency=8, concurrency=8)
    return Settings(
        warehouse_path=workdir / "bench.duckdb",
        feeds=tuple(Feed(name, url, language) for name, url, language in site.feed_urls()),
        fetch=fetch,
        alerts=AlertSettings(channels=(f"jsonl://{(workdir / 'alerts.jsonl').resolve()}",)),
        matcher=MatcherSettings(semantic=SEMANTIC[matcher]),
        source="bench",
    )


def _measured_run(settings, tree, site_pid: int, label: str, say) -> dict:
    from bench.measure import Sampler, _read_stat
    from flows.nightly import run_nightly

    say(f"{label} run ...")
    cpu_before, site_before = tree.cpu_seconds(), _read_stat(site_pid).cpu_seconds
    load_before = os.getloadavg()
    started = time.perf_counter()
    with Sampler(tree, interval=1.0) as memory:
        summary = run_nightly(settings, trigger=f"bench-{label}", force_all_feeds=True)
    wall = time.perf_counter() - started
    time.sleep(0.5)  # let the fork server reap the last workers, so their CPU is counted
    cpu_after, site_after = tree.cpu_seconds(), _read_stat(site_pid).cpu_seconds
    cpu = {group: round(cpu_after.get(group, 0.0) - cpu_before.get(group, 0.0), 2) for group in cpu_after}
    say(f"{label} run: {wall:.1f} s wall, {summary.counts.get('articles', 0)} articles stored")
    return {
        "wall_seconds": round(wall, 2),
        "cpu_seconds": cpu,
        "site_cpu_seconds": round(site_after - site_before, 2),
        "peak_memory_mb": {g: round(b / 2**20, 1) for g, b in memory.peaks.items()},
        "memory_samples": memory.samples,
        "stages": {k: round(v, 3) for k, v in sorted(summary.seconds.items())},
        "counts": summary.counts,
        "errors": summary.errors,
        "matcher": summary.matcher_version,
        "load_average": [round(x, 2) for x in (*load_before, *os.getloadavg())],
    }


def _first_run(settings, workdir: Path) -> float:
    """The first nightly run in a process pays once for imports, the matcher's model and
    Prefect's registration of the flow and its tasks. Timed here with no feeds, apart, so that
    the cold and warm runs show what every run costs a long-lived process (claimwatch serve)."""
    from dataclasses import replace

    from flows.nightly import run_nightly

    started = time.perf_counter()
    run_nightly(replace(settings, feeds=(), warehouse_path=workdir / "first-run.duckdb"), trigger="bench-first")
    return round(time.perf_counter() - started, 2)


def _parse_cost(site, plan) -> float:
    """CPU seconds to parse every feed once (feed fetches overlap in threads, so the flow cannot
    time the parse alone)."""
    import httpx

    from extractors.feeds import parse_feed
    from extractors.models import Feed

    with httpx.Client(trust_env=False) as client:
        bodies = [(Feed(n, u, l), u, client.get(u).content) for n, u, l in site.feed_urls()]
    started = time.process_time()
    for feed, url, body in bodies:
        parse_feed(body, feed, url)
    return time.process_time() - started


def _peer(options: BenchOptions, plan, corpus: Path, workdir: Path, say) -> dict:
    from bench.peer import extract_in_process, extract_text_only, extract_with_cli, page_bytes, sample_entries
    from bench.site import load_base_pages

    base_pages = load_base_pages(corpus)
    entries = sample_entries(plan, options.peer_limit)
    pages = [(f"http://127.0.0.1/{e.path}", page_bytes(plan, base_pages, e)) for e in entries]
    scale = plan.articles / len(pages)
    say(f"peer: trafilatura in process over {len(pages)} pages ...")
    inline = extract_in_process(pages)
    result = {"sampled_pages": len(pages), "scale": round(scale, 3),
              "in_process": {**asdict(inline), "wall_for_all": round(inline.wall_seconds * scale, 2),
                             "cpu_for_all": round(inline.cpu_seconds * scale, 2),
                             "cpu_ms_per_page": round(1000 * inline.cpu_per_page, 1)}}
    say(f"peer: trafilatura's default call (text only) in process over {len(pages)} pages ...")
    plain = extract_text_only(pages)
    result["text_only"] = {**asdict(plain), "wall_for_all": round(plain.wall_seconds * scale, 2),
                           "cpu_for_all": round(plain.cpu_seconds * scale, 2),
                           "cpu_ms_per_page": round(1000 * plain.cpu_per_page, 1)}
    if options.cli:
        say(f"peer: trafilatura command line over {len(pages)} files ...")
        cli = extract_with_cli(pages, workdir)
        result["cli"] = {**asdict(cli), "wall_for_all": round(cli.wall_seconds * scale, 2),
                         "cpu_for_all": round(cli.cpu_seconds * scale, 2)}
    return result, pages


def _profile(cold: dict, pages, options: BenchOptions) -> dict:
    from bench.profile import profile_extraction, profile_matching

    sample = random.Random(7).sample(pages, min(options.profile_items, len(pages)))
    if cold["stages"].get("match_cpu", 0.0) <= cold["stages"].get("extract_cpu", 0.0):
        return profile_extraction(sample)
    from extractors.articles import extract_article
    from extractors.catalogue import load_catalogue
    from extractors.models import Article, FeedEntry
    from flows.config import default_cache_dir, default_catalogue_path
    from flows.runner import shared_matcher

    matcher = shared_matcher(load_catalogue(default_catalogue_path()), default_cache_dir(), SEMANTIC[options.matcher])
    articles = [extract_article(html, url, FeedEntry("bench", url, url)) for url, html in sample]
    return profile_matching(matcher, [a for a in articles if isinstance(a, Article)])


def run_benchmark(options: BenchOptions, say=print) -> dict:
    from bench.site import default_corpus_dir

    corpus = options.corpus or default_corpus_dir()
    if corpus is None or not Path(corpus).is_dir():
        raise SystemExit("the shared corpus (shared/corpus/html) was not found: pass --corpus DIR")
    workdir = Path(options.workdir or tempfile.mkdtemp(prefix="claimwatch-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        return _run_in(options, Path(corpus), workdir, say)
    finally:
        if options.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


def _run_in(options: BenchOptions, corpus: Path, workdir: Path, say) -> dict:
    from bench.measure import Tree, machine_description
    from bench.prefect_cost import measure_prefect_cost
    from bench.site import SitePlan, serve_site

    plan = SitePlan(options.articles, options.feeds, pages=sum(1 for _ in Path(corpus).glob("*.html")))
    results = {"articles": options.articles, "feeds": options.feeds, "command": options.command,
               "matcher_mode": options.matcher,
               "machine": machine_description(), "site": {**plan.counts(), "corpus_pages": plan.pages}}
    with serve_site(plan, Path(corpus)) as site:
        tree = Tree(_classify(site.pid))
        say("Prefect: starting its temporary server and measuring its own cost ...")
        results["prefect"] = asdict(measure_prefect_cost(cpu=tree.cpu_seconds))
        settings = _settings(site, workdir, options.matcher)
        results["prefect"]["first_nightly_run_seconds"] = _first_run(settings, workdir)
        results["cold"] = _measured_run(settings, tree, site.pid, "cold", say)
        results["warm"] = _measured_run(settings, tree, site.pid, "warm", say)
        results["parse_feeds_cpu_seconds"] = round(_parse_cost(site, plan), 3)
    results["peer"], pages = _peer(options, plan, Path(corpus), workdir, say)
    say("profiling the slowest stage ...")
    results["profile"] = _profile(results["cold"], pages, options)
    results["ratios"] = ratios(results)
    return results


def ratios(results: dict) -> dict:
    cold, warm, peer = results["cold"], results["warm"], results["peer"]
    stages = cold["stages"]
    found = {
        "pipeline_wall_vs_peer_wall": cold["wall_seconds"] / peer["in_process"]["wall_for_all"],
        "warm_vs_cold": warm["wall_seconds"] / cold["wall_seconds"],
        "match_cpu_vs_extract_cpu": stages.get("match_cpu", 0.0) / max(1e-9, stages.get("extract_cpu", 0.0)),
        "pipeline_cpu_vs_peer_cpu": cold["cpu_seconds"].get("pipeline", 0.0) / peer["in_process"]["cpu_for_all"],
    }
    if "text_only" in peer:
        found["pipeline_wall_vs_text_only_wall"] = cold["wall_seconds"] / peer["text_only"]["wall_for_all"]
    if "cli" in peer:
        found["pipeline_wall_vs_cli_wall"] = cold["wall_seconds"] / peer["cli"]["wall_for_all"]
    return {k: round(v, 3) for k, v in found.items()}
