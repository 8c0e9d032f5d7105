"""The reads the nightly flow needs."""

from __future__ import annotations

__all__ = [
    "feed_health", "known_entry_keys", "existing_article_ids", "content_hash_owners",
    "articles_to_rescore", "article_texts", "current_match_pairs",
    "copy_roots_by_hash", "near_duplicate_candidates", "articles_by_url", "entries_to_retry",
]


def feed_health(con) -> dict[str, dict]:
    cursor = con.execute("SELECT * FROM feed_health")
    columns = [d[0] for d in cursor.description]
    return {row[0]: dict(zip(columns, row)) for row in cursor.fetchall()}


def known_entry_keys(con, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of `keys` (feed_id, entry_key) need no more work: already articles or permanently
    rejected. Only the keys the feeds list tonight are looked up, so a run's memory follows the
    night's entries, not the warehouse's whole history."""
    if not keys:
        return set()
    rows = con.execute(
        "SELECT e.feed_id, e.entry_key FROM entries e "
        "JOIN (SELECT unnest(?) AS feed_id, unnest(?) AS entry_key) listed USING (feed_id, entry_key) "
        "WHERE e.status <> 'failed'",
        [[feed for feed, _ in keys], [key for _, key in keys]],
    ).fetchall()
    return {(feed_id, key) for feed_id, key in rows}


def entries_to_retry(con, since) -> list[tuple[str, str, str]]:
    """(feed_id, entry_key, url) of entries that failed transiently (status 'failed') and were
    first seen after `since`: their feed may not list them as new again (it is unchanged)."""
    return con.execute(
        "SELECT feed_id, entry_key, url FROM entries WHERE status = 'failed' AND first_seen_at >= ? "
        "ORDER BY first_seen_at, feed_id, entry_key",
        [since],
    ).fetchall()


def existing_article_ids(con, article_ids: list[str]) -> set[str]:
    if not article_ids:
        return set()
    rows = con.execute("SELECT article_id FROM articles WHERE article_id IN (SELECT unnest(?))", [article_ids]).fetchall()
    return {row[0] for row in rows}


def content_hash_owners(con, hashes: list[str]) -> dict[str, str]:
    """For each content hash already stored, the earliest article that has it."""
    if not hashes:
        return {}
    rows = con.execute(
        "SELECT content_hash, arg_min(article_id, fetched_at) FROM articles "
        "WHERE content_hash IN (SELECT unnest(?)) GROUP BY content_hash",
        [hashes],
    ).fetchall()
    return dict(rows)


def articles_to_rescore(con, matcher_version: str, catalogue_version: str, force: bool = False) -> list[str]:
    """Article ids, oldest first, that have no pass with these versions (every article with force)."""
    if force:
        rows = con.execute("SELECT article_id FROM articles ORDER BY fetched_at, article_id").fetchall()
    else:
        rows = con.execute(
            "SELECT a.article_id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM match_passes p "
            "WHERE p.article_id = a.article_id AND p.matcher_version = ? AND p.catalogue_version = ?) "
            "ORDER BY a.fetched_at, a.article_id",
            [matcher_version, catalogue_version],
        ).fetchall()
    return [article_id for (article_id,) in rows]


def article_texts(con, article_ids: list[str]) -> list[tuple[str, str, str | None, str | None]]:
    """(article_id, text, language, title) of the given articles."""
    return con.execute(
        "SELECT article_id, text, language, title FROM articles WHERE article_id IN (SELECT unnest(?)) "
        "ORDER BY fetched_at, article_id",
        [article_ids],
    ).fetchall()


def current_match_pairs(con, article_ids: list[str]) -> set[tuple[str, str]]:
    """(article_id, claim_id) pairs the views count now, for the given articles."""
    rows = con.execute(
        "SELECT article_id, claim_id FROM current_claim_matches WHERE article_id IN (SELECT unnest(?))", [article_ids]
    ).fetchall()
    return set(rows)


def copy_roots_by_hash(con, hashes: list[str]) -> dict[str, str]:
    """For each content hash already stored, the original of its earliest article (the article
    itself, or what that article copies)."""
    if not hashes:
        return {}
    rows = con.execute(
        "SELECT content_hash, arg_min(coalesce(duplicate_of, article_id), fetched_at) FROM articles "
        "WHERE content_hash IN (SELECT unnest(?)) GROUP BY content_hash",
        [hashes],
    ).fetchall()
    return dict(rows)


def near_duplicate_candidates(con, bands: list[tuple[int, int]]) -> dict[str, tuple[int, ...]]:
    """Stored originals (not copies) sharing any (band, bucket) with `bands`: {article_id: fingerprint}."""
    if not bands:
        return {}
    rows = con.execute(
        "WITH wanted AS (SELECT DISTINCT unnest(?) AS band, unnest(?) AS bucket), "
        "hits AS (SELECT DISTINCT b.article_id FROM article_minhash_bands b JOIN wanted w "
        "ON b.band = w.band AND b.bucket = w.bucket) "
        "SELECT a.article_id, a.fingerprint FROM articles a JOIN hits USING (article_id) "
        "WHERE a.fingerprint IS NOT NULL AND a.duplicate_of IS NULL",
        [[b for b, _ in bands], [k for _, k in bands]],
    ).fetchall()
    return {article_id: tuple(fingerprint) for article_id, fingerprint in rows}


def articles_by_url(con, urls: list[str]) -> dict[str, str]:
    """{normalised URL: article_id} for URLs already stored as an article's canonical URL or as
    the link of an entry that became an article."""
    if not urls:
        return {}
    rows = con.execute(
        "SELECT canonical_url, min(article_id) FROM ("
        "  SELECT canonical_url, article_id FROM articles WHERE canonical_url IN (SELECT unnest(?))"
        "  UNION ALL SELECT canonical_url, article_id FROM entries"
        "  WHERE article_id IS NOT NULL AND canonical_url IN (SELECT unnest(?))"
        ") GROUP BY canonical_url",
        [urls, urls],
    ).fetchall()
    return dict(rows)
