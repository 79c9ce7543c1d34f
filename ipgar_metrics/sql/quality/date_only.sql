-- Purpose: timestamps of the latest load that held a date without a time of day and
--   were loaded as local midnight (flag date_only, one per row).
-- Inputs: loads, quality_flags. Grain: one row per flagged row.
-- Output columns: case_id (pseudonym), file, row.
-- Parameters: none.
WITH
    latest AS (SELECT max(load_id) AS load_id FROM loads WHERE event_load(files))
SELECT q.case_id, q.file, q."row"
FROM quality_flags AS q JOIN latest USING (load_id)
WHERE q.check_code = 'date_only'
ORDER BY q.file, q."row";
