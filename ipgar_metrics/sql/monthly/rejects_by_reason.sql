-- Purpose: rejected export rows per reason, for the data-quality section of the monthly report.
-- Inputs: rejected_events. Grain: one row per reason code.
-- Output columns: reason_code (VARCHAR), rows (BIGINT: distinct rejected rows),
--   cells (BIGINT: rejected cells; a row can fail on several columns).
-- Parameters: none.
WITH rejected_rows AS (
    SELECT reason_code, load_id, file, "row"
    FROM rejected_events
)
SELECT
    reason_code,
    count(DISTINCT (load_id, file, "row")) AS rows,
    count(*) AS cells
FROM rejected_rows
GROUP BY reason_code
ORDER BY rows DESC, reason_code
