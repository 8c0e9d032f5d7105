-- 0004: named views that answer the questions analysts ask. Each view's comment is its question.
--
-- Rules every view follows:
--   * An (article, claim) counts once: the row of the article's latest matching pass
--     (match_passes), so a rescore with a new matcher or catalogue never doubles counts.
--   * An article's day is its publication date in UTC, or its fetch date when it has none or
--     claims to be published more than a day after it was fetched (a wrong clock or a typo).
--   * A copy is an article with duplicate_of set (a syndicated or re-posted wire story).
-- Later changes to a view go in a new migration (CREATE OR REPLACE VIEW), never here.

CREATE VIEW article_current_pass AS
SELECT article_id,
       arg_max(matcher_version, (matched_at, matcher_version, catalogue_version)) AS matcher_version,
       arg_max(catalogue_version, (matched_at, matcher_version, catalogue_version)) AS catalogue_version,
       max(matched_at) AS matched_at
FROM match_passes
GROUP BY article_id;
COMMENT ON VIEW article_current_pass IS 'Which matcher and catalogue version currently speak for each article? (its latest pass)';
COMMENT ON COLUMN article_current_pass.article_id IS 'The article.';
COMMENT ON COLUMN article_current_pass.matcher_version IS 'Matcher of the latest pass.';
COMMENT ON COLUMN article_current_pass.catalogue_version IS 'Catalogue of the latest pass.';
COMMENT ON COLUMN article_current_pass.matched_at IS 'When the latest pass was stored.';

CREATE VIEW article_facts AS
SELECT article_id, outlet, language, feed_id, title, canonical_url,
       CAST(timezone('UTC', CASE WHEN published_at IS NULL OR published_at > fetched_at + INTERVAL 1 DAY
                                 THEN fetched_at ELSE published_at END) AS DATE) AS day,
       published_at IS NULL OR published_at > fetched_at + INTERVAL 1 DAY AS day_from_fetch,
       duplicate_of IS NOT NULL AS is_copy,
       coalesce(duplicate_of, article_id) AS original_id
FROM articles;
COMMENT ON VIEW article_facts IS 'On which day did each article appear, where, and is it an original or a copy?';
COMMENT ON COLUMN article_facts.article_id IS 'The article.';
COMMENT ON COLUMN article_facts.outlet IS 'Publishing outlet.';
COMMENT ON COLUMN article_facts.language IS 'Language code.';
COMMENT ON COLUMN article_facts.feed_id IS 'Feed the article was found in.';
COMMENT ON COLUMN article_facts.title IS 'Headline.';
COMMENT ON COLUMN article_facts.canonical_url IS 'Canonical URL.';
COMMENT ON COLUMN article_facts.day IS 'Publication date (UTC), else fetch date (also when the publication date is after the fetch).';
COMMENT ON COLUMN article_facts.day_from_fetch IS 'True when day is the fetch date because the publication date was missing or in the future.';
COMMENT ON COLUMN article_facts.is_copy IS 'True for copies of an earlier article (duplicate_of is set).';
COMMENT ON COLUMN article_facts.original_id IS 'The original article: duplicate_of for copies, the article itself otherwise.';

CREATE VIEW current_claims AS
SELECT c.claim_id,
       arg_max(c.statement, (v.loaded_at, v.catalogue_version)) AS statement,
       arg_max(c.denies_claim_id, (v.loaded_at, v.catalogue_version)) AS denies_claim_id,
       arg_max(c.catalogue_version, (v.loaded_at, v.catalogue_version)) AS catalogue_version
FROM claims c JOIN catalogue_versions v USING (catalogue_version)
GROUP BY c.claim_id;
COMMENT ON VIEW current_claims IS 'What does each claim say, in the newest catalogue version that has it?';
COMMENT ON COLUMN current_claims.claim_id IS 'The claim.';
COMMENT ON COLUMN current_claims.statement IS 'The claim in one plain sentence (newest wording).';
COMMENT ON COLUMN current_claims.denies_claim_id IS 'For a reported denial: the claim it denies.';
COMMENT ON COLUMN current_claims.catalogue_version IS 'The newest catalogue version that contains the claim.';

