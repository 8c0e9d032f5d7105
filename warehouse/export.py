"""Export the warehouse to Parquet: big tables partitioned by day (Hive layout, `day=YYYY-MM-DD/`),
small tables as one file each (and, on request, the trend views' results), plus a manifest.

The export is written into a sibling folder and swapped in at the end, so a reader never sees
half an export, and it replaces only a folder that holds a previous export (never anything else).
DuckDB, Polars and pandas read it:

    duckdb:  SELECT * FROM read_parquet('DIR/claim_matches/*/*.parquet', hive_partitioning = true)
    polars:  pl.scan_parquet('DIR/claim_matches/*/*.parquet', hive_partitioning=True)
    pandas:  pd.read_parquet('DIR/claim_matches')
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

from warehouse.db import schema_version

__all__ = ["export_parquet", "ExportRefused", "MANIFEST", "PARTITIONED", "WHOLE", "TREND_VIEWS"]

MANIFEST = "_claimwatch_export.json"

# name -> query with a `day` column (the article's day, see the article_facts view).
PARTITIONED = {
    "articles": "SELECT a.*, f.day FROM articles a JOIN article_facts f USING (article_id)",
    "claim_matches": "SELECT m.*, f.day FROM claim_matches m JOIN article_facts f USING (article_id)",
    "actor_mentions": "SELECT m.*, f.day FROM actor_mentions m JOIN article_facts f USING (article_id)",
    "current_claim_matches": "SELECT * FROM current_claim_matches",
    "current_actor_mentions": "SELECT * FROM current_actor_mentions",
    "entries": "SELECT *, CAST(timezone('UTC', first_seen_at) AS DATE) AS day FROM entries",
}
WHOLE = [
    "runs", "feeds", "feed_health", "catalogue_versions", "actors", "claims", "match_passes", "alerts",
    "alert_deliveries", "current_claims", "feed_status", "run_stage_times",
]
# The trend views are computed from current_claim_matches and current_actor_mentions, which the
# export always holds; writing their results too (views=True) takes several times longer.
TREND_VIEWS = [
    "claim_activity_daily", "claim_activity_weekly", "actor_mentions_daily", "claim_timeline", "claim_quiet_gaps",
    "actor_cooccurrence", "stance_shifts", "outlet_stance_shifts", "new_matches",
]


class ExportRefused(RuntimeError):
    """The target exists and is not a previous export: it is left alone."""


def export_parquet(con, target: str | Path, *, views: bool = False) -> dict:
    """Write the export of `con`'s warehouse to `target` (with the trend views' results when
    `views`); returns the manifest."""
    target = Path(target)
    _check_target(target)
    staging = target.with_name(f".{target.name}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        manifest = _write_all(con, staging, views)
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        _swap_in(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _check_target(target: Path) -> None:
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MANIFEST).is_file())):
        raise ExportRefused(f"{target} exists and is not a claimwatch export: choose an empty or new folder")


def _write_all(con, folder: Path, views: bool) -> dict:
    tables = {}
    for name, query in PARTITIONED.items():
        tables[name] = {"rows": _copy_partitioned(con, query, folder / name), "partitioned_by": "day"}
    for name in WHOLE + (TREND_VIEWS if views else []):
        tables[name] = {"rows": _copy_whole(con, name, folder / f"{name}.parquet"), "partitioned_by": None}
    return {
        "exported_at": datetime.now(timezone.utc).isoformat(),
        "schema_version": schema_version(con),
        "layout": "big tables: NAME/day=YYYY-MM-DD/*.parquet (Hive); others: NAME.parquet",
        "tables": tables,
    }


def _copy_partitioned(con, query: str, folder: Path) -> int:
    rows = con.execute(f"COPY ({query}) TO '{_sql_path(folder)}' (FORMAT parquet, PARTITION_BY (day), "
                       "FILENAME_PATTERN 'part_{i}')").fetchall()[0][0]
    if rows == 0:
        # An empty dataset still gets one empty file (with its columns), so readers find a schema.
        empty = folder / "day=1970-01-01"
        empty.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY (SELECT * EXCLUDE (day) FROM ({query}) LIMIT 0) TO '{_sql_path(empty / 'empty.parquet')}' "
                    "(FORMAT parquet)")
    return rows


def _copy_whole(con, name: str, path: Path) -> int:
    return con.execute(f"COPY (SELECT * FROM {name}) TO '{_sql_path(path)}' (FORMAT parquet)").fetchall()[0][0]


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _swap_in(staging: Path, target: Path) -> None:
    """Replace a previous export by the new one with two renames (the old one is removed after)."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
