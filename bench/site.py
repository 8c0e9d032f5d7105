"""A local news site for the benchmark, built from the real pages of the shared corpus.

Every feed entry points at a page re-served under its own URL. A page is one of the corpus pages
with two small edits, so that the pipeline's deduplication keeps it as a distinct article:

  * its canonical URL (<link rel=canonical>, og:url) is replaced by one unique to the entry;
  * a short marker ends each paragraph, list item and line break, so the extracted text differs.

One entry in twenty is a true duplicate, on purpose, alternating between two kinds seen in the
wild: a *syndicated* entry (another feed links the very same page URL) and a *copy* (the same
text under a different URL and canonical URL). The pipeline must keep the first and store the
second as a duplicate.

Pages are edited on request from the corpus bytes held in memory (31 MB), never materialised
all at once: 10,000 pages would be 1.2 GB. The server runs in its own process, so the CPU it
uses is not charged to the pipeline it serves (it is measured separately).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
import threading
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

__all__ = ["SitePlan", "Entry", "PageTemplate", "load_base_pages", "variant_html", "feed_xml", "serve_site", "RunningSite",
           "default_corpus_dir"]

DUPLICATE_EVERY = 20
FEED_LAST_MODIFIED = formatdate(1_600_000_000, usegmt=True)
_CANONICAL = re.compile(rb"""rel\s*=\s*(["']?)canonical\1""", re.IGNORECASE)
_OG_URL = re.compile(rb"""(property|name)\s*=\s*(["']?)(og|twitter):url\2""", re.IGNORECASE)
_HEAD = re.compile(rb"<head(\s[^>]*)?>", re.IGNORECASE)
# Where a text block ends. All three are needed: some corpus pages hold their text in list items,
# others in <br>-separated runs (checked: every corpus page then yields distinct texts).
_BLOCK_END = re.compile(rb"</(p|li)\s*>|<br\s*/?>", re.IGNORECASE)


def default_corpus_dir() -> Path | None:
    """shared/corpus/html beside the checkout (or beside one of its parents, for a worktree)."""
    for folder in Path(__file__).resolve().parents[1:]:
        candidate = folder / "shared" / "corpus" / "html"
        if candidate.is_dir():
            return candidate
    return None


def load_base_pages(corpus_dir: Path) -> list[tuple[str, bytes]]:
    """(file name, bytes) of every corpus page, in name order."""
    return [(p.name, p.read_bytes()) for p in sorted(Path(corpus_dir).glob("*.html"))]


@dataclass(frozen=True)
class Entry:
    """One feed entry of the site. `kind` is "original", "syndicated" or "copy"."""

    index: int
    feed: int
    kind: str
    path: str          # where the page is served
    source: int        # the entry whose page text this one carries (itself for an original)
    canonical: str

    @property
    def guid(self) -> str:
        return f"urn:claimwatch-bench:{self.index}"


@dataclass(frozen=True)
class SitePlan:
    """Which entry is in which feed and what each page holds: a pure function of the sizes."""

    articles: int
    feeds: int = 50
    pages: int = 1

    def entry(self, i: int) -> Entry:
        feed = i % self.feeds
        if i >= DUPLICATE_EVERY and i % DUPLICATE_EVERY == DUPLICATE_EVERY - 1:
            prior = self.entry(i - 1)
            if (i // DUPLICATE_EVERY) % 2 == 0:
                return Entry(i, feed, "syndicated", prior.path, prior.source, prior.canonical)
            return Entry(i, feed, "copy", f"/o{feed:02d}/c{i:06d}.html", prior.source, _canonical(feed, i))
        return Entry(i, feed, "original", f"/o{feed:02d}/a{i:06d}.html", i, _canonical(feed, i))

    def entries(self):
        return (self.entry(i) for i in range(self.articles))

    def feed_entries(self, feed: int):
        return (self.entry(i) for i in range(feed, self.articles, self.feeds))

    def base_page(self, entry: Entry) -> int:
        return entry.source % self.pages

    def counts(self) -> dict:
        kinds = {"original": 0, "syndicated": 0, "copy": 0}
        for e in self.entries():
            kinds[e.kind] += 1
        return kinds


def _canonical(feed: int, i: int) -> str:
    return f"https://outlet{feed:02d}.bench.example/story/{i:06d}"


_HEAD_SLOT = b"\x00claimwatch-bench-head\x00"


class PageTemplate:
    """A corpus page cut once where the edits go, so that each variant is a join of bytes
    (a tenth of a millisecond) rather than three regular-expression passes over the page:
    the site process must not steal CPU from the pipeline it serves."""

    def __init__(self, base: bytes):
        page = _CANONICAL.sub(b'rel="x-original-canonical"', base)
        page = _OG_URL.sub(b'property="x-original-url"', page)
        page, found = _HEAD.subn(lambda m: m.group(0) + _HEAD_SLOT, page, count=1)
        if not found:
            page = _HEAD_SLOT + page
        cuts = [m.start() for m in _BLOCK_END.finditer(page)]
        self.blocks = [page[a:b] for a, b in zip([0, *cuts], [*cuts, len(page)])]

    def render(self, marker: int, canonical: str) -> bytes:
        url = canonical.encode("ascii")
        head = b'<link rel="canonical" href="%s"><meta property="og:url" content="%s">' % (url, url)
        return (b" [cw%d]" % marker).join(self.blocks).replace(_HEAD_SLOT, head, 1)


def variant_html(base: bytes, marker: int, canonical: str) -> bytes:
    """The corpus page with its own canonical URL and a marker at the end of each text block."""
    return PageTemplate(base).render(marker, canonical)


def feed_xml(plan: SitePlan, feed: int, base_url: str) -> bytes:
    items = []
    for entry in plan.feed_entries(feed):
        published = formatdate(1_600_000_000 + entry.index * 60, usegmt=True)
        items.append(
            f"<item><title>Bench story {entry.index}</title><link>{escape(base_url + entry.path)}</link>"
            f'<guid isPermaLink="false">{entry.guid}</guid><pubDate>{published}</pubDate>'
            f"<description>Story {entry.index} of outlet {feed}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>Bench outlet {feed:02d}</title><link>https://outlet{feed:02d}.bench.example/</link>"
        f"<description>Benchmark feed {feed}</description>{''.join(items)}</channel></rss>"
    ).encode("utf-8")


class _Pages:
    """Answers a path with (status, content type, body, etag)."""

    def __init__(self, plan: SitePlan, base_pages: list[tuple[str, bytes]], base_url: str):
        self.plan = plan
        self.templates = [PageTemplate(body) for _, body in base_pages]
        self.feeds = {f"/o{f:02d}/feed.xml": feed_xml(plan, f, base_url) for f in range(plan.feeds)}
        self.by_path = {e.path: e for e in plan.entries() if e.kind != "syndicated"}

    def page(self, entry: Entry) -> bytes:
        return self.templates[self.plan.base_page(entry)].render(entry.source, entry.canonical)

    def answer(self, path: str):
        if path in self.feeds:
            body = self.feeds[path]
            return 200, "application/rss+xml; charset=utf-8", body, '"%s"' % hashlib.sha1(body).hexdigest()
        entry = self.by_path.get(path)
        if entry is None:
            return 404, "text/html; charset=utf-8", b"<html><body>Not found</body></html>", None
        return 200, "text/html", self.page(entry), None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real news sites
    pages: _Pages

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        status, content_type, body, etag = self.pages.answer(self.path.split("?")[0])
        if etag and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", FEED_LAST_MODIFIED)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        pass


def _serve(plan: SitePlan, corpus_dir: str, conn) -> None:
    """The site process: build, report the port, serve until told to stop."""
    base_pages = load_base_pages(Path(corpus_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    server.RequestHandlerClass = type("BenchHandler", (_Handler,), {"pages": _Pages(plan, base_pages, base_url)})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    conn.send(base_url)
    conn.recv()  # any message, or EOF when the parent dies, stops the site
    server.shutdown()


class RunningSite:
    def __init__(self, plan: SitePlan, process, conn, base_url: str):
        self.plan, self.process, self.conn, self.base_url = plan, process, conn, base_url

    @property
    def pid(self) -> int:
        return self.process.pid

    def feed_urls(self) -> list[tuple[str, str, None]]:
        return [(f"bench-{f:02d}", f"{self.base_url}/o{f:02d}/feed.xml", None) for f in range(self.plan.feeds)]

    def close(self) -> None:
        try:
            self.conn.send("stop")
        except OSError:
            pass
        self.process.join(10)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()

    def __enter__(self) -> "RunningSite":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def serve_site(plan: SitePlan, corpus_dir: Path) -> RunningSite:
    """Start the site in a separate process on 127.0.0.1 (a free port)."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=_serve, args=(plan, str(corpus_dir), child), name="claimwatch-bench-site", daemon=True)
    process.start()
    child.close()
    if not parent.poll(120):
        process.terminate()
        raise RuntimeError("the benchmark site did not start within 120 s")
    return RunningSite(plan, process, parent, parent.recv())


def page_count(corpus_dir: Path) -> int:
    return sum(1 for _ in Path(corpus_dir).glob("*.html"))

