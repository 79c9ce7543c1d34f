-- Purpose: the steps of the process map of any phase: the view _dfg_steps, each
--   event of the phase with the next event of its episode in the phase (or the end
--   node), by one window sort of the coded events (paths/dfg_steps_stored reads the
--   stored steps instead, for the whole episode phase without outcomes).
-- Inputs: _phase_coded (paths/phase_codes: case_key, episode, seq, ts, code); the
--   macro _episode_index (paths/episode_index).
-- Grain: one row per event of the phase.
-- Output columns: source (code), target (code of the next event; -1 the end node),
--   micros (time to the next event; NULL to the end node), episode_index (the
--   episode as one dense BIGINT, paths/episode_index: distinct for every
--   (case_key, episode), counted as bits or distinct values faster than a pair).
--   Parameters: none.
CREATE OR REPLACE TEMP VIEW _dfg_steps AS
SELECT
    code AS source,
    coalesce(lead(code) OVER w, -1) AS target,
    lead(epoch_us(ts)) OVER w - epoch_us(ts) AS micros,
    _episode_index(case_key, episode) AS episode_index
FROM _phase_coded
WINDOW w AS (PARTITION BY case_key, episode ORDER BY seq);
