-- Purpose: the number of contacts of every episode while in the approach.
-- Inputs: events (via the approach_window macro, sql/store/macros.sql).
-- Grain: one row per (case_id, episode) with an instroom at or before $as_of.
-- Output columns: case_id, episode, contacts (contact events after the instroom,
--   before the first uitstroom, at or before $as_of).
-- Parameters: $as_of (TIMESTAMPTZ).
WITH windows AS MATERIALIZED (
    SELECT * FROM approach_window($as_of)
),
instroom AS (
    SELECT case_id, episode, instroom_seq, instroom_at FROM windows
),
first_exit AS (
    SELECT case_id, episode, exit_seq, uitstroom_at
    FROM windows
    WHERE exit_seq IS NOT NULL
),
contacts AS (
    SELECT e.case_id, e.episode, count(*) AS contacts
    FROM events AS e
    JOIN instroom AS i USING (case_id, episode)
    LEFT JOIN first_exit AS x USING (case_id, episode)
    WHERE e.activity = 'contact' AND e.ts <= $as_of
        AND e.seq > i.instroom_seq AND (x.exit_seq IS NULL OR e.seq < x.exit_seq)
    GROUP BY e.case_id, e.episode
)
SELECT i.case_id, i.episode, coalesce(c.contacts, 0) AS contacts
FROM instroom AS i
LEFT JOIN contacts AS c USING (case_id, episode)
ORDER BY i.case_id, i.episode;
