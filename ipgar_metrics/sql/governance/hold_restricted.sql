-- Purpose: keep a restricted person (AVG art. 18) out of cases after a load: the load
--   writes a case row for every person in the export (load/cases), so the row of a
--   restricted person is removed again and its newer attribute values go to their
--   restricted_cases row. Their events never reach events (load/new_events).
-- Inputs: cases, restricted_cases. Grain: not a query. Runs inside the load's
--   transaction, after load/cases. Parameters: none.
UPDATE restricted_cases AS r
SET
    report_source = coalesce(c.report_source, r.report_source),
    risk_category = coalesce(c.risk_category, r.risk_category),
    ideology = coalesce(c.ideology, r.ideology)
FROM cases AS c
WHERE c.case_id = r.case_id;
DELETE FROM cases WHERE case_id IN (SELECT case_id FROM restricted_cases);
