-- Purpose: the organisation of the last case manager of every episode in the
--   approach: the last regisseur_toegewezen at or before $as_of and before the
--   episode's first uitstroom after its instroom; an assignment made before the
--   instroom counts (ADR 0003 item 4, case manager at a time: hence
--   before_instroom := true, where the other case-work steps count only events after
--   the instroom).
-- Inputs: events (via the approach_window and approach_events macros,
--   sql/store/macros.sql).
-- Grain: one row per (case_id, episode) with an instroom at or before $as_of.
-- Output columns: case_id, episode, manager_org (NULL: never assigned).
-- Parameters: $as_of (TIMESTAMPTZ).
WITH last_assignment AS (
    SELECT case_id, episode, arg_max(org, seq) AS manager_org
    FROM approach_events($as_of, before_instroom := true)
    WHERE activity = 'regisseur_toegewezen'
    GROUP BY case_id, episode
)
SELECT i.case_id, i.episode, l.manager_org
FROM approach_window($as_of) AS i
LEFT JOIN last_assignment AS l USING (case_id, episode)
ORDER BY i.case_id, i.episode;
