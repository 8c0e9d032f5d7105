"""[alerts] configuration: every key typed and checked, channel URLs understood before a run."""

from __future__ import annotations

import pytest

from extractors.errors import ConfigError
from flows.config import ALERT_RULES, Settings, load_settings


def load(tmp_path, text: str):
    path = tmp_path / "claimwatch.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path).alerts


def test_defaults_alert_on_every_match_as_a_digest():
    alerts = Settings().alerts
    assert (alerts.mode, alerts.min_score, alerts.rules, alerts.channels) == ("digest", 0.0, ALERT_RULES, ())
    assert "new_match" in alerts.rules


def test_every_alert_key_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("CW_SLACK", "T000/B000/XXXX")
    alerts = load(tmp_path, """
[alerts]
channels = ["mailtos://alerts:pw@smtp.example.org?to=desk@example.org", "slack://${CW_SLACK}", "console://"]
mode = "immediate"
min_score = 0.4
rules = ["new_match", "watchlist"]
resurface_after_days = 14
outlets_per_day = 4
retry_base_seconds = 60
timeout_seconds = 5
[alerts.watchlist]
claims = ["turkey-sent-syrian-fighters-to-azerbaijan"]
actors = ["turkey"]
""")
    assert alerts.channels[1] == "slack://T000/B000/XXXX"
    assert alerts.mode == "immediate" and alerts.min_score == 0.4
    assert alerts.rules == ("watchlist", "new_match")  # kept in order of specificity
    assert alerts.watch_claims == ("turkey-sent-syrian-fighters-to-azerbaijan",) and alerts.watch_actors == ("turkey",)
    assert (alerts.resurface_after_days, alerts.outlets_per_day, alerts.retry_base_seconds, alerts.timeout_seconds) == (14, 4, 60.0, 5.0)
    assert "T000/B000" not in repr(alerts)


@pytest.mark.parametrize("text, named", [
    ("mode = 'weekly'", "alerts.mode"),
    ("rules = ['first_blood']", "alerts.rules[0]"),
    ("rules = []", "alerts.rules"),
    ("outlets_per_day = 1", "alerts.outlets_per_day"),
    ("resurface_after_days = 'soon'", "alerts.resurface_after_days"),
    ("channels = ['carrierpigeon://loft/1']", "alerts.channels[0]"),
    ("channels = ['jsonl://relative/path.jsonl']", "alerts.channels[0]"),
    ("watchlist = { people = ['x'] }", "alerts.watchlist.people"),
    ("watchlist = { claims = 'one' }", "alerts.watchlist.claims"),
    ("watchlist = 'turkey'", "alerts.watchlist"),
    ("colour = 'red'", "alerts.colour"),
])
def test_bad_alert_keys_are_refused_by_name(tmp_path, text, named):
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, "[alerts]\n" + text + "\n")
    assert named in str(caught.value)


def test_a_refused_channel_url_does_not_echo_its_secret(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, "[alerts]\nchannels = ['carrierpigeon://user:hunter2secret@loft/1']\n")
    assert "hunter2secret" not in str(caught.value)


README_ENV = {
    "SMTP_PASSWORD": "app-password", "SLACK_TOKEN_A": "T1JJ3T3L2", "SLACK_TOKEN_B": "A1BRTD4JD",
    "SLACK_TOKEN_C": "TIiajkdnlazkcOXrIdevi7FQ", "DISCORD_WEBHOOK_ID": "4174216298",
    "DISCORD_WEBHOOK_TOKEN": "JHMHI8qBe7bk2ZwO5UtXI3UADGbRUdjRNO2ZJhyj6Z3sBp", "HOOK_TOKEN": "0123456789abcdef",
}


def test_readme_alert_examples_are_valid_config(tmp_path, monkeypatch):
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Alerts"):readme.index("## Querying the warehouse")]
    blocks = re.findall(r"```toml\n(.*?)```", section, re.S)
    assert len(blocks) >= 3
    for name, value in README_ENV.items():
        monkeypatch.setenv(name, value)
    for block in blocks:
        load(tmp_path, block)
