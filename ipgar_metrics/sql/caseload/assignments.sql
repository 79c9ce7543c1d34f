-- Purpose: case-manager assignments in the approach, with whether each one is a
--   change (a different case manager than the previous assignment of the episode).
-- Inputs: events (via the approach_window macro, sql/store/macros.sql).
-- Grain: one row per regisseur_toegewezen at or after the instroom and before the
--   first uitstroom of its episode, at or before $as_of.
-- Output columns: case_id, episode, seq, assigned_at, case_manager (pseudonym),
--   org, is_change (a previous assignment in the episode had another case manager;
--   when either pseudonym is missing, the organisations are compared).
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
    SELECT e.case_id, e.episode, e.seq, e.ts AS assigned_at, e.case_manager, e.org
    FROM events AS e
    JOIN instroom AS i USING (case_id, episode)
    LEFT JOIN first_exit AS x USING (case_id, episode)
    WHERE e.activity = 'regisseur_toegewezen' AND e.ts <= $as_of
        AND e.seq > i.instroom_seq AND (x.exit_seq IS NULL OR e.seq < x.exit_seq)
),
with_previous AS (
    SELECT *,
        lag(case_manager) OVER w AS prev_manager,
        lag(org) OVER w AS prev_org,
        row_number() OVER w AS n_assignment
    FROM assignments
    WINDOW w AS (PARTITION BY case_id, episode ORDER BY seq)
)
SELECT
    case_id, episode, seq, assigned_at, case_manager, org,
    CASE
        WHEN n_assignment = 1 THEN false
        WHEN case_manager IS NOT NULL AND prev_manager IS NOT NULL
            THEN case_manager <> prev_manager
        ELSE coalesce(org <> prev_org, false)
    END AS is_change
FROM with_previous
ORDER BY case_id, episode, seq;
