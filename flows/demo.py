"""`claimwatch demo`: serve the offline news site on loopback, run the real nightly flow against
it into a DuckDB file, and print what a user would want to see."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from extractors.http import FetchPolicy
from extractors.models import Feed
from flows.config import AlertSettings, Settings
from flows.demo_server import serve_demo_site
from flows.nightly import RunSummary, run_nightly
from flows.report import write_report
from warehouse.db import open_warehouse

__all__ = ["demo_settings", "run_demo", "print_report", "EXAMPLE_QUERIES"]

DEFAULT_DEMO_DIR = Path("claimwatch-demo")

EXAMPLE_QUERIES = [
    (
        "Which claims did the news repeat or deny, in how many outlets?",
        "SELECT claim_id, stance, count(*) AS articles, count(DISTINCT a.outlet) AS outlets\n"
        "FROM claim_matches m JOIN articles a USING (article_id)\n"
        "GROUP BY ALL ORDER BY articles DESC, claim_id",
    ),
    (
        "Which actors were named most, and how?",
        "SELECT actor_id, count(*) AS mentions, string_agg(DISTINCT surface, ', ') AS written_as\n"
        "FROM actor_mentions GROUP BY actor_id ORDER BY mentions DESC, actor_id LIMIT 8",
    ),
]


def demo_settings(base: Settings, site_feeds: list[tuple[str, str, str]], db: Path, out_dir: Path) -> Settings:
    """The demo's settings: its loopback feeds, its own warehouse, a JSONL alert file, and the
    console, where the run prints its alert digest as a mail or chat channel would receive it."""
    return replace(
        base,
        warehouse_path=db,
        feeds=tuple(Feed(name, url, lang) for name, url, lang in site_feeds),
        fetch=replace(base.fetch if isinstance(base.fetch, FetchPolicy) else FetchPolicy(),
                      allow_private_addresses=("127.0.0.1/32",), host_delay_seconds=0.0),
        alerts=AlertSettings(channels=(f"jsonl://{(out_dir / 'alerts.jsonl').resolve()}", "console://")),
        source="demo",
    )


def run_demo(base: Settings, db: Path | None = None) -> tuple[RunSummary, Settings]:
    out_dir = (db.parent if db else DEFAULT_DEMO_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    db = db or out_dir / "claimwatch.duckdb"
    with serve_demo_site() as site:
        settings = demo_settings(base, site.feed_urls(), db, out_dir)
        summary = run_nightly(settings, trigger="demo", force_all_feeds=True)
    return summary, settings


def print_report(summary: RunSummary, settings: Settings, write=print) -> None:
    write("")
    write(f"claimwatch demo: run {summary.run_id}")
    write(f"  catalogue {summary.catalogue_version}, matcher {summary.matcher_version}")
    write(f"  warehouse {settings.warehouse_path}")
    write("")
    write("Feeds")
    for fetch in summary.feeds:
        state = f"ERROR: {fetch.error}" if fetch.error else f"{len(fetch.entries)} entries" + (" (unchanged)" if fetch.not_modified else "")
        write(f"  {fetch.feed.name:<18} {state}")
    counts = summary.counts
    write("")
    write(f"Articles stored this run: {counts.get('articles', 0)}  (new entries {counts.get('new_entries', 0)}, "
          f"rejected {counts.get('rejected', 0)}, copies {counts.get('duplicates', 0)})")
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        _print_matches(con, summary.run_id, write)
        write("")
        write(f"Alerts raised this run: {counts.get('alerts', 0)}; deliveries (one per alert and channel) sent "
              f"{counts.get('alerts_sent', 0)}, failed {counts.get('alerts_failed', 0)} -> {', '.join(settings.alerts.channels)}")
        if counts.get("alerts_sent"):
            write("  The digest printed above the report is what the console:// channel received; an email")
            write("  channel gets the same text plus an HTML part (see README, Alerts).")
        for question, sql in EXAMPLE_QUERIES:
            write("")
            write(f"-- {question}")
            write(sql + ";")
            _print_table(con.execute(sql), write)
    write("")
    write(f"Query it yourself: python -c \"import duckdb; print(duckdb.connect('{settings.warehouse_path}', read_only=True).sql('SELECT * FROM claim_matches'))\"")
    report, _ = write_report(settings.warehouse_path, Path(settings.warehouse_path).parent / "report.html")
    write("")
    write(f"Report with charts (opens offline in any browser): {report.resolve()}")


SHOWN_MATCHES = 12


def _print_matches(con, run_id: str, write) -> None:
    actors = con.execute(
        "SELECT actor_id, count(*) FROM actor_mentions GROUP BY actor_id ORDER BY 2 DESC, 1 LIMIT 10"
    ).fetchall()
    write(f"Actors found (all runs): {', '.join(f'{a} ({n})' for a, n in actors) or 'none'}")
    rows = con.execute(
        "SELECT m.claim_id, c.statement, m.stance, m.score, m.sentence, a.outlet, c.evidence "
        "FROM claim_matches m JOIN articles a USING (article_id) "
        "JOIN claims c ON c.claim_id = m.claim_id AND c.catalogue_version = m.catalogue_version "
        "ORDER BY m.score DESC, m.claim_id"
    ).fetchall()
    stances = {}
    for row in rows:
        stances[row[2]] = stances.get(row[2], 0) + 1
    write("")
    write(f"Claims matched (all runs): {len(rows)} " + f"({', '.join(f'{n} {s}' for s, n in sorted(stances.items()))})")
    for claim_id, statement, stance, score, sentence, outlet, evidence in rows[:SHOWN_MATCHES]:
        seed = json.loads(evidence)[0] if evidence and json.loads(evidence) else None
        write(f"  [{stance}] {claim_id} (score {score:.2f})")
        write(f"      claim:    {statement}")
        write(f"      evidence: {outlet}: \u201c{_shorten(sentence)}\u201d")
        if seed:
            write(f"      seed:     {seed['seed']} [{seed['start']}:{seed['end']}] \u201c{_shorten(seed['quote'])}\u201d")
    if len(rows) > SHOWN_MATCHES:
        write(f"  ... and {len(rows) - SHOWN_MATCHES} more (see the SQL below)")


def _shorten(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _print_table(cursor, write) -> None:
    columns = [d[0] for d in cursor.description]
    rows = [[("" if v is None else str(v)) for v in row] for row in cursor.fetchall()]
    widths = [max(len(c), *(len(r[i]) for r in rows)) if rows else len(c) for i, c in enumerate(columns)]
    write("  " + "  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    for row in rows:
        write("  " + "  ".join(v.ljust(w) for v, w in zip(row, widths)))
