-- Purpose: case duration from the stored paths (episode_paths) of a store whose every
--   case has one episode (every generic log; metrics/leadtime/_between.py checks
--   that max(episode) is 1, which DuckDB reads from its statistics): a case's row is
--   its episode's row, so no grouping is needed. The same rows as
--   leadtime/case_durations_stored when no event lies after the reference time.
-- Inputs: episode_paths.
-- Grain: one row per case with at least one event.
-- Output columns: case_id, start_at, end_at, n_events.
-- Parameters: none.
SELECT case_id, start_at, end_at, n_events
FROM episode_paths
ORDER BY case_id;
