"""claimwatch sql, trends and export on the hand-built warehouse (tests/warehouse_fixture.py)."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest

from flows.cli import main
from tests.warehouse_fixture import build_warehouse
from warehouse.export import MANIFEST


@pytest.fixture()
def wh(tmp_path):
    path = tmp_path / "w.duckdb"
    build_warehouse(path)
    return path


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_sql_table_csv_and_json(wh, capsys):
    query = "SELECT claim_id, week, articles, denies FROM claim_activity_weekly ORDER BY claim_id, week"
    code, out, _ = run_cli(capsys, "sql", query, "--db", str(wh))
    assert code == 0
    assert out.splitlines()[0].split() == ["claim_id", "week", "articles", "denies"]
    assert "c1        2020-10-19  2         2" in out and out.rstrip().endswith("(3 rows)")

    code, out, _ = run_cli(capsys, "sql", query, "--db", str(wh), "--format", "csv")
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [
        ["claim_id", "week", "articles", "denies"], ["c1", "2020-09-28", "3", "1"],
        ["c1", "2020-10-19", "2", "2"], ["c2", "2020-10-19", "1", "0"],
    ]

    code, out, _ = run_cli(capsys, "sql", "SELECT claim_id, outlet_names, first_seen FROM claim_timeline ORDER BY 1",
                           "--db", str(wh), "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {"claim_id": "c1", "outlet_names": ["A", "B", "C"], "first_seen": "2020-10-01"},
        {"claim_id": "c2", "outlet_names": ["C"], "first_seen": "2020-10-20"},
    ]


def test_sql_is_read_only(wh, capsys):
    code, _, err = run_cli(capsys, "sql", "DELETE FROM claim_matches", "--db", str(wh))
    assert code == 1 and "read-only" in err
    with duckdb.connect(str(wh), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM claim_matches").fetchall() == [(12,)]


def test_sql_errors_are_one_line_and_exit_1(wh, tmp_path, capsys):
    code, _, err = run_cli(capsys, "sql", "SELECT nope FROM claim_timeline", "--db", str(wh))
    assert code == 1 and err.startswith("claimwatch sql: Binder Error")
    code, _, err = run_cli(capsys, "sql", "SELECT 1", "--db", str(tmp_path / "absent.duckdb"))
    assert code == 1 and "no warehouse at" in err
    assert not (tmp_path / "absent.duckdb").exists()


def test_trends_overview_claim_and_actor(wh, capsys):
    code, out, _ = run_cli(capsys, "trends", "--db", str(wh))
    assert code == 0
    assert "== Claims most in the news" in out and "Claim one, second wording." in out
    assert "c1        2020-10-03   2020-10-20     16" in out  # the resurfacing

    code, out, _ = run_cli(capsys, "trends", "--db", str(wh), "--claim", "c1", "--since", "2020-10-15")
    assert code == 0
    weekly = out.split("== Per week")[1].split("==")[0]
    assert "2020-10-19  2         2        2          0       0         2" in weekly
    assert "2020-09-28" not in weekly

    code, out, _ = run_cli(capsys, "trends", "--db", str(wh), "--actor", "turkey")
    assert code == 0
    named_with = out.split("== Named in the same articles")[1].split("==")[0]
    assert "armenia" in named_with and "azerbaijan" in named_with and "syria" not in named_with


def test_trends_refuses_unknown_ids_and_bad_dates(wh, capsys):
    code, _, err = run_cli(capsys, "trends", "--db", str(wh), "--claim", "c9")
    assert code == 2 and "unknown claim id 'c9'" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["trends", "--db", str(wh), "--since", "last week"])
    assert exit_info.value.code == 2


def test_export_is_readable_by_duckdb_polars_and_pandas(wh, tmp_path, capsys):
    pl = pytest.importorskip("polars")
    pd = pytest.importorskip("pandas")
    target = tmp_path / "export"
    code, out, _ = run_cli(capsys, "export", "--parquet", str(target), "--db", str(wh), "--views")
    assert code == 0 and "exported" in out
    manifest = json.loads((target / MANIFEST).read_text())
    assert manifest["tables"]["claim_matches"] == {"rows": 12, "partitioned_by": "day"}
    days = sorted(p.name for p in (target / "current_claim_matches").iterdir())
    assert days == ["day=2020-10-01", "day=2020-10-02", "day=2020-10-03", "day=2020-10-20", "day=2020-10-21"]

    in_duckdb = duckdb.sql(
        f"SELECT day, count(*) FROM read_parquet('{target}/current_claim_matches/*/*.parquet', hive_partitioning = true) "
        "GROUP BY day ORDER BY day").fetchall()
    assert [n for _, n in in_duckdb] == [1, 1, 1, 2, 1]
    in_polars = pl.scan_parquet(f"{target}/claim_matches/*/*.parquet", hive_partitioning=True).collect()
    assert in_polars.height == 12 and set(in_polars["matcher_version"]) == {"m1", "m2"}
    in_pandas = pd.read_parquet(target / "articles")
    assert sorted(in_pandas["article_id"]) == ["a1", "a2", "a3", "a4", "a5"]
    timeline = pd.read_parquet(target / "claim_timeline.parquet").set_index("claim_id")
    assert timeline.loc["c1", "longest_quiet_days"] == 16


def test_export_replaces_a_previous_export_but_nothing_else(wh, tmp_path, capsys):
    target = tmp_path / "export"
    assert run_cli(capsys, "export", "--parquet", str(target), "--db", str(wh))[0] == 0
    assert not (target / "claim_timeline.parquet").exists()  # trend views only with --views
    (target / "claim_matches" / "stale.parquet").write_bytes(b"old")
    assert run_cli(capsys, "export", "--parquet", str(target), "--db", str(wh))[0] == 0
    assert not (target / "claim_matches" / "stale.parquet").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me")
    code, _, err = run_cli(capsys, "export", "--parquet", str(precious), "--db", str(wh))
    assert code == 1 and "not a claimwatch export" in err
    assert (precious / "thesis.txt").read_text() == "keep me"


def test_export_of_an_empty_warehouse_still_has_every_dataset(tmp_path, capsys):
    from warehouse.db import open_warehouse

    with open_warehouse(tmp_path / "empty.duckdb"):
        pass
    target = tmp_path / "export"
    assert run_cli(capsys, "export", "--parquet", str(target), "--db", str(tmp_path / "empty.duckdb"))[0] == 0
    rows = duckdb.sql(f"SELECT count(*) FROM read_parquet('{target}/claim_matches/*/*.parquet', "
                      "hive_partitioning = true)").fetchall()
    assert rows == [(0,)]
