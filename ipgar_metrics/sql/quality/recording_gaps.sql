-- Purpose: periods with no registration at all: gaps longer than $gap_days between
--   consecutive days with any event in the whole store (a missing export month, a
--   system outage).
-- Inputs: events. Grain: one row per gap.
-- Output columns: case_id (always NULL: a gap belongs to no case), detail (from .. to).
-- Parameters: $gap_days.
WITH
    days AS (
        SELECT DISTINCT CAST(ts AS DATE) AS day FROM events
    ),
    gaps AS (
        SELECT lag(day) OVER (ORDER BY day) AS previous_day, day FROM days
    )
SELECT
    CAST(NULL AS VARCHAR) AS case_id,
    CAST(previous_day AS VARCHAR) || ' .. ' || CAST(day AS VARCHAR) AS detail
FROM gaps
WHERE day - previous_day > $gap_days
ORDER BY day;
