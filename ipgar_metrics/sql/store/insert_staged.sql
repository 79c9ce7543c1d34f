-- Purpose: append staged canonical events to the store (order, episode and the
-- integer keys are set afterwards by store/reorder_*).
-- Inputs: the registered relation _new_events (canonical columns, ts, source_row,
--   load_id, event_key, registered_at, intervention_type). Grain: one row per event. Parameters: none.
INSERT INTO events
SELECT
    CAST(case_id AS VARCHAR),
    0,
    0,
    CAST(activity AS VARCHAR),
    CAST(ts AS TIMESTAMPTZ),
    CAST(org AS VARCHAR),
    CAST(case_manager AS VARCHAR),
    CAST(life_domain AS VARCHAR),
    CAST(outcome AS VARCHAR),
    CAST(event_id AS VARCHAR),
    CAST(lifecycle AS VARCHAR),
    CAST(event_key AS VARCHAR),
    CAST(load_id AS INTEGER),
    CAST(source_row AS BIGINT),
    CAST(registered_at AS DATE),
    CAST(intervention_type AS VARCHAR),
    NULL,  -- case_key
    NULL,  -- activity_code
    NULL,  -- next_activity_code
    NULL   -- next_gap_us
FROM _new_events;