CREATE VIEW current_claim_matches AS
SELECT m.article_id, m.claim_id, m.stance, m.score, m.sentence, m.denier_actor_id,
       f.day, f.outlet, f.language, f.feed_id, f.is_copy, f.original_id, f.title, f.canonical_url,
       m.matcher_version, m.catalogue_version, m.run_id, m.matched_at
FROM claim_matches m
JOIN article_current_pass p ON p.article_id = m.article_id
     AND p.matcher_version = m.matcher_version AND p.catalogue_version = m.catalogue_version
JOIN article_facts f ON f.article_id = m.article_id;
COMMENT ON VIEW current_claim_matches IS 'Which claims does each article contain, by its latest matcher and catalogue? (one row per article and claim)';
COMMENT ON COLUMN current_claim_matches.article_id IS 'The article.';
COMMENT ON COLUMN current_claim_matches.claim_id IS 'The claim found.';
COMMENT ON COLUMN current_claim_matches.stance IS 'supports or denies.';
COMMENT ON COLUMN current_claim_matches.score IS 'Matcher confidence in [0, 1].';
COMMENT ON COLUMN current_claim_matches.sentence IS 'The evidence sentence.';
COMMENT ON COLUMN current_claim_matches.denier_actor_id IS 'Actor who denies the claim, when the sentence says.';
COMMENT ON COLUMN current_claim_matches.day IS 'The article''s day (see article_facts.day).';
COMMENT ON COLUMN current_claim_matches.outlet IS 'Publishing outlet.';
COMMENT ON COLUMN current_claim_matches.language IS 'Language of the article.';
COMMENT ON COLUMN current_claim_matches.feed_id IS 'Feed the article came from.';
COMMENT ON COLUMN current_claim_matches.is_copy IS 'True when the article is a copy of an earlier one.';
COMMENT ON COLUMN current_claim_matches.original_id IS 'The original article of a copy (itself for originals).';
COMMENT ON COLUMN current_claim_matches.title IS 'Headline.';
COMMENT ON COLUMN current_claim_matches.canonical_url IS 'Canonical URL of the article.';
COMMENT ON COLUMN current_claim_matches.matcher_version IS 'Matcher that produced the row (the article''s latest).';
COMMENT ON COLUMN current_claim_matches.catalogue_version IS 'Catalogue of the row (the article''s latest).';
COMMENT ON COLUMN current_claim_matches.run_id IS 'Run or rescore that produced the row.';
COMMENT ON COLUMN current_claim_matches.matched_at IS 'When the row was produced.';

CREATE VIEW current_actor_mentions AS
SELECT m.article_id, m.actor_id, m.surface, m.start_offset, m.end_offset,
       f.day, f.outlet, f.language, f.is_copy,
       m.matcher_version, m.catalogue_version
FROM actor_mentions m
JOIN article_current_pass p ON p.article_id = m.article_id
     AND p.matcher_version = m.matcher_version AND p.catalogue_version = m.catalogue_version
JOIN article_facts f ON f.article_id = m.article_id;
COMMENT ON VIEW current_actor_mentions IS 'Where does each article name a catalogue actor, by its latest matcher and catalogue?';
COMMENT ON COLUMN current_actor_mentions.article_id IS 'The article.';
COMMENT ON COLUMN current_actor_mentions.actor_id IS 'The actor named.';
COMMENT ON COLUMN current_actor_mentions.surface IS 'The words as written (e.g. Ankara for turkey).';
COMMENT ON COLUMN current_actor_mentions.start_offset IS 'Character offset of the mention in articles.text.';
COMMENT ON COLUMN current_actor_mentions.end_offset IS 'Character offset just after the mention.';
COMMENT ON COLUMN current_actor_mentions.day IS 'The article''s day (see article_facts.day).';
COMMENT ON COLUMN current_actor_mentions.outlet IS 'Publishing outlet.';
COMMENT ON COLUMN current_actor_mentions.language IS 'Language of the article.';
COMMENT ON COLUMN current_actor_mentions.is_copy IS 'True when the article is a copy of an earlier one.';
COMMENT ON COLUMN current_actor_mentions.matcher_version IS 'Matcher that found the mention (the article''s latest).';
COMMENT ON COLUMN current_actor_mentions.catalogue_version IS 'Catalogue of the mention (the article''s latest).';

