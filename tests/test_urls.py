from extractors.urls import normalize_url, url_id


def test_tracking_parameters_fragments_and_case_are_removed():
    a = normalize_url("HTTPS://News.Example.org:443/a/b?utm_source=x&id=3&fbclid=abc#top")
    assert a == "https://news.example.org/a/b?id=3"


def test_query_order_does_not_change_identity():
    assert url_id("https://x.org/p?b=2&a=1") == url_id("https://x.org/p?a=1&b=2")


def test_non_default_ports_are_kept():
    assert normalize_url("http://127.0.0.1:8080/x") == "http://127.0.0.1:8080/x"
