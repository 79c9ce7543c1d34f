-- Purpose: the start and end activities of a log with the number of cases of each.
-- Inputs: events.
-- Grain: one row per (position, activity); position 'start' (first event of a case
--   by seq) or 'end' (last event).
-- Output columns: position, activity, cases.
-- Parameters: $as_of (TIMESTAMPTZ): events after it are left out.
WITH ends AS (
    SELECT
        arg_min(activity, seq) AS first_activity,
        arg_max(activity, seq) AS last_activity
    FROM events
    WHERE ts <= $as_of
    GROUP BY case_id
)
SELECT 'start' AS position, first_activity AS activity, count(*) AS cases
FROM ends GROUP BY first_activity
UNION ALL
SELECT 'end' AS position, last_activity AS activity, count(*) AS cases
FROM ends GROUP BY last_activity
ORDER BY position DESC, cases DESC, activity;
