-- Purpose: the load manifest (no identifying values), for the colophon of the monthly report.
-- Inputs: loads. Grain: one row per load, oldest first.
-- Output columns: load_id, loaded_at, export_date, files (JSON text: name, sha256,
--   rows), mapping_sha256, rows_read, rows_loaded, rows_rejected,
--   duplicates_skipped, toolkit_version, snapshot_id, new_events, already_present.
-- Parameters: none.
SELECT
    load_id,
    loaded_at,
    export_date,
    files,
    mapping_sha256,
    rows_read,
    rows_loaded,
    rows_rejected,
    duplicates_skipped,
    toolkit_version,
    snapshot_id,
    new_events,
    already_present
FROM loads
ORDER BY load_id
