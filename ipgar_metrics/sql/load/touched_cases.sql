-- Purpose: the cases this load touched, and those of them to renumber.
--   _touched_cases: every case with a new, corrected or deleted event of this load
--   (the event's case after and before a correction). It lives until the end of
--   the load (load._load_into drops it), for the steps after the reorder.
--   _renumber_cases: the touched cases whose numbers (seq, episode) the insert of
--   the new events did not give: a case that holds events of earlier loads, or a
--   corrected or deleted event. A new case whose events all came as new events of
--   this load was numbered by store/insert_numbered and is not rewritten.
-- Inputs: events (after the new events, corrections and deletions of this load),
--   event_history, _corrections. Grain: one row per case.
-- Parameters: none; it reads the session variable ipgar_load_id (INTEGER), set by
--   load._stage_check_commit (a file of several statements binds no parameters).
CREATE OR REPLACE TEMP TABLE _touched_cases AS
SELECT DISTINCT case_id FROM events WHERE load_id = CAST(getvariable('ipgar_load_id') AS INTEGER)
UNION
SELECT case_id FROM event_history WHERE replaced_by = CAST(getvariable('ipgar_load_id') AS INTEGER);

CREATE OR REPLACE TEMP TABLE _renumber_cases AS
SELECT case_id
FROM _touched_cases
WHERE case_id IN (SELECT case_id FROM event_history WHERE replaced_by = CAST(getvariable('ipgar_load_id') AS INTEGER))
    OR case_id IN (SELECT case_id FROM _corrections WHERE NOT older)
    OR case_id IN (
        SELECT e.case_id FROM events AS e
        SEMI JOIN _touched_cases AS t USING (case_id)
        WHERE e.load_id <> CAST(getvariable('ipgar_load_id') AS INTEGER)
    );
