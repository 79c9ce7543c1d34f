-- Purpose: the number of contacts of every episode while in the approach.
-- Inputs: events (via the approach_window and approach_events macros,
--   sql/store/macros.sql).
-- Grain: one row per (case_id, episode) with an instroom at or before $as_of.
-- Output columns: case_id, episode, contacts (contact events after the instroom,
--   before the first uitstroom, at or before $as_of).
-- Parameters: $as_of (TIMESTAMPTZ).
WITH contacts AS (
    SELECT case_id, episode, count(*) AS contacts
    FROM approach_events($as_of)
    WHERE activity = 'contact'
    GROUP BY case_id, episode
)
SELECT i.case_id, i.episode, coalesce(c.contacts, 0) AS contacts
FROM approach_window($as_of) AS i
LEFT JOIN contacts AS c USING (case_id, episode)
ORDER BY i.case_id, i.episode;
