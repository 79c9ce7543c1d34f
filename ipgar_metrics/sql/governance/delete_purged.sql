-- Purpose: remove every row of the purged persons: their events, earlier versions of
--   events, case attributes, rejected rows and quality flags (by case_id pseudonym),
--   also those held apart while their processing is restricted (restricted_events,
--   restricted_cases), and the action lists of earlier reports that named them
--   (report_lists), the stored attributes of a generic log (attributes); their relations (either person) and key locations, open and
--   restricted, their stored paths (episode_paths), first times (activity_firsts) and windows
--   (approach_windows), and the rejected rows of a relations export that name them as the
--   second person (raw case_id_b).
--   Runs inside the purge's transaction; seq and episode of the other persons do not
--   change (both are numbered within a case).
-- Inputs: _purged (one row per purged case_id). Grain: not a query.
-- Parameters: none.
DELETE FROM events WHERE case_id IN (SELECT case_id FROM _purged);
DELETE FROM episode_paths WHERE case_id IN (SELECT case_id FROM _purged);
DELETE FROM activity_firsts WHERE case_id IN (SELECT case_id FROM _purged);
DELETE FROM approach_windows WHERE case_id IN (SELECT case_id FROM _purged);
DELETE FROM event_history WHERE case_id IN (SELECT case_id FROM _purged);
DELETE FROM cases WHERE case_id IN (SELECT case_id FROM _purged);
DELETE FROM rejected_events WHERE case_id IN (SELECT case_id FROM _purged);
DELETE FROM quality_flags WHERE case_id IN (SELECT case_id FROM _purged);
DELETE FROM restricted_events WHERE case_id IN (SELECT case_id FROM _purged);
DELETE FROM restricted_cases WHERE case_id IN (SELECT case_id FROM _purged);
DELETE FROM report_lists WHERE case_id IN (SELECT case_id FROM _purged);
DELETE FROM attributes WHERE case_id IN (SELECT case_id FROM _purged);
DELETE FROM rejected_events WHERE raw_cell(raw, 'case_id_b') IN (SELECT case_id FROM _purged);
DELETE FROM relations WHERE case_a IN (SELECT case_id FROM _purged) OR case_b IN (SELECT case_id FROM _purged);
DELETE FROM restricted_relations WHERE case_a IN (SELECT case_id FROM _purged) OR case_b IN (SELECT case_id FROM _purged);
DELETE FROM key_locations WHERE case_id IN (SELECT case_id FROM _purged);
DELETE FROM restricted_key_locations WHERE case_id IN (SELECT case_id FROM _purged);
