-- Purpose: the organisation of the last case manager of every episode in the
--   approach: the last regisseur_toegewezen at or before $as_of and before the
--   episode's first uitstroom after its instroom.
-- Inputs: events.
-- Grain: one row per (case_id, episode) with an instroom at or before $as_of.
-- Output columns: case_id, episode, manager_org (NULL: never assigned).
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
assignments AS (
    SELECT e.case_id, e.episode, e.seq, e.org
    FROM events AS e
    LEFT JOIN first_exit AS x USING (case_id, episode)
    WHERE e.activity = 'regisseur_toegewezen' AND e.ts <= $as_of
        AND (x.exit_seq IS NULL OR e.seq < x.exit_seq)
),
last_assignment AS (
    SELECT case_id, episode, arg_max(org, seq) AS manager_org
    FROM assignments
    GROUP BY case_id, episode
)
SELECT i.case_id, i.episode, l.manager_org
FROM instroom AS i
LEFT JOIN last_assignment AS l USING (case_id, episode)
ORDER BY i.case_id, i.episode;
