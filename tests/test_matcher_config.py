"""The [matcher] config key: where claim embeddings are cached between processes."""

from pathlib import Path

import pytest

from extractors.errors import ConfigError
from flows.config import Settings, settings_from_dict


def test_cache_dir_defaults_to_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert Settings().matcher.cache_dir == tmp_path / "xdg" / "claimwatch"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert settings_from_dict({}).matcher.cache_dir == Path.home() / ".cache" / "claimwatch"


def test_cache_dir_is_read_relative_to_the_config_file(tmp_path):
    settings = settings_from_dict({"matcher": {"cache_dir": "cache/emb"}}, base=tmp_path)
    assert settings.matcher.cache_dir == tmp_path / "cache" / "emb"
    assert settings_from_dict({"matcher": {"cache_dir": "/var/cache/cw"}}).matcher.cache_dir == Path("/var/cache/cw")


@pytest.mark.parametrize("data, named", [
    ({"matcher": {"cache_dir": 3}}, "matcher.cache_dir"),
    ({"matcher": {"cache": "x"}}, "matcher.cache"),
])
def test_bad_matcher_keys_are_refused(data, named):
    with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
        settings_from_dict(data)
