"""Fetch an article page, then extract its main text and metadata (the only trafilatura importer).

The two steps are separate functions with plain values between them, so fetching can run in
threads (it waits on the network) and extraction in worker processes (it uses the CPU):

    fetch_page(fetcher, entry, robots) -> Page | Rejected
    extract_article(page.html, page.url, entry, engine) -> Article | Rejected

The text comes from trafilatura (the default engine) or, opted into, from resiliparse
(extractors/fast_extract.py); the metadata always from page_metadata on trafilatura's lxml tree.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache

import trafilatura
from trafilatura.utils import load_html

from extractors.charset import decode_page
from extractors.dedupe import fingerprint
from extractors.errors import BlockedAddress, FetchError, RateLimited, TooLarge
from extractors.fast_extract import DEFAULT_ENGINE, engine_problem, main_text, resiliparse_version
from extractors.http import Fetcher
from extractors.models import Article, FeedEntry, Rejected
from extractors.page_metadata import page_metadata
from extractors.robots import RobotsCache, RobotsDisallowed
from extractors.urls import host_of, normalize_url, url_id

__all__ = ["EXTRACTOR_VERSION", "Page", "fetch_page", "fetch_article", "extract_article", "extractor_version", "content_hash"]

EXTRACTOR_VERSION = f"trafilatura-{trafilatura.__version__}"
MIN_TEXT_CHARS = 200
HTML_TYPES = ("text/html", "application/xhtml+xml")
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


@dataclass(frozen=True)
class Page:
    """A fetched page, decoded: what extraction needs, picklable for a worker process."""

    entry: FeedEntry
    url: str
    html: str
    charset: str = ""
    charset_source: str = ""


def fetch_page(fetcher: Fetcher, entry: FeedEntry, robots: RobotsCache | None = None) -> Page | Rejected:
    """Fetch an entry's page (robots.txt permitting); every failure is a Rejected with a reason."""
    try:
        if robots is not None:
            robots.check(entry.url, fetcher)
        response = fetcher.get(entry.url, accept=PAGE_ACCEPT)
    except RobotsDisallowed as exc:
        return _rejected(entry, "robots_disallowed", str(exc))
    except FetchError as exc:
        return _rejected(entry, _reason(exc), str(exc), transient=exc.transient)
    content_type = response.headers.get("content-type", "")
    if response.content_type not in HTML_TYPES and not (response.content_type in ("", "text/plain") and _looks_like_html(response.body)):
        return _rejected(entry, "not_html", f"content type {response.content_type or 'missing'}")
    text, charset, source = decode_page(response.body, content_type)
    return Page(entry=entry, url=response.url, html=text, charset=charset, charset_source=source)


def fetch_article(fetcher: Fetcher, entry: FeedEntry, robots: RobotsCache | None = None) -> Article | Rejected:
    page = fetch_page(fetcher, entry, robots)
    return page if isinstance(page, Rejected) else extract_article(page.html, page.url, entry)


def _reason(exc: FetchError) -> str:
    if isinstance(exc, BlockedAddress):
        return "blocked_address"
    if isinstance(exc, TooLarge):
        return "too_large"
    if isinstance(exc, RateLimited):
        return "rate_limited"
    return "fetch_failed"


def _rejected(entry: FeedEntry, reason: str, detail: str, transient: bool = False) -> Rejected:
    return Rejected(entry.url, entry.feed_name, entry.key, reason, detail[:500], transient=transient)


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


@cache
def extractor_version(engine: str = DEFAULT_ENGINE) -> str:
    """The engine and its version, stored with each article (e.g. 'resiliparse-2.0.1')."""
    if engine == DEFAULT_ENGINE:
        return EXTRACTOR_VERSION
    problem = engine_problem(engine)
    if problem:
        raise ValueError(problem)
    return f"{engine}-{resiliparse_version()}"


def extract_article(html: bytes | str, url: str, entry: FeedEntry, engine: str = DEFAULT_ENGINE) -> Article | Rejected:
    """Extract text and metadata from a page; a page that yields too little text is rejected.

    Nothing in the page is executed: both engines parse markup and drop scripts."""
    version = extractor_version(engine)  # an unknown engine fails here, for every page alike
    try:
        document = _extract(html, url, want_date=entry.published is None, engine=engine)
    except Exception as exc:  # the parsers raise assorted errors on hostile markup
        return Rejected(url, entry.feed_name, entry.key, "extraction_failed", f"{type(exc).__name__}: {exc}"[:500])
    text = (document.get("text") or "").strip()
    if len(text) < MIN_TEXT_CHARS:
        return Rejected(url, entry.feed_name, entry.key, "too_short", f"{len(text)} characters of text")
    canonical = normalize_url(_canonical(document.get("source"), url))
    return Article(
        article_id=url_id(canonical),
        url=url,
        canonical_url=canonical,
        feed_name=entry.feed_name,
        outlet=(document.get("source-hostname") or host_of(canonical)).strip(),
        title=(document.get("title") or entry.title or "").strip(),
        text=text,
        language=_language(document.get("language"), entry),
        published=entry.published or _date(document.get("date")),
        content_hash=content_hash(text),
        extractor_version=version,
        entry_key=entry.key,
        fingerprint=fingerprint(text),
    )


def _extract(html: bytes | str, url: str, want_date: bool, engine: str = DEFAULT_ENGINE) -> dict:
    """The engine's text and the page metadata an article needs, as a dict shaped like
    trafilatura's JSON output.

    The text comes through extract(..., output_format="json") rather than bare_extraction(): in
    trafilatura 2.3 the two take different paths, and bare_extraction loses paragraphs that
    extract keeps (measured on the shared corpus: tests/test_corpus_html.py). The page is parsed
    once; metadata are read from the tree first (page_metadata: only what is stored, the date
    only when the feed gave none), then trafilatura extracts from the same tree."""
    tree = load_html(html)
    if tree is None:
        return {}
    metadata = page_metadata(tree, url, want_date)
    if engine != DEFAULT_ENGINE:
        return {"text": main_text(html), **metadata}
    raw = trafilatura.extract(tree, url=url, output_format="json", with_metadata=False, include_comments=False)
    return {**json.loads(raw), **metadata} if raw else {}


def content_hash(text: str) -> str:
    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().lower()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _canonical(declared: str | None, url: str) -> str:
    declared = (declared or "").strip()
    return declared if declared.startswith(("http://", "https://")) else url


def _language(declared: str | None, entry: FeedEntry) -> str | None:
    declared = (declared or "").strip().lower()
    return entry.language or (declared.split("-")[0] or None)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
