"""The benchmark's news site: which entries it lists, how pages are varied, how it is served."""

from __future__ import annotations

import httpx
import pytest

from bench.site import SitePlan, feed_xml, serve_site, variant_html

PAGE = (b'<html><head><title>T</title><link rel=canonical href="https://news.example/a">'
        b'<meta property="og:url" content="https://news.example/a"></head>'
        b"<body><p>First paragraph.</p><ul><li>Item</li></ul>Line one<br>Line two</body></html>")


def test_plan_mixes_originals_syndicated_entries_and_copies():
    plan = SitePlan(articles=200, feeds=50, pages=3)
    entries = list(plan.entries())
    assert plan.counts() == {"original": 191, "syndicated": 4, "copy": 5}
    syndicated = next(e for e in entries if e.kind == "syndicated")
    prior = entries[syndicated.index - 1]
    assert (syndicated.path, syndicated.canonical) == (prior.path, prior.canonical)
    assert syndicated.feed != prior.feed
    copy = next(e for e in entries if e.kind == "copy")
    assert copy.source == entries[copy.index - 1].source and copy.canonical != entries[copy.index - 1].canonical
    assert len({e.guid for e in entries}) == 200
    assert sorted(e.index for f in range(50) for e in plan.feed_entries(f)) == list(range(200))


def test_variant_replaces_canonical_urls_and_marks_every_text_block():
    page = variant_html(PAGE, 7, "https://outlet01.bench.example/story/000007")
    assert b"https://news.example/a" in page  # the old URLs stay, under attributes nobody reads
    assert page.count(b'rel="canonical"') == 1 and page.count(b'property="og:url"') == 1
    assert b'<link rel="canonical" href="https://outlet01.bench.example/story/000007">' in page
    assert page.count(b" [cw7]") == 3
    assert variant_html(PAGE, 8, "https://x.example/") != variant_html(PAGE, 7, "https://x.example/")


def test_site_serves_feeds_with_validators_and_pages(tmp_path):
    (tmp_path / "a.html").write_bytes(PAGE)
    plan = SitePlan(articles=60, feeds=3, pages=1)
    with serve_site(plan, tmp_path) as site, httpx.Client(trust_env=False) as client:
        name, url, _ = site.feed_urls()[1]
        feed = client.get(url)
        assert feed.status_code == 200 and feed.content == feed_xml(plan, 1, site.base_url)
        assert client.get(url, headers={"If-None-Match": feed.headers["etag"]}).status_code == 304
        entry = plan.entry(4)
        page = client.get(site.base_url + entry.path)
        assert page.status_code == 200 and entry.canonical.encode() in page.content
        assert client.get(site.base_url + "/nowhere").status_code == 404
