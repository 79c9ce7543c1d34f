-- Purpose: recompute the rows of episode_paths of some cases from their events (after
--   a restriction is lifted, or any change that touches a known set of cases); a case
--   without events keeps no row. Paths as in store/path_refresh_all.
-- Inputs: events, activity_codes (made complete by store/path_codes just before),
--   _path_cases (the view of the case ids, made by store.refresh_episode_paths).
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
