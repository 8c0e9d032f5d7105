"""`claimwatch sql`, `trends`, `export` and `rescore`: the analyst's commands on the warehouse.

sql, trends and export open the file read-only (they never change it and wait, bounded, while a
run writes); rescore writes, in short batches, like a run.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
from datetime import date
from pathlib import Path

import duckdb

from flows.commands.run import add_config_arguments, settings_from_args
from warehouse.db import WarehouseLocked, available_migrations, connect, schema_version

__all__ = ["register", "format_table"]

log = logging.getLogger("claimwatch")

READ_WAIT_SECONDS = 30.0
CELL_WIDTH = 80


def register(subparsers) -> None:
    sql = _parser(subparsers, "sql", "run one read-only SQL query on the warehouse",
                  'Example: claimwatch sql "SELECT * FROM claim_timeline" --format csv > timeline.csv')
    sql.add_argument("query", help="SQL to run (the views are listed in the README, 'Querying the warehouse')")
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default table)")
    sql.set_defaults(func=_sql)

    trends = _parser(subparsers, "trends", "print what is trending: claims, actors, stance shifts, resurfacing",
                     "Examples: claimwatch trends --since 2020-10-01\n          claimwatch trends --claim C1\n"
                     "          claimwatch trends --actor turkey")
    trends.add_argument("--claim", metavar="ID", help="one claim: timeline, weekly activity, gaps, stance shifts")
    trends.add_argument("--actor", metavar="ID", help="one actor: weekly mentions, co-named actors, claims")
    trends.add_argument("--since", metavar="DATE", type=_date, help="only from this day (YYYY-MM-DD, UTC)")
    trends.add_argument("--show-sql", action="store_true", help="print the SQL of each table too")
    trends.set_defaults(func=_trends)

    export = _parser(subparsers, "export", "write the warehouse as Parquet files, partitioned by day",
                     "Example: claimwatch export --parquet exports/claimwatch\n"
                     "Read it with DuckDB, Polars or pandas while the nightly run writes the warehouse.")
    export.add_argument("--parquet", metavar="DIR", required=True, type=Path,
                        help="folder to write (replaced if it holds a previous export; refused if it holds anything else)")
    export.add_argument("--views", action="store_true",
                        help="also write each trend view's result (claim_timeline.parquet...); slower")
    export.set_defaults(func=_export)

    rescore = _parser(subparsers, "rescore", "re-match stored articles with the current catalogue and matcher",
                      "Example: claimwatch rescore --config claimwatch.toml\n"
                      "Old matches keep their versions; the views count each article by its latest matching.")
    rescore.add_argument("--force", action="store_true", help="also re-match articles already matched with these versions")
    rescore.add_argument("--batch-size", type=int, default=200, metavar="N", help="articles per transaction (default 200)")
    rescore.set_defaults(func=_rescore)


def _parser(subparsers, name: str, help_text: str, epilog: str) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".",
                                   epilog=epilog + "\nExit codes: 0 done, 1 failed, 2 usage or config error.",
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    add_config_arguments(parser)
    if name != "rescore":
        parser.add_argument("--wait", type=float, default=READ_WAIT_SECONDS, metavar="SECONDS",
                            help=f"how long to wait while a run holds the file (default {READ_WAIT_SECONDS:.0f})")
    return parser


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _open_reader(args):
    """A read-only connection, or None after printing why there is none."""
    path = settings_from_args(args).warehouse_path
    if not Path(path).is_file():
        print(f"claimwatch: no warehouse at {path}: run `claimwatch run` (or `claimwatch demo`) first, "
              "or pass --db PATH", file=sys.stderr)
        return None
    try:
        con = connect(path, read_only=True, wait_seconds=args.wait)
    except WarehouseLocked as exc:
        print(f"claimwatch: {exc}", file=sys.stderr)
        return None
    latest = available_migrations()[-1][0]
    if schema_version(con) < latest:
        print(f"claimwatch: note: {path} has schema {schema_version(con):04d}, this version expects {latest:04d}; "
              "some views may be missing until the next run or rescore upgrades it", file=sys.stderr)
    return con


def _sql(args) -> int:
    con = _open_reader(args)
    if con is None:
        return 1
    try:
        cursor = con.execute(args.query)
        if cursor.description is None:
            return 0
        columns = [d[0] for d in cursor.description]
        _WRITERS[args.format](columns, cursor, sys.stdout)
    except duckdb.Error as exc:
        print(f"claimwatch sql: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    return 0


def _fetch_batches(cursor, size: int = 10_000):
    while True:
        rows = cursor.fetchmany(size)
        if not rows:
            return
        yield rows


def _write_table(columns, cursor, out) -> None:
    out.write(format_table(columns, cursor.fetchall()) + "\n")


def _write_csv(columns, cursor, out) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for rows in _fetch_batches(cursor):
        writer.writerows([[_csv_cell(v) for v in row] for row in rows])


def _csv_cell(value):
    if isinstance(value, (list, dict)):
        return json.dumps(value, default=_json_value, ensure_ascii=False)
    return value


def _write_json(columns, cursor, out) -> None:
    """A JSON array of objects, written as it is fetched."""
    out.write("[")
    first = True
    for rows in _fetch_batches(cursor):
        for row in rows:
            out.write(("\n" if first else ",\n") + json.dumps(dict(zip(columns, row)), default=_json_value, ensure_ascii=False))
            first = False
    out.write("\n]\n")


def _json_value(value):
    """Dates and times as ISO 8601; anything else JSON lacks (decimals, UUIDs...) as text."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


