-- Purpose: values of org, outcome, risk_category or ideology outside the vocabulary
--   that the latest load loaded (flag new_value, one per row and column).
-- Inputs: loads, quality_flags. Grain: one row per flagged cell.
-- Output columns: case_id (pseudonym), file, row, detail (the canonical column).
-- Parameters: none.
WITH
    latest AS (SELECT max(load_id) AS load_id FROM loads WHERE event_load(files))
SELECT q.case_id, q.file, q."row", regexp_extract(q.message, ': new ([a-z_]+) value', 1) AS detail
FROM quality_flags AS q JOIN latest USING (load_id)
WHERE q.check_code = 'new_value'
ORDER BY q.file, q."row";
