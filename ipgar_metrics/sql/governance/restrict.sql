-- Purpose: restrict the processing of one person (AVG art. 18): move their events,
--   case row, relations (either person) and key locations out of events/cases/
--   relations/key_locations, which every metric, report and figure reads, into
--   restricted_events/restricted_cases/restricted_relations/
--   restricted_key_locations, where they are kept unchanged. The person
--   always gets a restricted_cases row: it is the mark the load checks
--   (sql/load/new_events.sql, governance/hold_restricted.sql).
-- Inputs: _subject (one row: case_id), events, cases, relations, key_locations. Grain: not a query.
--   The person's rows of episode_paths, activity_firsts and approach_windows (derived
--   from events) are deleted, not kept: lifting recomputes them
--   (store.refresh_derived_rows).
-- Runs inside one transaction (governance._restrict). Parameters: none.
INSERT INTO restricted_events
SELECT
    case_id, episode, seq, activity, ts, org, case_manager, life_domain, outcome,
    event_id, lifecycle, event_key, load_id, source_row, registered_at, intervention_type
FROM events
WHERE case_id IN (SELECT case_id FROM _subject);
INSERT INTO restricted_cases
SELECT s.case_id, c.report_source, c.risk_category, c.ideology, current_timestamp
FROM _subject AS s
LEFT JOIN cases AS c USING (case_id);
DELETE FROM events WHERE case_id IN (SELECT case_id FROM _subject);
DELETE FROM episode_paths WHERE case_id IN (SELECT case_id FROM _subject);
DELETE FROM activity_firsts WHERE case_id IN (SELECT case_id FROM _subject);
DELETE FROM approach_windows WHERE case_id IN (SELECT case_id FROM _subject);
DELETE FROM cases WHERE case_id IN (SELECT case_id FROM _subject);
INSERT INTO restricted_relations
SELECT * FROM relations
WHERE case_a IN (SELECT case_id FROM _subject) OR case_b IN (SELECT case_id FROM _subject);
DELETE FROM relations
WHERE case_a IN (SELECT case_id FROM _subject) OR case_b IN (SELECT case_id FROM _subject);
INSERT INTO restricted_key_locations
SELECT * FROM key_locations WHERE case_id IN (SELECT case_id FROM _subject);
DELETE FROM key_locations WHERE case_id IN (SELECT case_id FROM _subject);
