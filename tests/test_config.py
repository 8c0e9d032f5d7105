import subprocess
import sys
from pathlib import Path

import pytest

from extractors.errors import ConfigError
from flows.config import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "claimwatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_full_config_is_read_into_typed_settings(tmp_path):
    path = write(tmp_path, """
[warehouse]
path = "data/cw.duckdb"
[catalogue]
path = "cat.toml"
[[feeds]]
name = "wire"
url = "https://example.org/rss"
language = "en"
[alerts]
channels = ["json://127.0.0.1:9/hook", "jsonl:///tmp/alerts.jsonl"]
[fetch]
allow_private_addresses = ["127.0.0.1/32"]
contact_url = "https://example.org/about"
""")
    settings = load_settings(path)
    assert settings.warehouse_path == tmp_path / "data/cw.duckdb"
    assert settings.catalogue_path == tmp_path / "cat.toml"
    assert [(f.name, f.url, f.language) for f in settings.feeds] == [("wire", "https://example.org/rss", "en")]
    assert settings.alerts.channels[1] == "jsonl:///tmp/alerts.jsonl"
    assert settings.fetch.allow_private_addresses == ("127.0.0.1/32",)
    assert "https://example.org/about" in settings.fetch.user_agent


def test_defaults_refuse_private_addresses():
    assert Settings().fetch.allow_private_addresses is False


@pytest.mark.parametrize(
    "text, named",
    [
        ("[warehouse]\npaht = 'x'", "warehouse.paht"),
        ("[wherehouse]\npath = 'x'", "[wherehouse]"),
        ("[[feeds]]\nname = 'a'\nurl = 'ftp://x/feed'", "feeds[0].url"),
        ("[[feeds]]\nname = 'a'\nurl = 'not a url'", "feeds[0].url"),
        ("[[feeds]]\nurl = 'https://x.org/f'", "feeds[0].name"),
        ("[[feeds]]\nname = 'a'\nurl = 'https://x.org/f'\ncolour = 'red'", "feeds[0].colour"),
        ("[fetch]\nallow_private_addresses = 'yes'", "fetch.allow_private_addresses"),
        ("[fetch]\nallow_private_addresses = ['10.0.0.0/33']", "fetch.allow_private_addresses[0]"),
        ("[alerts]\nchannels = ['nonsense']", "alerts.channels[0]"),
        ("[fetch]\nmax_redirects = true", "fetch.max_redirects"),
        ("[warehouse\npath = 'x'", "TOML syntax error"),
    ],
)
def test_config_errors_name_the_key(tmp_path, text, named):
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, text))
    assert named in str(caught.value)


def test_missing_config_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml")


def test_cli_exits_2_with_one_line_and_writes_nothing(tmp_path):
    config = write(tmp_path, "[warehouse]\npath = 'cw.duckdb'\n[[feeds]]\nname = 'a'\nurl = 'https://x.org/f'\nlanguage = 42\n")
    result = subprocess.run(
        [sys.executable, "-m", "flows", "run", "--config", str(config)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert result.returncode == 2
    assert "feeds[0].language" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "cw.duckdb").exists()


def test_example_config_is_valid():
    settings = load_settings(ROOT / "claimwatch.example.toml")
    assert len(settings.feeds) >= 6
    assert len({f.language for f in settings.feeds}) >= 3


def test_channel_secrets_come_from_the_environment(tmp_path, monkeypatch):
    path = write(tmp_path, '[alerts]\nchannels = ["json://127.0.0.1:9/hook/${CW_TEST_TOKEN}"]\n')
    with pytest.raises(ConfigError, match="CW_TEST_TOKEN"):
        load_settings(path)
    monkeypatch.setenv("CW_TEST_TOKEN", "s3cret")
    assert load_settings(path).alerts.channels == ("json://127.0.0.1:9/hook/s3cret",)


def test_outside_a_checkout_the_default_catalogue_is_the_current_directorys(tmp_path, monkeypatch):
    """An installed (not editable) claimwatch has no seeds/ beside its code: it then reads
    seeds/catalogue.toml of the directory it runs in, and a missing one is a clear error."""
    from extractors.catalogue import CatalogueError, load_catalogue
    from flows import config

    monkeypatch.setattr(config, "PROJECT_ROOT", tmp_path / "site-packages")
    monkeypatch.chdir(tmp_path)
    assert config.default_catalogue_path() == Path("seeds") / "catalogue.toml"
    with pytest.raises(CatalogueError, match="seeds/catalogue.toml: cannot read the catalogue"):
        load_catalogue(config.default_catalogue_path())
