-- Purpose: the events of the store whose content this load changes (corrections in
--   the source): the key is in the store, the content differs (case_id, activity, ts,
--   org, case_manager, life_domain, outcome, lifecycle). Only exports with event ids
--   can correct: without one the key is a hash of the content, so a changed field is a
--   new key (a new event; the old one is deleted through the export window).
--   "The newest export wins": a row of an export whose export date is before that of
--   the load that brought the stored version is marked older and not applied.
-- Inputs: _first_of_key, events, loads. Grain: one row per changed event.
-- Output: the new version (case_id, activity, ts, org, case_manager, life_domain,
--   outcome, event_id, lifecycle, event_key, source_row, registered_at,
--   intervention_type) and older (BOOLEAN: kept as stored). The registration date
--   and the intervention type (schema version 6) come with a correction but alone
--   are no correction.
-- Parameters: $export_date (DATE or NULL: unknown, never older).
CREATE OR REPLACE TEMP TABLE _corrections AS
SELECT
    v.case_id, v.activity, v.ts, v.org, v.case_manager, v.life_domain, v.outcome,
    v.event_id, v.lifecycle, v.event_key, v.source_row, v.registered_at,
    v.intervention_type,
    coalesce(CAST($export_date AS DATE) < l.export_date, false) AS older
FROM _first_of_key AS v
JOIN events AS e USING (event_key)
LEFT JOIN loads AS l ON l.load_id = e.load_id
WHERE v.case_id IS DISTINCT FROM e.case_id
    OR v.activity IS DISTINCT FROM e.activity
    OR v.ts IS DISTINCT FROM e.ts
    OR v.org IS DISTINCT FROM e.org
    OR v.case_manager IS DISTINCT FROM e.case_manager
    OR v.life_domain IS DISTINCT FROM e.life_domain
    OR v.outcome IS DISTINCT FROM e.outcome
    OR v.lifecycle IS DISTINCT FROM e.lifecycle;
