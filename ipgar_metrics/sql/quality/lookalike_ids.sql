-- Purpose: cases whose id holds Cyrillic or Greek letters that look like Latin ones,
--   and the cases whose id they look like (flag lookalike_id, of any load: the cases
--   stay in the store). Loaded as separate cases; they may be one case.
-- Inputs: quality_flags. Grain: one row per case.
-- Output columns: case_id (pseudonym; the report finds the file and row of its first
--   event).
-- Parameters: none.
SELECT DISTINCT case_id
FROM quality_flags
WHERE check_code = 'lookalike_id'
ORDER BY case_id;
