-- Purpose: whether a pseudonym names a case of the store, and whether its processing
--   is restricted (AVG art. 18), for case_timeline's one-line errors.
-- Inputs: events, restricted_cases. Grain: one row.
-- Output columns: events (count of the case's events), restricted (BOOLEAN).
-- Parameters: $case_id (pseudonym).
SELECT
    (SELECT count(*) FROM events WHERE case_id = $case_id) AS events,
    EXISTS (SELECT 1 FROM restricted_cases WHERE case_id = $case_id) AS restricted;