CREATE VIEW claim_activity_daily AS
SELECT claim_id, day,
       count(*) AS articles,
       count(DISTINCT outlet) AS outlets,
       count(*) FILTER (WHERE NOT is_copy) AS originals,
       count(*) FILTER (WHERE is_copy) AS copies,
       count(*) FILTER (WHERE stance = 'supports') AS supports,
       count(*) FILTER (WHERE stance = 'denies') AS denies
FROM current_claim_matches
GROUP BY claim_id, day;
COMMENT ON VIEW claim_activity_daily IS 'How much was each claim in the news each day: in how many articles and outlets, originals or copies, supported or denied?';
COMMENT ON COLUMN claim_activity_daily.claim_id IS 'The claim.';
COMMENT ON COLUMN claim_activity_daily.day IS 'Day (UTC) of the articles.';
COMMENT ON COLUMN claim_activity_daily.articles IS 'Articles that contain the claim (originals + copies).';
COMMENT ON COLUMN claim_activity_daily.outlets IS 'Distinct outlets among those articles.';
COMMENT ON COLUMN claim_activity_daily.originals IS 'Articles that are not copies.';
COMMENT ON COLUMN claim_activity_daily.copies IS 'Articles that copy an earlier one.';
COMMENT ON COLUMN claim_activity_daily.supports IS 'Articles whose sentence states the claim.';
COMMENT ON COLUMN claim_activity_daily.denies IS 'Articles whose sentence denies the claim.';

CREATE VIEW claim_activity_weekly AS
SELECT claim_id, CAST(date_trunc('week', day) AS DATE) AS week,
       count(*) AS articles,
       count(DISTINCT outlet) AS outlets,
       count(*) FILTER (WHERE NOT is_copy) AS originals,
       count(*) FILTER (WHERE is_copy) AS copies,
       count(*) FILTER (WHERE stance = 'supports') AS supports,
       count(*) FILTER (WHERE stance = 'denies') AS denies
FROM current_claim_matches
GROUP BY claim_id, week;
COMMENT ON VIEW claim_activity_weekly IS 'How much was each claim in the news each week (ISO weeks, Monday first): articles, outlets, originals vs copies, supports vs denies?';
COMMENT ON COLUMN claim_activity_weekly.claim_id IS 'The claim.';
COMMENT ON COLUMN claim_activity_weekly.week IS 'Monday of the ISO week (UTC days).';
COMMENT ON COLUMN claim_activity_weekly.articles IS 'Articles that contain the claim (originals + copies).';
COMMENT ON COLUMN claim_activity_weekly.outlets IS 'Distinct outlets among those articles.';
COMMENT ON COLUMN claim_activity_weekly.originals IS 'Articles that are not copies.';
COMMENT ON COLUMN claim_activity_weekly.copies IS 'Articles that copy an earlier one.';
COMMENT ON COLUMN claim_activity_weekly.supports IS 'Articles whose sentence states the claim.';
COMMENT ON COLUMN claim_activity_weekly.denies IS 'Articles whose sentence denies the claim.';

CREATE VIEW actor_mentions_daily AS
SELECT actor_id, day,
       count(*) AS mentions,
       count(DISTINCT article_id) AS articles,
       count(DISTINCT outlet) AS outlets
