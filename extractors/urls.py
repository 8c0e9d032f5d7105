"""URL normalisation: the identity of entries and articles must not depend on tracking
parameters, fragments, letter case of the host, or which loopback port served the page."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["normalize_url", "url_id", "host_of"]

TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "ref", "ref_src",
    "cmpid", "ocid", "utm_id",
}


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING_PARAMS


def normalize_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, fragments and tracking parameters,
    sort the remaining query parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)))
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, query, ""))


def url_id(url: str) -> str:
    """A short stable id for a normalised URL (used as article_id)."""
    return hashlib.sha256(normalize_url(url).encode("utf-8")).hexdigest()[:24]


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
