-- Purpose: the events the store holds about one person (AVG art. 15), in the analysed
--   table and in the restricted one (AVG art. 18), in process order.
-- Inputs: events, restricted_events. Grain: one row per event.
-- Output columns: restricted (BOOLEAN: held apart), episode, seq, activity, ts, org,
--   case_manager, life_domain, outcome, event_id, lifecycle, event_key, load_id.
-- Parameters: $case_id (VARCHAR: the pseudonym).
SELECT
    false AS restricted, episode, seq, activity, ts, org, case_manager, life_domain,
    outcome, event_id, lifecycle, event_key, load_id
FROM events
WHERE case_id = $case_id
UNION ALL
SELECT
    true AS restricted, episode, seq, activity, ts, org, case_manager, life_domain,
    outcome, event_id, lifecycle, event_key, load_id
FROM restricted_events
WHERE case_id = $case_id
ORDER BY restricted, episode, seq;
