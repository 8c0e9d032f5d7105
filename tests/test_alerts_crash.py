"""A delivery pass killed (SIGKILL) after the channel got a message and before the warehouse
recorded it. The next pass must neither lose the message nor deliver it twice:

  * webhook: re-sent with the same Idempotency-Key, so the receiver keeps one;
  * JSONL file: completed without writing any line twice;
  * chat via Apprise (cannot recognise repeats): held as 'unknown', re-sent only by `alerts retry`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb

from flows.cli import main as claimwatch
from tests.alert_data import deliver, demo_batch, queue_run, settings_with
from tests.alert_receivers import WebhookReceiver

ROOT = Path(__file__).resolve().parent.parent

# Delivers the outbox in a separate process. With "kill-after-send", the process kills itself
# right after a JSONL or Apprise channel returned: the exact window between send and record.
DELIVER = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from flows import alerts
    from flows.alerting import channels
    from flows.config import load_settings
    if sys.argv[3] == "kill-after-send":
        for kind in (channels.JsonlChannel, channels.AppriseChannel):
            def send(self, message, _send=kind.send):
                _send(self, message)
                os.kill(os.getpid(), signal.SIGKILL)
            kind.send = send
    alerts.deliver_pending(sys.argv[2], load_settings(sys.argv[1]).alerts, 10)
""").format(root=str(ROOT))


def write_config(tmp_path, channels: list[str]) -> Path:
    path = tmp_path / "claimwatch.toml"
    listed = ", ".join(f'"{c}"' for c in channels)
    path.write_text(f"[alerts]\nchannels = [{listed}]\nretry_base_seconds = 0\n", encoding="utf-8")
    return path


def deliver_in_subprocess(config: Path, db: Path, mode: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", DELIVER, str(config), str(db), mode], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def statuses(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT DISTINCT status, message_id IS NOT NULL FROM alert_deliveries").fetchall()


def test_webhook_message_in_doubt_is_resent_with_the_same_key(tmp_path, db_path):
    webhook = WebhookReceiver()
    config = write_config(tmp_path, [webhook.url()])
    settings = settings_with(channels=[webhook.url()], retry_base_seconds=0)
    queue_run(db_path, settings, demo_batch())
    process = deliver_in_subprocess(config, db_path, "plain")
    # The receiver has the message; the sender dies before it hears back, let alone records it.
    webhook.on_request = lambda: os.kill(process.pid, signal.SIGKILL)
    webhook.start()
    try:
        assert process.wait(timeout=120) == -signal.SIGKILL
        assert statuses(db_path) == [("sending", True)]
        webhook.on_request = None
        report = deliver(db_path, settings)
        assert report.sent == 3 and report.held == 0
        assert statuses(db_path) == [("sent", True)]
        keys = [r.headers["Idempotency-Key"] for r in webhook.received]
        assert len(keys) == 2 and len(set(keys)) == 1
        assert len(webhook.distinct_messages()) == 1
        assert deliver(db_path, settings).messages == 0
        assert len(webhook.received) == 2
    finally:
        webhook.stop()


def test_jsonl_message_in_doubt_is_completed_without_duplicate_lines(tmp_path, db_path):
    jsonl = tmp_path / "out" / "alerts.jsonl"
    config = write_config(tmp_path, [f"jsonl://{jsonl}"])
    settings = settings_with(channels=[f"jsonl://{jsonl}"], retry_base_seconds=0)
    queue_run(db_path, settings, demo_batch())
    process = deliver_in_subprocess(config, db_path, "kill-after-send")
    assert process.wait(timeout=120) == -signal.SIGKILL
    assert statuses(db_path) == [("sending", True)]
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 3
    report = deliver(db_path, settings)
    assert report.sent == 3
    assert statuses(db_path) == [("sent", True)]
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and len(set(lines)) == 3


def test_chat_message_in_doubt_is_held_until_retry(tmp_path, db_path, capsys):
    receiver = WebhookReceiver().start()  # stands in for an ntfy server
    chat = f"ntfy://127.0.0.1:{receiver.port}/claimwatch-alerts"
    config = write_config(tmp_path, [chat])
    (tmp_path / "claimwatch.toml").write_text(config.read_text() + f'[warehouse]\npath = "{db_path}"\n', encoding="utf-8")
    settings = settings_with(channels=[chat], retry_base_seconds=0)
    try:
        queue_run(db_path, settings, demo_batch())
        process = deliver_in_subprocess(config, db_path, "kill-after-send")
        assert process.wait(timeout=120) == -signal.SIGKILL
        assert len(receiver.received) == 1
        report = deliver(db_path, settings)
        assert (report.sent, report.held) == (0, 1)
        assert statuses(db_path) == [("unknown", True)]
        assert deliver(db_path, settings).sent == 0 and len(receiver.received) == 1  # held, not re-sent

        assert claimwatch(["alerts", "list", "--config", str(config), "--status", "unknown"]) == 0
        listed = capsys.readouterr().out
        assert "unknown" in listed and "may or may not have arrived" in listed
        assert claimwatch(["alerts", "retry", "--config", str(config)]) == 0
        assert statuses(db_path) == [("sent", True)]
        assert len(receiver.received) == 2
    finally:
        receiver.stop()
