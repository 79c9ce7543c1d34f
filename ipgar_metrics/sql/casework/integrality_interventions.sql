-- Purpose: every intervention started in the approach, with the organisation of the
--   case manager assigned at its start (the last regisseur_toegewezen at or before
--   it in the same episode).
-- Inputs: events (via the approach_events and manager_assignments macros,
--   sql/store/macros.sql), cases.
-- Grain: one row per interventie_start event after an instroom and before the first
--   uitstroom of its episode, at or before $as_of.
-- Output columns: case_id, episode, seq, started_at, org (delivering organisation),
--   life_domain, manager_org (NULL: no case manager yet), report_source,
--   risk_category, ideology.
-- Parameters: $as_of (TIMESTAMPTZ).
WITH interventions AS (
    SELECT case_id, case_key, episode, seq, ts AS started_at, org, life_domain
    FROM approach_events($as_of)
    WHERE activity = 'interventie_start'
),
with_manager AS (
    SELECT i.*, a.org AS manager_org
    FROM interventions AS i
    ASOF LEFT JOIN manager_assignments($as_of) AS a
        ON i.case_key = a.case_key AND i.episode = a.episode AND i.seq >= a.seq
)
SELECT w.* EXCLUDE (case_key), c.report_source, c.risk_category, c.ideology
FROM with_manager AS w
LEFT JOIN cases AS c USING (case_id)
ORDER BY w.case_id, w.episode, w.seq;
