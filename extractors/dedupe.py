"""Exact and near-duplicate detection for articles: the same wire story republished by several
outlets with small edits.

A text's fingerprint is a MinHash signature over its word 5-shingles (character 5-grams for
scripts written without spaces): PERMUTATIONS 32-bit minima, whose fraction of equal positions
estimates the Jaccard similarity of two texts' shingle sets. Locality-sensitive hashing splits
the signature into BANDS bands of ROWS values; two texts sharing any whole band are candidates
(a pair at Jaccard 0.6 shares one with probability 0.99, at 0.2 with 0.05), and a candidate is a
near duplicate when its estimated similarity reaches NEAR_DUPLICATE_SIMILARITY. The bands are
what the warehouse stores and joins on, so a new article meets every earlier copy in one query.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from extractors.urls import host_of, normalize_url

__all__ = [
    "fingerprint", "bands", "similarity", "shingles", "NearDuplicateIndex", "Copy", "find_copies", "group_entries",
    "PERMUTATIONS", "BANDS", "ROWS", "NEAR_DUPLICATE_SIMILARITY",
]

SHINGLE_SIZE = 5
PERMUTATIONS = 128
BANDS, ROWS = 32, 4
NEAR_DUPLICATE_SIMILARITY = 0.5
MIN_SHINGLES = 8
_CHUNK = 4096

# Fixed seed: fingerprints must compare across runs and machines, so the hash family is constant.
_RNG = np.random.default_rng(20201021)
_MULTIPLIERS = _RNG.integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_OFFSETS = _RNG.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def _tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = _WORD.findall(folded)
    if words and len(folded) / len(words) > 12:  # no spaces between words (Chinese, Japanese, Thai)
        letters = "".join(words)
        return [letters[i:i + 1] for i in range(len(letters))]
    return words


def shingles(text: str) -> np.ndarray:
    """The distinct shingles of `text` as 64-bit hashes."""
    tokens = _tokens(text)
    count = max(0, len(tokens) - SHINGLE_SIZE + 1)
    hashed = {
        int.from_bytes(hashlib.blake2b(" ".join(tokens[i:i + SHINGLE_SIZE]).encode("utf-8"), digest_size=8).digest(), "little")
        for i in range(count)
    }
    return np.fromiter(hashed, dtype=np.uint64, count=len(hashed))


def fingerprint(text: str) -> tuple[int, ...]:
    """The MinHash signature of `text`; () when it is too short to fingerprint meaningfully."""
    values = shingles(text)
    if len(values) < MIN_SHINGLES:
        return ()
    minima = np.full(PERMUTATIONS, np.iinfo(np.uint32).max, dtype=np.uint32)
    with np.errstate(over="ignore"):
        for start in range(0, len(values), _CHUNK):
            chunk = values[start:start + _CHUNK]
            # Multiply-shift hashing: (a*x + b) mod 2^64, top 32 bits; one row per permutation.
            hashed = ((chunk[None, :] * _MULTIPLIERS[:, None] + _OFFSETS[:, None]) >> np.uint64(32)).astype(np.uint32)
            minima = np.minimum(minima, hashed.min(axis=1))
    return tuple(int(v) for v in minima)


def bands(signature: tuple[int, ...]) -> list[tuple[int, int]]:
    """(band number, bucket) pairs: the LSH keys under which a signature is stored and looked up."""
    if len(signature) != PERMUTATIONS:
        return []
    values = np.asarray(signature, dtype=np.uint32)
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(values[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "little", signed=True)))
    return keys


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    if len(a) != PERMUTATIONS or len(b) != PERMUTATIONS:
        return 0.0
    return float(np.count_nonzero(np.asarray(a, dtype=np.uint32) == np.asarray(b, dtype=np.uint32))) / PERMUTATIONS


@dataclass
class NearDuplicateIndex:
    """An in-memory LSH index: signatures by id, ids by band key."""

    signatures: dict[str, tuple[int, ...]] = field(default_factory=dict)
    buckets: dict[tuple[int, int], list[str]] = field(default_factory=dict)

    def add(self, item_id: str, signature: tuple[int, ...]) -> None:
        if len(signature) != PERMUTATIONS or item_id in self.signatures:
            return
        self.signatures[item_id] = signature
        for key in bands(signature):
            self.buckets.setdefault(key, []).append(item_id)

    def best_match(self, signature: tuple[int, ...], threshold: float = NEAR_DUPLICATE_SIMILARITY) -> tuple[str, float] | None:
        """The most similar indexed item at or above `threshold`, with its similarity."""
        candidates = {i for key in bands(signature) for i in self.buckets.get(key, ())}
        scored = sorted(((similarity(signature, self.signatures[i]), i) for i in candidates), key=lambda s: (-s[0], s[1]))
        return (scored[0][1], scored[0][0]) if scored and scored[0][0] >= threshold else None


@dataclass(frozen=True)
class Copy:
    """An article that repeats an earlier one: `original` is the earliest copy's id."""

    original: str
    kind: str  # "exact" (same normalised text) or "near" (MinHash similarity)
    similarity: float


