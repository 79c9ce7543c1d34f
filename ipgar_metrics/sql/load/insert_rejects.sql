-- Purpose: store this load's rejected rows, of the event and the case files, one row
--   per failed check, with the row's canonical cells as JSON (identifying cells
--   already pseudonymised in staging).
-- Inputs: _rejects with _timed (event rows), _case_rejects with _case_checked (case
--   rows), _files.
-- Grain: one row per (file, row, column, reason); event rows first, then case rows.
-- Output: rows appended to rejected_events. Parameters: $load_id.
INSERT INTO rejected_events
    (load_id, file, "row", column_name, reason_code, message, case_id, raw)
WITH
    event_rejects AS (
        SELECT
            r.*, 0 AS part,
            CAST(json_object(
                'case_id', t.case_id, 'activity', left(t.activity_label, 200),
                'timestamp', left(t."timestamp", 200), 'org', left(t.org, 200),
                'case_manager', t.case_manager, 'life_domain', left(t.life_domain, 200),
                'outcome', left(t.outcome, 200), 'event_id', t.event_id,
                'lifecycle', left(t.lifecycle, 200)
            ) AS VARCHAR) AS raw
        FROM _rejects AS r
        JOIN _timed AS t USING (_file, _row)
    ),
    case_rejects AS (
        SELECT
            r.*, 1 AS part,
            CAST(json_object(
                'case_id', c.case_id, 'report_source', left(c.report_source, 200),
                'risk_category', left(c.risk_category, 200), 'ideology', left(c.ideology, 200)
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
    a.raw
FROM all_rejects AS a
JOIN _files AS f USING (_file)
ORDER BY a.part, a._file, a._row, a.reason_code, a.column_name;
