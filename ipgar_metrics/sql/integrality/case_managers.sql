-- Purpose: the organisation of the last case manager of every episode in the
--   approach: the last regisseur_toegewezen at or before $as_of and before the
--   episode's first uitstroom after its instroom.
-- Inputs: events (via the approach_window macro, sql/store/macros.sql).
-- Grain: one row per (case_id, episode) with an instroom at or before $as_of.
-- Output columns: case_id, episode, manager_org (NULL: never assigned).
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
