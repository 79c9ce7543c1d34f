-- Purpose: the events of the log as another tool reads them (ipgar export).
-- Inputs: events, cases.
-- Grain: one row per event at or before $as_of, in the store's order (case, seq).
-- Output columns: case_id (pseudonym), activity, ts, org, resource (the case manager
--   or, for an XES log, who did the work: a pseudonym), lifecycle, life_domain,
--   outcome, report_source (case attribute), event_key (to join the event's stored
--   attributes, paths/export_attributes; not written).
-- Parameters: $as_of (TIMESTAMPTZ).
-- The special categories (ideology, risk category) are never exported.
SELECT
    e.case_id,
    e.activity,
    e.ts,
    e.org,
    e.case_manager AS resource,
    e.lifecycle,
    e.life_domain,
    e.outcome,
    c.report_source,
    e.event_key
FROM events AS e
LEFT JOIN cases AS c USING (case_id)
WHERE e.ts <= $as_of
ORDER BY e.case_id, e.seq;
