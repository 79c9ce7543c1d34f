-- Purpose: store this load's rejected case-table rows, like load/insert_rejects.
-- Inputs: _case_rejects, _case_checked, _files. Grain: one row per (file, row, column, reason).
-- Output: rows appended to rejected_events. Parameters: $load_id.
INSERT INTO rejected_events
SELECT
    $load_id,
    f.name,
    r._row,
    r.column_name,
    r.reason_code,
    r.message,
    r.case_id,
    CAST(json_object(
        'case_id', c.case_id, 'report_source', left(c.report_source, 200),
        'risk_category', left(c.risk_category, 200), 'ideology', left(c.ideology, 200)
    ) AS VARCHAR)
FROM _case_rejects AS r
JOIN _files AS f USING (_file)
JOIN _case_checked AS c USING (_file, _row);
