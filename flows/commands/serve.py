"""`claimwatch serve`: run the nightly flow on a schedule, from a Prefect server."""

from __future__ import annotations

import argparse
import logging
from dataclasses import replace
from pathlib import Path

from flows.commands.run import add_config_arguments, prepare_prefect_environment, settings_from_args
from flows.config import schedule_settings

__all__ = ["register"]

log = logging.getLogger("claimwatch")

# A server started at the same moment (systemd) takes 20-80 s to answer on a small machine.
SERVER_WAIT_SECONDS = 180


def register(subparsers) -> None:
    serve = subparsers.add_parser(
        "serve",
        help="run the nightly flow on a schedule, from a Prefect server",
        description=(
            "Register the nightly deployment (claimwatch/NAME) on the Prefect server at PREFECT_API_URL and run it on "
            "its schedule until stopped. One run at a time; missed nights are caught up once. Start the server first: "
            "prefect server start."
        ),
        epilog=(
            "Example:\n"
            "  prefect server start &\n"
            "  export PREFECT_API_URL=http://127.0.0.1:4200/api\n"
            "  claimwatch serve --config claimwatch.toml --cron '0 2 * * *' --timezone Europe/Paris\n"
            "Then: prefect deployment run claimwatch/nightly  (a run now), or open http://127.0.0.1:4200.\n"
            "Exit codes: 0 stopped, 1 no Prefect server, 2 config error."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_config_arguments(serve)
    serve.add_argument("--cron", help="five-field cron schedule; overrides [schedule] cron (default 0 2 * * *)")
    serve.add_argument("--timezone", help="IANA time zone of the schedule; overrides [schedule] timezone (default UTC)")
    serve.set_defaults(func=_serve)


def _api_url() -> str | None:
    from prefect.settings import get_current_settings

    return get_current_settings().api.url


def _serve(args) -> int:
    settings = settings_from_args(args)
    if not settings.feeds:
        log.error("no feeds configured in %s: add [[feeds]] tables (see claimwatch.example.toml)", settings.source)
        return 2
    overrides = {k: v for k, v in {"cron": args.cron, "timezone": args.timezone}.items() if v is not None}
    schedule = schedule_settings({**_as_table(settings.schedule), **overrides})
    settings = replace(settings, schedule=schedule)
    prepare_prefect_environment()
    if not _api_url():
        log.error("no Prefect server: start one (prefect server start) and set "
                  "PREFECT_API_URL=http://127.0.0.1:4200/api; a served schedule needs a server that outlives this process")
        return 1
    from flows.runner import describe_runner
    from flows.schedule import serve, wait_for_server

    error = wait_for_server(SERVER_WAIT_SECONDS)
    if error is not None:
        log.error("the Prefect server at %s does not answer (%s): is `prefect server start` running?", _api_url(), error)
        return 1

    log.info("serving claimwatch/%s: cron %r in %s, tasks on %s, warehouse %s", schedule.deployment, schedule.cron,
             schedule.timezone, describe_runner(settings.runner), settings.warehouse_path)
    config = args.config or (settings.source if Path(settings.source).is_file() else None)
    serve(settings, config, args.db, schedule.cron, schedule.timezone)
    return 0


def _as_table(schedule) -> dict:
    return {"cron": schedule.cron, "timezone": schedule.timezone, "deployment": schedule.deployment,
            "lock_stale_after_seconds": schedule.lock_stale_after_seconds}
