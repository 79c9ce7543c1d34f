-- Purpose: per activity, how often it happens and how long until the next event.
-- Inputs: events.
-- Grain: one row per activity with an event at or before $as_of.
-- Output columns: activity, events, cases, next_events, median_to_next_s,
--   mean_to_next_s, min_to_next_s, max_to_next_s.
-- Parameters: $as_of (TIMESTAMPTZ): events after it are left out.
-- "Next" is the case's following event in the store's order (seq), so ties keep
-- the store's order; a case's last event has no next (not counted in next_events).
-- Durations in seconds (millisecond precision).
WITH kept AS (
    SELECT case_id, seq, ts, activity FROM events WHERE ts <= $as_of
),
followed AS (
    SELECT
        case_id,
        activity,
        date_diff('millisecond', ts, lead(ts) OVER (PARTITION BY case_id ORDER BY seq))
            / 1000.0 AS to_next_s
    FROM kept
)
SELECT
    activity,
    CAST(count(*) AS BIGINT) AS events,
    CAST(count(DISTINCT case_id) AS BIGINT) AS cases,
    CAST(count(to_next_s) AS BIGINT) AS next_events,
    median(to_next_s) AS median_to_next_s,
    avg(to_next_s) AS mean_to_next_s,
    min(to_next_s) AS min_to_next_s,
    max(to_next_s) AS max_to_next_s
FROM followed
GROUP BY activity
ORDER BY events DESC, activity;
