"""The pipeline reads only the page metadata it stores (and the page's date only when the feed gave
none); on real pages the values and the text must be exactly what trafilatura's full
`with_metadata=True` call gives."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
import trafilatura
from trafilatura.utils import load_html

from extractors.articles import extract_article
from extractors.models import FeedEntry
from extractors.page_metadata import page_metadata

FIELDS = ("title", "source", "source-hostname", "date")


def corpus_pages(shared_dir, every: int = 3) -> list[tuple[str, bytes]]:
    paths = sorted((shared_dir / "corpus" / "html").glob("*.html"))[::every]
    return [(f"https://outlet.example/{path.stem}", path.read_bytes()) for path in paths]


def full_extraction(html: bytes, url: str) -> dict:
    raw = trafilatura.extract(html, url=url, output_format="json", with_metadata=True, include_comments=False)
    return json.loads(raw) if raw else {}


def test_metadata_and_text_equal_trafilaturas_full_call_on_corpus_pages(shared_dir):
    pages = corpus_pages(shared_dir)
    assert len(pages) >= 70
    differences = []
    for url, html in pages:
        expected = full_extraction(html, url)
        if not expected:
            continue
        got = page_metadata(load_html(html), url, want_date=True)
        differences += [(url, field) for field in FIELDS if got[field] != expected.get(field)]
        article = extract_article(html, url, FeedEntry(feed_name="f", key=url, url=url, language="en"))
        if hasattr(article, "text"):
            if article.text != expected["text"].strip():
                differences.append((url, "text"))
    assert differences == []


def test_the_page_date_is_searched_only_when_the_feed_gave_none(shared_dir):
    dated_pages = [(url, html) for url, html in corpus_pages(shared_dir, every=7) if full_extraction(html, url).get("date")]
    assert len(dated_pages) >= 10
    url, html = dated_pages[0]
    assert page_metadata(load_html(html), url, want_date=False)["date"] is None
    page_date = page_metadata(load_html(html), url, want_date=True)["date"]
    undated = extract_article(html, url, FeedEntry(feed_name="f", key=url, url=url, language="en"))
    feed_date = datetime(2020, 10, 1, 12, tzinfo=timezone.utc)
    dated = extract_article(html, url, FeedEntry(feed_name="f", key=url, url=url, language="en", published=feed_date))
    assert undated.published.date().isoformat() == page_date
    assert dated.published == feed_date


@pytest.mark.parametrize("junk", [b"", b"\x00\xff" * 100, "<html><head><title>t</title></head></html>"])
def test_pages_with_nothing_to_read_give_empty_metadata_or_a_rejection(junk):
    entry = FeedEntry(feed_name="f", key="k", url="https://outlet.example/x", language="en")
    result = extract_article(junk, entry.url, entry)
    assert result.__class__.__name__ == "Rejected"
