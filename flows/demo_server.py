"""A small offline news site on 127.0.0.1 for the demo and the tests.

Three outlets publish RSS 2.0 or Atom feeds whose items link to HTML article pages with the usual
page chrome (navigation, related links, footer). A fourth "feed" answers with an HTML maintenance
page, so the demo shows how a broken feed is reported. Item GUIDs and rel=canonical links use
each outlet's own (.example) host, so an article keeps its identity whatever port serves it.
"""

from __future__ import annotations

import html
import threading
import tomllib
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources

__all__ = ["DemoSite", "load_site", "serve_demo_site"]


@dataclass(frozen=True)
class DemoSite:
    outlets: list[dict]
    articles: list[dict]

    def feed_path(self, outlet: dict) -> str:
        return f"/{outlet['id']}/{'atom.xml' if outlet['feed_format'] == 'atom' else 'feed.xml'}"


def load_site() -> DemoSite:
    text = (resources.files("flows") / "demo_site" / "articles.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return DemoSite(outlets=data["outlets"], articles=data["articles"])


def _iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _page(site: DemoSite, outlet: dict, article: dict) -> str:
    e = html.escape
    canonical = f"https://{outlet['host']}/{article['slug']}"
    nav = "".join(f'<li><a href="/{o["id"]}/">{e(o["name"])}</a></li>' for o in site.outlets)
    related = "".join(f'<li><a href="/{outlet["id"]}/more/{i}">{e(t)}</a></li>' for i, t in enumerate(article.get("related", [])))
    paragraphs = "".join(f"<p>{e(p)}</p>" for p in article["body"])
    return f"""<!DOCTYPE html>
<html lang="{outlet['language']}"><head><meta charset="utf-8">
<title>{e(article['title'])} | {e(outlet['name'])}</title>
<link rel="canonical" href="{canonical}">
<meta property="og:site_name" content="{e(outlet['name'])}">
<meta property="og:title" content="{e(article['title'])}">
<meta property="article:published_time" content="{article['published']}">
<script>window.analytics = {{"page": "article"}};</script>
</head><body>
<header><div class="logo">{e(outlet['name'])}</div><nav><ul>{nav}<li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<main><article>
<h1>{e(article['title'])}</h1>
<p class="byline">By the {e(outlet['name'])} desk &middot; <time datetime="{article['published']}">{article['published'][:10]}</time></p>
{paragraphs}
</article>
<aside class="related"><h2>Related stories</h2><ul>{related}</ul></aside>
<section class="newsletter"><h2>Newsletter</h2><p>Get the morning briefing in your inbox every day.</p></section>
</main>
<footer><p>&copy; 2020 {e(outlet['name'])}. All rights reserved.</p><ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy</a></li><li><a href="/contact">Contact</a></li></ul></footer>
</body></html>"""


def _rss(site: DemoSite, outlet: dict, base: str) -> str:
    e = html.escape
    items = []
    for article in (a for a in site.articles if a["outlet"] == outlet["id"]):
        items.append(
            f"<item><title>{e(article['title'])}</title><link>{base}/{outlet['id']}/{article['slug']}</link>"
            f"<guid isPermaLink=\"false\">urn:claimwatch-demo:{outlet['id']}:{article['slug']}</guid>"
            f"<pubDate>{format_datetime(_iso(article['published']))}</pubDate>"
            f"<description>{e(article['body'][0][:160])}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{e(outlet['name'])}</title><link>https://{outlet['host']}/</link>"
        f"<language>{outlet['language']}</language><description>Latest news</description>"
        + "".join(items) + "</channel></rss>"
    )


def _atom(site: DemoSite, outlet: dict, base: str) -> str:
    e = html.escape
    entries = []
    for article in (a for a in site.articles if a["outlet"] == outlet["id"]):
        entries.append(
            f"<entry><title>{e(article['title'])}</title><link href=\"{base}/{outlet['id']}/{article['slug']}\"/>"
            f"<id>urn:claimwatch-demo:{outlet['id']}:{article['slug']}</id>"
            f"<updated>{article['published']}</updated><summary>{e(article['body'][0][:160])}</summary></entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="'
        f"{outlet['language']}\"><title>{e(outlet['name'])}</title><id>https://{outlet['host']}/</id>"
        f"<updated>2020-10-21T13:00:00Z</updated>" + "".join(entries) + "</feed>"
    )


MAINTENANCE_PAGE = "<!DOCTYPE html><html><head><title>Down for maintenance</title></head><body><h1>We'll be back soon</h1></body></html>"


def _routes(site: DemoSite, base: str) -> dict[str, tuple[str, str]]:
    routes = {"/": ("text/html; charset=utf-8", "<html><body><h1>claimwatch demo news</h1></body></html>")}
    by_id = {o["id"]: o for o in site.outlets}
    for outlet in site.outlets:
        fmt = outlet["feed_format"]
        if fmt == "rss":
            routes[site.feed_path(outlet)] = ("application/rss+xml; charset=utf-8", _rss(site, outlet, base))
        elif fmt == "atom":
            routes[site.feed_path(outlet)] = ("application/atom+xml; charset=utf-8", _atom(site, outlet, base))
        else:
            routes[site.feed_path(outlet)] = ("text/html; charset=utf-8", MAINTENANCE_PAGE)
    for article in site.articles:
        outlet = by_id[article["outlet"]]
        routes[f"/{outlet['id']}/{article['slug']}"] = ("text/html; charset=utf-8", _page(site, outlet, article))
    return routes


class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        found = self.routes.get(self.path.split("?")[0])
        body = (found[1] if found else "<html><body>Not found</body></html>").encode("utf-8")
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", found[0] if found else "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # keep the demo's output readable
        pass


class RunningSite:
    def __init__(self, server: ThreadingHTTPServer, site: DemoSite):
        self.server, self.site = server, site
        self.base_url = f"http://127.0.0.1:{server.server_address[1]}"

    def feed_urls(self) -> list[tuple[str, str, str]]:
        """(name, url, language) of every demo feed, the broken one included."""
        return [(o["id"], self.base_url + self.site.feed_path(o), o["language"]) for o in self.site.outlets]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> "RunningSite":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def serve_demo_site(site: DemoSite | None = None, port: int = 0) -> RunningSite:
    """Start the site on 127.0.0.1 (a free port unless given) in a background thread."""
    site = site or load_site()
    server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.RequestHandlerClass = type("DemoHandler", (_Handler,), {"routes": _routes(site, base)})
    threading.Thread(target=server.serve_forever, name="claimwatch-demo-site", daemon=True).start()
    return RunningSite(server, site)
