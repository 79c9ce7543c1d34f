-- Purpose: recompute the rows of episode_paths of some cases (or of all) from their
--   events; a case without events keeps no row. A path is the episode's activities in
--   seq order, one character chr(256 + code) each (sql/store/schema_v9.sql); NULL when
--   an activity's code is 55,000 or more (the code points below the surrogate range),
--   and the variants are then computed from events (metrics/paths/_variants.py).
-- Inputs: events, activity_codes (made complete by store/activity_codes_new just before),
--   _path_cases (the view of the case ids, made by store.refresh_derived_rows: the
--   cases a step touched, or every case in events and episode_paths).
-- Grain: not a query (replaces the rows of those cases).
-- Parameters: none.
DELETE FROM episode_paths WHERE case_id IN (SELECT case_id FROM _path_cases);
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
WHERE e.case_id IN (SELECT case_id FROM _path_cases)
GROUP BY e.case_id, e.episode;