FROM current_actor_mentions
GROUP BY actor_id, day;
COMMENT ON VIEW actor_mentions_daily IS 'How often was each actor named each day, in how many articles and outlets?';
COMMENT ON COLUMN actor_mentions_daily.actor_id IS 'The actor.';
COMMENT ON COLUMN actor_mentions_daily.day IS 'Day (UTC) of the articles.';
COMMENT ON COLUMN actor_mentions_daily.mentions IS 'Times the actor was named (an article can name it several times).';
COMMENT ON COLUMN actor_mentions_daily.articles IS 'Articles that name the actor.';
COMMENT ON COLUMN actor_mentions_daily.outlets IS 'Distinct outlets among those articles.';

-- A quiet gap is a run of at least 7 days with no article for the claim between two days with one.
CREATE VIEW claim_quiet_gaps AS
WITH active_days AS (
    SELECT claim_id, day, lead(day) OVER (PARTITION BY claim_id ORDER BY day) AS next_day
    FROM (SELECT DISTINCT claim_id, day FROM current_claim_matches)
)
SELECT claim_id, day AS quiet_after, next_day AS resurfaced_on, next_day - day - 1 AS quiet_days
FROM active_days
WHERE next_day - day - 1 >= 7;
COMMENT ON VIEW claim_quiet_gaps IS 'When did a claim go quiet (7 or more days without an article) and when did it resurface?';
COMMENT ON COLUMN claim_quiet_gaps.claim_id IS 'The claim.';
COMMENT ON COLUMN claim_quiet_gaps.quiet_after IS 'Last day with an article before the gap.';
COMMENT ON COLUMN claim_quiet_gaps.resurfaced_on IS 'First day with an article after the gap.';
COMMENT ON COLUMN claim_quiet_gaps.quiet_days IS 'Days without any article in between.';

CREATE VIEW claim_timeline AS
WITH spread AS (
    SELECT claim_id,
           min(day) AS first_seen, max(day) AS last_seen,
           count(DISTINCT day) AS active_days,
           count(*) AS articles,
           count(*) FILTER (WHERE NOT is_copy) AS originals,
           count(*) FILTER (WHERE stance = 'supports') AS supports,
           count(*) FILTER (WHERE stance = 'denies') AS denies,
           count(DISTINCT outlet) AS outlets,
           list_sort(list(DISTINCT outlet)) AS outlet_names,
           list_sort(list(DISTINCT language) FILTER (WHERE language IS NOT NULL)) AS languages
    FROM current_claim_matches
    GROUP BY claim_id
), gaps AS (
    SELECT claim_id, count(*) AS quiet_gaps, max(quiet_days) AS longest_quiet_days,
           max(resurfaced_on) AS last_resurfaced_on
    FROM claim_quiet_gaps
    GROUP BY claim_id
)
SELECT s.claim_id, c.statement, s.first_seen, s.last_seen, s.active_days, s.articles, s.originals,
       s.supports, s.denies, s.outlets, s.outlet_names, s.languages,
       coalesce(g.quiet_gaps, 0) AS quiet_gaps, coalesce(g.longest_quiet_days, 0) AS longest_quiet_days,
       g.last_resurfaced_on
