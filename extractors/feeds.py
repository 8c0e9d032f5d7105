"""Fetch a feed (conditionally) and parse it into entries: RSS/Atom/RDF/CDF with feedparser on
bytes, JSON Feed by hand (feedparser 6 does not read it).

An unchanged feed costs one request and no parsing: a conditional GET (ETag, Last-Modified), and
when a server ignores validators, the SHA-256 of the body compared with the last one.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin

import feedparser

from extractors.errors import FetchError, NotAFeed, RateLimited
from extractors.feed_sniff import advertised_feed, sniff_feed_body, strip_internal_subset
from extractors.http import Fetcher, Response
from extractors.models import Feed, FeedEntry, FeedFetch
from extractors.urls import normalize_url

__all__ = ["Validators", "ParsedFeed", "fetch_feed", "fetch_feed_document", "parse_feed", "read_feed"]

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, */*;q=0.5"
)
MAX_KEY_CHARS = 512
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Validators:
    """What the last successful fetch left for the next conditional GET."""

    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None


@dataclass(frozen=True)
class ParsedFeed:
    """Entries with a fetchable link, and how many items the document held in all."""

    entries: tuple[FeedEntry, ...]
    items: int
    format: str


def fetch_feed(fetcher: Fetcher, feed: Feed, validators: Validators | None = None) -> FeedFetch:
    """Fetch and parse one feed; every failure comes back as data, never as an exception."""
    return fetch_feed_document(fetcher, feed, validators)[0]


def fetch_feed_document(fetcher: Fetcher, feed: Feed, validators: Validators | None = None) -> tuple[FeedFetch, ParsedFeed | None]:
    """fetch_feed, also returning the parsed document (None when nothing was parsed)."""
    validators = validators or Validators()
    try:
        response = fetcher.get(feed.url, headers=_conditional_headers(validators), accept=FEED_ACCEPT)
    except FetchError as exc:
        return _failed(feed, exc), None
    if response.status == 304:
        return FeedFetch(feed=feed, status=304, not_modified=True, elapsed_seconds=response.elapsed_seconds,
                         etag=validators.etag, last_modified=validators.last_modified,
                         body_hash=validators.body_hash), None
    fresh = dict(etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"),
                 body_hash=response.body_hash, elapsed_seconds=response.elapsed_seconds)
    if response.body_hash == validators.body_hash:
        return FeedFetch(feed=feed, status=response.status, not_modified=True, **fresh), None
    try:
        parsed = read_feed(response.body, feed, response.url, response.headers)
    except FetchError as exc:
        return _failed(feed, exc, response), None
    except Exception as exc:  # a parser crash on hostile bytes must not stop the other feeds
        error = f"feed parser failed: {type(exc).__name__}: {exc}"[:500]
        return FeedFetch(feed=feed, status=response.status, error=error, error_kind="permanent"), None
    return FeedFetch(feed=feed, entries=parsed.entries, status=response.status, **fresh), parsed


def _conditional_headers(validators: Validators) -> dict:
    headers = {}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _failed(feed: Feed, exc: FetchError, response: Response | None = None) -> FeedFetch:
    retry_after = exc.retry_after if isinstance(exc, RateLimited) else None
    return FeedFetch(
        feed=feed,
        status=exc.status or (response.status if response else 0),
        error=str(exc)[:500],
        error_kind="transient" if exc.transient else "permanent",
        retry_after_seconds=retry_after,
        advertised_feed=getattr(exc, "advertised_feed", None),
    )


def parse_feed(body: bytes, feed: Feed, base_url: str, headers: dict | None = None) -> tuple[FeedEntry, ...]:
    """Parse feed bytes into entries. Raises NotAFeed when nothing feed-like is in them."""
    return read_feed(body, feed, base_url, headers).entries


def read_feed(body: bytes, feed: Feed, base_url: str, headers: dict | None = None) -> ParsedFeed:
    kind = sniff_feed_body(body)
    if kind == "empty":
        raise NotAFeed("not a feed: the body is empty", base_url)
    if kind == "html":
        target = advertised_feed(body, base_url)
        hint = f"; the page advertises the feed {target}" if target else ""
        raise NotAFeed(f"not a feed: the server sent an HTML page{hint}", base_url, advertised_feed=target)
    if kind == "json":
        return _json_feed(body, feed, base_url)
    return _xml_feed(body, feed, base_url, headers or {})


def _xml_feed(body: bytes, feed: Feed, base_url: str, headers: dict) -> ParsedFeed:
    location = headers.get("content-location")
    parsed = feedparser.parse(
        strip_internal_subset(body),
        response_headers={**headers, "content-location": urljoin(base_url, location) if location else base_url},
        # Summaries are kept as plain text and never rendered, so feedparser's HTML sanitizer and
        # URI rewriting inside content (most of its time on large feeds) are skipped.
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    if not parsed.entries and not parsed.get("version"):
        reason = parsed.get("bozo_exception") or "no RSS or Atom elements found"
        raise NotAFeed(f"not a feed: {reason}", base_url)
    language = feed.language or _language(parsed.feed.get("language"))
    entries = (_entry(feed, base_url, item.get("link"), item.get("id"), item.get("title"), item.get("summary"),
                      _struct_time(dict.get(item, "published_parsed") or dict.get(item, "updated_parsed")), language)
               for item in parsed.entries)
    return ParsedFeed(tuple(e for e in entries if e is not None), len(parsed.entries), parsed.get("version") or "xml")


def _json_feed(body: bytes, feed: Feed, base_url: str) -> ParsedFeed:
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise NotAFeed(f"not a feed: invalid JSON ({exc})", base_url) from exc
    if not isinstance(document, dict) or "jsonfeed.org" not in str(document.get("version", "")):
        raise NotAFeed("not a feed: JSON without a JSON Feed version", base_url)
    items = [item for item in document.get("items") or [] if isinstance(item, dict)]
    language = feed.language or _language(document.get("language"))
    entries = (_entry(feed, base_url, item.get("url") or item.get("external_url"), _text(item.get("id")),
                      item.get("title"), item.get("summary") or item.get("content_text"),
                      _iso_time(item.get("date_published") or item.get("date_modified")), language)
               for item in items)
    return ParsedFeed(tuple(e for e in entries if e is not None), len(items), "jsonfeed")


def _entry(feed: Feed, base_url: str, link, guid, title, summary, published, language) -> FeedEntry | None:
    """One entry, or None when the item has no http(s) link to fetch."""
    url = urljoin(base_url, _text(link).strip()) if _text(link).strip() else ""
    if not url.startswith(("http://", "https://")):
        return None
    guid = _text(guid).strip() or None
    key = guid or normalize_url(url)
    if len(key) > MAX_KEY_CHARS:
        key = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return FeedEntry(feed_name=feed.name, key=key, url=url, title=_text(title).strip(), published=published,
                     summary=_plain_text(summary), guid=guid, language=language)


def _plain_text(value) -> str:
    """An item's summary as plain text: markup dropped, entities decoded, whitespace folded."""
    text = html.unescape(_TAG.sub(" ", _text(value)[:20000]))
    return " ".join(text.split())[:2000]


def _text(value) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _language(value) -> str | None:
    return (_text(value).strip().lower().replace("_", "-").split("-")[0]) or None


def _struct_time(parsed) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
    except (OverflowError, ValueError, OSError):
        return None


def _iso_time(value) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(_text(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
