-- 0001: the first schema. Every later change is a new numbered file; this one never changes.

CREATE TABLE runs (
    run_id            VARCHAR PRIMARY KEY,
    flow_run_id       VARCHAR,
    trigger           VARCHAR,
    started_at        TIMESTAMPTZ NOT NULL,
    finished_at       TIMESTAMPTZ,
    status            VARCHAR NOT NULL,
    error             VARCHAR,
    catalogue_version VARCHAR,
    matcher_version   VARCHAR,
    stage_counts      JSON,
    stage_seconds     JSON
);
COMMENT ON TABLE runs IS 'One row per nightly pass: when it ran, how it ended, and per-stage counts and durations.';
COMMENT ON COLUMN runs.run_id IS 'Identity of the run (the Prefect flow run id when run under Prefect).';
COMMENT ON COLUMN runs.flow_run_id IS 'Prefect flow run id, for finding the run in the Prefect UI.';
COMMENT ON COLUMN runs.trigger IS 'What started the run: demo, manual, schedule.';
COMMENT ON COLUMN runs.status IS 'running, completed or failed.';
COMMENT ON COLUMN runs.error IS 'Why the run failed, when it did.';
COMMENT ON COLUMN runs.catalogue_version IS 'Content hash of the catalogue used by this run.';
COMMENT ON COLUMN runs.matcher_version IS 'Version string of the matcher used by this run.';
COMMENT ON COLUMN runs.stage_counts IS 'JSON object: items handled per stage (feeds, entries, articles, matches, alerts...).';
COMMENT ON COLUMN runs.stage_seconds IS 'JSON object: wall seconds spent per stage.';

