-- Purpose: the quality flags of one person, for an access request (AVG art. 15).
-- Inputs: quality_flags. Grain: one row per flag.
-- Output columns: load_id, file, row, check_code, message.
-- Parameters: $case_id (VARCHAR: the pseudonym).
SELECT load_id, file, "row", check_code, message
FROM quality_flags
WHERE case_id = $case_id
ORDER BY load_id, file, "row", check_code;
