-- Purpose: the number of contacts of every episode while in the approach.
-- Inputs: events.
-- Grain: one row per (case_id, episode) with an instroom at or before $as_of.
-- Output columns: case_id, episode, contacts (contact events after the instroom,
--   before the first uitstroom, at or before $as_of).
-- Parameters: $as_of (TIMESTAMPTZ).
WITH instroom AS (
    SELECT case_id, episode, min(seq) AS instroom_seq
    FROM events
    WHERE activity = 'instroom' AND ts <= $as_of
    GROUP BY case_id, episode
),
first_exit AS (
    SELECT e.case_id, e.episode, min(e.seq) AS exit_seq
    FROM events AS e
    JOIN instroom AS i USING (case_id, episode)
    WHERE e.activity = 'uitstroom' AND e.seq > i.instroom_seq AND e.ts <= $as_of
    GROUP BY e.case_id, e.episode
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
