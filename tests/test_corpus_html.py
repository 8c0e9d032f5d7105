"""Extraction through the pipeline (loopback fetch, charset decoding, extract_article) on the
235 real news pages of /work/shared/corpus/html keeps at least the reference scores of plain
trafilatura given in expected.jsonl: expected snippets found, boilerplate snippets leaked.

One pass over the corpus (about a minute of CPU) is shared by the tests of this module; run
`python -m pytest tests/test_corpus_html.py -s` to see the figures."""

from __future__ import annotations

import html
import json
from collections import defaultdict

import pytest

from extractors.articles import Page, extract_article
from extractors.http import FetchPolicy
from extractors.models import Article, FeedEntry
from flows import pipeline
from tests.hostile_server import HostileServer, respond

POLICY = FetchPolicy(allow_private_addresses=("127.0.0.1/32",), host_delay_seconds=0, respect_robots=False,
                     concurrency=4, per_host_concurrency=4)


def normalise(text: str) -> str:
    return " ".join(html.unescape(text).split())


@pytest.fixture(scope="module")
def corpus_scores(shared_dir):
    root = shared_dir / "corpus" / "html"
    rows = [json.loads(line) for line in (root / "expected.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    with HostileServer() as server:
        entries = []
        for row in rows:
            # Half the pages get the charset in the header, half must be sniffed from the bytes.
            declared = row.get("charset_declared")
            content_type = f"text/html; charset={declared}" if declared and len(entries) % 2 else "text/html"
            url = server.route(f"/html/{row['file']}", respond((root / row["file"]).read_bytes(), content_type))
            entries.append(FeedEntry(feed_name="corpus", key=row["file"], url=url, title=row.get("title") or ""))
        pages = pipeline.fetch_pages(POLICY, entries)
    scores = defaultdict(lambda: defaultdict(int))
    failures = []
    for row, page in zip(rows, pages):
        assert isinstance(page, Page), (row["file"], page)
        outcome = extract_article(page.html, row["url"], page.entry)
        text = normalise(outcome.text) if isinstance(outcome, Article) else ""
        found = sum(normalise(s) in text for s in row.get("expected_text_snippets") or [])
        leaked = sum(normalise(s) in text for s in row.get("unwanted_snippets") or [])
        source, baseline = row["file"].split("-")[0], row["baseline_trafilatura_2_3_1"]
        for key, value in (("found", found), ("snippets", len(row.get("expected_text_snippets") or [])),
                           ("leaked", leaked), ("unwanted", len(row.get("unwanted_snippets") or [])),
                           ("base_found", baseline["snippets_found"]), ("base_leaked", baseline.get("unwanted_leaked", 0))):
            scores[source][key] += value
        if found < baseline["snippets_found"]:
            failures.append(row["file"])
    for source, s in sorted(scores.items()):
        print(f"{source:12} found {s['found']}/{s['snippets']} ({100 * s['found'] / s['snippets']:.1f}%, reference "
              f"{100 * s['base_found'] / s['snippets']:.1f}%)  leaked {s['leaked']}/{s['unwanted']} "
              f"({100 * s['leaked'] / max(1, s['unwanted']):.1f}%, reference {100 * s['base_leaked'] / max(1, s['unwanted']):.1f}%)")
    return scores, failures, len(rows)


def test_every_page_is_fetched_and_decoded(corpus_scores):
    assert corpus_scores[2] == 235


@pytest.mark.parametrize("source", ["scrapinghub", "fundus", "trafilatura"])
def test_snippets_found_at_least_the_reference(corpus_scores, source):
    s = corpus_scores[0][source]
    assert s["found"] >= s["base_found"], dict(s)


@pytest.mark.parametrize("source", ["scrapinghub", "fundus", "trafilatura"])
def test_boilerplate_leaked_at_most_the_reference(corpus_scores, source):
    s = corpus_scores[0][source]
    assert s["leaked"] <= s["base_leaked"], dict(s)


def test_no_page_finds_fewer_snippets_than_the_reference(corpus_scores):
    assert corpus_scores[1] == []
