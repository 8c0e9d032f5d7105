"""Fetch an article page and extract its main text and metadata (the only trafilatura importer)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime, timezone

import trafilatura

from extractors.errors import FetchError
from extractors.http import Fetcher
from extractors.models import Article, FeedEntry, Rejected
from extractors.urls import host_of, normalize_url, url_id

__all__ = ["EXTRACTOR_VERSION", "fetch_article", "extract_article", "content_hash"]

EXTRACTOR_VERSION = f"trafilatura-{trafilatura.__version__}"
MIN_TEXT_CHARS = 200
HTML_TYPES = ("text/html", "application/xhtml+xml", "")


def fetch_article(fetcher: Fetcher, entry: FeedEntry) -> Article | Rejected:
    try:
        response = fetcher.get(entry.url, accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
    except FetchError as exc:
        return Rejected(entry.url, entry.feed_name, entry.key, "fetch_failed", str(exc), transient=exc.transient)
    if response.content_type not in HTML_TYPES:
        return Rejected(entry.url, entry.feed_name, entry.key, "not_html", f"content type {response.content_type}")
    return extract_article(response.body, response.url, entry)


def extract_article(html: bytes | str, url: str, entry: FeedEntry) -> Article | Rejected:
    """Extract text and metadata from a page; a page that yields too little text is rejected."""
    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises assorted parser errors on hostile markup
        return Rejected(url, entry.feed_name, entry.key, "extraction_failed", f"{type(exc).__name__}: {exc}")
    text = (getattr(document, "text", None) or "").strip() if document else ""
    if len(text) < MIN_TEXT_CHARS:
        return Rejected(url, entry.feed_name, entry.key, "too_short", f"{len(text)} characters of text")
    canonical = normalize_url(_canonical(document, url))
    return Article(
        article_id=url_id(canonical),
        url=url,
        canonical_url=canonical,
        feed_name=entry.feed_name,
        outlet=(getattr(document, "sitename", None) or host_of(canonical)).strip(),
        title=(getattr(document, "title", None) or entry.title or "").strip(),
        text=text,
        language=_language(document, entry),
        published=entry.published or _date(getattr(document, "date", None)),
        content_hash=content_hash(text),
        extractor_version=EXTRACTOR_VERSION,
        entry_key=entry.key,
    )


def content_hash(text: str) -> str:
    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().lower()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _canonical(document, url: str) -> str:
    declared = (getattr(document, "url", None) or "").strip()
    return declared if declared.startswith(("http://", "https://")) else url


def _language(document, entry: FeedEntry) -> str | None:
    declared = (getattr(document, "language", None) or "").strip().lower()
    return entry.language or (declared.split("-")[0] or None)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)
    except ValueError:
        return None
