-- Purpose: store this load's rejected rows, one row per failed check, with the row's
--   canonical cells as JSON (identifying cells already pseudonymised in staging).
-- Inputs: _rejects, _timed, _files. Grain: one row per (file, row, column, reason).
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
        'case_id', t.case_id, 'activity', left(t.activity_label, 200),
        'timestamp', left(t."timestamp", 200), 'org', left(t.org, 200),
        'case_manager', t.case_manager, 'life_domain', left(t.life_domain, 200),
        'outcome', left(t.outcome, 200), 'event_id', t.event_id,
        'lifecycle', left(t.lifecycle, 200)
    ) AS VARCHAR)
FROM _rejects AS r
JOIN _files AS f USING (_file)
JOIN _timed AS t USING (_file, _row);
