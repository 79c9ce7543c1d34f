-- Purpose: the organisation of the last case manager of every episode in the
--   approach: the last regisseur_toegewezen at or before $as_of and before the
--   episode's first uitstroom after its instroom; an assignment made before the
--   instroom counts (ADR 0003 item 4, case manager at a time: the events of
--   approach_events(before_instroom := true), where the other case-work steps count
--   only events after the instroom).
-- Inputs: events (and the approach_window macro, sql/store/macros.sql).
-- Grain: one row per (case_id, episode) with an instroom at or before $as_of.
-- Output columns: case_id, episode, manager_org (NULL: never assigned).
-- Parameters: $as_of (TIMESTAMPTZ).
-- Speed: the windows are found once (approach_events would find them again), by the
--   integer case_key: 1.2-1.3 -> 0.8 s at 1 M cases, the same rows.
WITH in_approach AS MATERIALIZED (
    SELECT case_id, case_key, episode, instroom_seq, exit_seq
    FROM approach_window($as_of)
),
last_assignment AS (
    -- before the instroom too, not after the exit (approach_events($as_of,
    -- before_instroom := true)), grouped by the integer case_key
    SELECT e.case_key, e.episode, arg_max(e.org, e.seq) AS manager_org
    FROM events AS e
    JOIN in_approach AS w USING (case_key, episode)
    WHERE e.ts <= $as_of AND e.activity = 'regisseur_toegewezen'
      AND in_approach(e.seq, w.instroom_seq, w.exit_seq, before_instroom := true)
    GROUP BY e.case_key, e.episode
)
SELECT i.case_id, i.episode, l.manager_org
FROM in_approach AS i
LEFT JOIN last_assignment AS l USING (case_key, episode)
ORDER BY i.case_id, i.episode;
