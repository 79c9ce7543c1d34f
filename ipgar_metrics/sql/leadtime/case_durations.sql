-- Purpose: case duration, from the first to the last event of each case.
-- Inputs: events.
-- Grain: one row per case with at least one event at or before $as_of.
-- Output columns: case_id, start_at, end_at, n_events.
-- Parameters: $as_of (TIMESTAMPTZ).
WITH events_by_as_of AS (
    SELECT case_id, ts FROM events WHERE ts <= $as_of
)
SELECT
    case_id,
    min(ts) AS start_at,
    max(ts) AS end_at,
    CAST(count(*) AS INTEGER) AS n_events
FROM events_by_as_of
GROUP BY case_id
ORDER BY case_id;
