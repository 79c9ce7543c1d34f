-- Purpose: the cases a purge removes from a generic event log: the case's last event
--   is before $ended_before (a generic log has no episodes that end).
-- Inputs: events.
-- Grain: one row per purged case. Output columns: case_id.
-- Parameters: $ended_before (TIMESTAMPTZ: the start of that day, local time).
WITH last_events AS (
    SELECT case_id, max(ts) AS last_event_at
    FROM events
    GROUP BY case_id
)
SELECT case_id
FROM last_events
WHERE last_event_at < $ended_before
ORDER BY case_id;
