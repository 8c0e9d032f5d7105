"""[runner] extract_workers and [matcher] semantic: read, defaulted, refused when wrong."""

from __future__ import annotations

import pytest

from extractors.errors import ConfigError
from flows.config import MatcherSettings, settings_from_dict


def test_defaults_use_one_worker_per_core_and_the_model_when_installed():
    settings = settings_from_dict({})
    assert settings.runner.extract_workers == 0
    assert settings.matcher == MatcherSettings(semantic=None)


def test_values_are_read():
    settings = settings_from_dict({"runner": {"extract_workers": 3}, "matcher": {"semantic": False}})
    assert settings.runner.extract_workers == 3
    assert settings.matcher.semantic is False


@pytest.mark.parametrize("data, key", [
    ({"runner": {"extract_workers": -1}}, "runner.extract_workers"),
    ({"runner": {"extract_workers": "2"}}, "runner.extract_workers"),
    ({"matcher": {"semantic": "yes"}}, "matcher.semantic"),
    ({"matcher": {"model": "x"}}, "matcher.model"),
])
def test_bad_values_are_refused_naming_the_key(data, key):
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        settings_from_dict(data)
