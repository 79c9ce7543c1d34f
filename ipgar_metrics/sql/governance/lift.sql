-- Purpose: lift the restriction of one person (AVG art. 18): move their events and case
--   row back from restricted_events/restricted_cases into events/cases, unchanged, and
--   their key locations and relations back to key_locations/relations; a relation
--   with another person who is still restricted stays in restricted_relations.
-- Inputs: _subject (one row: case_id), restricted_events, restricted_cases,
--   restricted_relations, restricted_key_locations.
-- Grain: not a query. Runs inside one transaction (governance._restrict), followed by
--   store.reorder and store.refresh_derived_rows (their episode_paths, activity_firsts
--   and approach_windows rows).
--   Parameters: none.
INSERT INTO events
SELECT
    case_id, episode, seq, activity, ts, org, case_manager, life_domain, outcome,
    event_id, lifecycle, event_key, load_id, source_row, registered_at, intervention_type,
    NULL, NULL,  -- case_key, activity_code: given by the reorder that follows
    NULL, NULL   -- next_activity_code, next_gap_us: likewise
FROM restricted_events
WHERE case_id IN (SELECT case_id FROM _subject);
INSERT INTO cases
SELECT case_id, report_source, risk_category, ideology
FROM restricted_cases
WHERE case_id IN (SELECT case_id FROM _subject);
CREATE OR REPLACE TEMP TABLE _lifted_relations AS
SELECT relation_key
FROM restricted_relations
WHERE (case_a IN (SELECT case_id FROM _subject) OR case_b IN (SELECT case_id FROM _subject))
    AND case_a NOT IN (SELECT case_id FROM restricted_cases WHERE case_id NOT IN (SELECT case_id FROM _subject))
    AND case_b NOT IN (SELECT case_id FROM restricted_cases WHERE case_id NOT IN (SELECT case_id FROM _subject));
INSERT INTO relations
SELECT * FROM restricted_relations WHERE relation_key IN (SELECT relation_key FROM _lifted_relations);
DELETE FROM restricted_relations WHERE relation_key IN (SELECT relation_key FROM _lifted_relations);
DROP TABLE _lifted_relations;
INSERT INTO key_locations
SELECT * FROM restricted_key_locations WHERE case_id IN (SELECT case_id FROM _subject);
DELETE FROM restricted_key_locations WHERE case_id IN (SELECT case_id FROM _subject);
DELETE FROM restricted_events WHERE case_id IN (SELECT case_id FROM _subject);
DELETE FROM restricted_cases WHERE case_id IN (SELECT case_id FROM _subject);
