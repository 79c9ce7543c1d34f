-- Purpose: the view _phase_coded of the whole episode phase without outcomes (the
--   fast path of paths/phase_events_all, where a label is its activity): each event
--   with its case_key and the stored activity_code as its label code, and
--   the table _phase_codes naming every code (a copy of activity_codes, a few rows);
--   the events are not copied or joined (schema version 10).
-- Inputs: _phase_events (paths/phase_events_all), activity_codes.
-- Grain: _phase_coded one row per event of the phase; _phase_codes one row per code.
-- Output columns: _phase_coded case_key, episode, seq, ts, code; _phase_codes code,
--   label. Parameters: none.
CREATE OR REPLACE TEMP VIEW _phase_coded AS
SELECT case_key, episode, seq, ts, activity_code AS code
FROM _phase_events;
CREATE OR REPLACE TEMP TABLE _phase_codes AS
SELECT code, activity AS label
FROM activity_codes;
