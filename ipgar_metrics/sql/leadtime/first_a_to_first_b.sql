-- Purpose: generic lead time per case, from the first occurrence of one activity to
--   the first occurrence of another (any log, profile ipgar or generic).
-- Inputs: events.
-- Grain: one row per case with at least one $from_activity at or before $as_of.
-- Output columns: case_id, episode (of the first $from_activity), start_at, end_at
--   (NULL when no $to_activity yet; may lie before start_at: negatives are kept).
-- Parameters: $from_activity, $to_activity (VARCHAR), $as_of (TIMESTAMPTZ).
-- Speed: one pass over the events of the two activities, one aggregate per case. The
--   episode of the first $from_activity is the least episode of a $from_activity:
--   episodes never decrease along seq within a case (store/reorder_*), so seq need not
--   be read.
SELECT
    case_id,
    min(episode) FILTER (WHERE activity = $from_activity) AS episode,
    min(ts) FILTER (WHERE activity = $from_activity) AS start_at,
    min(ts) FILTER (WHERE activity = $to_activity) AS end_at
FROM events
WHERE ts <= $as_of AND activity IN ($from_activity, $to_activity)
GROUP BY case_id
HAVING min(ts) FILTER (WHERE activity = $from_activity) IS NOT NULL
ORDER BY case_id;
