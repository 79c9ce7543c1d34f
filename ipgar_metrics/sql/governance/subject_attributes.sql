-- Purpose: the case attributes of one person (the cases row, or the restricted_cases
--   row while the processing is restricted), for an access request (AVG art. 15).
-- Inputs: cases, restricted_cases. Grain: one row (none when the store has no row).
-- Output columns: restricted (BOOLEAN), report_source, risk_category, ideology,
--   restricted_at (NULL when not restricted).
-- Parameters: $case_id (VARCHAR: the pseudonym).
SELECT
    false AS restricted, report_source, risk_category, ideology,
    CAST(NULL AS TIMESTAMPTZ) AS restricted_at
FROM cases
WHERE case_id = $case_id
UNION ALL
SELECT true AS restricted, report_source, risk_category, ideology, restricted_at
FROM restricted_cases
WHERE case_id = $case_id;
