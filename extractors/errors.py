"""The one exception tree of claimwatch's pure layer.

Foreign errors (httpx, feedparser, trafilatura, TOML) are translated into these at the module
that meets them, so callers decide on two questions only: what went wrong (the class), and
should it be retried later (``transient``)::

    ClaimwatchError
    ├── ConfigError                 bad configuration (exit code 2)
    ├── CatalogueError              the catalogue file cannot be used
    └── FetchError                  a URL could not be turned into usable bytes
        ├── TransientFetchError     try again later (timeouts, 5xx, 429, connection refused)
        │   └── RateLimited         the server asked us to wait (Retry-After)
        └── PermanentFetchError     retrying will not help (404, not a feed, blocked address)
            ├── BlockedAddress      the host resolves to an address the config forbids
            ├── TooLarge            the body or its decompressed form passed the size cap
            └── NotAFeed            the body is HTML or something else, not RSS/Atom
"""

from __future__ import annotations

__all__ = [
    "ClaimwatchError",
    "ConfigError",
    "CatalogueError",
    "FetchError",
    "TransientFetchError",
    "RateLimited",
    "PermanentFetchError",
    "BlockedAddress",
    "TooLarge",
    "NotAFeed",
]


class ClaimwatchError(Exception):
    """Base of every error claimwatch raises on purpose."""


class ConfigError(ClaimwatchError):
    """A configuration problem; the message names the key at fault."""


class CatalogueError(ClaimwatchError):
    """The catalogue is invalid. `problems` lists one line per problem."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or [message]


class FetchError(ClaimwatchError):
    transient = False

    def __init__(self, message: str, url: str = "", status: int = 0):
        super().__init__(message)
        self.url = url
        self.status = status


class TransientFetchError(FetchError):
    transient = True


class RateLimited(TransientFetchError):
    def __init__(self, message: str, url: str = "", status: int = 429, retry_after: float | None = None):
        super().__init__(message, url, status)
        self.retry_after = retry_after


class PermanentFetchError(FetchError):
    transient = False


class BlockedAddress(PermanentFetchError):
    pass


class TooLarge(PermanentFetchError):
    pass


class NotAFeed(PermanentFetchError):
    def __init__(self, message: str, url: str = "", status: int = 0, advertised_feed: str | None = None):
        super().__init__(message, url, status)
        self.advertised_feed = advertised_feed
