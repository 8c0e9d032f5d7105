"""The README's quickstart commands are the ones CI runs, and its SQL examples run."""

import re
from pathlib import Path

import duckdb

from warehouse.db import open_warehouse

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def code_block_after(heading_text: str, language: str) -> str:
    start = README.index(heading_text)
    match = re.compile(rf"```{language}\n(.*?)```", re.S).search(README, start)
    return match.group(1)


def test_ci_runs_the_readme_test_command():
    test_command = code_block_after("Run the tests:", "bash").strip()
    assert test_command in CI.splitlines()


def test_readme_demo_command_installs_and_runs_the_demo():
    demo = code_block_after("Run the demo", "bash")
    assert "pip install -c constraints.txt -e . && claimwatch demo" in demo


def _sql_statements(text: str) -> list[str]:
    statements = [s.strip() for block in re.findall(r"```sql\n(.*?)```", text, re.S) for s in block.split(";")]
    return [s for s in statements if s and not all(line.startswith("--") for line in s.splitlines())]


def _run_all(path, statements, source):
    with open_warehouse(path) as con:
        for sql in statements:
            try:
                con.execute(sql).fetchall()
            except duckdb.Error as exc:
                raise AssertionError(f"{source} SQL fails: {sql}\n{exc}") from exc


def test_readme_sql_examples_run_on_a_fresh_warehouse(tmp_path):
    statements = _sql_statements(README)
    assert len(statements) >= 4
    _run_all(tmp_path / "w.duckdb", statements, "README")


def test_matching_doc_sql_examples_run_on_a_fresh_warehouse(tmp_path):
    statements = _sql_statements((ROOT / "docs" / "matching.md").read_text(encoding="utf-8"))
    assert len(statements) == 3
    _run_all(tmp_path / "w.duckdb", statements, "docs/matching.md")
