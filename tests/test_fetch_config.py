"""The [fetch] section: every key reaches FetchPolicy typed, and bad values name the key."""

import pytest

from extractors.errors import ConfigError
from flows.config import settings_from_dict


def test_every_fetch_key_reaches_the_policy():
    policy = settings_from_dict({"fetch": {
        "allow_private_addresses": ["127.0.0.1/32"], "contact_url": "https://example.org/contact",
        "connect_timeout": 3, "read_timeout": 4.5, "total_timeout": 30, "max_body_bytes": 1000,
        "max_decoded_bytes": 5000, "max_redirects": 2, "max_retry_after_seconds": 120,
        "per_host_concurrency": 1, "host_delay_seconds": 2.5, "concurrency": 4, "respect_robots": False,
    }}).fetch
    assert policy.allow_private_addresses == ("127.0.0.1/32",)
    assert policy.user_agent == "claimwatch/0.1 (+https://example.org/contact)"
    assert (policy.connect_timeout, policy.read_timeout, policy.total_timeout) == (3, 4.5, 30)
    assert (policy.max_body_bytes, policy.max_decoded_bytes, policy.max_redirects) == (1000, 5000, 2)
    assert (policy.max_retry_after_seconds, policy.per_host_concurrency, policy.host_delay_seconds) == (120, 1, 2.5)
    assert policy.concurrency == 4 and policy.respect_robots is False


def test_defaults_are_polite():
    policy = settings_from_dict({}).fetch
    assert policy.allow_private_addresses is False and policy.respect_robots is True
    assert policy.per_host_concurrency == 2 and policy.host_delay_seconds == 1.0


@pytest.mark.parametrize("section, named", [
    ({"per_host_concurrency": 0}, "fetch.per_host_concurrency"),
    ({"max_decoded_bytes": -1}, "fetch.max_decoded_bytes"),
    ({"host_delay_seconds": -1}, "fetch.host_delay_seconds"),
    ({"respect_robots": "yes"}, "fetch.respect_robots"),
    ({"concurrency": 2.5}, "fetch.concurrency"),
    ({"contact_url": "mailto:me@example.org"}, "fetch.contact_url"),
])
def test_bad_fetch_values_name_the_key(section, named):
    with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
        settings_from_dict({"fetch": section})
