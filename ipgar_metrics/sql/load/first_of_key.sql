-- Purpose: the version of each event this load brings: the first row of each event_key
--   (files in the order given). One file: keys are unique already (repeated event ids
--   are rejected, equal fields get occurrence numbers); several files: each key's
--   first row.
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
QUALIFY row_number() OVER (PARTITION BY event_key ORDER BY _file, _row) = 1;
