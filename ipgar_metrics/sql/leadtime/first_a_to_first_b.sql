-- Purpose: generic lead time per case, from the first occurrence of one activity to
--   the first occurrence of another (any log, profile ipgar or generic).
-- Inputs: events.
-- Grain: one row per case with at least one $from_activity at or before $as_of.
-- Output columns: case_id, episode (of the first $from_activity), start_at, end_at
--   (NULL when no $to_activity yet; may lie before start_at: negatives are kept).
-- Parameters: $from_activity, $to_activity (VARCHAR), $as_of (TIMESTAMPTZ).
WITH events_by_as_of AS (
    SELECT case_id, episode, seq, activity, ts FROM events WHERE ts <= $as_of
),
first_from AS (
    SELECT case_id, arg_min(episode, seq) AS episode, min(ts) AS start_at
    FROM events_by_as_of
    WHERE activity = $from_activity
    GROUP BY case_id
),
first_to AS (
    SELECT case_id, min(ts) AS end_at
    FROM events_by_as_of
    WHERE activity = $to_activity
    GROUP BY case_id
)
SELECT f.case_id, f.episode, f.start_at, t.end_at
FROM first_from AS f
LEFT JOIN first_to AS t USING (case_id)
ORDER BY f.case_id;
