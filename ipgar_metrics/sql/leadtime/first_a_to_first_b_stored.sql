-- Purpose: generic lead time per case from the stored first times (activity_firsts,
--   schema version 12): the same rows as leadtime/first_a_to_first_b, which scans
--   the events. The first $from_activity of a case at or before $as_of is its first
--   one of all when that lies at or before $as_of, and none otherwise; likewise for
--   $to_activity. The episode of a case's first $from_activity is stored with it.
-- Inputs: activity_firsts, activity_codes.
-- Grain: one row per case with a $from_activity at or before $as_of.
-- Output columns: case_id, episode (of the first $from_activity), start_at, end_at
--   (NULL when no $to_activity yet; may lie before start_at: negatives are kept).
-- Parameters: $from_activity, $to_activity (VARCHAR), $as_of (TIMESTAMPTZ).
-- Speed: the rows of two activities (the table is written ordered by activity code,
--   so the other activities' blocks are skipped) and one join by case.
WITH from_rows AS (
    SELECT case_id, episode, first_at
    FROM activity_firsts
    WHERE activity_code = (SELECT code FROM activity_codes WHERE activity = $from_activity)
        AND first_at <= $as_of
),
to_rows AS (
    SELECT case_id, first_at
    FROM activity_firsts
    WHERE activity_code = (SELECT code FROM activity_codes WHERE activity = $to_activity)
        AND first_at <= $as_of
)
SELECT
    f.case_id,
    f.episode,
    f.first_at AS start_at,
    t.first_at AS end_at
FROM from_rows AS f
LEFT JOIN to_rows AS t USING (case_id)
ORDER BY f.case_id;
