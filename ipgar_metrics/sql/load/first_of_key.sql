-- Purpose: the version of each event this load brings, one row per event_key. One
--   file: keys are unique already (repeated event ids are rejected, equal fields get
--   occurrence numbers). Several files (given oldest first): an event with an event
--   id takes the row of the last file that holds it, the newest version, as a later
--   load would correct it; a key without an event id (a hash of the content, so every
--   row of it has the same content) takes its first row, as before.
-- Inputs: _valid. Grain: one row per event_key of the load.
-- Output: _valid's columns.
-- A view, read by load/new_events and load/corrections: a table would be one more
--   full copy of the rows. Parameters: none; a view takes no prepared parameters, so it
--   reads the session variable ipgar_multi_file (BOOLEAN: the load has more than one
--   file), set by load._stage_check_commit.
CREATE OR REPLACE TEMP VIEW _first_of_key AS
SELECT * FROM _valid WHERE NOT getvariable('ipgar_multi_file')
UNION ALL
SELECT *
FROM _valid
WHERE getvariable('ipgar_multi_file')
QUALIFY row_number() OVER (
    PARTITION BY event_key
    ORDER BY CASE WHEN event_id IS NULL THEN _file ELSE -_file END, _row
) = 1;
