-- 0008: the LSH index holds originals only.
-- A new article is compared with originals, never with their copies (every copy already points
-- at its original), so a story costs one comparison however often it was reprinted. Bands of
-- copies stored before this migration are dropped: nothing reads them any more.

DELETE FROM article_minhash_bands
WHERE article_id IN (SELECT article_id FROM articles WHERE duplicate_of IS NOT NULL);
COMMENT ON TABLE article_minhash_bands IS 'LSH index of the fingerprints of original articles (not copies): originals sharing a (band, bucket) with a new article are its near-duplicate candidates.';
