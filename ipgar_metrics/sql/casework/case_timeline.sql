-- Purpose: the events of one case up to a reference time, for its time line
--   (case_timeline): what happened, when, by whom (case-manager pseudonym).
-- Inputs: events. Grain: one row per event of the case at or before $as_of.
-- Output columns: case_id, episode, seq, ts, activity, org, case_manager,
--   life_domain, outcome, intervention_type.
-- Parameters: $case_id (pseudonym), $as_of (TIMESTAMPTZ).
SELECT
    case_id, episode, seq, ts, activity, org, case_manager, life_domain, outcome,
    intervention_type
FROM events
WHERE case_id = $case_id AND ts <= $as_of
ORDER BY seq;
