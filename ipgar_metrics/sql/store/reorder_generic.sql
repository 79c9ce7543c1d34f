-- Purpose: the view _numbered_all: the events of the view _to_number with their position
--   in the case (seq) (profile generic: any event log; every event is in episode 1,
--   the case is the unit of analysis). Every event of a case must be in _to_number.
--   Used by store/reorder_all, store/renumber_cases and store/insert_numbered.
-- Inputs: _keyed (_to_number with case_key and activity_code, store/case_keys).
-- Grain: one row per event of _to_number; no order (the caller sorts).
-- Order: time, then position in the source (load, row), as pm4py's stable sort does.
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW _numbered_all AS
SELECT
    case_id,
    1 AS episode,
    CAST(row_number() OVER w AS INTEGER) AS seq,
    activity, ts, org, case_manager, life_domain, outcome, event_id, lifecycle,
    event_key, load_id, source_row, registered_at, intervention_type, case_key,
    activity_code,
    lead(activity_code) OVER w AS next_activity_code,
    lead(epoch_us(ts)) OVER w - epoch_us(ts) AS next_gap_us
FROM _keyed
WINDOW w AS (PARTITION BY case_key ORDER BY ts, load_id, source_row);
