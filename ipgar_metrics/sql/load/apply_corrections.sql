-- Purpose: give every corrected event its new version: the content of this load's
--   row, load_id this load (the load that brought this version) and its source_row.
--   Order and episodes are set afterwards by store/reorder_*.
-- Inputs: events, _corrections (rows not older). Grain: one row per corrected event.
-- Output: events updated in place. Parameters: $load_id.
UPDATE events AS e
SET
    case_id = c.case_id,
    activity = c.activity,
    ts = c.ts,
    org = c.org,
    case_manager = c.case_manager,
    life_domain = c.life_domain,
    outcome = c.outcome,
    lifecycle = c.lifecycle,
    registered_at = c.registered_at,
    intervention_type = c.intervention_type,
    load_id = $load_id,
    source_row = c.source_row
FROM _corrections AS c
WHERE e.event_key = c.event_key AND NOT c.older;
