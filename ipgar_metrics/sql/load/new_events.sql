-- Purpose: the valid rows that bring an event the store does not hold yet: the
--   version of each event_key in this load (load/first_of_key), and only when the key
--   is not in events. A person whose processing is restricted (AVG art. 18: a row in
--   restricted_cases) gets no event in events: their rows stay in the export.
-- Inputs: _first_of_key, events, restricted_cases. Grain: one row per new event.
-- Output: the columns store/insert_staged reads: case_id, activity, ts, org,
--   case_manager, life_domain, outcome, event_id, lifecycle, event_key, load_id,
--   source_row, registered_at, intervention_type.
-- A view, read once by store/insert_staged: a table would be one more full copy of
--   the rows (8 s of a 1 M-case load, plus its spill).
-- Parameters: none; a view takes no prepared parameters, so it reads the session
--   variable ipgar_load_id (INTEGER), set by load._stage_check_commit.
CREATE OR REPLACE TEMP VIEW _new_events AS
SELECT
    case_id, activity, ts, org, case_manager, life_domain, outcome, event_id,
    lifecycle, event_key, CAST(getvariable('ipgar_load_id') AS INTEGER) AS load_id, source_row,
    registered_at, intervention_type
FROM _first_of_key
ANTI JOIN events USING (event_key)
WHERE case_id NOT IN (SELECT case_id FROM restricted_cases);
