"""The one typed settings object, read once at the edge from a TOML file.

Unknown keys, wrong types and bad URLs are refused with one line naming the key, so a typo never
silently turns a feature off. Library code receives plain values from here, never the file.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from extractors.errors import ConfigError
from extractors.fast_extract import DEFAULT_ENGINE, ENGINES, engine_problem
from extractors.http import FetchPolicy
from extractors.models import Feed

__all__ = ["Settings", "AlertSettings", "ExtractSettings", "ScheduleSettings", "RunnerSettings", "MatcherSettings", "default_cache_dir", "schedule_settings", "ALERT_RULES", "load_settings", "expand_secrets",
           "default_catalogue_path", "DEFAULT_CONFIG_NAME"]

DEFAULT_CONFIG_NAME = "claimwatch.toml"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_catalogue_path() -> Path:
    """The project's seeds/catalogue.toml when claimwatch runs from its checkout (an editable
    install); otherwise seeds/catalogue.toml under the current directory. Set `[catalogue] path`
    to use another."""
    in_checkout = PROJECT_ROOT / "seeds" / "catalogue.toml"
    return in_checkout if in_checkout.exists() else Path("seeds") / "catalogue.toml"


ALERT_RULES = ("watchlist", "first_denial", "outlet_threshold", "resurfaced", "first_language", "first_outlet", "new_match")


@dataclass(frozen=True)
class AlertSettings:
    """[alerts]: where alerts go, how they are grouped, and which matches raise one."""

    channels: tuple[str, ...] = field(default=(), repr=False)  # URLs may hold secrets
    mode: str = "digest"
    min_score: float = 0.0
    rules: tuple[str, ...] = ALERT_RULES
    watch_claims: tuple[str, ...] = ()
    watch_actors: tuple[str, ...] = ()
    resurface_after_days: int = 30
    outlets_per_day: int = 3
    retry_base_seconds: float = 600.0
    timeout_seconds: float = 20.0


@dataclass(frozen=True)
class ScheduleSettings:
    """When `claimwatch serve` runs the nightly flow, and how long a run lock may be held."""

    cron: str = "0 2 * * *"
    timezone: str = "UTC"
    deployment: str = "nightly"
    # A run that holds the warehouse run lock longer than this is presumed dead (its process was
    # killed): the next run takes the lock over instead of refusing forever.
    lock_stale_after_seconds: float = 6 * 3600.0


@dataclass(frozen=True)
class RunnerSettings:
    """Where the flow's tasks (feed fetching, page fetching + extraction, matching) run.

    "local": threads in the flow process. "dask": a Dask cluster, the one at `dask_address`, or
    a temporary one on this machine with `dask_workers` processes. Writes always stay in the flow
    process (DuckDB has one writer)."""

    kind: str = "local"
    dask_address: str | None = None
    dask_workers: int = 2
    task_retries: int = 2
    retry_delay_seconds: float = 10.0
    # Extraction + matching processes of the local runner; 0: one per core this process may use.
    extract_workers: int = 0


def default_cache_dir() -> Path:
    """Where the matcher caches claim embeddings: $XDG_CACHE_HOME/claimwatch or ~/.cache/claimwatch."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimwatch"


@dataclass(frozen=True)
class MatcherSettings:
    """[matcher]: `cache_dir` keeps claim embeddings between processes (else each one re-embeds
    the catalogue's claim texts, tens of seconds)."""

    cache_dir: Path = field(default_factory=default_cache_dir)
    # True requires the sentence model, False never loads it (lexical matching only, several
    # times cheaper), None (unset) uses it when installed.
    semantic: bool | None = None


@dataclass(frozen=True)
class ExtractSettings:
    """[extract]: which engine turns a page into article text. "trafilatura" (the default) or
    "resiliparse" (the `fast` extra: about ten times less CPU, more boilerplate let through;
    bench/FAST.md). The stored articles' extractor_version names the engine."""

    engine: str = DEFAULT_ENGINE


@dataclass(frozen=True)
class Settings:
    warehouse_path: Path = Path("claimwatch.duckdb")
    catalogue_path: Path = field(default_factory=default_catalogue_path)
    feeds: tuple[Feed, ...] = ()
    alerts: AlertSettings = AlertSettings()
    fetch: FetchPolicy = FetchPolicy()
    lock_wait_seconds: float = 120.0
    schedule: ScheduleSettings = ScheduleSettings()
    runner: RunnerSettings = RunnerSettings()
    matcher: MatcherSettings = field(default_factory=MatcherSettings)
    extract: ExtractSettings = ExtractSettings()
    source: str = "built-in defaults"

    def with_db(self, path: str | Path | None) -> "Settings":
        return self if path is None else replace(self, warehouse_path=Path(path))


