"""Fetch a feed (conditionally) and parse it into entries with feedparser, from bytes."""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone

import feedparser

from extractors.errors import FetchError, NotAFeed, RateLimited
from extractors.http import Fetcher
from extractors.models import Feed, FeedEntry, FeedFetch
from extractors.urls import normalize_url

__all__ = ["Validators", "fetch_feed", "parse_feed"]

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class Validators:
    """What the last successful fetch left for the next conditional GET."""

    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None


def fetch_feed(fetcher: Fetcher, feed: Feed, validators: Validators | None = None) -> FeedFetch:
    """Fetch and parse one feed; every failure comes back as data, never as an exception."""
    validators = validators or Validators()
    headers = {}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    try:
        response = fetcher.get(feed.url, headers=headers, accept=FEED_ACCEPT)
    except FetchError as exc:
        retry_after = exc.retry_after if isinstance(exc, RateLimited) else None
        kind = "transient" if exc.transient else "permanent"
        return FeedFetch(feed=feed, status=exc.status, error=str(exc), error_kind=kind, retry_after_seconds=retry_after)
    kept = dict(etag=validators.etag, last_modified=validators.last_modified, body_hash=validators.body_hash)
    if response.status == 304:
        return FeedFetch(feed=feed, status=304, not_modified=True, elapsed_seconds=response.elapsed_seconds, **kept)
    fresh = dict(
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        body_hash=response.body_hash,
        elapsed_seconds=response.elapsed_seconds,
    )
    if response.body_hash == validators.body_hash:
        return FeedFetch(feed=feed, status=response.status, not_modified=True, **fresh)
    try:
        entries = parse_feed(response.body, feed, response.url, response.headers)
    except NotAFeed as exc:
        return FeedFetch(feed=feed, status=response.status, error=str(exc), error_kind="permanent")
    return FeedFetch(feed=feed, entries=entries, status=response.status, **fresh)


def parse_feed(body: bytes, feed: Feed, base_url: str, headers: dict | None = None) -> tuple[FeedEntry, ...]:
    """Parse feed bytes. Raises NotAFeed when nothing feed-like is in them."""
    parsed = feedparser.parse(
        body,
        response_headers={"content-location": base_url, **(headers or {})},
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    if not parsed.entries and not parsed.get("version"):
        reason = parsed.get("bozo_exception") or "no RSS or Atom elements found"
        raise NotAFeed(f"not a feed: {reason}", base_url)
    language = feed.language or _feed_language(parsed)
    entries = (_entry(feed, item, language) for item in parsed.entries)
    return tuple(e for e in entries if e is not None)


def _feed_language(parsed) -> str | None:
    lang = (parsed.feed.get("language") or "").strip().lower()
    return lang.split("-")[0] or None


def _entry(feed: Feed, item, language: str | None) -> FeedEntry | None:
    url = (item.get("link") or "").strip()
    guid = (item.get("id") or "").strip() or None
    if not url:
        return None
    key = guid or normalize_url(url)
    if len(key) > 512:
        key = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return FeedEntry(
        feed_name=feed.name,
        key=key,
        url=url,
        title=(item.get("title") or "").strip(),
        published=_published(item),
        summary=(item.get("summary") or "")[:2000],
        guid=guid,
        language=language,
    )


def _published(item) -> datetime | None:
    parsed = item.get("published_parsed") or item.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
