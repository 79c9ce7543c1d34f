-- Purpose: the earlier versions of one person's events (the correction history: what
--   a later export corrected or deleted), for an access request (AVG art. 15).
-- Inputs: event_history. Grain: one row per earlier version.
-- Output columns: event_key, activity, ts, org, case_manager, life_domain, outcome,
--   event_id, lifecycle, load_id, replaced_by, change.
-- Parameters: $case_id (VARCHAR: the pseudonym).
SELECT
    event_key, activity, ts, org, case_manager, life_domain, outcome, event_id,
    lifecycle, load_id, replaced_by, change
FROM event_history
WHERE case_id = $case_id
ORDER BY replaced_by, ts, event_key;