# key -> expected type(s); nested tables are checked by their own schema below.
SCHEMA = {
    "warehouse": {"path": str, "lock_wait_seconds": (int, float)},
    "catalogue": {"path": str},
    "alerts": {
        "channels": list,
        "mode": str,
        "min_score": (int, float),
        "rules": list,
        "watchlist": dict,
        "resurface_after_days": int,
        "outlets_per_day": int,
        "retry_base_seconds": (int, float),
        "timeout_seconds": (int, float),
    },
    "fetch": {
        "allow_private_addresses": (bool, list),
        "user_agent": str,
        "contact_url": str,
        "connect_timeout": (int, float),
        "read_timeout": (int, float),
        "total_timeout": (int, float),
        "max_body_bytes": int,
        "max_decoded_bytes": int,
        "max_redirects": int,
        "max_retry_after_seconds": (int, float),
        "per_host_concurrency": int,
        "host_delay_seconds": (int, float),
        "concurrency": int,
        "respect_robots": bool,
    },
    "matcher": {"cache_dir": str, "semantic": bool},
    "extract": {"engine": str},
    "schedule": {"cron": str, "timezone": str, "deployment": str, "lock_stale_after_seconds": (int, float)},
    "runner": {
        "kind": str,
        "dask_address": str,
        "dask_workers": int,
        "task_retries": int,
        "retry_delay_seconds": (int, float),
        "extract_workers": int,
    },
}
FETCH_POSITIVE = (
    "connect_timeout", "read_timeout", "total_timeout", "max_body_bytes", "max_decoded_bytes",
    "max_retry_after_seconds", "per_host_concurrency", "concurrency",
)
FEED_KEYS = {"name": str, "url": str, "language": str}


def load_settings(config_path: str | Path | None) -> Settings:
    """Read `config_path`; with None, read ./claimwatch.toml if present, else built-in defaults."""
    if config_path is None:
        if not Path(DEFAULT_CONFIG_NAME).exists():
            return Settings()
        config_path = DEFAULT_CONFIG_NAME
    path = Path(config_path)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML syntax error: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text: {exc}") from exc
    return settings_from_dict(data, base=path.parent, source=str(path))


def settings_from_dict(data: dict, base: Path = Path("."), source: str = "<dict>") -> Settings:
    _check_keys(data)
    warehouse = data.get("warehouse", {})
    catalogue = data.get("catalogue", {})
    return Settings(
        warehouse_path=_resolve(base, warehouse.get("path", "claimwatch.duckdb")),
        catalogue_path=_resolve(base, catalogue["path"]) if "path" in catalogue else default_catalogue_path(),
        feeds=_feeds(data.get("feeds", [])),
        alerts=_alerts(data.get("alerts", {})),
        fetch=_fetch_policy(data.get("fetch", {})),
        lock_wait_seconds=float(warehouse.get("lock_wait_seconds", 120)),
        schedule=schedule_settings(data.get("schedule", {})),
        runner=_runner(data.get("runner", {})),
        matcher=_matcher(base, data.get("matcher", {})),
        extract=_extract(data.get("extract", {})),
        source=source,
    )


def _matcher(base: Path, section: dict) -> MatcherSettings:
    settings = MatcherSettings(semantic=section.get("semantic"))
    if "cache_dir" not in section:
        return settings
    return replace(settings, cache_dir=_resolve(base, section["cache_dir"]))


def _extract(section: dict) -> ExtractSettings:
    engine = section.get("engine", DEFAULT_ENGINE)
    if engine not in ENGINES:
        raise ConfigError(f"extract.engine must be {' or '.join(repr(e) for e in ENGINES)}, not {engine!r}")
    problem = engine_problem(engine)  # the optional engine's package is missing
    if problem:
        raise ConfigError(f"extract.engine: {problem}")
    return ExtractSettings(engine=engine)


def _resolve(base: Path, value: str) -> Path:
    expanded = Path(os.path.expanduser(value))
    return expanded if expanded.is_absolute() else (base / expanded)


def _check_keys(data: dict) -> None:
    for section, value in data.items():
        if section == "feeds":
            continue
        if section not in SCHEMA:
            raise ConfigError(f"unknown section [{section}] (known: {', '.join(sorted([*SCHEMA, 'feeds']))})")
        if not isinstance(value, dict):
            raise ConfigError(f"[{section}] must be a table")
        for key, item in value.items():
            expected = SCHEMA[section].get(key)
            if expected is None:
                raise ConfigError(f"unknown key {section}.{key}")
            _check_type(f"{section}.{key}", item, expected)


