-- 0002: a comment on every column 0001 left bare, so DESCRIBE and duckdb_columns() explain them all.

COMMENT ON TABLE schema_migrations IS 'Migrations applied to this file, one row each: the schema version is the highest number.';
COMMENT ON COLUMN schema_migrations.version IS 'Migration number (the NNNN of warehouse/migrations/NNNN_name.sql).';
COMMENT ON COLUMN schema_migrations.name IS 'Migration name (the part of the file name after the number).';
COMMENT ON COLUMN schema_migrations.applied_at IS 'When the migration was applied to this file.';

COMMENT ON COLUMN runs.started_at IS 'When the run started.';
COMMENT ON COLUMN runs.finished_at IS 'When the run ended (completed or failed); NULL while running or when the process died.';

COMMENT ON COLUMN feed_health.feed_id IS 'The feed (feeds.feed_id).';

COMMENT ON COLUMN entries.feed_id IS 'The feed the item came from (feeds.feed_id).';
COMMENT ON COLUMN entries.guid IS 'The item''s GUID or Atom id as the feed gave it, if any.';
COMMENT ON COLUMN entries.title IS 'Title of the item as the feed gave it.';
COMMENT ON COLUMN entries.published_at IS 'Publication time the feed gave for the item, if any.';
COMMENT ON COLUMN entries.run_id IS 'The run that first recorded this item (runs.run_id).';

COMMENT ON COLUMN articles.title IS 'Headline from the page (or the feed item when the page has none).';
COMMENT ON COLUMN articles.run_id IS 'The run that stored the article (runs.run_id).';

COMMENT ON COLUMN catalogue_versions.catalogue_version IS 'Content hash of the catalogue file and its seed texts.';
COMMENT ON COLUMN catalogue_versions.source IS 'Path of the catalogue file that was loaded.';
COMMENT ON COLUMN catalogue_versions.loaded_at IS 'When a run (or rescore) first used this catalogue version.';
COMMENT ON COLUMN catalogue_versions.actor_count IS 'Number of actors in this catalogue version.';
COMMENT ON COLUMN catalogue_versions.claim_count IS 'Number of claims in this catalogue version.';

COMMENT ON COLUMN actors.catalogue_version IS 'Catalogue version this row belongs to (catalogue_versions).';
COMMENT ON COLUMN actors.actor_id IS 'Stable identity of the actor across catalogue versions (e.g. turkey).';
COMMENT ON COLUMN actors.name IS 'Display name of the actor.';

COMMENT ON COLUMN claims.catalogue_version IS 'Catalogue version this row belongs to (catalogue_versions).';
COMMENT ON COLUMN claims.claim_id IS 'Stable identity of the claim across catalogue versions.';
COMMENT ON COLUMN claims.time_frame IS 'When the claimed events happened, as the catalogue states it (free text).';

COMMENT ON COLUMN actor_mentions.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN actor_mentions.actor_id IS 'The actor named (actors.actor_id).';
COMMENT ON COLUMN actor_mentions.end_offset IS 'Character offset just after the mention in articles.text.';
COMMENT ON COLUMN actor_mentions.matcher_version IS 'Matcher that found the mention.';
COMMENT ON COLUMN actor_mentions.catalogue_version IS 'Catalogue the actor comes from.';

COMMENT ON COLUMN claim_matches.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN claim_matches.claim_id IS 'The claim found (claims.claim_id).';
COMMENT ON COLUMN claim_matches.sentence_start IS 'Character offset of the sentence in articles.text.';
COMMENT ON COLUMN claim_matches.run_id IS 'The run (or rescore) that produced the row (runs.run_id).';
COMMENT ON COLUMN claim_matches.matched_at IS 'When the row was produced.';

COMMENT ON COLUMN alerts.article_id IS 'The article the alert is about (articles.article_id).';
COMMENT ON COLUMN alerts.claim_id IS 'The claim the alert is about (claims.claim_id).';
COMMENT ON COLUMN alerts.stance IS 'supports or denies, as matched when the alert was raised.';
COMMENT ON COLUMN alerts.score IS 'Matcher confidence when the alert was raised.';
COMMENT ON COLUMN alerts.created_at IS 'When the alert was queued in the outbox.';
COMMENT ON COLUMN alerts.run_id IS 'The run that raised the alert (runs.run_id).';

COMMENT ON COLUMN alert_deliveries.alert_id IS 'The alert (alerts.alert_id).';
COMMENT ON COLUMN alert_deliveries.attempts IS 'Delivery attempts so far on this channel.';
COMMENT ON COLUMN alert_deliveries.last_attempt_at IS 'When delivery was last attempted.';
COMMENT ON COLUMN alert_deliveries.sent_at IS 'When the channel accepted the alert; NULL until then.';
