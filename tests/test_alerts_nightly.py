"""The real nightly flow (Prefect test harness) against the offline demo site, with a real SMTP
server and a real webhook on loopback: receivers down on the first run, so the alerts wait; up
on the second, so each alert arrives exactly once; a third run sends nothing. The run summary
is a Prefect artifact, and a failed run tells the same channels."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import duckdb
import httpx
import pytest

from flows.config import Settings
from flows.demo import demo_settings
from flows.demo_server import serve_demo_site
from tests.alert_data import settings_with
from tests.alert_receivers import SmtpReceiver, WebhookReceiver, plain_and_html

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def three_runs(prefect_harness, tmp_path_factory):
    from flows.nightly import run_nightly

    out = tmp_path_factory.mktemp("nightly-alerts")
    smtp, webhook = SmtpReceiver(), WebhookReceiver()
    alerts = settings_with(channels=[smtp.url(), webhook.url(), f"jsonl://{out / 'alerts.jsonl'}"], retry_base_seconds=0).alerts
    runs = []
    with serve_demo_site() as site:
        settings = replace(demo_settings(Settings(), site.feed_urls(), out / "w.duckdb", out), alerts=alerts)
        runs.append(run_nightly(settings, trigger="test", force_all_feeds=True))
        smtp.start(), webhook.start()
        try:
            for _ in range(2):
                runs.append(run_nightly(settings, trigger="test", force_all_feeds=True))
            yield out, runs, smtp, webhook, settings
        finally:
            smtp.stop(), webhook.stop()


def test_alerts_wait_while_receivers_are_down(three_runs):
    out, runs, *_ = three_runs
    first = runs[0].counts
    assert first["alerts"] >= 3
    assert first["alerts_failed"] == 2 * first["alerts"]  # email and webhook; the JSONL file took them
    assert first["alerts_sent"] == first["alerts"]


def test_each_alert_arrives_once_when_receivers_come_back(three_runs):
    out, runs, smtp, webhook, _ = three_runs
    alerts = runs[0].counts["alerts"]
    second = runs[1].counts
    assert (second["alerts"], second["alerts_sent"], second["alerts_failed"]) == (0, 2 * alerts, 0)
    [mail] = smtp.emails
    [post] = webhook.received
    assert post.body["count"] == alerts
    plain, html = plain_and_html(mail)
    assert "Caucasus Wire" in plain and "Seed evidence" in plain and "<blockquote>" in html
    alert_ids = [a["alert_id"] for claim in post.body["claims"] for a in claim["alerts"]]
    assert len(alert_ids) == len(set(alert_ids)) == alerts
    urls = {a["article"]["url"] for claim in post.body["claims"] for a in claim["alerts"]}
    assert all(url in plain for url in urls)  # the email carries every alert the webhook got
    with duckdb.connect(str(out / "w.duckdb"), read_only=True) as con:
        assert con.execute("SELECT DISTINCT status FROM alert_deliveries").fetchall() == [("sent",)]


def test_a_third_run_sends_nothing(three_runs):
    _, runs, smtp, webhook, _ = three_runs
    third = runs[2].counts
    assert (third["alerts"], third["alerts_sent"], third["alerts_failed"]) == (0, 0, 0)
    assert len(smtp.emails) == 1 and len(webhook.received) == 1


def read_artifacts(key: str) -> list[dict]:
    """Artifacts by key from the harness's API. Posted by hand: this Prefect client sends None for
    the filters it is not given (and an empty task-run filter drops flow-level artifacts), which
    its own server refuses."""
    from prefect.client.orchestration import get_client

    async def api_url() -> str:
        async with get_client() as client:
            return str(client.api_url).rstrip("/")

    response = httpx.post(f"{asyncio.run(api_url())}/artifacts/filter", trust_env=False, timeout=30,
                          json={"artifacts": {"key": {"any_": [key]}}, "limit": 50})
    response.raise_for_status()
    return response.json()


def test_the_run_summary_is_a_prefect_artifact(three_runs):
    _, runs, *_ = three_runs
    bodies = {a["flow_run_id"]: a["data"] for a in read_artifacts("claimwatch-run-summary")}
    first = bodies[runs[0].run_id]
    assert first.startswith(f"# claimwatch run {runs[0].run_id}")
    assert "| alerts failed |" in first and "## Feeds that failed" in first and "nightdesk" in first
    assert "ConnectError" in first  # why the alerts are waiting
    assert runs[2].run_id in bodies


def test_a_failed_run_notifies_the_channels(three_runs, tmp_path):
    from flows.nightly import run_nightly

    _, _, _, webhook, settings = three_runs
    broken = replace(settings, catalogue_path=tmp_path / "missing-catalogue.toml")
    before = len(webhook.received)
    with pytest.raises(Exception):
        run_nightly(broken, trigger="test")
    notices = [r.body for r in webhook.received[before:]]
    assert [n["type"] for n in notices] == ["claimwatch.notice"]
    assert notices[0]["title"].startswith("claimwatch run failed") and "missing-catalogue.toml" in notices[0]["text"]
