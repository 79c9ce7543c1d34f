-- Purpose: the temporary table _filter_cases: the cases a log filter starts from,
--   with what the filters test.
-- Inputs: events (the store's own table: the filter is computed before it shadows it).
-- Grain: one row per case.
-- Output columns: case_id, first_at, last_at, duration_s, path (the activities in
--   the store's order), variant_rank (1 = the most frequent sequence; equal counts ordered by the
--   sequences compared activity by activity, as `ipgar paths` orders them).
-- Parameters: none.
CREATE OR REPLACE TEMP TABLE _filter_cases AS
WITH spans AS (
    SELECT
        case_id,
        min(ts) AS first_at,
        max(ts) AS last_at,
        date_diff('millisecond', min(ts), max(ts)) / 1000.0 AS duration_s,
        list(activity ORDER BY seq) AS path
    FROM events
    GROUP BY case_id
),
ranked AS (
    SELECT
        path,
        row_number() OVER (ORDER BY count(*) DESC, path) AS variant_rank
    FROM spans
    GROUP BY path
)
SELECT s.case_id, s.first_at, s.last_at, s.duration_s, s.path, r.variant_rank
FROM spans AS s
JOIN ranked AS r ON r.path = s.path;
