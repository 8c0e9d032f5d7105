"""`claimwatch serve` against a real Prefect server, as the README's Operations section runs it:
`prefect server start` on loopback (a free port, its own PREFECT_HOME, analytics off), then
`claimwatch serve`, then a run asked for with `prefect deployment run`, checked in the warehouse.
Then missed scheduled nights: three due runs are caught up by one run, the others cancelled."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import httpx
import pytest

from flows.demo_server import serve_demo_site

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
PREFECT = Path(sys.executable).parent / "prefect"
DEPLOYMENT = "claimwatch/nightly"
SERVER_START_SECONDS = 240
RUN_SECONDS = 600


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(what: str, check, timeout: float, process: subprocess.Popen | None = None, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        if process is not None and process.poll() is not None:
            pytest.fail(f"{what}: process exited with {process.returncode}\n{log.read_text()[-4000:] if log else ''}")
        time.sleep(1.0)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}\n{log.read_text()[-4000:] if log else ''}")


def _stop(process: subprocess.Popen, timeout: float = 60) -> None:
    """Ctrl-C, as a user stops it; kill only if it does not exit."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _get(client: httpx.Client, path: str):
    try:
        response = client.get(path)
    except httpx.TransportError:
        return None
    return response.json() if response.status_code == 200 else None