def _check_type(name: str, value, expected) -> None:
    types = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool) and bool not in types:
        raise ConfigError(f"{name} must be {_type_names(types)}, not a boolean")
    if not isinstance(value, types):
        raise ConfigError(f"{name} must be {_type_names(types)}, not {type(value).__name__}")


def _type_names(types) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true or false", list: "a list", dict: "a table"}
    return " or ".join(dict.fromkeys(names[t] for t in types))


def _check_url(name: str, url: str, schemes=("http", "https")) -> str:
    parts = urlsplit(url)
    if parts.scheme not in schemes or not parts.netloc:
        raise ConfigError(f"{name} is not a valid {'/'.join(schemes)} URL: {url!r}")
    return url


def _feeds(items) -> tuple[Feed, ...]:
    if not isinstance(items, list):
        raise ConfigError("feeds must be an array of tables ([[feeds]])")
    feeds, names = [], set()
    for index, item in enumerate(items):
        where = f"feeds[{index}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{where} must be a table")
        for key, value in item.items():
            if key not in FEED_KEYS:
                raise ConfigError(f"unknown key {where}.{key}")
            _check_type(f"{where}.{key}", value, FEED_KEYS[key])
        for required in ("name", "url"):
            if not item.get(required):
                raise ConfigError(f"{where}.{required} is required")
        if item["name"] in names:
            raise ConfigError(f"{where}.name {item['name']!r} is used by two feeds")
        if item.get("language") and not re.fullmatch(r"[a-z]{2,3}", item["language"]):
            raise ConfigError(f"{where}.language must be an ISO code like 'en', not {item['language']!r}")
        names.add(item["name"])
        feeds.append(Feed(item["name"], _check_url(f"{where}.url", item["url"]), item.get("language")))
    return tuple(feeds)


def expand_secrets(name: str, value: str) -> str:
    """Replace ${VAR} with the environment variable, so secrets stay out of the config file."""

    def substitute(match: re.Match) -> str:
        variable = match.group(1)
        if variable not in os.environ:
            raise ConfigError(f"{name} uses ${{{variable}}}, but that environment variable is not set")
        return os.environ[variable]

    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", substitute, value)


def _alerts(section: dict) -> AlertSettings:
    from flows.alerting.channels import channel_problem  # Apprise knows which URLs it can use

    channels = []
    for index, channel in enumerate(section.get("channels", [])):
        name = f"alerts.channels[{index}]"
        if not isinstance(channel, str) or "://" not in channel:
            raise ConfigError(f"{name} must be a channel URL such as mailto://..., json://host/path or jsonl:///path")
        expanded = expand_secrets(name, channel)
        problem = channel_problem(expanded)
        if problem:
            raise ConfigError(f"{name}: {problem}")
        channels.append(expanded)
    mode = section.get("mode", "digest")
    if mode not in ("digest", "immediate"):
        raise ConfigError(f"alerts.mode must be 'digest' or 'immediate', not {mode!r}")
    watchlist = _watchlist(section.get("watchlist", {}))
    return AlertSettings(
        channels=tuple(channels),
        mode=mode,
        min_score=float(section.get("min_score", 0.0)),
        rules=_alert_rules(section.get("rules", list(ALERT_RULES))),
        watch_claims=watchlist.get("claims", ()),
        watch_actors=watchlist.get("actors", ()),
        resurface_after_days=_at_least("alerts.resurface_after_days", section.get("resurface_after_days", 30), 1),
        outlets_per_day=_at_least("alerts.outlets_per_day", section.get("outlets_per_day", 3), 2),
        retry_base_seconds=float(_at_least("alerts.retry_base_seconds", section.get("retry_base_seconds", 600), 0)),
        timeout_seconds=float(_at_least("alerts.timeout_seconds", section.get("timeout_seconds", 20), 1)),
    )


def _alert_rules(names: list) -> tuple[str, ...]:
    for index, name in enumerate(names):
        if name not in ALERT_RULES:
            raise ConfigError(f"alerts.rules[{index}] {name!r} is not a rule (known: {', '.join(ALERT_RULES)})")
    if not names:
        raise ConfigError("alerts.rules is empty: no match would ever alert (remove the key for all rules)")
    return tuple(name for name in ALERT_RULES if name in names)


