-- Purpose: the steps of the process map of any phase: the view _dfg_steps, each
--   event of the phase with the next event of its episode in the phase (or the end
--   node), by one window sort of the coded events (paths/dfg_steps_stored reads the
--   stored steps instead, for the whole episode phase without outcomes).
-- Inputs: _phase_coded (paths/phase_codes: case_key, episode, seq, ts, code).
-- Grain: one row per event of the phase.
-- Output columns: source (code), target (code of the next event; -1 the end node),
--   micros (time to the next event; NULL to the end node), episode_key (the
--   episode as one BIGINT, case_key * 2^32 + episode: distinct for every
--   (case_key, episode), and counted distinct faster than a pair). Parameters: none.
CREATE OR REPLACE TEMP VIEW _dfg_steps AS
SELECT
    code AS source,
    coalesce(lead(code) OVER w, -1) AS target,
    lead(epoch_us(ts)) OVER w - epoch_us(ts) AS micros,
    CAST(case_key AS BIGINT) * 4294967296 + episode AS episode_key
FROM _phase_coded
WINDOW w AS (PARTITION BY case_key, episode ORDER BY seq);
