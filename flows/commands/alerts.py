"""`claimwatch alerts list|retry|test`: look into the alert outbox, send what waits, try a channel."""

from __future__ import annotations

import argparse
import logging

from flows.commands.run import add_config_arguments, settings_from_args

__all__ = ["register"]

log = logging.getLogger("claimwatch")
STATUSES = ("pending", "sending", "sent", "failed", "unknown")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "alerts",
        help="inspect the alert outbox, retry deliveries, send a test message",
        description="Every new (article, claim) match becomes one alert in the warehouse outbox, delivered once "
                    "to each channel of [alerts] channels. These commands show where each delivery stands, send "
                    "again what failed or was held, and check that a channel works.",
        epilog="Examples:\n  claimwatch alerts list --status failed --status unknown\n  claimwatch alerts retry\n"
               "  claimwatch alerts test 'mailto://user:${SMTP_PASSWORD}@smtp.example.org?to=desk@example.org'\n"
               "  claimwatch alerts test 1          (the first channel of the config)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="alerts_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", help="deliveries, newest alert first, with status and last error")
    add_config_arguments(listing)
    listing.add_argument("--status", action="append", choices=STATUSES, help="only this status (repeatable)")
    listing.add_argument("--limit", type=int, default=50, help="at most this many rows (default 50)")
    listing.set_defaults(func=_list)

    retry = commands.add_parser("retry", help="send failed and held ('unknown') deliveries now, ignoring backoff")
    add_config_arguments(retry)
    retry.add_argument("--channel", metavar="LABEL", help="only this channel (its label, as `alerts list` shows it)")
    retry.set_defaults(func=_retry)

    test = commands.add_parser("test", help="send an example message to CHANNEL (not recorded in the outbox)")
    add_config_arguments(test)
    test.add_argument("channel", metavar="CHANNEL", help="a channel URL, or the number (1, 2...) of a configured channel")
    test.set_defaults(func=_test)


def _list(args) -> int:
    from warehouse import outbox
    from warehouse.db import open_warehouse

    settings = settings_from_args(args)
    if not settings.warehouse_path.exists():
        print(f"no warehouse at {settings.warehouse_path}: no alerts yet")
        return 0
    with open_warehouse(settings.warehouse_path, read_only=True) as con:
        rows = outbox.list_deliveries(con, tuple(args.status) if args.status else None, args.limit)
        totals = con.execute("SELECT channel, status, count(*) FROM alert_deliveries GROUP BY ALL ORDER BY ALL").fetchall()
    for channel, status, count in totals:
        print(f"{channel:<40} {status:<8} {count}")
    print()
    _print_rows(rows)
    return 0


def _print_rows(rows: list[dict]) -> None:
    if not rows:
        print("no deliveries match")
        return
    print(f"{'created':<17} {'alert':<10} {'claim':<40} {'stance':<8} {'score':>5} {'rule':<16} {'status':<8} {'tries':>5}  channel")
    for row in rows:
        created = row["created_at"].strftime("%Y-%m-%d %H:%M") if row["created_at"] else ""
        print(f"{created:<17} {row['alert_id'][:10]:<10} {row['claim_id'][:40]:<40} {row['stance']:<8} "
              f"{row['score'] or 0:>5.2f} {(row['rule'] or '')[:16]:<16} {row['status']:<8} {row['attempts']:>5}  {row['channel']}")
        print(f"{'':<17} {_shorten(row['outlet'] or '')}: {_shorten(row['title'] or '', 100)}")
        print(f"{'':<17} \u201c{_shorten(row['sentence'] or '', 140)}\u201d")
        if row["last_error"]:
            when = f" (next try {row['next_attempt_at']:%Y-%m-%d %H:%M})" if row["next_attempt_at"] else ""
            print(f"{'':<17} {row['last_error']}{when}")


def _shorten(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "\u2026"


def _retry(args) -> int:
    from flows import alerts
    from warehouse import outbox
    from warehouse.db import open_warehouse

    settings = settings_from_args(args)
    with open_warehouse(settings.warehouse_path, wait_seconds=settings.lock_wait_seconds) as con:
        reopened = outbox.reopen(con, args.channel)
    report = alerts.deliver_pending(str(settings.warehouse_path), settings.alerts, settings.lock_wait_seconds)
    print(f"reopened {reopened} deliveries; sent {report.sent} in {report.messages} messages, failed {report.failed}")
    for error in report.errors:
        print(f"  {error}")
    return 1 if report.failed else 0


def _test(args) -> int:
    from flows import alerts

    settings = settings_from_args(args)
    url = _resolve_channel(args.channel, settings.alerts.channels)
    if url is None:
        log.error("no channel %s: give a channel URL or a number from 1 to %d", args.channel, len(settings.alerts.channels))
        return 2
    problem = alerts.channel_problem(url)
    if problem:
        log.error("%s", problem)
        return 2
    label = alerts.channel_label(url)
    error = alerts.send_test(url, settings.alerts.timeout_seconds)
    if error:
        print(f"test message to {label} failed: {error}")
        return 1
    print(f"test message sent to {label}")
    return 0


def _resolve_channel(value: str, configured: tuple[str, ...]) -> str | None:
    if value.isdigit():
        index = int(value) - 1
        return configured[index] if 0 <= index < len(configured) else None
    if "://" not in value:
        return None
    from flows.config import expand_secrets

    return expand_secrets("CHANNEL", value)
