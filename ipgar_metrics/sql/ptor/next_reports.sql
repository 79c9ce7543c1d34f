-- Purpose: for every episode, the next report of the same person: the first melding
--   of a later episode of the case (a re-report; a new report after a closing event
--   opens a new episode at load, sql/store/reorder_ipgar.sql).
-- Inputs: events.
-- Grain: one row per (case_id, episode) with an event at or before $as_of.
-- Output columns: case_id, episode, next_report_at (NULL: no later report by $as_of).
-- Parameters: $as_of (TIMESTAMPTZ): events after it are ignored.
WITH seen AS (
    SELECT DISTINCT case_id, episode FROM events WHERE ts <= $as_of
),
reports AS (
    SELECT case_id, episode, min(ts) AS melding_at
    FROM events
    WHERE activity = 'melding' AND ts <= $as_of
    GROUP BY case_id, episode
)
SELECT s.case_id, s.episode, min(r.melding_at) AS next_report_at
FROM seen AS s
LEFT JOIN reports AS r ON r.case_id = s.case_id AND r.episode > s.episode
GROUP BY s.case_id, s.episode
ORDER BY s.case_id, s.episode;
