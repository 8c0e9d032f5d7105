"""`claimwatch report`: write one self-contained HTML report (and optionally each chart as SVG or PNG)."""

from __future__ import annotations

import argparse
import logging
from datetime import date
from pathlib import Path

from flows.commands.run import add_config_arguments, settings_from_args

__all__ = ["register"]

log = logging.getLogger("claimwatch")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write an offline HTML report of claim, actor and feed trends, with charts",
        description="Read the warehouse (read-only; a file from an older version gets its schema upgraded first) and "
                    "write one self-contained HTML file: per claim a timeline "
                    "by stance with its evidence, actors over time and who is named with whom, feed health, and the "
                    "latest run's new alerts. The file loads nothing from any network.",
        epilog="Examples:\n  claimwatch report --out report.html\n"
               "  claimwatch report --since 2020-10-01 --format png   (also writes each chart as PNG for slides)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_config_arguments(parser)
    parser.add_argument("--since", type=_day, metavar="DATE", help="only articles dated on or after DATE (YYYY-MM-DD)")
    parser.add_argument("--out", type=Path, default=Path("report.html"), metavar="FILE", help="HTML file to write (default report.html)")
    parser.add_argument("--format", choices=("html", "svg", "png"), default="html",
                        help="html: the page only; svg or png: also every chart as a file in FILE-charts/ "
                             "(png renders with headless Chromium)")
    parser.set_defaults(func=_report)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _report(args) -> int:
    settings = settings_from_args(args)
    warehouse = settings.warehouse_path
    if not Path(warehouse).is_file():
        log.error("no warehouse at %s: run `claimwatch run` or `claimwatch demo` first, or pass --db", warehouse)
        return 2
    from flows.report import write_report
    from flows.report.export import charts_dir_for, export_charts
    from warehouse.db import WarehouseLocked

    try:
        out, charts = write_report(warehouse, args.out, args.since, settings.lock_wait_seconds)
    except WarehouseLocked as exc:
        log.error("%s", exc)
        return 1
    print(f"report: {out.resolve()}")
    if args.format != "html":
        try:
            files = export_charts(charts.all(), charts_dir_for(out), args.format)
        except RuntimeError as exc:  # no Chromium for PNG, or it failed
            log.error("could not export charts as %s: %s", args.format, exc)
            return 1
        print(f"charts ({args.format}): {charts_dir_for(out).resolve()}  [{len(files)} files]")
    return 0
