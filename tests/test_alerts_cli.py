"""`claimwatch alerts list|retry|test` against real receivers and a real warehouse."""

from __future__ import annotations

import pytest

from flows.cli import main as claimwatch
from tests.alert_data import deliver, demo_batch, queue_run, settings_with
from tests.alert_receivers import SmtpReceiver, WebhookReceiver, plain_and_html


def config_file(tmp_path, channels: list[str], db) -> str:
    path = tmp_path / "claimwatch.toml"
    listed = ", ".join(f"'{c}'" for c in channels)
    path.write_text(f"[warehouse]\npath = '{db}'\n[alerts]\nchannels = [{listed}]\n", encoding="utf-8")
    return str(path)


def test_test_sends_an_example_email_by_url(tmp_path, capsys):
    smtp = SmtpReceiver().start()
    try:
        assert claimwatch(["alerts", "test", smtp.url(), "--config", config_file(tmp_path, [], tmp_path / "w.duckdb")]) == 0
        [mail] = smtp.emails
    finally:
        smtp.stop()
    assert mail["Subject"].startswith("[TEST] claimwatch")
    plain, _ = plain_and_html(mail)
    assert "This is a test message from `claimwatch alerts test`" in plain
    assert "test message sent to mailto://127.0.0.1" in capsys.readouterr().out
    assert not (tmp_path / "w.duckdb").exists()  # outside the outbox


def test_test_by_number_and_a_failure_without_secrets(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CW_TOKEN", "sekrit-token-42")
    webhook = WebhookReceiver().start()
    try:
        config = config_file(tmp_path, [webhook.url(), "json://127.0.0.1:9/hook/${CW_TOKEN}"], tmp_path / "w.duckdb")
        assert claimwatch(["alerts", "test", "1", "--config", config]) == 0
        assert [r.body["type"] for r in webhook.received] == ["claimwatch.test"]
        assert claimwatch(["alerts", "test", "2", "--config", config]) == 1
        assert claimwatch(["alerts", "test", "3", "--config", config]) == 2
    finally:
        webhook.stop()
    output = capsys.readouterr()
    assert "failed" in output.out and "sekrit-token-42" not in output.out + output.err


def test_list_shows_failures_and_retry_sends_them(tmp_path, db_path, capsys):
    webhook = WebhookReceiver()
    config = config_file(tmp_path, [webhook.url()], db_path)
    settings = settings_with(channels=[webhook.url()])
    queue_run(db_path, settings, demo_batch())
    assert deliver(db_path, settings).failed == 3
    assert claimwatch(["alerts", "list", "--config", config, "--status", "failed"]) == 0
    listed = capsys.readouterr().out
    assert listed.count(" failed ") >= 3 and "ConnectError" in listed and "next try" in listed
    # What each alert says, so an analyst can tell them apart without opening the warehouse.
    assert "Caucasus Wire: Ankara dismisses mercenary reports" in listed
    assert "\u201cTurkey's foreign ministry rejected the reports that it had sent Syrian fighters to the Caucasus.\u201d" in listed
    webhook.start()
    try:
        assert claimwatch(["alerts", "retry", "--config", config]) == 0  # backoff ignored
        assert len(webhook.received) == 1
        assert "sent 3 in 1 messages" in capsys.readouterr().out
        assert claimwatch(["alerts", "list", "--config", config, "--status", "failed"]) == 0
        assert "no deliveries match" in capsys.readouterr().out
    finally:
        webhook.stop()


def test_list_without_a_warehouse(tmp_path, capsys):
    assert claimwatch(["alerts", "list", "--config", config_file(tmp_path, [], tmp_path / "none.duckdb")]) == 0
    assert "no alerts yet" in capsys.readouterr().out


@pytest.mark.parametrize("action", ["list", "retry", "test"])
def test_each_action_explains_itself(action, capsys):
    with pytest.raises(SystemExit):
        claimwatch(["alerts", action, "--help"])
    assert "--config" in capsys.readouterr().out
