"""`claimwatch run` and `claimwatch demo`: one nightly pass, against configured or demo feeds."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from flows.config import load_settings

__all__ = ["register", "add_config_arguments", "settings_from_args"]

log = logging.getLogger("claimwatch")


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    """--config and --db, shared by every command that reads or writes the warehouse."""
    parser.add_argument("--config", metavar="FILE", help="TOML config (default: ./claimwatch.toml if present, else built-in defaults)")
    parser.add_argument("--db", metavar="PATH", help="DuckDB warehouse file; overrides [warehouse] path")


def settings_from_args(args):
    return load_settings(args.config).with_db(args.db)


def register(subparsers) -> None:
    run = subparsers.add_parser(
        "run",
        help="run one nightly pass against the configured feeds",
        description="Fetch new articles from the configured feeds, match actors and claims, store them, send alerts.",
        epilog="Example: claimwatch run --config claimwatch.toml\nExit codes: 0 completed (failed feeds are recorded), 1 run failed, 2 config error.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_config_arguments(run)
    run.add_argument("--all-feeds", action="store_true", help="fetch every feed now, even ones backing off after failures")
    run.set_defaults(func=_run)

    demo = subparsers.add_parser(
        "demo",
        help="run the whole pipeline against a built-in offline news site",
        description="Serve a small news site on 127.0.0.1, run the real nightly flow against it into a DuckDB file, and print a report.",
        epilog="Example: claimwatch demo --db /tmp/demo.duckdb\nRunning it twice adds no duplicate rows or alerts.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_config_arguments(demo)
    demo.set_defaults(func=_demo)


def prepare_prefect_environment() -> None:
    """Prefect's temporary server needs more than its default 20 s to start on small machines."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # Flow-level lines (stages, failed feeds, progress) are for the user; per-task lines are noise.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
    os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL", "WARNING")


def _run(args) -> int:
    settings = settings_from_args(args)
    if not settings.feeds:
        log.error("no feeds configured in %s: add [[feeds]] tables (see claimwatch.example.toml)", settings.source)
        return 2
    prepare_prefect_environment()
    from flows.nightly import run_nightly  # Prefect loads slowly: only when a run happens

    try:
        summary = run_nightly(settings, trigger="manual", force_all_feeds=args.all_feeds)
    except Exception as exc:
        log.error("run failed: %s", exc)
        return 1
    failed = [f for f in summary.feeds if f.error]
    for fetch in failed:
        log.warning("feed %s (%s): %s", fetch.feed.name, fetch.feed.url, fetch.error)
    log.info("run %s completed: %s", summary.run_id, summary.counts)
    return 0


def _demo(args) -> int:
    settings = settings_from_args(args)
    prepare_prefect_environment()
    from flows.demo import print_report, run_demo

    try:
        summary, demo_settings = run_demo(settings, Path(args.db) if args.db else None)
    except Exception as exc:
        log.error("demo run failed: %s", exc)
        return 1
    print_report(summary, demo_settings)
    return 0
