"""What a body at a feed URL really is, whatever its Content-Type says, and which feed an HTML
page points to. Servers mislabel feeds (text/html, text/plain) and answer feed URLs with HTML
(a maintenance page, a moved-site notice), so the first element decides, not the header.

Also: removal of a DOCTYPE's internal subset before XML parsing, so no entity declaration (a
billion-laughs bomb, an external SYSTEM entity) ever reaches a parser.
"""

from __future__ import annotations

import codecs
import re
from urllib.parse import urljoin

__all__ = ["sniff_feed_body", "advertised_feed", "strip_internal_subset", "FEED_TYPES"]

FEED_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json",
    "application/json", "text/xml", "application/xml",
)
_FEED_ROOTS = {"rss", "feed", "rdf:rdf", "rdf", "channel", "scriptingnews"}
_HTML_ROOTS = {"html", "head", "body", "title", "meta", "div", "p", "h1", "script", "frameset", "table"}
_SKIPPED = re.compile(r"\s*(<\?.*?\?>|<!--.*?-->|<!doctype[^\[>]*(\[.*?\])?\s*>)", re.S | re.I)
_FIRST_TAG = re.compile(r"<([a-zA-Z][\w:.-]*)")
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""([a-zA-Z-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
_INTERNAL_SUBSET = re.compile(rb"(<!DOCTYPE\s+[^\[>]*)\[.*?\]\s*>", re.S | re.I)


def _head_text(body: bytes, size: int = 8192) -> str:
    """The start of the body as text, good enough to find the first tag in any common encoding."""
    head = body[:size]
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                       (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(codec, errors="ignore")
    if head[:4] in (b"<\0?\0", b"\0<\0?"):
        return head.decode("utf-16-le" if head[0] else "utf-16-be", errors="ignore")
    return head.decode("latin-1").lstrip("\ufeff\xef\xbb\xbf")


def sniff_feed_body(body: bytes) -> str:
    """"feed" (XML feed), "json" (JSON Feed or other JSON), "html", "empty" or "unknown"."""
    text = _head_text(body).lstrip()
    if not text:
        return "empty"
    if text.startswith(("{", "[")):
        return "json"
    position = 0
    while True:
        skipped = _SKIPPED.match(text, position)
        if not skipped:
            break
        position = skipped.end()
    first = _FIRST_TAG.search(text, position)
    if not first:
        return "unknown"
    name = first.group(1).lower()
    if name in _FEED_ROOTS:
        return "feed"
    if name in _HTML_ROOTS or text[:200].lower().startswith("<!doctype html"):
        return "html"
    return "unknown"


def advertised_feed(html: bytes, base_url: str) -> str | None:
    """The first feed an HTML page advertises with <link rel="alternate" type="...">, absolute."""
    text = html[:512 * 1024].decode("utf-8", errors="ignore")
    for tag in _LINK_TAG.finditer(text):
        attributes = {k.lower(): v.strip("\"'").strip() for k, v in _ATTRIBUTE.findall(tag.group(0))}
        rel = attributes.get("rel", "").lower().split()
        kind = attributes.get("type", "").lower()
        if "alternate" in rel and kind in FEED_TYPES[:5] and attributes.get("href"):
            target = urljoin(base_url, attributes["href"])
            if target.startswith(("http://", "https://")):
                return target
    return None


def strip_internal_subset(body: bytes) -> bytes:
    """Drop `[ ... ]` from the DOCTYPE, so entity declarations are never seen by any parser.

    References to the dropped entities stay unexpanded text (or make the XML ill-formed, which
    feedparser's tolerant mode survives); nothing is expanded and nothing is fetched."""
    return _INTERNAL_SUBSET.sub(rb"\1>", body, count=1)