FROM spread s
LEFT JOIN gaps g USING (claim_id)
LEFT JOIN current_claims c USING (claim_id);
COMMENT ON VIEW claim_timeline IS 'When was each claim first and last seen, where, in which languages, and did it go quiet and resurface?';
COMMENT ON COLUMN claim_timeline.claim_id IS 'The claim.';
COMMENT ON COLUMN claim_timeline.statement IS 'The claim (newest catalogue wording).';
COMMENT ON COLUMN claim_timeline.first_seen IS 'Day of the first article with the claim.';
COMMENT ON COLUMN claim_timeline.last_seen IS 'Day of the latest article with the claim.';
COMMENT ON COLUMN claim_timeline.active_days IS 'Days with at least one article.';
COMMENT ON COLUMN claim_timeline.articles IS 'Articles with the claim (originals + copies).';
COMMENT ON COLUMN claim_timeline.originals IS 'Articles that are not copies.';
COMMENT ON COLUMN claim_timeline.supports IS 'Articles that state the claim.';
COMMENT ON COLUMN claim_timeline.denies IS 'Articles that deny it.';
COMMENT ON COLUMN claim_timeline.outlets IS 'Distinct outlets.';
COMMENT ON COLUMN claim_timeline.outlet_names IS 'The outlets, sorted.';
COMMENT ON COLUMN claim_timeline.languages IS 'Languages of the articles, sorted.';
COMMENT ON COLUMN claim_timeline.quiet_gaps IS 'Times the claim went quiet for 7+ days and came back (claim_quiet_gaps).';
COMMENT ON COLUMN claim_timeline.longest_quiet_days IS 'Longest stretch of days without an article between first and last seen.';
COMMENT ON COLUMN claim_timeline.last_resurfaced_on IS 'Day the claim last came back after a quiet gap; NULL if it never went quiet.';

CREATE VIEW actor_cooccurrence AS
WITH named AS (SELECT DISTINCT article_id, actor_id, day, outlet FROM current_actor_mentions)
SELECT a.actor_id, b.actor_id AS with_actor_id,
       count(*) AS articles, count(DISTINCT a.outlet) AS outlets,
       min(a.day) AS first_seen, max(a.day) AS last_seen
FROM named a
JOIN named b ON b.article_id = a.article_id AND b.actor_id <> a.actor_id
GROUP BY a.actor_id, b.actor_id;
COMMENT ON VIEW actor_cooccurrence IS 'Which actors are named in the same articles, how often and since when? (each pair appears in both directions)';
COMMENT ON COLUMN actor_cooccurrence.actor_id IS 'One actor.';
COMMENT ON COLUMN actor_cooccurrence.with_actor_id IS 'An actor named in the same article.';
COMMENT ON COLUMN actor_cooccurrence.articles IS 'Articles naming both.';
COMMENT ON COLUMN actor_cooccurrence.outlets IS 'Distinct outlets of those articles.';
COMMENT ON COLUMN actor_cooccurrence.first_seen IS 'Day of the first article naming both.';
COMMENT ON COLUMN actor_cooccurrence.last_seen IS 'Day of the latest article naming both.';

-- The balance of a week is the stance of most of its articles, or mixed on a tie.
CREATE VIEW stance_shifts AS
WITH weekly AS (
    SELECT claim_id, week, supports, denies,
           CASE WHEN supports > denies THEN 'supports' WHEN denies > supports THEN 'denies' ELSE 'mixed' END AS balance
    FROM claim_activity_weekly
), ordered AS (
    SELECT *, lag(balance) OVER w AS previous_balance, lag(week) OVER w AS previous_week
    FROM weekly
    WINDOW w AS (PARTITION BY claim_id ORDER BY week)
)
SELECT claim_id, week, previous_week, previous_balance, balance, supports, denies
FROM ordered
WHERE previous_balance IS NOT NULL AND balance <> previous_balance;
COMMENT ON VIEW stance_shifts IS 'When did coverage of a claim turn from mostly supporting it to mostly denying it, or back? (weekly balance changes)';
COMMENT ON COLUMN stance_shifts.claim_id IS 'The claim.';
COMMENT ON COLUMN stance_shifts.week IS 'Monday of the week whose balance differs from the previous active week.';
COMMENT ON COLUMN stance_shifts.previous_week IS 'Monday of the previous week with articles on the claim.';
COMMENT ON COLUMN stance_shifts.previous_balance IS 'supports, denies or mixed: the majority stance of the previous active week.';
COMMENT ON COLUMN stance_shifts.balance IS 'supports, denies or mixed: the majority stance of this week.';
COMMENT ON COLUMN stance_shifts.supports IS 'Articles this week that state the claim.';
COMMENT ON COLUMN stance_shifts.denies IS 'Articles this week that deny it.';

