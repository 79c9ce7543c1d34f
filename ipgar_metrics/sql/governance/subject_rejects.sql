-- Purpose: the rejected rows of one person (by the pseudonym the loader stored with
--   them), for an access request (AVG art. 15). The raw cell text was pseudonymised or
--   masked at load; nothing raw is here.
-- Inputs: rejected_events. Grain: one row per rejected row.
-- Output columns: load_id, file, row, column_name, reason_code, message, raw.
-- Parameters: $case_id (VARCHAR: the pseudonym).
SELECT load_id, file, "row", column_name, reason_code, message, raw
FROM rejected_events
WHERE case_id = $case_id
ORDER BY load_id, file, "row";
