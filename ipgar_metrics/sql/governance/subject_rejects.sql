-- Purpose: the rejected rows of one person (by the pseudonym the loader stored with
--   them), for an access request (AVG art. 15). The raw cell text was pseudonymised or
--   masked at load; nothing raw is here. A reject of a relations export names the
--   person as case_id_a (case_id) or as case_id_b (in raw); the other person of the
--   row is shown as 'andere persoon', never by their pseudonym.
-- Inputs: rejected_events. Grain: one row per rejected row.
-- Output columns: load_id, file, row, column_name, reason_code, message, raw.
-- Parameters: $case_id (VARCHAR: the pseudonym).
SELECT
    load_id, file, "row", column_name, reason_code, message,
    CASE
        WHEN raw_cell(raw, 'case_id_a') IS NOT NULL OR raw_cell(raw, 'case_id_b') IS NOT NULL
            THEN CAST(json_merge_patch(raw, json_object(
                'case_id_a', CASE WHEN raw_cell(raw, 'case_id_a') = $case_id THEN $case_id
                    WHEN raw_cell(raw, 'case_id_a') IS NOT NULL THEN 'andere persoon' END,
                'case_id_b', CASE WHEN raw_cell(raw, 'case_id_b') = $case_id THEN $case_id
                    WHEN raw_cell(raw, 'case_id_b') IS NOT NULL THEN 'andere persoon' END
            )) AS VARCHAR)
        ELSE raw
    END AS raw
FROM rejected_events
WHERE case_id = $case_id OR raw_cell(raw, 'case_id_b') = $case_id
ORDER BY load_id, file, "row";
