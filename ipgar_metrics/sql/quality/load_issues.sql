-- Purpose: what the latest load rejected, skipped or flagged: one row per rejected
--   check of a row (rejected_events), per exact duplicate row skipped (count only),
--   and per ambiguous local time, exact copy loaded in profile generic, or event
--   deleted in the source and held for review (--keep-deletions) (quality_flags).
--   A reject is stored once per file content (load/insert_rejects): the rejects of the
--   latest load are those stored with it and, when it repeated an earlier load (the
--   same file content, mapping and export date, so the same checks), those stored for
--   that file by the earlier load.
-- Inputs: loads (files: JSON list with each file's sha256; mapping_sha256,
--   export_date), rejected_events, quality_flags. Grain: one row per issue.
-- Output columns: check_code (reason code, duplicate_row, ambiguous_local_time,
--   deleted_in_source),
--   case_id (pseudonym), file and row (the data row of the export; NULL for
--   skipped duplicates, which are counted only), detail (for an unknown label: its
--   masked shape and the suggested known label, 'shape Aaaaaaa -> "Contact"'; else
--   NULL; never the value), n (rows the issue stands for).
-- Parameters: none.
WITH
    latest AS (SELECT max(load_id) AS load_id FROM loads WHERE event_load(files)),
    latest_files AS (
        SELECT DISTINCT unnest(from_json(l.files, '["json"]')) ->> 'sha256' AS sha256
        FROM loads AS l JOIN latest USING (load_id)
    ),
    repeated_loads AS (
        -- earlier loads with the latest load's mapping and export date
        SELECT e.load_id
        FROM loads AS e, loads AS l JOIN latest USING (load_id)
        WHERE e.load_id < l.load_id
            AND e.mapping_sha256 IS NOT DISTINCT FROM l.mapping_sha256
            AND e.export_date IS NOT DISTINCT FROM l.export_date
    ),
    latest_rejects AS (
        SELECT r.*
        FROM rejected_events AS r
        WHERE r.load_id = (SELECT load_id FROM latest)
            OR (
                r.load_id IN (SELECT load_id FROM repeated_loads)
                AND r.file_sha256 IN (SELECT sha256 FROM latest_files)
            )
    )
SELECT
    r.reason_code AS check_code,
    r.case_id,
    r.file,
    r."row",
    CASE WHEN r.reason_code LIKE 'unknown_%' THEN
        -- 'unknown activity (shape Aaaa); ...'; a version-1 message, masked by its
        -- migration: 'unknown activity "Aaaa"; ...'
        'shape ' || coalesce(
            nullif(regexp_extract(r.message, 'unknown [a-z ]+ \(shape (.*)\); (did you mean|fix)', 1), ''),
            nullif(regexp_extract(r.message, 'unknown [a-z ]+ "([^"]*)"', 1), '')
        )
        || coalesce(' -> "' || nullif(regexp_extract(r.message, 'did you mean "([^"]*)"', 1), '') || '"', '')
    END AS detail,
    1 AS n
FROM latest_rejects AS r
UNION ALL
SELECT 'duplicate_row', NULL, NULL, NULL, NULL, l.duplicates_skipped
FROM loads AS l JOIN latest USING (load_id)
WHERE l.duplicates_skipped > 0
UNION ALL
SELECT q.check_code, q.case_id, q.file, q."row", NULL, 1
FROM quality_flags AS q JOIN latest USING (load_id)
WHERE q.check_code IN ('ambiguous_local_time', 'duplicate_row', 'deleted_in_source');
