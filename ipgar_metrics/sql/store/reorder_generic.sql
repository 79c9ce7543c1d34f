-- Purpose: give every event its position in the case (seq) and rewrite the table
--   sorted by case and position (profile generic: any event log).
-- Inputs: events. Grain: one row per event.
-- Order: time, then position in the source (load, row), as pm4py's stable sort does;
--   every event is in episode 1 (the case is the unit of analysis).
-- Parameters: none.
CREATE OR REPLACE TABLE events AS
SELECT
    case_id,
    1 AS episode,
    CAST(row_number() OVER (
        PARTITION BY case_id ORDER BY ts, load_id, source_row
    ) AS INTEGER) AS seq,
    activity, ts, org, case_manager, life_domain, outcome, event_id, lifecycle,
    event_key, load_id, source_row, registered_at, intervention_type
FROM events
ORDER BY case_id, seq;
