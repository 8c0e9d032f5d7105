-- 0003: which matcher and catalogue version last looked at each article.
--
-- claim_matches and actor_mentions keep one set of rows per (matcher, catalogue) version, so a
-- rescore adds rows instead of rewriting history. To count each (article, claim) once, the
-- views use the rows of the article's latest pass. A pass is recorded even when it found
-- nothing, so a claim the new matcher no longer sees stops counting.

CREATE TABLE match_passes (
    article_id        VARCHAR NOT NULL,
    matcher_version   VARCHAR NOT NULL,
    catalogue_version VARCHAR NOT NULL,
    matched_at        TIMESTAMPTZ NOT NULL,
    run_id            VARCHAR,
    PRIMARY KEY (article_id, matcher_version, catalogue_version)
);
COMMENT ON TABLE match_passes IS 'Each time an article was matched, with which matcher and catalogue version; its latest pass is the one the views count.';
COMMENT ON COLUMN match_passes.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN match_passes.matcher_version IS 'Matcher used for the pass.';
COMMENT ON COLUMN match_passes.catalogue_version IS 'Catalogue used for the pass.';
COMMENT ON COLUMN match_passes.matched_at IS 'When the pass was stored; the latest pass of an article is its current one.';
COMMENT ON COLUMN match_passes.run_id IS 'The run or rescore that made the pass (runs.run_id).';

-- Older files: every article was matched by the run that stored it, with that run's versions.
INSERT INTO match_passes
SELECT a.article_id, r.matcher_version, r.catalogue_version, a.fetched_at, a.run_id
FROM articles a JOIN runs r ON r.run_id = a.run_id
WHERE r.matcher_version IS NOT NULL AND r.catalogue_version IS NOT NULL
ON CONFLICT DO NOTHING;

INSERT INTO match_passes
SELECT article_id, matcher_version, catalogue_version, min(matched_at), arg_min(run_id, matched_at)
FROM claim_matches GROUP BY article_id, matcher_version, catalogue_version
ON CONFLICT DO NOTHING;

INSERT INTO match_passes
SELECT m.article_id, m.matcher_version, m.catalogue_version, min(a.fetched_at), min(a.run_id)
FROM actor_mentions m JOIN articles a ON a.article_id = m.article_id
GROUP BY m.article_id, m.matcher_version, m.catalogue_version
ON CONFLICT DO NOTHING;
