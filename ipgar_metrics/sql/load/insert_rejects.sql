-- Purpose: store this load's rejected rows, of the event and the case files, one row
--   per failed check, with the row's canonical cells as JSON: the identifying cells as
--   their pseudonyms (made in staging), every other cell only as its masked shape
--   (masked_shape: a misaligned row can put a name or a case number in any column),
--   so no raw cell value is stored. A reject already stored for the same file content
--   (file_sha256, row, column_name, reason_code) by a load with the same checks (the
--   same mapping and export date) is not stored again: loading the same export twice
--   adds no reject rows (the load still counts them in rows_rejected), and the rejects
--   of a load stay known (quality/load_issues) when a fixed mapping is loaded after.
-- Inputs: _rejects with _timed (event rows), _case_rejects with _case_checked (case
--   rows), _files(_file, name, sha256), _checked_with(mapping_sha256, export_date),
--   rejected_events, loads.
-- Grain: one row per (file, row, column, reason) not stored before; event rows first,
--   then case rows.
-- Output: rows appended to rejected_events. Parameters: $load_id.
INSERT INTO rejected_events
    (load_id, file, "row", column_name, reason_code, message, case_id, raw, file_sha256)
WITH
    event_rejects AS (
        SELECT
            r.*, 0 AS part,
            CAST(json_object(
                'case_id', t.case_id, 'activity', masked_shape(t.activity_label),
                'timestamp', masked_shape(t."timestamp"), 'org', masked_shape(t.org),
                'case_manager', t.case_manager, 'life_domain', masked_shape(t.life_domain),
                'outcome', masked_shape(t.outcome), 'event_id', t.event_id,
                'lifecycle', masked_shape(t.lifecycle)
            ) AS VARCHAR) AS raw
        FROM _rejects AS r
        JOIN _timed AS t USING (_file, _row)
    ),
    case_rejects AS (
        SELECT
            r.*, 1 AS part,
            CAST(json_object(
                'case_id', c.case_id, 'report_source', masked_shape(c.report_source),
                'risk_category', masked_shape(c.risk_category),
                'ideology', masked_shape(c.ideology)
            ) AS VARCHAR) AS raw
        FROM _case_rejects AS r
        JOIN _case_checked AS c USING (_file, _row)
    ),
    all_rejects AS (
        SELECT * FROM event_rejects
        UNION ALL BY NAME
        SELECT * FROM case_rejects
    )
SELECT
    $load_id,
    f.name,
    a._row,
    a.column_name,
    a.reason_code,
    a.message,
    a.case_id,
    a.raw,
    f.sha256
FROM all_rejects AS a
JOIN _files AS f USING (_file)
WHERE NOT EXISTS (
    SELECT 1
    FROM rejected_events AS s
    JOIN loads AS l USING (load_id)
    JOIN _checked_with AS c
        ON l.mapping_sha256 IS NOT DISTINCT FROM c.mapping_sha256
        AND l.export_date IS NOT DISTINCT FROM c.export_date
    WHERE s.file_sha256 = f.sha256
        AND s."row" = a._row
        AND s.column_name IS NOT DISTINCT FROM a.column_name
        AND s.reason_code = a.reason_code
)
ORDER BY a.part, a._file, a._row, a.reason_code, a.column_name;
