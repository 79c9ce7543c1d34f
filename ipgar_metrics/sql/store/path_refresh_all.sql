-- Purpose: recompute every row of episode_paths from events (after a load, and in the
--   upgrade to schema version 9). A path is the episode's activities in seq order, one
--   character chr(256 + code) each (sql/store/schema_v9.sql); NULL when an activity's
--   code is 55,000 or more (the code points below the surrogate range), and the
--   variants are then computed from events (metrics/paths/_variants.py).
-- Inputs: events, activity_codes (made complete by store/path_codes just before).
-- Grain: not a query (replaces all rows: one per case and episode).
-- Parameters: none.
DELETE FROM episode_paths;
INSERT INTO episode_paths
SELECT
    e.case_id,
    e.episode,
    CASE WHEN max(c.code) < 55000 THEN
        string_agg(chr(CAST(256 + least(c.code, 54999) AS INTEGER)), '' ORDER BY e.seq)
    END AS path_key,
    count(*) AS n_events,
    min(e.ts) AS start_at,
    max(e.ts) AS end_at
FROM events AS e
JOIN activity_codes AS c USING (activity)
GROUP BY e.case_id, e.episode;
