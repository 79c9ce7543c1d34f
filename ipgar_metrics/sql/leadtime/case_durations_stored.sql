-- Purpose: case duration from the stored paths (episode_paths, schema version 9):
--   the same rows as leadtime/case_durations when no event lies after the reference
--   time (metrics/leadtime/_between.py checks that), since a case's episodes hold
--   every event of it, each with its first and last instant and its count.
-- Inputs: episode_paths.
-- Grain: one row per case with at least one event.
-- Output columns: case_id, start_at, end_at, n_events.
-- Parameters: none.
SELECT
    case_id,
    min(start_at) AS start_at,
    max(end_at) AS end_at,
    CAST(sum(n_events) AS INTEGER) AS n_events
FROM episode_paths
GROUP BY case_id
ORDER BY case_id;
