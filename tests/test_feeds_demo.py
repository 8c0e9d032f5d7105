"""Feed fetching and parsing against the demo site, a real loopback HTTP server."""

from extractors.feeds import Validators, fetch_feed
from extractors.http import Fetcher, FetchPolicy
from extractors.models import Feed
from flows.demo_server import serve_demo_site

LOOPBACK = FetchPolicy(allow_private_addresses=("127.0.0.1/32",))


def test_rss_and_atom_feeds_parse_with_stable_keys():
    with serve_demo_site() as site, Fetcher(LOOPBACK) as fetcher:
        fetches = {name: fetch_feed(fetcher, Feed(name, url, lang))
                   for name, url, lang in site.feed_urls()}
    assert fetches["caucasus-wire"].entries and fetches["eurasia-monitor"].entries
    for fetch in (fetches["caucasus-wire"], fetches["eurasia-monitor"]):
        assert not fetch.error
        assert all(e.key.startswith("urn:claimwatch-demo:") for e in fetch.entries)
        assert all(e.url.startswith(site.base_url) for e in fetch.entries)
        assert all(e.published is not None for e in fetch.entries)
    assert fetches["le-regard"].entries[0].language == "fr"


def test_html_at_a_feed_url_is_recorded_as_not_a_feed():

    with serve_demo_site() as site, Fetcher(LOOPBACK) as fetcher:
        url = dict((n, u) for n, u, _ in site.feed_urls())["nightdesk"]
        fetch = fetch_feed(fetcher, Feed("nightdesk", url))
    assert fetch.entries == ()
    assert fetch.error_kind == "permanent" and "not a feed" in fetch.error


def test_unchanged_body_is_not_parsed_again():

    with serve_demo_site() as site, Fetcher(LOOPBACK) as fetcher:
        name, url, _ = site.feed_urls()[0]
        first = fetch_feed(fetcher, Feed(name, url))
        second = fetch_feed(fetcher, Feed(name, url), Validators(body_hash=first.body_hash))
    assert first.entries and not first.not_modified
    assert second.not_modified and second.entries == ()


def test_loopback_is_refused_by_default():

    with serve_demo_site() as site, Fetcher(FetchPolicy()) as fetcher:
        name, url, _ = site.feed_urls()[0]
        fetch = fetch_feed(fetcher, Feed(name, url))
    assert fetch.error_kind == "permanent" and "non-public address" in fetch.error
