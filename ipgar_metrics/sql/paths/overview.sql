-- Purpose: the overview of a log: counts of cases, events, activities and variants,
--   and the first and last event.
-- Inputs: events.
-- Grain: one row (counts 0 and NULL times on an empty store or before the first event).
-- Output columns: cases, events, activities, variants, first_at, last_at.
-- Parameters: $as_of (TIMESTAMPTZ): events after it are left out.
-- A variant is a case's distinct sequence of activities in the store's order (seq).
WITH kept AS (
    SELECT case_id, seq, ts, activity FROM events WHERE ts <= $as_of
),
paths AS (
    SELECT list(activity ORDER BY seq) AS path FROM kept GROUP BY case_id
)
SELECT
    CAST(count(DISTINCT case_id) AS BIGINT) AS cases,
    CAST(count(*) AS BIGINT) AS events,
    CAST(count(DISTINCT activity) AS BIGINT) AS activities,
    CAST((SELECT count(DISTINCT path) FROM paths) AS BIGINT) AS variants,
    min(ts) AS first_at,
    max(ts) AS last_at
FROM kept;