_WRITERS = {"table": _write_table, "csv": _write_csv, "json": _write_json}


def format_table(columns: list[str], rows: list[tuple], max_width: int = CELL_WIDTH) -> str:
    """Aligned text columns; long cells are cut with an ellipsis; NULL shows as empty."""
    cells = [[_cell(v, max_width) for v in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _cell(value, max_width: int) -> str:
    text = "" if value is None else (", ".join(map(str, value)) if isinstance(value, list) else str(value))
    text = " ".join(text.split())
    return text if len(text) <= max_width else text[:max_width - 1] + "\u2026"


def _trends(args) -> int:
    from warehouse import trends

    con = _open_reader(args)
    if con is None:
        return 1
    try:
        problems = trends.unknown_ids(con, args.claim, args.actor)
        if problems:
            for problem in problems:
                print(f"claimwatch trends: {problem}", file=sys.stderr)
            return 2
        if args.claim:
            sections = trends.claim_sections(args.claim, args.since, args.actor)
        elif args.actor:
            sections = trends.actor_sections(args.actor, args.since)
        else:
            sections = trends.overview_sections(args.since)
        for section in sections:
            _print_section(con, section, args.show_sql)
    except duckdb.Error as exc:
        print(f"claimwatch trends: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    return 0


def _print_section(con, section, show_sql: bool) -> None:
    cursor = con.execute(section.sql, list(section.params))
    print(f"\n== {section.title}")
    if show_sql:
        print(section.sql.strip() + ";" + (f"   -- parameters: {list(map(str, section.params))}" if section.params else ""))
    print(format_table([d[0] for d in cursor.description], cursor.fetchall()))


def _export(args) -> int:
    from warehouse.export import ExportRefused, export_parquet

    con = _open_reader(args)
    if con is None:
        return 1
    try:
        manifest = export_parquet(con, args.parquet, views=args.views)
    except (ExportRefused, duckdb.Error, OSError) as exc:
        print(f"claimwatch export: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    rows = sum(t["rows"] for t in manifest["tables"].values())
    print(f"exported {len(manifest['tables'])} tables and views ({rows} rows) to {args.parquet}")
    print(f"  DuckDB:  SELECT * FROM read_parquet('{args.parquet}/claim_matches/*/*.parquet', hive_partitioning = true)")
    print(f"  Polars:  pl.scan_parquet('{args.parquet}/claim_matches/*/*.parquet', hive_partitioning=True)")
    print(f"  pandas:  pd.read_parquet('{args.parquet}/claim_matches')")
    return 0


def _rescore(args) -> int:
    from extractors.catalogue import load_catalogue
    from extractors.matcher import Matcher
    from flows.rescore import rescore_articles

    if args.batch_size < 1:
        print("claimwatch rescore: --batch-size must be at least 1", file=sys.stderr)
        return 2
    settings = settings_from_args(args)
    if not Path(settings.warehouse_path).is_file():
        print(f"claimwatch rescore: no warehouse at {settings.warehouse_path} (nothing to rescore); pass --db PATH",
              file=sys.stderr)
        return 1
    catalogue = load_catalogue(settings.catalogue_path)
    matcher = Matcher(catalogue, cache_dir=settings.matcher.cache_dir)
    try:
        summary = rescore_articles(
            str(settings.warehouse_path), catalogue, matcher, lock_wait_seconds=settings.lock_wait_seconds,
            batch_size=args.batch_size, force=args.force,
            progress=lambda done, total: log.info("rescored %d/%d articles", done, total),
        )
    except WarehouseLocked as exc:
        print(f"claimwatch rescore: {exc}", file=sys.stderr)
        return 1
    print(f"rescore {summary.run_id}: {summary.articles} articles matched with matcher {summary.matcher_version}, "
          f"catalogue {summary.catalogue_version} in {summary.seconds:.1f}s")
    print(f"  {summary.claim_matches} claim matches and {summary.actor_mentions} actor mentions stored; "
          f"(article, claim) pairs gained {summary.gained}, lost {summary.lost}")
    return 0
