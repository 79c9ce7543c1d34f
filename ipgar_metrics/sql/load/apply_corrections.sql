-- Purpose: give every corrected event its new version: the content of this load's
--   row, load_id this load (the load that brought this version) and its source_row.
--   Order, episodes and keys are set afterwards by store/reorder_*: an event moved to
--   another case loses its case_key (store/case_keys gives it that case's), and
--   activity_code is cleared, as the activity may have changed.
-- Inputs: events, _corrections (rows not older). Grain: one row per corrected event.
-- Output: events updated in place. Parameters: $load_id.
UPDATE events AS e
SET
    case_id = c.case_id,
    case_key = CASE WHEN c.case_id = e.case_id THEN e.case_key END,
    activity_code = NULL,
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
