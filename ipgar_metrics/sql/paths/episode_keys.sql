-- Purpose: the view _episode_keys that paths/variants groups: the path of every
--   episode of the phase as a code key, with its lead time, computed from the events.
-- Inputs: _phase_events (made by paths/phase_events or paths/phase_events_all),
--   _variant_labels(label, code) (paths/variant_labels over the same phase).
-- Grain: one row per episode in scope.
-- Output columns: case_id, episode, code_key (one code character per step, in the
--   order of seq), days (lead time of the phase; NULL when open).
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW _episode_keys AS
SELECT
    p.case_id,
    p.episode,
    string_agg(l.code, '' ORDER BY p.seq) AS code_key,
    CASE WHEN bool_or(p.is_open) THEN NULL
         ELSE (epoch_us(coalesce(any_value(p.close_ts), max(p.ts))) - epoch_us(min(p.ts))) / 86400e6
    END AS days
FROM _phase_events AS p
JOIN _variant_labels AS l USING (label)
GROUP BY p.case_id, p.episode;