def _watchlist(table: dict) -> dict[str, tuple[str, ...]]:
    """[alerts.watchlist] claims = [...], actors = [...]: catalogue ids."""
    found = {}
    for key, values in table.items():
        if key not in ("claims", "actors"):
            raise ConfigError(f"unknown key alerts.watchlist.{key} (known: claims, actors)")
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ConfigError(f"alerts.watchlist.{key} must be a list of catalogue ids")
        found[key] = tuple(values)
    return found


def _at_least(name: str, value, minimum):
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value}")
    return value


def _fetch_policy(section: dict) -> FetchPolicy:
    allow = section.get("allow_private_addresses", False)
    if isinstance(allow, list):
        import ipaddress

        for index, cidr in enumerate(allow):
            try:
                ipaddress.ip_network(cidr, strict=False)
            except (ValueError, TypeError) as exc:
                raise ConfigError(f"fetch.allow_private_addresses[{index}] is not a CIDR: {cidr!r}") from exc
        allow = tuple(allow)
    for key in FETCH_POSITIVE:
        if key in section and section[key] <= 0:
            raise ConfigError(f"fetch.{key} must be greater than 0, not {section[key]!r}")
    if section.get("host_delay_seconds", 0) < 0 or section.get("max_redirects", 0) < 0:
        raise ConfigError("fetch.host_delay_seconds and fetch.max_redirects must not be negative")
    values = {k: v for k, v in section.items() if k in FetchPolicy.__dataclass_fields__}
    values["allow_private_addresses"] = allow
    if "user_agent" not in section and "contact_url" in section:
        contact = _check_url("fetch.contact_url", section["contact_url"])
        values["user_agent"] = f"claimwatch/0.1 (+{contact})"
    values.pop("contact_url", None)
    return FetchPolicy(**values)


def schedule_settings(section: dict) -> ScheduleSettings:
    """A [schedule] table checked and typed (also used for `claimwatch serve --cron/--timezone`)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    defaults = ScheduleSettings()
    cron = section.get("cron", defaults.cron)
    if not re.fullmatch(r"[0-9*,/\-A-Za-z?LW#]+(\s+[0-9*,/\-A-Za-z?LW#]+){4}", cron.strip()):
        raise ConfigError(f"schedule.cron must have five fields (minute hour day month weekday), not {cron!r}")
    timezone = section.get("timezone", defaults.timezone)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"schedule.timezone must be an IANA name such as 'Europe/Paris', not {timezone!r}") from exc
    deployment = section.get("deployment", defaults.deployment)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", deployment):
        raise ConfigError(f"schedule.deployment must be letters, digits, '-', '_' or '.', not {deployment!r}")
    stale = float(section.get("lock_stale_after_seconds", defaults.lock_stale_after_seconds))
    if stale <= 0:
        raise ConfigError("schedule.lock_stale_after_seconds must be positive")
    return ScheduleSettings(cron=" ".join(cron.split()), timezone=timezone, deployment=deployment,
                            lock_stale_after_seconds=stale)


def _runner(section: dict) -> RunnerSettings:
    defaults = RunnerSettings()
    kind = section.get("kind", defaults.kind)
    if kind not in ("local", "dask"):
        raise ConfigError(f"runner.kind must be 'local' or 'dask', not {kind!r}")
    address = section.get("dask_address")
    if address is not None and not re.fullmatch(r"(tcp|tls|ucx|inproc)://\S+", address):
        raise ConfigError(f"runner.dask_address must be a Dask scheduler address like 'tcp://10.0.0.5:8786', not {address!r}")
    if address is not None and kind != "dask":
        raise ConfigError("runner.dask_address is set but runner.kind is not 'dask'")
    workers, retries = section.get("dask_workers", defaults.dask_workers), section.get("task_retries", defaults.task_retries)
    if workers < 1:
        raise ConfigError("runner.dask_workers must be at least 1")
    if retries < 0:
        raise ConfigError("runner.task_retries must be 0 or more")
    delay = float(section.get("retry_delay_seconds", defaults.retry_delay_seconds))
    if delay < 0:
        raise ConfigError("runner.retry_delay_seconds must be 0 or more")
    extract_workers = section.get("extract_workers", defaults.extract_workers)
    if extract_workers < 0:
        raise ConfigError("runner.extract_workers must be 0 (one per core) or more")
    return RunnerSettings(kind=kind, dask_address=address, dask_workers=workers, task_retries=retries,
                          retry_delay_seconds=delay, extract_workers=extract_workers)
