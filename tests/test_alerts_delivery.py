"""Alert delivery to real receivers on loopback: an SMTP server and an HTTP webhook.

Receiver down on the first run: the alerts wait. Up on the second: each alert delivered exactly
once. A third run: nothing sent. Plus backoff, immediate mode, and secrets kept out of logs."""

from __future__ import annotations

import json
from datetime import timedelta

import duckdb
import pytest

from tests.alert_data import FIGHTERS, MERCENARIES, deliver, demo_batch, queue_run, settings_with, utc
from tests.alert_receivers import SmtpReceiver, WebhookReceiver, plain_and_html


def delivery_rows(db) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT channel, status, attempts, last_error, message_id FROM alert_deliveries ORDER BY channel, alert_id"
        ).fetchall()


@pytest.fixture()
def smtp():
    receiver = SmtpReceiver()
    yield receiver
    receiver.stop()


@pytest.fixture()
def webhook():
    receiver = WebhookReceiver()
    yield receiver
    receiver.stop() if hasattr(receiver, "_server") else None


def test_down_then_up_then_nothing_more(db_path, tmp_path, smtp, webhook):
    jsonl = tmp_path / "alerts.jsonl"
    settings = settings_with(channels=[smtp.url(), webhook.url(), f"jsonl://{jsonl}"], retry_base_seconds=0)

    assert queue_run(db_path, settings, demo_batch()) == 3
    first = deliver(db_path, settings)
    assert (first.sent, first.failed) == (3, 6)  # the file channel works; both receivers are down
    failed = [row for row in delivery_rows(db_path) if row[1] == "failed"]
    assert len(failed) == 6 and all(row[2] == 1 and row[3] for row in failed)
    assert any("Connection refused" in row[3] or "ConnectError" in row[3] for row in failed)

    smtp.start(), webhook.start()
    second = deliver(db_path, settings)
    assert (second.sent, second.failed, second.messages) == (6, 0, 2)
    assert len(smtp.emails) == 1 and len(webhook.received) == 1
    body = webhook.received[0].body
    assert body["count"] == 3 and body["message_id"] == webhook.received[0].headers["Idempotency-Key"]
    assert sorted(a["claim_id"] for c in body["claims"] for a in c["alerts"]) == sorted([FIGHTERS.id] * 2 + [MERCENARIES.id])
    assert {row[1] for row in delivery_rows(db_path)} == {"sent"}

    third = deliver(db_path, settings)
    assert (third.sent, third.failed, third.messages) == (0, 0, 0)
    assert len(smtp.emails) == 1 and len(webhook.received) == 1
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 3


def test_digest_email_has_plain_text_and_html_that_explain_each_alert(db_path, smtp):
    smtp.start()
    settings = settings_with(channels=[smtp.url(to="desk@newsroom.test")])
    queue_run(db_path, settings, demo_batch())
    deliver(db_path, settings)
    [mail] = smtp.emails
    assert mail["To"] == "desk@newsroom.test" and mail["Subject"].startswith("claimwatch digest: 3 new matches of 2 claims")
    assert mail.get_content_type() == "multipart/alternative"
    plain, html = plain_and_html(mail)
    for words in (
        FIGHTERS.statement, FIGHTERS.id, "DENIES (score 0.71)", "SUPPORTS (score 0.82)",
        "\u201cTurkey's foreign ministry rejected the reports", "Article: Ankara dismisses mercenary reports",
        "Caucasus Wire, 2020-10-13, language en", "https://caucasus-wire.example/ankara-dismisses-reports",
        "Actors: Turkey (written \u201cTurkey's\u201d)", "Denied by: Turkey",
        "Why: the first article that denies this claim [rule first_denial]",
        f"Seed evidence ({FIGHTERS.evidence[0].seed}", f"WHERE m.claim_id = '{FIGHTERS.id}'",
        "2 matches in 1 distinct outlet (1 denies, 1 supports)", "language fr",
    ):
        assert words in plain, words
    # grouped by claim, newest first: the French article (Oct 14) leads; the denial (Oct 13) before the report (Oct 12)
    assert plain.index(MERCENARIES.statement) < plain.index(FIGHTERS.statement)
    assert plain.index("DENIES (score 0.71)") < plain.index("SUPPORTS (score 0.82)")
    assert '<a href="https://caucasus-wire.example/ankara-dismisses-reports">Ankara dismisses mercenary reports</a>' in html
    assert "<blockquote>Turkey&#x27;s foreign ministry rejected" in html
    assert mail["Message-ID"].startswith("<cw-")


def test_failed_delivery_waits_for_its_backoff(db_path, webhook):
    settings = settings_with(channels=[webhook.url()], retry_base_seconds=600)
    queue_run(db_path, settings, demo_batch())
    start = utc("2026-01-01T00:00:00")
    assert deliver(db_path, settings, now=start).failed == 3
    webhook.start()
    assert deliver(db_path, settings, now=start + timedelta(minutes=5)).sent == 0  # still backing off
    assert webhook.received == []
    assert deliver(db_path, settings, now=start + timedelta(minutes=11)).sent == 3
    assert len(webhook.received) == 1