CREATE VIEW outlet_stance_shifts AS
WITH ordered AS (
    SELECT claim_id, outlet, article_id, day, stance,
           lag(stance) OVER w AS previous_stance, lag(article_id) OVER w AS previous_article_id,
           lag(day) OVER w AS previous_day
    FROM current_claim_matches
    WINDOW w AS (PARTITION BY claim_id, outlet ORDER BY day, matched_at, article_id)
)
SELECT claim_id, outlet, previous_day, previous_stance, day, stance, previous_article_id, article_id
FROM ordered
WHERE previous_stance IS NOT NULL AND stance <> previous_stance;
COMMENT ON VIEW outlet_stance_shifts IS 'Which outlets changed their stance on a claim between one article and their next, and when?';
COMMENT ON COLUMN outlet_stance_shifts.claim_id IS 'The claim.';
COMMENT ON COLUMN outlet_stance_shifts.outlet IS 'The outlet whose stance changed.';
COMMENT ON COLUMN outlet_stance_shifts.previous_day IS 'Day of its previous article on the claim.';
COMMENT ON COLUMN outlet_stance_shifts.previous_stance IS 'Stance of that article.';
COMMENT ON COLUMN outlet_stance_shifts.day IS 'Day of the article with the other stance.';
COMMENT ON COLUMN outlet_stance_shifts.stance IS 'Stance of this article.';
COMMENT ON COLUMN outlet_stance_shifts.previous_article_id IS 'The previous article.';
COMMENT ON COLUMN outlet_stance_shifts.article_id IS 'This article.';

CREATE VIEW new_matches AS
WITH firsts AS (
    SELECT article_id, claim_id, min(matched_at) AS first_matched_at,
           arg_min(run_id, matched_at) AS first_run_id
    FROM claim_matches
    GROUP BY article_id, claim_id
)
SELECT c.article_id, c.claim_id, c.stance, c.score, c.sentence, c.day, c.outlet, c.title,
       c.canonical_url, f.first_run_id, f.first_matched_at
FROM current_claim_matches c
JOIN firsts f USING (article_id, claim_id);
COMMENT ON VIEW new_matches IS 'When, and by which run, was each current (article, claim) match first found? Filter on first_run_id or first_matched_at, or use new_matches_since(run_id).';
COMMENT ON COLUMN new_matches.article_id IS 'The article.';
COMMENT ON COLUMN new_matches.claim_id IS 'The claim.';
COMMENT ON COLUMN new_matches.stance IS 'Current stance.';
COMMENT ON COLUMN new_matches.score IS 'Current score.';
COMMENT ON COLUMN new_matches.sentence IS 'Current evidence sentence.';
COMMENT ON COLUMN new_matches.day IS 'The article''s day.';
COMMENT ON COLUMN new_matches.outlet IS 'Publishing outlet.';
COMMENT ON COLUMN new_matches.title IS 'Headline.';
COMMENT ON COLUMN new_matches.canonical_url IS 'Canonical URL.';
COMMENT ON COLUMN new_matches.first_run_id IS 'The run or rescore that first found this (article, claim), with any version.';
COMMENT ON COLUMN new_matches.first_matched_at IS 'When it was first found.';

CREATE MACRO new_matches_since(since_run_id) AS TABLE
SELECT * FROM new_matches
WHERE first_matched_at >= (SELECT started_at FROM runs WHERE run_id = since_run_id);
COMMENT ON MACRO TABLE new_matches_since IS 'Which matches are new since a run? new_matches_since(run_id): matches first found by that run or any later one.';

