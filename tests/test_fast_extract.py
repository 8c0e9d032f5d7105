"""The optional fast extraction engine ([extract] engine = "resiliparse", the `fast` extra):
config, the article it makes, its quality floor on the shared corpus, and the engine's name
reaching the warehouse in a real nightly run. Side-by-side figures: bench/FAST.md."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path

import duckdb
import pytest

from extractors.articles import extract_article, extractor_version
from extractors.charset import decode_page
from extractors.errors import ConfigError
from extractors.models import Article, FeedEntry
from flows.config import ExtractSettings, Settings, load_settings

resiliparse = pytest.importorskip("resiliparse", reason="the fast extra is not installed")

ROOT = Path(__file__).resolve().parent.parent
# Measured with resiliparse 2.0.1 on the 235 pages: 669 of 696 expected snippets found (96.1%),
# 67 of 643 unwanted snippets leaked (10.4%); trafilatura: 97.0% and about 4%.
MIN_RECALL = 0.95
MAX_LEAK = 0.13

PARAGRAPHS = [
    "The regional council approved the new water-sharing agreement on Tuesday after a long debate.",
    "Farmers in the valley said the deal would secure irrigation for the coming three summers.",
    "Opponents argued that the river's lower reaches would run dry in August without new limits.",
]


def page(canonical: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Water deal | Valley Post</title>"
            f"<link rel='canonical' href='{canonical}'><meta property='og:site_name' content='Valley Post'>"
            f"<meta property='og:title' content='Water deal approved'></head><body>"
            f"<nav><a href='/'>Home</a><a href='/sport'>Sport</a></nav><main><article><h1>Water deal approved</h1>"
            f"<img src='x.png' alt='A photo of the river at dawn'>{body}</article></main>"
            f"<form><input name='q' value='search the site'></form><footer>All rights reserved</footer></body></html>")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "claimwatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_engine_is_read_from_the_config(tmp_path):
    assert Settings().extract.engine == "trafilatura"
    assert load_settings(write(tmp_path, "")).extract.engine == "trafilatura"
    assert load_settings(write(tmp_path, "[extract]\nengine = 'resiliparse'\n")).extract == ExtractSettings("resiliparse")


@pytest.mark.parametrize("text, named", [("[extract]\nengine = 'readability'", "extract.engine"),
                                         ("[extract]\nengine = 1", "extract.engine"),
                                         ("[extract]\nspeed = 'fast'", "extract.speed")])
def test_bad_engine_keys_are_refused(tmp_path, text, named):
    with pytest.raises(ConfigError, match=named):
        load_settings(write(tmp_path, text))


def test_choosing_the_fast_engine_without_its_package_names_the_extra(tmp_path):
    """A real process in which resiliparse cannot be imported (as in an install without the extra)."""
    config = write(tmp_path, "[warehouse]\npath = 'cw.duckdb'\n[extract]\nengine = 'resiliparse'\n")
    hide = "import sys; sys.modules['resiliparse'] = None; from flows.cli import main; sys.exit(main())"
    result = subprocess.run([sys.executable, "-c", hide, "run", "--config", str(config)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "extract.engine" in result.stderr and "pip install 'claimwatch[fast]'" in result.stderr
    assert not (tmp_path / "cw.duckdb").exists()


def test_the_fast_engine_keeps_the_article_identity_and_names_itself():
    url, canonical = "http://127.0.0.1:9/valley/water?utm_source=rss", "https://valley.example/water-deal"
    entry = FeedEntry(feed_name="valley", key="k1", url=url)
    fast, default = extract_article(page(canonical), url, entry, "resiliparse"), extract_article(page(canonical), url, entry)
    assert isinstance(fast, Article) and isinstance(default, Article)
    assert (fast.article_id, fast.canonical_url, fast.title, fast.outlet) == \
        (default.article_id, default.canonical_url, default.title, default.outlet)
    assert fast.extractor_version == f"resiliparse-{version('resiliparse')}" != default.extractor_version
    # Paragraphs as lines; no alt text, no form value.
    assert [line for line in fast.text.splitlines() if line in PARAGRAPHS] == PARAGRAPHS
    assert "photo of the river" not in fast.text and "search the site" not in fast.text


def test_an_unknown_engine_is_an_error_not_a_silent_default():
    with pytest.raises(ValueError, match="unknown extraction engine"):
        extractor_version("readability")


def test_both_engines_give_the_demo_articles_the_same_identities():
    from bench.fast_extract import demo_articles

    by_engine, _ = demo_articles()
    ids = {engine: [a.article_id if a else None for a in articles] for engine, articles in by_engine.items()}
    assert len(ids["trafilatura"]) >= 8 and None not in ids["trafilatura"]
    assert ids["resiliparse"] == ids["trafilatura"]


def normalise(text: str) -> str:
    return " ".join(html.unescape(text).split())


def test_the_fast_engine_finds_the_pinned_share_of_the_corpus_snippets(shared_dir):
    root = shared_dir / "corpus" / "html"
    rows = [json.loads(line) for line in (root / "expected.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    found = expected = leaked = unwanted = 0
    for row in rows:
        text, _, _ = decode_page((root / row["file"]).read_bytes(), "text/html")
        outcome = extract_article(text, row["url"], FeedEntry("corpus", row["file"], row["url"]), "resiliparse")
        extracted = normalise(outcome.text) if isinstance(outcome, Article) else ""
        snippets, boilerplate = row.get("expected_text_snippets") or [], row.get("unwanted_snippets") or []
        found += sum(normalise(s) in extracted for s in snippets)
        leaked += sum(normalise(s) in extracted for s in boilerplate)
        expected, unwanted = expected + len(snippets), unwanted + len(boilerplate)
    print(f"resiliparse: found {found}/{expected}, leaked {leaked}/{unwanted}")
    assert len(rows) == 235
    assert found / expected >= MIN_RECALL
    assert leaked / unwanted <= MAX_LEAK


@pytest.mark.slow
def test_a_nightly_run_stores_the_engine_it_extracted_with(prefect_harness, tmp_path):
    from flows.demo import demo_settings
    from flows.demo_server import serve_demo_site
    from flows.nightly import run_nightly

    db = tmp_path / "fast.duckdb"
    with serve_demo_site() as site:
        settings = demo_settings(Settings(), site.feed_urls(), db, tmp_path)
        settings = replace(settings, extract=ExtractSettings("resiliparse"), alerts=replace(settings.alerts, channels=()))
        summary = run_nightly(settings, trigger="test", force_all_feeds=True)
    with duckdb.connect(str(db), read_only=True) as con:
        versions = con.execute("SELECT extractor_version, count(*) FROM articles GROUP BY ALL").fetchall()
        canonical = {u for (u,) in con.execute("SELECT canonical_url FROM articles").fetchall()}
    assert summary.counts["articles"] >= 8
    assert versions == [(f"resiliparse-{version('resiliparse')}", summary.counts["articles"])]
    # The identity comes from the page's canonical link, as with the default engine.
    assert all(u.startswith("https://") and ".example/" in u for u in canonical)
