-- Purpose: the view _numbered_all: the events of the view _to_number with their position
--   in the case (seq) (profile generic: any event log; every event is in episode 1,
--   the case is the unit of analysis). Every event of a case must be in _to_number.
--   Used by store/reorder_all, store/renumber_cases and store/insert_numbered.
-- Inputs: _keyed (_to_number with case_key and activity_code, store/case_keys).
-- Grain: one row per event of _to_number.
-- Order: the rows leave the view sorted by case_key and seq, so a caller inserts
--   them as they come. Within a case: time, then position in the source (load,
--   row), as pm4py's stable sort does.
-- Speed: one sort of every event, then windows that stream over the sorted rows
--   (as store/reorder_ipgar), instead of a window sort per case and the caller's sort.
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW _numbered_all AS
WITH sorted AS (
    SELECT * FROM _keyed ORDER BY case_key, ts, load_id, source_row
),
stepped AS (
    SELECT
        *,
        row_number() OVER () AS _rn,
        lag(case_key) OVER () IS DISTINCT FROM case_key AS _first,
        lead(case_key) OVER () AS _next_case,
        lead(activity_code) OVER () AS _next_code,
        lead(epoch_us(ts)) OVER () - epoch_us(ts) AS _next_gap
    FROM sorted
),
started AS (
    SELECT *, max(CASE WHEN _first THEN _rn END) OVER (ROWS UNBOUNDED PRECEDING) AS _start
    FROM stepped
)
SELECT
    case_id,
    1 AS episode,
    CAST(_rn - _start + 1 AS INTEGER) AS seq,
    activity, ts, org, case_manager, life_domain, outcome, event_id, lifecycle,
    event_key, load_id, source_row, registered_at, intervention_type, case_key,
    activity_code,
    CASE WHEN _next_case = case_key THEN _next_code END AS next_activity_code,
    CASE WHEN _next_case = case_key THEN _next_gap END AS next_gap_us
FROM started;
