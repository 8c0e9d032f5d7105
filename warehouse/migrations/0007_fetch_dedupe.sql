-- 0007: what fetching and de-duplication need to remember across runs.
--   * articles carry their MinHash fingerprint and how they copy an earlier article;
--   * article_minhash_bands holds the LSH bands of each fingerprint, so a new article finds its
--     earlier near copies with one join instead of comparing against every stored article;
--   * entries remember the normalised URL of their link, so the same page reached from another
--     feed in a later run is linked, not fetched again;
--   * feed_health says what the last fetch did and which feed an HTML page pointed to.

ALTER TABLE articles ADD COLUMN fingerprint UINTEGER[];
ALTER TABLE articles ADD COLUMN duplicate_kind VARCHAR;
ALTER TABLE articles ADD COLUMN duplicate_similarity DOUBLE;
COMMENT ON COLUMN articles.fingerprint IS 'MinHash signature (128 values) of the text''s word 5-shingles; NULL for texts too short to fingerprint.';
COMMENT ON COLUMN articles.duplicate_kind IS 'exact (same normalised text) or near (similar text, e.g. an edited wire copy) when duplicate_of is set; NULL for originals.';
COMMENT ON COLUMN articles.duplicate_similarity IS 'Estimated Jaccard similarity to the original (1.0 for exact copies); NULL for originals.';

CREATE TABLE article_minhash_bands (
    band        UTINYINT NOT NULL,
    bucket      BIGINT NOT NULL,
    article_id  VARCHAR NOT NULL
);
COMMENT ON TABLE article_minhash_bands IS 'LSH index of article fingerprints: articles sharing a (band, bucket) are near-duplicate candidates.';
COMMENT ON COLUMN article_minhash_bands.band IS 'Band number (0-31): which 4 consecutive values of the 128-value signature.';
COMMENT ON COLUMN article_minhash_bands.bucket IS 'Hash of the band''s 4 signature values.';
COMMENT ON COLUMN article_minhash_bands.article_id IS 'The article whose fingerprint has this band.';

ALTER TABLE entries ADD COLUMN canonical_url VARCHAR;
COMMENT ON COLUMN entries.canonical_url IS 'The entry link normalised (lower-case host, no fragment, no tracking parameters): the same page from any feed.';

ALTER TABLE feed_health ADD COLUMN last_outcome VARCHAR;
ALTER TABLE feed_health ADD COLUMN advertised_feed_url VARCHAR;
COMMENT ON COLUMN feed_health.last_outcome IS 'What the last fetch did: parsed, not_modified (HTTP 304), unchanged (same body hash, not parsed) or failed.';
COMMENT ON COLUMN feed_health.advertised_feed_url IS 'When the feed URL answered with an HTML page: the feed that page advertises (a likely new feed URL).';