def test_a_refusing_receiver_keeps_the_same_message_id_on_retry(db_path, webhook):
    webhook.status = 503
    webhook.start()
    settings = settings_with(channels=[webhook.url()], retry_base_seconds=0)
    queue_run(db_path, settings, demo_batch())
    assert deliver(db_path, settings).failed == 3
    assert {row[3] for row in delivery_rows(db_path)} == {"HTTP 503 from the webhook"}
    webhook.status = 200
    queue_run(db_path, settings, [])  # a later run with nothing new
    assert deliver(db_path, settings).sent == 3
    keys = [r.headers["Idempotency-Key"] for r in webhook.received]
    assert len(keys) == 2 and keys[0] == keys[1]
    assert len(webhook.distinct_messages()) == 1


def test_immediate_mode_sends_one_message_per_alert(db_path, webhook):
    webhook.start()
    settings = settings_with(channels=[webhook.url()], mode="immediate")
    queue_run(db_path, settings, demo_batch())
    report = deliver(db_path, settings)
    assert (report.sent, report.messages) == (3, 3)
    assert sorted(r.body["count"] for r in webhook.received) == [1, 1, 1]
    assert len({r.headers["Idempotency-Key"] for r in webhook.received}) == 3


def test_new_alerts_of_a_later_run_form_a_new_digest(db_path, webhook):
    webhook.start()
    settings = settings_with(channels=[webhook.url()])
    batch = demo_batch()
    queue_run(db_path, settings, batch[:1])
    deliver(db_path, settings)
    queue_run(db_path, settings, batch)  # the first article again (no new alert) and two new ones
    deliver(db_path, settings)
    assert [r.body["count"] for r in webhook.received] == [1, 2]


def test_secrets_in_channel_urls_stay_out_of_logs_errors_and_warehouse(db_path, monkeypatch, caplog, webhook, smtp):
    monkeypatch.setenv("CW_HOOK_TOKEN", "tok-9f8e7d6c5b4a")
    monkeypatch.setenv("CW_SMTP_PASSWORD", "pw-0a1b2c3d")
    channels = [webhook.url("/hooks/${CW_HOOK_TOKEN}"),
                f"mailto://alerts:${{CW_SMTP_PASSWORD}}@127.0.0.1:{smtp.port}?to=desk@newsroom.test&from=cw@newsroom.test&mode=insecure"]
    settings = settings_with(channels=channels)
    assert "tok-9f8e7d6c5b4a" in settings.alerts.channels[0] and "tok-9f8e7d6c5b4a" not in repr(settings)
    queue_run(db_path, settings, demo_batch())
    with caplog.at_level("DEBUG"):
        report = deliver(db_path, settings)
    assert report.failed == 6
    with duckdb.connect(str(db_path), read_only=True) as con:
        stored = json.dumps(con.execute("SELECT * FROM alert_deliveries").fetchall(), default=str)
    for secret in ("tok-9f8e7d6c5b4a", "pw-0a1b2c3d"):
        assert secret not in caplog.text and secret not in stored and secret not in " ".join(report.errors)


def test_request_logs_of_a_working_webhook_do_not_show_its_token(db_path, monkeypatch, caplog, webhook):
    monkeypatch.setenv("CW_HOOK_TOKEN", "tok-1a2b3c4d5e6f")
    webhook.start()
    settings = settings_with(channels=[webhook.url("/hooks/${CW_HOOK_TOKEN}")])
    queue_run(db_path, settings, demo_batch())
    # httpx's own level too: `claimwatch` (run by other tests in this process) quiets it.
    with caplog.at_level("DEBUG"), caplog.at_level("DEBUG", logger="httpx"):
        assert deliver(db_path, settings).sent == 3
    assert webhook.received[0].path == "/hooks/tok-1a2b3c4d5e6f"
    assert "HTTP Request: POST" in caplog.text  # httpx logged the request...
    assert "tok-1a2b3c4d5e6f" not in caplog.text  # ...without the token


def test_digest_counts_distinct_outlets_and_copies(db_path, webhook):
    from tests.alert_data import article, match

    webhook.start()
    settings = settings_with(channels=[webhook.url()])
    sentence = "Ankara organised the transfer of Syrian mercenaries to Azerbaijan."
    original = article("original", "Caucasus Wire", "2020-10-12T08:00:00+00:00", text="Same wire text.")
    copy = article("syndicated", "Eurasia Monitor", "2020-10-12T09:00:00+00:00", text="Same wire text.")
    queue_run(db_path, settings, [(original, match(FIGHTERS, "supports", 0.8, sentence)),
                                  (copy, match(FIGHTERS, "supports", 0.8, sentence))],
              duplicate_of={copy.article_id: original.article_id})
    deliver(db_path, settings)
    [claim] = webhook.received[0].body["claims"]
    assert (claim["matches"], claim["outlets"], claim["copies"]) == (2, 2, 1)
    text = webhook.received[0].body["text"]
    assert "2 matches in 2 distinct outlets, 1 copy of other articles (2 supports)" in text
    assert f"A copy of article {original.article_id} (same text)" in text
