-- Purpose: status periods (detained, travelled, static) from the *_start/*_end pairs.
--   Each start is paired with the first end of the same status after it (by seq);
--   an unclosed start lasts until $as_of (end_at NULL, is_open true). Ends without a
--   start are ignored. Activity codes follow schema.STATUS_PERIODS.
-- Inputs: events (via the status_periods macro, sql/store/macros.sql).
-- Grain: one row per status start at or before $as_of.
-- Output columns: case_id, status (detained|travelled|static), start_at, end_at
--   (NULL when still open at $as_of), is_open.
-- Parameters: $as_of (TIMESTAMPTZ): events after it are ignored.
SELECT case_id, status, start_at, end_at, end_at IS NULL AS is_open
FROM status_periods($as_of)
ORDER BY case_id, start_at, status;
