-- Purpose: lift the restriction of one person (AVG art. 18): move their events and case
--   row back from restricted_events/restricted_cases into events/cases, unchanged.
-- Inputs: _subject (one row: case_id), restricted_events, restricted_cases.
-- Grain: not a query. Runs inside one transaction (governance._restrict), followed by
--   store.reorder. Parameters: none.
INSERT INTO events
SELECT
    case_id, episode, seq, activity, ts, org, case_manager, life_domain, outcome,
    event_id, lifecycle, event_key, load_id, source_row, registered_at, intervention_type
FROM restricted_events
WHERE case_id IN (SELECT case_id FROM _subject);
INSERT INTO cases
SELECT case_id, report_source, risk_category, ideology
FROM restricted_cases
WHERE case_id IN (SELECT case_id FROM _subject);
DELETE FROM restricted_events WHERE case_id IN (SELECT case_id FROM _subject);
DELETE FROM restricted_cases WHERE case_id IN (SELECT case_id FROM _subject);
