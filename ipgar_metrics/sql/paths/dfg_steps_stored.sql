-- Purpose: the steps of the process map of the whole episode phase without outcomes
--   (the fast path of paths/phase_events_all, where a label is its activity), read
--   from the stored steps (schema version 11) instead of sorting the events: the
--   view _dfg_steps, and the table _phase_codes naming every code (a copy of
--   activity_codes, a few rows). The events are not copied, joined or sorted.
-- Inputs: _phase_events (paths/phase_events_all: the events at or before the
--   cut-off, with activity_code, next_activity_code and next_gap_us),
--   activity_codes; the session variable ipgar_cutoff (TIMESTAMPTZ); the macro
--   _episode_index (paths/episode_index).
-- Grain: _dfg_steps one row per event of the phase; _phase_codes one row per code.
-- Output columns: _dfg_steps as paths/dfg_steps: source (code), target (code; -1
--   the end node), micros (to the target event; NULL to the end node),
--   episode_index (as paths/dfg_steps). _phase_codes code,
--   label.
-- Cut-off: within an episode the events after the cut-off are its last ones (seq
--   follows time), so an event whose next one is later than the cut-off is the
--   last of the phase and steps to the end node, as paths/dfg_steps gives it.
-- Parameters: none.
CREATE OR REPLACE TEMP TABLE _phase_codes AS
SELECT code, activity AS label
FROM activity_codes;
CREATE OR REPLACE TEMP VIEW _dfg_steps AS
WITH cut AS (
    SELECT
        activity_code,
        next_activity_code,
        next_gap_us,
        case_key,
        episode,
        next_activity_code IS NULL
            OR epoch_us(ts) + next_gap_us > epoch_us(getvariable('ipgar_cutoff'))
            AS is_last
    FROM _phase_events
)
SELECT
    activity_code AS source,
    CASE WHEN is_last THEN -1 ELSE next_activity_code END AS target,
    CASE WHEN NOT is_last THEN next_gap_us END AS micros,
    _episode_index(case_key, episode) AS episode_index
FROM cut;
