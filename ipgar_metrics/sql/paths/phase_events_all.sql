-- Purpose: the view _phase_events that the other paths/* steps read, for the whole
--   episode phase without a period or segment filter: the events themselves, so no
--   copy is made (the fast path of paths/phase_events).
-- Inputs: events; the session variables ipgar_cutoff (TIMESTAMPTZ) and ipgar_refined
--   (BOOLEAN), set by variants.prepare_phase just before.
-- Grain: one row per event at or before the cut-off.
-- Output columns: as paths/phase_events (close_ts NULL, is_open false), and
--   activity_code (events.activity_code, schema version 10), next_activity_code and
--   next_gap_us (the stored step to the next event, schema version 11).
-- Parameters: none (a view cannot hold parameters; see the session variables).
CREATE OR REPLACE TEMP VIEW _phase_events AS
SELECT
    case_id,
    case_key,
    episode,
    seq,
    ts,
    activity,
    outcome,
    phase_label(activity, outcome, getvariable('ipgar_refined')) AS label,
    CAST(NULL AS TIMESTAMPTZ) AS close_ts,
    false AS is_open,
    activity_code,
    next_activity_code,
    next_gap_us
FROM events
WHERE ts <= getvariable('ipgar_cutoff');
