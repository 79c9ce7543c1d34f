-- Purpose: what the latest load rejected, skipped or flagged: one row per rejected
--   check of a row (rejected_events), per exact duplicate row skipped (count only),
--   and per ambiguous local time, exact copy loaded in profile generic, or event
--   deleted in the source and held for review (--keep-deletions) (quality_flags).
-- Inputs: loads, rejected_events, quality_flags. Grain: one row per issue.
-- Output columns: check_code (reason code, duplicate_row, ambiguous_local_time,
--   deleted_in_source),
--   case_id (pseudonym), file and row (the data row of the export; NULL for
--   skipped duplicates, which are counted only), detail (the suggestion for an unknown label, else NULL),
--   n (rows the issue stands for).
-- Parameters: none.
WITH
    latest AS (SELECT max(load_id) AS load_id FROM loads)
SELECT
    r.reason_code AS check_code,
    r.case_id,
    r.file,
    r."row",
    CASE WHEN r.reason_code LIKE 'unknown_%' THEN
        '"' || regexp_extract(r.message, 'unknown [a-z ]+ "([^"]*)"', 1) || '"'
        || coalesce(' -> "' || nullif(regexp_extract(r.message, 'did you mean "([^"]*)"', 1), '') || '"', '')
    END AS detail,
    1 AS n
FROM rejected_events AS r JOIN latest USING (load_id)
UNION ALL
SELECT 'duplicate_row', NULL, NULL, NULL, NULL, l.duplicates_skipped
FROM loads AS l JOIN latest USING (load_id)
WHERE l.duplicates_skipped > 0
UNION ALL
SELECT q.check_code, q.case_id, q.file, q."row", NULL, 1
FROM quality_flags AS q JOIN latest USING (load_id)
WHERE q.check_code IN ('ambiguous_local_time', 'duplicate_row', 'deleted_in_source');
