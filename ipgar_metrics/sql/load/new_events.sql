-- Purpose: the valid rows that bring an event the store does not hold yet: the first
--   row of each event_key in this load (files in the order given), and only when the
--   key is not in events.
-- Inputs: _valid, events. Grain: one row per new event.
-- Output: the columns store/insert_staged reads: case_id, activity, ts, org,
--   case_manager, life_domain, outcome, event_id, lifecycle, event_key, load_id,
--   source_row.
-- Parameters: $load_id, $multi_file (BOOLEAN: the load has more than one file).
CREATE OR REPLACE TEMP TABLE _new_events AS
WITH
    first_of_key AS (
        -- one file: keys are unique already (repeated event ids are rejected, equal
        -- fields get occurrence numbers); several files: keep each key's first row
        SELECT * FROM _valid WHERE NOT $multi_file
        UNION ALL
        SELECT *
        FROM _valid
        WHERE $multi_file
        QUALIFY row_number() OVER (PARTITION BY event_key ORDER BY _file, _row) = 1
    )
SELECT
    case_id, activity, ts, org, case_manager, life_domain, outcome, event_id,
    lifecycle, event_key, CAST($load_id AS INTEGER) AS load_id, source_row
FROM first_of_key
ANTI JOIN events USING (event_key);
