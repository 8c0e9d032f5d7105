"""kill -9 the nightly run at several points, run again, and the warehouse holds exactly what one
clean run leaves: nothing lost, nothing twice.

The run is a real process (the real flow, against the demo site on loopback, alerts to a
webhook on loopback). The site and the webhook kill it (SIGKILL) the moment it asks for:
  1. a feed: the run is recorded and the catalogue stored, nothing fetched yet;
  2. an article page: feeds fetched and their health recorded, no entry stored yet;
  3. the alert webhook: everything stored, the first alert on its way out.
The next process carries on from whatever the previous one left; a last run completes. Its
rows must equal those of a clean run into another file.
"""

from __future__ import annotations

import os
import signal
import threading

import pytest

from flows.config import load_settings
from tests.alert_receivers import WebhookReceiver
from tests.warehouse_runs import lexical_matching  # noqa: F401 (fixture)
from tests.warehouse_runs import HookedSite, run_statuses, snapshot, start_run_process, write_config

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("lexical_matching")]


@pytest.fixture(scope="module")
def site():
    hooked = HookedSite()
    yield hooked
    hooked.close()


@pytest.fixture(scope="module")
def webhook():
    receiver = WebhookReceiver().start()
    yield receiver
    receiver.stop()


def clean_run(prefect_harness, tmp_path, site, webhook) -> dict:
    from flows.nightly import run_nightly

    db = tmp_path / "clean.duckdb"
    config = write_config(tmp_path, site, db, [webhook.url()], lock_wait_seconds=60)
    run_nightly(load_settings(config), trigger="clean", force_all_feeds=True)
    return snapshot(db)


def kill_when(process, predicate):
    """A request hook that SIGKILLs `process` on the first request matching `predicate`."""
    fired = threading.Event()

    def hook(*path):
        if not fired.is_set() and predicate(*path):
            fired.set()
            os.kill(process.pid, signal.SIGKILL)

    return hook, fired


def test_runs_killed_at_any_stage_lose_nothing_and_duplicate_nothing(prefect_harness, tmp_path, site, webhook):
    from flows.nightly import run_nightly

    (tmp_path / "clean").mkdir()
    expected = clean_run(prefect_harness, tmp_path / "clean", site, webhook)
    assert expected["articles"] and expected["claim_matches"] and expected["alerts"]
    clean_messages = len(webhook.distinct_messages())
    webhook.received.clear()

    db = tmp_path / "crashed.duckdb"
    config = write_config(tmp_path, site, db, [webhook.url()], lock_wait_seconds=60)
    stages = [("a feed", site.is_feed), ("an article page", site.is_article)]
    for stage, predicate in stages + [("the alert webhook", None)]:
        process = start_run_process(config)
        hook, fired = kill_when(process, predicate or (lambda: True))
        if predicate:
            site.on_request = hook
        else:
            webhook.on_request = hook
        try:
            process.wait(timeout=600)
        finally:
            site.on_request = webhook.on_request = None
        assert fired.is_set(), f"the run never reached {stage}: {process.stderr.read()[-3000:]}"
        assert process.returncode == -signal.SIGKILL

    run_nightly(load_settings(config), trigger="after crashes", force_all_feeds=True)
    assert snapshot(db) == expected
    assert run_statuses(db)[-1] == "completed"
    # Alerts: each delivered, the one in flight when killed possibly twice with the same key.
    assert len(webhook.distinct_messages()) == clean_messages

    run_nightly(load_settings(config), trigger="again", force_all_feeds=True)
    assert snapshot(db) == expected