def find_copies(articles, hash_roots: dict[str, str], stored_originals: dict[str, tuple[int, ...]]) -> dict[str, Copy]:
    """Which of `articles` repeat an earlier article, exactly or nearly.

    `hash_roots` maps a stored content hash to its original; `stored_originals` maps each stored
    original that shares an LSH band with one of `articles` to its signature. New articles are
    taken earliest-published first, so within a run the earliest copy is the original; an
    article already stored always counts as earlier than a new one.

    A new article is compared with originals only, never with their copies: every copy points at
    its original, so a story costs one comparison however often it was reprinted (comparing with
    every copy made a wire story's cost grow with the square of its reprints)."""
    index = NearDuplicateIndex()
    for article_id, signature in sorted(stored_originals.items()):
        index.add(article_id, signature)
    owners, roots, copies = dict(hash_roots), {}, {}
    for article in sorted(articles, key=_earliest_first):
        owner = owners.setdefault(article.content_hash, article.article_id)
        if owner != article.article_id:
            copies[article.article_id] = Copy(roots.get(owner, owner), "exact", 1.0)
        elif (match := index.best_match(article.fingerprint)) is not None:
            copies[article.article_id] = Copy(match[0], "near", round(match[1], 4))
        copy = copies.get(article.article_id)
        roots[article.article_id] = copy.original if copy else article.article_id
        if copy is None:
            index.add(article.article_id, article.fingerprint)
    return copies


def _earliest_first(article) -> tuple:
    published = article.published.timestamp() if article.published else float("inf")
    return (published, article.article_id)


def _distinctive(guid: str | None) -> bool:
    """A GUID that names one item site-wide (a URL, URN or tag URI, or a long token); short ones
    like "42" are often numbered per feed, and merging on them would lose distinct pages."""
    return bool(guid) and (":" in guid or len(guid) >= 16)


def group_entries(entries) -> tuple[list, dict]:
    """Entries that lead to the same page, found by normalised link or by a distinctive GUID
    on the same host.

    Returns (one entry per page, in order; {(feed, key) of every other entry: (feed, key) of the
    entry that stands for its page}), so each page is fetched once however many feeds list it."""
    chosen, aliases, by_page = [], {}, {}
    for entry in entries:
        identity = (entry.feed_name, entry.key)
        names = [("url", normalize_url(entry.url))]
        if _distinctive(entry.guid):
            names.append(("guid", host_of(entry.url), entry.guid))
        representative = next((by_page[n] for n in names if n in by_page), None)
        if representative is None:
            chosen.append(entry)
            representative = identity
        elif representative != identity:
            aliases[identity] = representative
        for name in names:
            by_page.setdefault(name, representative)
    return chosen, aliases
