-- Purpose: the intern action lists that named one person, for an access request (AVG
--   art. 15): which monthly report put them on which list.
-- Inputs: report_lists. Grain: one row per (month, list).
-- Output columns: month, list, snapshot_id, written_at.
-- Parameters: $case_id (VARCHAR: the pseudonym).
SELECT month, list, snapshot_id, written_at
FROM report_lists
WHERE case_id = $case_id
ORDER BY month, list;