def _post(client: httpx.Client, path: str, body: dict) -> httpx.Response:
    """POST, trying again while the server answers 503 (its SQLite database is busy), as
    Prefect's own client does."""
    for _ in range(30):
        response = client.post(path, json=body)
        if response.status_code != 503:
            return response
        time.sleep(2)
    return response


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_API_URL": api,
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_SERVER_UI_ENABLED": "false",
           "PREFECT_LOGGING_LEVEL": "INFO", "PYTHONPATH": str(ROOT)}
    log = home / "server.log"
    with open(log, "w") as out:
        server = subprocess.Popen([str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                                  env=env, stdout=out, stderr=subprocess.STDOUT, cwd=home)
    try:
        with httpx.Client(base_url=api, timeout=10) as client:
            _wait_for("the Prefect server", lambda: _get(client, "/health") is not None, SERVER_START_SECONDS, server, log)
        yield env
    finally:
        _stop(server)
    assert server.returncode is not None


@pytest.fixture(scope="module")
def served(prefect_server, tmp_path_factory):
    """`claimwatch serve` with a config whose feeds are the demo site's."""
    work = tmp_path_factory.mktemp("served")
    db = work / "claimwatch.duckdb"
    with serve_demo_site() as site:
        feeds = "".join(f'[[feeds]]\nname = "{name}"\nurl = "{url}"\nlanguage = "{lang}"\n\n'
                        for name, url, lang in site.feed_urls())
        config = work / "claimwatch.toml"
        config.write_text(
            f'[warehouse]\npath = "{db}"\n[fetch]\nallow_private_addresses = ["127.0.0.1/32"]\n'
            f'[alerts]\nchannels = ["jsonl://{work / "alerts.jsonl"}"]\n'
            f'[schedule]\ncron = "0 2 * * *"\ntimezone = "Europe/Paris"\n\n{feeds}',
            encoding="utf-8",
        )
        env = {**prefect_server, "PREFECT_RUNNER_POLL_FREQUENCY": "2"}
        log = work / "serve.log"
        with open(log, "w") as out:
            serve = subprocess.Popen([sys.executable, "-m", "flows", "serve", "--config", str(config)],
                                     env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            with httpx.Client(base_url=env["PREFECT_API_URL"], timeout=10) as client:
                deployment = _wait_for("the served deployment",
                                       lambda: _get(client, f"/deployments/name/{DEPLOYMENT}"), 180, serve, log)
                yield client, deployment, db, env, log
        finally:
            _stop(serve)


def _wait_until_final(client: httpx.Client, run_ids: list[str], log: Path) -> dict[str, str]:
    def states():
        found = {i: (_get(client, f"/flow_runs/{i}") or {}).get("state_type") for i in run_ids}
        return found if all(s in ("COMPLETED", "FAILED", "CANCELLED", "CRASHED") for s in found.values()) else None

    return _wait_for(f"flow runs {run_ids} to finish", states, RUN_SECONDS, log=log)


def _runs(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT run_id, flow_run_id, trigger, status, started_at, finished_at, stage_counts, stage_seconds, stage_errors "
            "FROM runs ORDER BY started_at"
        ).fetchall()


def test_deployment_is_served_with_schedule_and_concurrency_limit(served):
    _, deployment, *_ = served
    schedule = deployment["schedules"][0]["schedule"]
    assert (schedule["cron"], schedule["timezone"]) == ("0 2 * * *", "Europe/Paris")
    assert deployment["global_concurrency_limit"]["limit"] == 1
    assert deployment["parameters"]["config_path"].endswith("claimwatch.toml")


def test_the_server_schedules_the_coming_nights_at_two_in_paris(served):
    client, deployment, *_ = served

    def scheduled_runs():
        response = _post(client, "/flow_runs/filter", {
            "deployments": {"id": {"any_": [deployment["id"]]}},
            "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}},
            "sort": "EXPECTED_START_TIME_ASC", "limit": 10,
        })
        runs = [r for r in response.json() if r["auto_scheduled"]] if response.status_code == 200 else []
        return runs or None

    runs = _wait_for("the scheduler to create the coming nights' runs", scheduled_runs, 180)
    for run in runs:
        start = datetime.fromisoformat(run["expected_start_time"]).astimezone(ZoneInfo("Europe/Paris"))
        assert (start.hour, start.minute) == (2, 0) and start > datetime.now(timezone.utc)


def test_a_run_asked_for_with_the_cli_lands_in_the_warehouse(served):
    client, deployment, db, env, log = served
    started = subprocess.run([str(PREFECT), "deployment", "run", DEPLOYMENT], env=env, capture_output=True,
                             text=True, timeout=180, cwd=ROOT)
    assert started.returncode == 0, started.stdout + started.stderr
    run_id = next(line.split()[-1] for line in started.stdout.splitlines() if "UUID" in line)
    assert _wait_until_final(client, [run_id], log) == {run_id: "COMPLETED"}, log.read_text()[-4000:]

    (run,) = _runs(db)
    _, flow_run_id, trigger, status, started_at, finished_at, counts, seconds, errors = run
    assert (trigger, status) == ("deployment", "completed")
    assert finished_at > started_at
    child = _get(client, f"/flow_runs/{flow_run_id}")
    assert child["parent_task_run_id"] is not None and child["state_type"] == "COMPLETED"
    assert json.loads(counts)["articles"] >= 8 and json.loads(errors) == {}
    # Pages stream through fetch, extract + match (worker processes) and store: overlapping stages
    # are reported as busy seconds beside the wall time of the whole page stage.
    assert {"fetch_feeds", "pages", "fetch_pages_busy", "extract_cpu", "match_cpu", "store"} <= json.loads(seconds).keys()
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == json.loads(counts)["articles"]
        assert con.execute("SELECT count(*) FROM run_lock").fetchone()[0] == 0


def test_missed_nights_are_caught_up_by_one_run(served):
    client, deployment, db, env, log = served
    before = len(_runs(db))
    past = datetime.now(timezone.utc) - timedelta(days=3)
    run_ids = []
    for night in range(3):
        scheduled = (past + timedelta(days=night)).isoformat()
        response = _post(client, f"/deployments/{deployment['id']}/create_flow_run", {
            "tags": ["catch-up"], "state": {"type": "SCHEDULED", "state_details": {"scheduled_time": scheduled}},
        })
        assert response.status_code == 201, response.text
        run_ids.append(response.json()["id"])

    states = _wait_until_final(client, run_ids, log)
    assert sorted(states.values()) == ["CANCELLED", "CANCELLED", "COMPLETED"], log.read_text()[-4000:]
    runs = _runs(db)[before:]
    assert [(r[2], r[3]) for r in runs] == [("catch-up", "completed")]