CREATE VIEW feed_status AS
WITH outcomes AS (
    SELECT feed_id, count(*) AS entries,
           count(*) FILTER (WHERE status = 'article') AS articles,
           count(*) FILTER (WHERE status = 'rejected') AS rejected,
           count(*) FILTER (WHERE status = 'failed') AS failing_entries,
           histogram(reject_reason) FILTER (WHERE reject_reason IS NOT NULL) AS reject_reasons,
           max(first_seen_at) AS last_new_entry_at
    FROM entries
    GROUP BY feed_id
)
SELECT f.feed_id, f.url, f.language,
       CASE WHEN h.disabled THEN 'disabled'
            WHEN h.last_attempt_at IS NULL THEN 'never fetched'
            WHEN h.last_error IS NOT NULL THEN 'failing'
            ELSE 'ok' END AS state,
       h.last_attempt_at, h.last_success_at, h.last_status, h.last_error, h.last_error_kind,
       h.failure_score, h.next_due_at,
       coalesce(o.entries, 0) AS entries, coalesce(o.articles, 0) AS articles,
       coalesce(o.rejected, 0) AS rejected, coalesce(o.failing_entries, 0) AS failing_entries,
       o.reject_reasons, o.last_new_entry_at
FROM feeds f
LEFT JOIN feed_health h USING (feed_id)
LEFT JOIN outcomes o USING (feed_id);
COMMENT ON VIEW feed_status IS 'Which feeds are healthy, which are failing or disabled and why, and how many of their items became articles?';
COMMENT ON COLUMN feed_status.feed_id IS 'The feed name from the config.';
COMMENT ON COLUMN feed_status.url IS 'Feed URL.';
COMMENT ON COLUMN feed_status.language IS 'Declared language.';
COMMENT ON COLUMN feed_status.state IS 'ok, failing (last attempt failed), disabled (too many failures) or never fetched.';
COMMENT ON COLUMN feed_status.last_attempt_at IS 'When the feed was last requested.';
COMMENT ON COLUMN feed_status.last_success_at IS 'When the feed last answered usably.';
COMMENT ON COLUMN feed_status.last_status IS 'HTTP status of the last attempt (0: no response).';
COMMENT ON COLUMN feed_status.last_error IS 'Last failure message; NULL after a success.';
COMMENT ON COLUMN feed_status.last_error_kind IS 'transient or permanent.';
COMMENT ON COLUMN feed_status.failure_score IS 'Weighted recent failures; reset on success.';
COMMENT ON COLUMN feed_status.next_due_at IS 'Not fetched before this time.';
COMMENT ON COLUMN feed_status.entries IS 'Items recorded from this feed.';
COMMENT ON COLUMN feed_status.articles IS 'Items that became articles.';
COMMENT ON COLUMN feed_status.rejected IS 'Items rejected for good (see reject_reasons).';
COMMENT ON COLUMN feed_status.failing_entries IS 'Items whose fetch failed transiently (retried).';
COMMENT ON COLUMN feed_status.reject_reasons IS 'Map of reason (rejected or failing items) to item count.';
COMMENT ON COLUMN feed_status.last_new_entry_at IS 'When a run last saw a new item in this feed.';

CREATE VIEW run_stage_times AS
SELECT r.run_id, r.trigger, r.status, r.started_at, s.stage,
       TRY_CAST(json_extract_string(r.stage_seconds, '$."' || s.stage || '"') AS DOUBLE) AS seconds,
       TRY_CAST(json_extract_string(r.stage_counts, '$."' || s.stage || '"') AS BIGINT) AS items
FROM runs r, unnest(json_keys(r.stage_seconds)) AS s(stage);
COMMENT ON VIEW run_stage_times IS 'How long did each stage of each run take?';
COMMENT ON COLUMN run_stage_times.run_id IS 'The run.';
COMMENT ON COLUMN run_stage_times.trigger IS 'What started it (manual, schedule, demo, rescore).';
COMMENT ON COLUMN run_stage_times.status IS 'running, completed or failed.';
COMMENT ON COLUMN run_stage_times.started_at IS 'When the run started.';
COMMENT ON COLUMN run_stage_times.stage IS 'Stage name (a key of runs.stage_seconds).';
COMMENT ON COLUMN run_stage_times.seconds IS 'Wall seconds spent in the stage.';
COMMENT ON COLUMN run_stage_times.items IS 'runs.stage_counts under the same key, when the run counted one.';