CREATE TABLE feeds (
    feed_id    VARCHAR PRIMARY KEY,
    url        VARCHAR NOT NULL,
    language   VARCHAR,
    added_at   TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE feeds IS 'Configured feeds, keyed by the name given in the config.';
COMMENT ON COLUMN feeds.feed_id IS 'The feed name from the config: its stable identity.';
COMMENT ON COLUMN feeds.url IS 'The feed URL as last configured.';
COMMENT ON COLUMN feeds.language IS 'Language code the config declares for this feed, if any.';
COMMENT ON COLUMN feeds.added_at IS 'When the feed was first seen in a run.';

CREATE TABLE feed_health (
    feed_id          VARCHAR PRIMARY KEY,
    last_attempt_at  TIMESTAMPTZ,
    last_success_at  TIMESTAMPTZ,
    last_status      INTEGER,
    last_error       VARCHAR,
    last_error_kind  VARCHAR,
    etag             VARCHAR,
    last_modified    VARCHAR,
    body_hash        VARCHAR,
    failure_score    DOUBLE DEFAULT 0,
    next_due_at      TIMESTAMPTZ,
    entries_seen     BIGINT DEFAULT 0,
    disabled         BOOLEAN DEFAULT false
);
COMMENT ON TABLE feed_health IS 'Fetch state per feed: is it healthy, when was it last fetched, what went wrong, when is it due.';
COMMENT ON COLUMN feed_health.last_attempt_at IS 'When the feed was last requested.';
COMMENT ON COLUMN feed_health.last_success_at IS 'When the feed last answered with a usable (or unchanged) body.';
COMMENT ON COLUMN feed_health.last_status IS 'HTTP status of the last attempt (0 when no response arrived).';
COMMENT ON COLUMN feed_health.last_error IS 'One-line message of the last failure; NULL after a success.';
COMMENT ON COLUMN feed_health.last_error_kind IS 'transient (will be retried) or permanent; NULL after a success.';
COMMENT ON COLUMN feed_health.etag IS 'ETag validator for the next conditional GET.';
COMMENT ON COLUMN feed_health.last_modified IS 'Last-Modified validator for the next conditional GET.';
COMMENT ON COLUMN feed_health.body_hash IS 'SHA-256 of the last body, to skip parsing when validators are stale.';
COMMENT ON COLUMN feed_health.failure_score IS 'Weighted recent failures (hard 1.0, soft 0.5, temporary 0.25); reset on success.';
COMMENT ON COLUMN feed_health.next_due_at IS 'The feed is not fetched before this time (backoff, Retry-After).';
COMMENT ON COLUMN feed_health.entries_seen IS 'Total entries parsed from this feed over all runs.';
COMMENT ON COLUMN feed_health.disabled IS 'True when the failure score passed the threshold; retried rarely.';

CREATE TABLE entries (
    feed_id        VARCHAR NOT NULL,
    entry_key      VARCHAR NOT NULL,
    guid           VARCHAR,
    url            VARCHAR NOT NULL,
    title          VARCHAR,
    published_at   TIMESTAMPTZ,
    first_seen_at  TIMESTAMPTZ NOT NULL,
    run_id         VARCHAR,
    article_id     VARCHAR,
    status         VARCHAR NOT NULL,
    reject_reason  VARCHAR,
    reject_detail  VARCHAR,
    PRIMARY KEY (feed_id, entry_key)
);
COMMENT ON TABLE entries IS 'Feed items seen, one per (feed, entry); says whether each became an article or why not.';
COMMENT ON COLUMN entries.entry_key IS 'Stable identity of the item: its GUID, else its normalised URL.';
COMMENT ON COLUMN entries.url IS 'Link of the item as the feed gave it.';
COMMENT ON COLUMN entries.first_seen_at IS 'When a run first saw this item.';
COMMENT ON COLUMN entries.article_id IS 'The article this item became, if any.';
COMMENT ON COLUMN entries.status IS 'article, rejected (permanent, with reason) or failed (transient, retried next run).';
COMMENT ON COLUMN entries.reject_reason IS 'Short code why the item is not an article (too_short, not_html, fetch_failed, ...).';
COMMENT ON COLUMN entries.reject_detail IS 'Human-readable detail of the rejection.';

CREATE TABLE articles (
    article_id         VARCHAR PRIMARY KEY,
    url                VARCHAR NOT NULL,
    canonical_url      VARCHAR NOT NULL,
    feed_id            VARCHAR NOT NULL,
    outlet             VARCHAR NOT NULL,
    title              VARCHAR,
    published_at       TIMESTAMPTZ,
    language           VARCHAR,
    text               VARCHAR NOT NULL,
    content_hash       VARCHAR NOT NULL,
    duplicate_of       VARCHAR,
    extractor_version  VARCHAR NOT NULL,
    fetched_at         TIMESTAMPTZ NOT NULL,
    run_id             VARCHAR
);
COMMENT ON TABLE articles IS 'Extracted news articles, one per canonical URL.';
COMMENT ON COLUMN articles.article_id IS 'Hash of the canonical URL: stable across runs and hosts.';
COMMENT ON COLUMN articles.url IS 'URL the page was fetched from.';
COMMENT ON COLUMN articles.canonical_url IS 'Canonical URL (rel=canonical, else the normalised URL without tracking parameters).';
COMMENT ON COLUMN articles.feed_id IS 'Feed the article was found in.';
COMMENT ON COLUMN articles.outlet IS 'Publishing outlet (site name or host of the canonical URL).';
COMMENT ON COLUMN articles.published_at IS 'Publication time from the page or feed; NULL when neither says.';
COMMENT ON COLUMN articles.language IS 'Language code (page, feed or config).';
COMMENT ON COLUMN articles.text IS 'Main text extracted by the extractor (boilerplate removed).';
COMMENT ON COLUMN articles.content_hash IS 'SHA-256 of the normalised text: equal hashes are exact copies.';
COMMENT ON COLUMN articles.duplicate_of IS 'article_id of the earliest copy when this is an exact or near copy (wire story); NULL for originals.';
COMMENT ON COLUMN articles.extractor_version IS 'Which extractor and version produced text.';
COMMENT ON COLUMN articles.fetched_at IS 'When the page was fetched.';

CREATE TABLE catalogue_versions (
    catalogue_version VARCHAR PRIMARY KEY,
    source            VARCHAR,
    loaded_at         TIMESTAMPTZ NOT NULL,
    actor_count       INTEGER,
    claim_count       INTEGER
);
COMMENT ON TABLE catalogue_versions IS 'Each distinct catalogue (by content hash) a run has used.';

CREATE TABLE actors (
    catalogue_version VARCHAR NOT NULL,
    actor_id          VARCHAR NOT NULL,
    kind              VARCHAR,
    name              VARCHAR NOT NULL,
    aliases           VARCHAR[],
    parent_id         VARCHAR,
    role              VARCHAR,
    PRIMARY KEY (catalogue_version, actor_id)
);
COMMENT ON TABLE actors IS 'Actors of each catalogue version (states, organisations, groups, people...).';
COMMENT ON COLUMN actors.kind IS 'state, organisation, government_body, armed_group, person, company, publication...';
COMMENT ON COLUMN actors.aliases IS 'Every name, alias, metonym, adjective and foreign name the matcher looks for.';
COMMENT ON COLUMN actors.parent_id IS 'For people and bodies: the actor they speak for.';
COMMENT ON COLUMN actors.role IS 'Role of a person within the parent actor (president, head...).';

CREATE TABLE claims (
    catalogue_version VARCHAR NOT NULL,
    claim_id          VARCHAR NOT NULL,
    statement         VARCHAR NOT NULL,
    actors            JSON,
    time_frame        VARCHAR,
    denies_claim_id   VARCHAR,
    evidence          JSON,
    PRIMARY KEY (catalogue_version, claim_id)
);
COMMENT ON TABLE claims IS 'Known claims of each catalogue version, with their seed evidence.';
COMMENT ON COLUMN claims.statement IS 'The claim in one plain sentence.';
COMMENT ON COLUMN claims.actors IS 'JSON list of {id, role} for the claim''s actors.';
COMMENT ON COLUMN claims.denies_claim_id IS 'For a reported denial: the claim it denies.';
COMMENT ON COLUMN claims.evidence IS 'JSON list of seed spans {seed, start, end, quote} that state the claim.';

CREATE TABLE actor_mentions (
    article_id        VARCHAR NOT NULL,
    actor_id          VARCHAR NOT NULL,
    surface           VARCHAR NOT NULL,
    start_offset      INTEGER NOT NULL,
    end_offset        INTEGER NOT NULL,
    matcher_version   VARCHAR NOT NULL,
    catalogue_version VARCHAR NOT NULL,
    PRIMARY KEY (article_id, actor_id, start_offset, matcher_version, catalogue_version)
);
COMMENT ON TABLE actor_mentions IS 'Every place an article names a catalogue actor.';
COMMENT ON COLUMN actor_mentions.surface IS 'The words as written in the article (e.g. Ankara for Turkey).';
COMMENT ON COLUMN actor_mentions.start_offset IS 'Character offset of the mention in articles.text.';

CREATE TABLE claim_matches (
    article_id        VARCHAR NOT NULL,
    claim_id          VARCHAR NOT NULL,
    stance            VARCHAR NOT NULL,
    score             DOUBLE NOT NULL,
    sentence          VARCHAR NOT NULL,
    sentence_start    INTEGER,
    denier_actor_id   VARCHAR,
    matcher_version   VARCHAR NOT NULL,
    catalogue_version VARCHAR NOT NULL,
    run_id            VARCHAR,
    matched_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (article_id, claim_id, matcher_version, catalogue_version)
);
COMMENT ON TABLE claim_matches IS 'Claims found in articles: the best sentence per (article, claim), its stance and score.';
COMMENT ON COLUMN claim_matches.stance IS 'supports or denies.';
COMMENT ON COLUMN claim_matches.score IS 'Matcher confidence in [0, 1].';
COMMENT ON COLUMN claim_matches.sentence IS 'The article sentence that states (or denies) the claim: the evidence.';
COMMENT ON COLUMN claim_matches.denier_actor_id IS 'Actor who denies the claim, when the sentence says.';
COMMENT ON COLUMN claim_matches.matcher_version IS 'Matcher that produced the row.';
COMMENT ON COLUMN claim_matches.catalogue_version IS 'Catalogue the claim comes from.';

CREATE TABLE alerts (
    alert_id         VARCHAR PRIMARY KEY,
    article_id       VARCHAR NOT NULL,
    claim_id         VARCHAR NOT NULL,
    stance           VARCHAR NOT NULL,
    score            DOUBLE,
    rule             VARCHAR,
    payload          JSON NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    run_id           VARCHAR,
    UNIQUE (article_id, claim_id)
);
COMMENT ON TABLE alerts IS 'The alert outbox: each new (article, claim) match becomes one alert, once.';
COMMENT ON COLUMN alerts.alert_id IS 'Hash of (article_id, claim_id): the same match never alerts twice.';
COMMENT ON COLUMN alerts.rule IS 'Which alert rule fired (new_match, watchlist, first_denial...).';
COMMENT ON COLUMN alerts.payload IS 'Everything the message says: claim, stance, sentence, article, actors, evidence.';

CREATE TABLE alert_deliveries (
    alert_id         VARCHAR NOT NULL,
    channel          VARCHAR NOT NULL,
    status           VARCHAR NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       VARCHAR,
    last_attempt_at  TIMESTAMPTZ,
    next_attempt_at  TIMESTAMPTZ,
    sent_at          TIMESTAMPTZ,
    PRIMARY KEY (alert_id, channel)
);
COMMENT ON TABLE alert_deliveries IS 'Delivery state of each alert on each channel: pending, sent or failed (retried later).';
COMMENT ON COLUMN alert_deliveries.channel IS 'Channel label with secrets removed (scheme and host), stable across runs.';
COMMENT ON COLUMN alert_deliveries.status IS 'pending, sending (claimed; counted as unknown if the run died), sent, failed.';
COMMENT ON COLUMN alert_deliveries.last_error IS 'Why the last attempt failed.';
COMMENT ON COLUMN alert_deliveries.next_attempt_at IS 'Not retried before this time (backoff).';
