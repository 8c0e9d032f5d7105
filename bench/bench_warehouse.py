"""Warehouse benchmark: bulk-load speed, trend-view latency and export time on a synthetic
warehouse of 1 million claim matches over 2 years.

    python -m bench.bench_warehouse [--matches 1000000] [--repeat 5] [--keep DIR]

Prints three tables:
  * bulk loads: rows per second of the Arrow path the pipeline uses (store.insert_rows) against
    DuckDB's executemany, measured in the same run on the same rows (and the ratio);
  * views: p50 and p90 seconds of each trend view, read whole into Arrow, and of a typical
    filtered question (one claim, one actor, a date range);
  * export: seconds of `claimwatch export --parquet` (p50) and the size written.

The synthetic data: 2 years of daily news from 60 outlets; articles name 1-6 of 80 actors and
contain 1-7 of 60 claims (more on busy days, claims with quiet spells); 1 article in 8 is a copy;
a tenth of the articles was rescored with a second matcher version, as after a catalogue change.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from warehouse import store  # noqa: E402
from warehouse.db import open_warehouse  # noqa: E402
from warehouse.export import export_parquet  # noqa: E402

START = datetime(2019, 1, 1, tzinfo=timezone.utc)
DAYS = 730
OUTLETS = [f"outlet-{i:02d}" for i in range(60)]
ACTORS = [f"actor-{i:02d}" for i in range(80)]
CLAIMS = [f"claim-{i:02d}" for i in range(60)]
LANGUAGES = ["en", "en", "en", "ru", "fr", "tr", "az", "hy"]
BATCH = 50_000

VIEW_QUERIES = {
    "current_claim_matches": "SELECT * FROM current_claim_matches",
    "current_actor_mentions": "SELECT * FROM current_actor_mentions",
    "claim_activity_daily": "SELECT * FROM claim_activity_daily",
    "claim_activity_weekly": "SELECT * FROM claim_activity_weekly",
    "actor_mentions_daily": "SELECT * FROM actor_mentions_daily",
    "claim_timeline": "SELECT * FROM claim_timeline",
    "claim_quiet_gaps": "SELECT * FROM claim_quiet_gaps",
    "actor_cooccurrence": "SELECT * FROM actor_cooccurrence",
    "stance_shifts": "SELECT * FROM stance_shifts",
    "outlet_stance_shifts": "SELECT * FROM outlet_stance_shifts",
    "new_matches": "SELECT * FROM new_matches",
    "new_matches_since(last run)": "SELECT * FROM new_matches_since('rescore')",
    "feed_status": "SELECT * FROM feed_status",
    "run_stage_times": "SELECT * FROM run_stage_times",
    "one claim, weekly": "SELECT * FROM claim_activity_weekly WHERE claim_id = 'claim-07' ORDER BY week",
    "one claim, timeline": "SELECT * FROM claim_timeline WHERE claim_id = 'claim-07'",
    "one actor, co-named": "SELECT * FROM actor_cooccurrence WHERE actor_id = 'actor-03' ORDER BY articles DESC",
    "October 2020, per claim": "SELECT claim_id, sum(articles), sum(supports), sum(denies) FROM claim_activity_daily "
                               "WHERE day BETWEEN DATE '2020-10-01' AND DATE '2020-10-31' GROUP BY claim_id",
}


def synthetic_articles(n: int, rng: random.Random):
    """Article rows with, for each, the actors and claims it contains."""
    for i in range(n):
        day = int(rng.triangular(0, DAYS, DAYS * 0.8))
        published = START + timedelta(days=day, seconds=rng.randrange(86_400))
        copy_of = f"art-{rng.randrange(i)}" if i > 10 and rng.random() < 1 / 8 else None
        yield {
            "article_id": f"art-{i}", "url": f"https://news.example/{i}", "canonical_url": f"https://news.example/{i}",
            "feed_id": f"feed-{i % 60}", "outlet": OUTLETS[i % 60], "title": f"Story {i}",
            "published_at": published if rng.random() > 0.05 else None, "language": rng.choice(LANGUAGES),
            "text": f"Synthetic article {i} text. " * 8, "content_hash": f"h-{i}", "duplicate_of": copy_of,
            "extractor_version": "bench-1", "fetched_at": published + timedelta(hours=2), "run_id": "run-1",
        }


def match_rows(article: dict, rng: random.Random, matcher: str, catalogue: str, at: datetime) -> list[dict]:
    claims = rng.sample(CLAIMS, rng.randint(1, 7))
    return [{
        "article_id": article["article_id"], "claim_id": claim, "stance": "denies" if rng.random() < 0.25 else "supports",
        "score": rng.random(), "sentence": f"{claim} stated in {article['article_id']}.", "sentence_start": 0,
        "denier_actor_id": None, "matcher_version": matcher, "catalogue_version": catalogue, "run_id": "run-1",
        "matched_at": at,
    } for claim in claims]


def mention_rows(article: dict, rng: random.Random, matcher: str, catalogue: str) -> list[dict]:
    return [{
        "article_id": article["article_id"], "actor_id": actor, "surface": actor.upper(), "start_offset": k * 20,
        "end_offset": k * 20 + 8, "matcher_version": matcher, "catalogue_version": catalogue,
    } for k, actor in enumerate(rng.sample(ACTORS, rng.randint(1, 6)))]


def build(db: Path, target_matches: int, rng: random.Random) -> dict:
    """Fill `db`; returns seconds and rows of the Arrow loads."""
    loaded = {"rows": 0, "seconds": 0.0}
    at1, at2 = START + timedelta(days=DAYS + 1), START + timedelta(days=DAYS + 30)
    articles = synthetic_articles(target_matches, rng)  # far more than needed; stops at the target
    matches = 0
    with open_warehouse(db) as con:
        store.start_run(con, "run-1", "bench", None, "cat-1", "m-1")
        store.finish_run(con, "run-1", "completed", {"articles": 0}, {"fetch_feeds": 1.0, "store": 2.0})
        store.upsert_feeds(con, [{"feed_id": f"feed-{i}", "url": f"https://news.example/{i}.xml"} for i in range(60)])
        while matches < target_matches:
            batch = [next(articles) for _ in range(BATCH // 4)]
            rows = {"articles": batch, "claim_matches": [], "actor_mentions": [], "match_passes": []}
            for article in batch:
                rescored = rng.random() < 0.1
                rows["claim_matches"] += match_rows(article, rng, "m-1", "cat-1", at1)
                rows["actor_mentions"] += mention_rows(article, rng, "m-1", "cat-1")
                rows["match_passes"].append({"article_id": article["article_id"], "matcher_version": "m-1",
                                             "catalogue_version": "cat-1", "matched_at": at1, "run_id": "run-1"})
                if rescored:
                    rows["claim_matches"] += match_rows(article, rng, "m-2", "cat-2", at2)
                    rows["actor_mentions"] += mention_rows(article, rng, "m-2", "cat-2")
                    rows["match_passes"].append({"article_id": article["article_id"], "matcher_version": "m-2",
                                                 "catalogue_version": "cat-2", "matched_at": at2, "run_id": "rescore"})
            started = time.perf_counter()
            con.execute("BEGIN TRANSACTION")
            for table, table_rows in rows.items():
                loaded["rows"] += store.insert_rows(con, table, table_rows)
            con.execute("COMMIT")
            loaded["seconds"] += time.perf_counter() - started
            matches += len(rows["claim_matches"])
        store.start_run(con, "rescore", "rescore", None, "cat-2", "m-2")
        con.execute("UPDATE runs SET started_at = ? WHERE run_id = 'rescore'", [at2 - timedelta(minutes=5)])
        con.execute("CHECKPOINT")
        loaded["matches"] = con.execute("SELECT count(*) FROM claim_matches").fetchall()[0][0]
        loaded["articles"] = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
        loaded["mentions"] = con.execute("SELECT count(*) FROM actor_mentions").fetchall()[0][0]
    return loaded


def reuse(db: Path) -> dict:
    with open_warehouse(db, read_only=True) as con:
        count = lambda table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]  # noqa: E731
        return {"rows": 0, "seconds": float("nan"), "matches": count("claim_matches"),
                "articles": count("articles"), "mentions": count("actor_mentions")}


def compare_inserts(folder: Path, rng: random.Random, rows: int = 2_000) -> dict:
    """executemany vs the Arrow path on the same claim_matches rows, each into a fresh file (few rows:
    executemany manages well under a thousand rows a second into a keyed table)."""
    articles = list(synthetic_articles(rows // 4, rng))
    data = [m for a in articles for m in match_rows(a, rng, "m-1", "cat-1", START)][:rows]
    columns = list(data[0])
    timings = {}
    for name in ("executemany", "arrow"):
        with open_warehouse(folder / f"insert-{name}.duckdb") as con:
            started = time.perf_counter()
            con.execute("BEGIN TRANSACTION")
            if name == "arrow":
                store.insert_rows(con, "claim_matches", data)
            else:
                con.executemany(f"INSERT INTO claim_matches ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
                                "ON CONFLICT DO NOTHING", [[r[c] for c in columns] for r in data])
            con.execute("COMMIT")
            timings[name] = time.perf_counter() - started
    return {"rows": len(data), **timings}


def time_queries(db: Path, repeat: int) -> dict[str, list[float]]:
    times = {}
    with open_warehouse(db, read_only=True) as con:
        for name, sql in VIEW_QUERIES.items():
            con.sql(sql).to_arrow_table()  # warm the cache once, as an analyst's second query would
            runs, cpu = [], []
            for _ in range(repeat):
                started, cpu_started = time.perf_counter(), time.process_time()
                result = con.sql(sql).to_arrow_table()
                runs.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
            times[name] = (runs, cpu, result.num_rows)
    return times


def time_export(db: Path, folder: Path, repeat: int) -> tuple[list[float], int]:
    runs = []
    target = folder / "export"
    with open_warehouse(db, read_only=True) as con:
        for _ in range(repeat):
            started = time.perf_counter()
            export_parquet(con, target)
            runs.append(time.perf_counter() - started)
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    return runs, size


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--matches", type=int, default=1_000_000, help="claim matches to generate (default 1M)")
    parser.add_argument("--repeat", type=int, default=5, help="timed repetitions per query (default 5)")
    parser.add_argument("--export-repeat", type=int, default=3, help="timed exports (default 3)")
    parser.add_argument("--keep", type=Path, help="build the warehouse in this folder and keep it")
    parser.add_argument("--reuse", action="store_true", help="with --keep: time the warehouse built by a previous run")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="claimwatch-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20201021)
    db = folder / "bench.duckdb"
    if not args.reuse:
        db.unlink(missing_ok=True)
    try:
        inserts = compare_inserts(folder, rng)
        built = build(db, args.matches, rng) if not db.exists() else reuse(db)
        views = time_queries(db, args.repeat)
        exports, size = time_export(db, folder, args.export_repeat)
        report(inserts, built, views, exports, size, db)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def report(inserts, built, views, exports, size, db) -> None:
    n = inserts["rows"]
    print(f"\nBulk loads (claim_matches rows, same {n} rows, fresh file each)")
    print(f"{'method':<34} {'seconds':>8} {'rows/s':>10} {'vs executemany':>15}")
    for name in ("executemany", "arrow"):
        print(f"{name:<34} {inserts[name]:>8.2f} {n / inserts[name]:>10,.0f} {inserts['executemany'] / inserts[name]:>14.1f}x")
    if built["rows"]:
        rate = built["rows"] / built["seconds"]
        print(f"{'arrow, whole warehouse (all tables)':<34} {built['seconds']:>8.2f} {rate:>10,.0f}  "
              f"({built['rows']:,} rows in {BATCH // 4:,}-article transactions)")
    print(f"\nSynthetic warehouse: {built['matches']:,} claim matches, {built['articles']:,} articles, "
          f"{built['mentions']:,} actor mentions over {DAYS} days; file {db.stat().st_size / 2**20:,.0f} MiB")
    print(f"\n{'view / question (read whole into Arrow)':<40} {'rows':>9} {'p50 s':>7} {'p90 s':>7} {'cpu p50':>8}")
    for name, (runs, cpu, rows) in views.items():
        print(f"{name:<40} {rows:>9,} {p(runs, 0.5):>7.3f} {p(runs, 0.9):>7.3f} {p(cpu, 0.5):>8.3f}")
    print("(p50/p90: wall seconds; cpu p50: CPU seconds of all DuckDB threads, which other load on the machine "
          f"does not inflate. Load average now: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores)")
    print(f"\nexport --parquet: p50 {p(exports, 0.5):.2f} s over {len(exports)} runs, {size / 2**20:,.0f} MiB written")


if __name__ == "__main__":
    sys.exit(main())
