-- Purpose: the valid rows that bring an event the store does not hold yet: the first
--   row of each event_key in this load (files in the order given), and only when the
--   key is not in events.
-- Inputs: _valid, events. Grain: one row per new event.
-- Output: the columns store/insert_staged reads: case_id, activity, ts, org,
--   case_manager, life_domain, outcome, event_id, lifecycle, event_key, load_id,
--   source_row.
-- A view, read once by store/insert_staged: a table would be one more full copy of
--   the rows (8 s of a 1 M-case load, plus its spill).
-- Parameters: none; a view takes no prepared parameters, so it reads the session
--   variables ipgar_load_id (INTEGER) and ipgar_multi_file (BOOLEAN: the load has more
--   than one file), set by load._stage_check_commit.
CREATE OR REPLACE TEMP VIEW _new_events AS
WITH
    first_of_key AS (
        -- one file: keys are unique already (repeated event ids are rejected, equal
        -- fields get occurrence numbers); several files: keep each key's first row
        SELECT * FROM _valid WHERE NOT getvariable('ipgar_multi_file')
        UNION ALL
        SELECT *
        FROM _valid
        WHERE getvariable('ipgar_multi_file')
        QUALIFY row_number() OVER (PARTITION BY event_key ORDER BY _file, _row) = 1
    )
SELECT
    case_id, activity, ts, org, case_manager, life_domain, outcome, event_id,
    lifecycle, event_key, CAST(getvariable('ipgar_load_id') AS INTEGER) AS load_id, source_row
FROM first_of_key
ANTI JOIN events USING (event_key);
