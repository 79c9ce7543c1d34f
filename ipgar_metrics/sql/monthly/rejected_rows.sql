-- Purpose: the rejected export rows of one load, each with where it is in the file and why.
-- Inputs: rejected_events, loads. Grain: one row per failed check of a row (a row can
--   fail on several columns).
-- Output columns: load_id, file, row (1 = first data row), column_name, reason_code,
--   message (no identifying value), case_id (pseudonym or NULL).
-- Parameters: $load_id (NULL: the latest event load, event_load).
WITH chosen AS (
    SELECT coalesce(CAST($load_id AS INTEGER), (SELECT max(load_id) FROM loads WHERE event_load(files))) AS load_id
)
SELECT r.load_id, r.file, r."row", r.column_name, r.reason_code, r.message, r.case_id
FROM rejected_events AS r
JOIN chosen USING (load_id)
ORDER BY r.file, r."row", r.column_name
