-- Purpose: case-manager assignments in the approach, with whether each one is a
--   change (a different case manager than the previous assignment of the episode).
-- Inputs: events (via the approach_events macro, sql/store/macros.sql).
-- Grain: one row per regisseur_toegewezen at or after the instroom and before the
--   first uitstroom of its episode, at or before $as_of.
-- Output columns: case_id, episode, seq, assigned_at, case_manager (pseudonym),
--   org, is_change (a previous assignment in the episode had another case manager;
--   when either pseudonym is missing, the organisations are compared).
-- Parameters: $as_of (TIMESTAMPTZ).
WITH assignments AS (
    SELECT case_id, episode, seq, ts AS assigned_at, case_manager, org
    FROM approach_events($as_of)
    WHERE activity = 'regisseur_toegewezen'
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
