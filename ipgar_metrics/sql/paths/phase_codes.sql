-- Purpose: the views _phase_coded and _phase_codes of any phase but the whole
--   episode phase without outcomes (which paths/dfg_steps_stored reads from the
--   stored codes and steps): a code per distinct label of the phase (outcomes, a
--   period or a segment), joined to its events.
-- Inputs: _phase_events. Grain: _phase_codes one row per distinct label (table);
--   _phase_coded one row per event of the phase.
-- Output columns: _phase_codes code, label; _phase_coded case_key, episode, seq,
--   ts, code. Parameters: none.
CREATE OR REPLACE TEMP TABLE _phase_codes AS
SELECT CAST(row_number() OVER (ORDER BY label) AS INTEGER) AS code, label
FROM (SELECT DISTINCT label FROM _phase_events);
CREATE OR REPLACE TEMP VIEW _phase_coded AS
SELECT e.case_key, e.episode, e.seq, e.ts, c.code
FROM _phase_events AS e
JOIN _phase_codes AS c USING (label);
